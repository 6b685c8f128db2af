import type { MemberEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { ageOn, dualBenefit, mergeMemberRecords } from './member-profile.js';

const record = (asOf: string, fields: Partial<MemberEvent>): MemberEvent => ({
  kind: 'member',
  memberId: 'M1',
  asOf,
  ...fields,
});

describe('mergeMemberRecords', () => {
  it('takes each field from the latest record that carries it, month by month', () => {
    const profile = mergeMemberRecords([
      record('2026-03-01', {
        recordId: 'Coverage/part-b',
        enrollment: [
          { month: '2026-01', partB: true },
          { month: '2026-02', partB: false },
        ],
      }),
      record('2026-01-15', {
        recordId: 'roster',
        birthDate: '1950-02-01',
        sex: 'F',
        orec: '0',
        enrollment: [{ month: '2026-01', partA: true, partB: false, dualStatus: 'NA' }],
      }),
      record('2026-02-01', { recordId: 'Patient/1', birthDate: '1950-02-02' }),
    ]);
    expect(profile).toEqual({
      memberId: 'M1',
      asOf: '2026-03-01',
      birthDate: '1950-02-02',
      sex: 'F',
      orec: '0',
      months: [
        { month: '2026-01', partA: true, partB: true, dualStatus: 'NA' },
        { month: '2026-02', partB: false },
      ],
    });
  });

  it('is the same whatever order records arrive in, when their dates differ', () => {
    const a = record('2026-01-01', { sex: 'M', enrollment: [{ month: '2026-01', partA: true }] });
    const b = record('2026-02-01', { sex: 'F', enrollment: [{ month: '2026-01', partA: false }] });
    expect(mergeMemberRecords([a, b])).toEqual(mergeMemberRecords([b, a]));
    expect(mergeMemberRecords([])).toBeNull();
  });
});

describe('dualBenefit and ageOn', () => {
  it('splits dual status codes the way the CMS-HCC model does', () => {
    expect(['02', '04', '08'].map((c) => dualBenefit(c as never))).toEqual(['full', 'full', 'full']);
    expect(['01', '03', '05', '06'].map((c) => dualBenefit(c as never))).toEqual([
      'partial',
      'partial',
      'partial',
      'partial',
    ]);
    expect(['NA', '09', '10', '99', undefined].map((c) => dualBenefit(c as never))).toEqual([
      'none',
      'none',
      'none',
      'none',
      'none',
    ]);
  });

  it('counts whole years, the birthday included', () => {
    expect(ageOn('1954-02-01', '2026-02-01')).toBe(72);
    expect(ageOn('1954-02-02', '2026-02-01')).toBe(71);
    expect(ageOn('1956-02-29', '2026-02-28')).toBe(69);
    expect(ageOn('1956-02-29', '2026-03-01')).toBe(70);
  });
});
