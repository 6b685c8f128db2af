import { describe, expect, it } from 'vitest';
import { profile, withMonths } from './__fixtures__/builders.js';
import { agedInMonth, classifyMonths } from './enrollment.js';
import { monthsOfYear } from './months.js';

const YEAR = monthsOfYear(2025);
const typesOf = (p: Parameters<typeof classifyMonths>[0]) => classifyMonths(p, YEAR).map((c) => c.type);

describe('enrolment type by month (reference §1.1)', () => {
  it('turns aged in the month of the 65th birthday (the month the person attains 65)', () => {
    // Born 1960-07-15: attains 65 on 2025-07-14 → aged from July.
    expect(agedInMonth('1960-07-15', '2025-06')).toBe(false);
    expect(agedInMonth('1960-07-15', '2025-07')).toBe(true);
    // Born 1960-07-01: attains 65 on 2025-06-30 → aged from June.
    expect(agedInMonth('1960-07-01', '2025-05')).toBe(false);
    expect(agedInMonth('1960-07-01', '2025-06')).toBe(true);
  });

  it('switches a member from disabled to aged mid-year, each month counted in its own type', () => {
    const types = typesOf(profile('M1', { birthDate: '1960-07-15' }));
    expect(types.slice(0, 6)).toEqual(Array(6).fill('disabled'));
    expect(types.slice(6)).toEqual(Array(6).fill('agedNonDual'));
  });

  it('puts ESRD first, whatever the age and dual status', () => {
    const p = withMonths(profile('M1', { birthDate: '1955-01-01' }), {
      '2025-04': { esrd: true, dualStatus: '02' },
      '2025-05': { esrd: true },
    });
    const types = typesOf(p);
    expect(types[2]).toBe('agedNonDual');
    expect(types[3]).toBe('esrd');
    expect(types[4]).toBe('esrd');
    expect(types[5]).toBe('agedNonDual');
  });

  it('splits aged by the month’s dual status: full and partial benefit codes count, 09/10/99/NA do not', () => {
    const p = withMonths(profile('M1'), {
      '2025-01': { dualStatus: '02' },
      '2025-02': { dualStatus: '03' },
      '2025-03': { dualStatus: '09' },
      '2025-04': { dualStatus: '99' },
      '2025-05': { dualStatus: '08' },
    });
    expect(typesOf(p).slice(0, 6)).toEqual([
      'agedDual',
      'agedDual',
      'agedNonDual',
      'agedNonDual',
      'agedDual',
      'agedNonDual',
    ]);
    // The dual codes are policy data (a VERIFY item): with full benefit only, the partial month is non-dual.
    const fullOnly = classifyMonths(p, YEAR, { dualStatusCodes: ['02', '04', '08'] }).map((c) => c.type);
    expect(fullOnly[1]).toBe('agedNonDual');
  });

  it('under 65 with a dual status is disabled, not aged/dual', () => {
    const p = withMonths(profile('M1', { birthDate: '1980-03-03' }), { '2025-01': { dualStatus: '02' } });
    expect(typesOf(p)[0]).toBe('disabled');
  });

  it('counts FFS months only with Parts A and B, no MA, up to the month of death', () => {
    const p = withMonths(profile('M1', { deathDate: '2025-10-12' }), {
      '2025-02': { medicareAdvantage: true },
      '2025-03': { partB: false },
    });
    const c = classifyMonths(p, YEAR);
    expect(c.map((m) => m.ineligibleReason)).toEqual([
      null,
      'medicare-advantage',
      'not-parts-a-and-b',
      null,
      null,
      null,
      null,
      null,
      null,
      null, // October: the month of death counts
      'after-death',
      'after-death',
    ]);
    expect(c.filter((m) => m.ffsEligible)).toHaveLength(8);
    // The type is still known for non-FFS months (roster contracts count them).
    expect(c[1]?.type).toBe('agedNonDual');
  });

  it('has no type without a birth date (unless ESRD) and no FFS month without a record', () => {
    const p = { ...profile('M1'), birthDate: undefined, months: profile('M1').months.slice(0, 1) };
    const c = classifyMonths(p, ['2025-01', '2025-02']);
    expect(c[0]).toMatchObject({ type: null, ffsEligible: true });
    expect(c[1]).toMatchObject({ type: null, ffsEligible: false, ineligibleReason: 'no-record' });
    const esrd = withMonths(p, { '2025-01': { esrd: true } });
    expect(classifyMonths(esrd, ['2025-01'])[0]?.type).toBe('esrd');
  });
});
