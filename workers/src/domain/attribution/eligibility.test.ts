import { describe, expect, it } from 'vitest';
import { member, withMonths } from './__fixtures__/builders.js';
import { failedEligibilityScreens } from './eligibility.js';

const PY2024 = { from: '2024-01-01', through: '2024-12-31' };
const screens = { inOtherInitiative: false, requirePartAAndBMonth: true };

describe('eligibility screens (42 CFR 425.401(a))', () => {
  it('passes a beneficiary with Parts A and B every month, fee-for-service, in Ohio', () => {
    expect(failedEligibilityScreens(member('M1'), PY2024, screens)).toEqual([]);
  });

  it('fails a Part B-only month and a Medicare Advantage month, and lists every failure', () => {
    const profile = withMonths(member('M1', { stateCode: 'ZZ' }), {
      '2024-02': { partA: false },
      '2024-09': { medicareAdvantage: true },
    });
    expect(failedEligibilityScreens(profile, PY2024, { ...screens, inOtherInitiative: true })).toEqual([
      'part-a-or-b-only-month',
      'medicare-advantage-month',
      'outside-united-states',
      'other-shared-savings-initiative',
    ]);
  });

  it('reads a month with a Part left unreported as saying nothing about it', () => {
    const profile = member('M1', {
      months: [
        { month: '2024-03', partA: true },
        { month: '2024-04', partA: true, partB: true },
      ],
    });
    expect(failedEligibilityScreens(profile, PY2024, screens)).toEqual([]);
    const onlyPartial = member('M1', { months: [{ month: '2024-03', partA: true }] });
    expect(failedEligibilityScreens(onlyPartial, PY2024, screens)).toEqual(['no-part-a-and-b-month']);
  });

  it('does not remove for a missing A+B month when the window has no enrolment reported yet (removal screen)', () => {
    const noMonths = member('M1', { months: [] });
    const removal = { inOtherInitiative: false, requirePartAAndBMonth: false };
    expect(failedEligibilityScreens(noMonths, PY2024, removal)).toEqual([]);
    const lostEntitlement = member('M1', { months: [{ month: '2024-03', partA: false, partB: false }] });
    expect(failedEligibilityScreens(lostEntitlement, PY2024, removal)).toEqual(['no-part-a-and-b-month']);
  });

  it('accepts the territories and an unknown state', () => {
    for (const stateCode of ['PR', 'VI', 'GU', 'AS', 'MP', 'DC', undefined]) {
      expect(failedEligibilityScreens(member('M1', { stateCode }), PY2024, screens)).toEqual([]);
    }
  });
});
