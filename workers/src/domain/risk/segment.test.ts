import { describe, expect, it } from 'vitest';
import { profile, yearOfMonths } from './__fixtures__/members.js';
import { memberStatus, selectSegment } from './segment.js';

describe('segment selection', () => {
  const community = { newEnrollee: false, institutional: false } as const;

  it('picks the community segment by dual status and age (65 and over is aged)', () => {
    expect(selectSegment(65, { ...community, dual: 'none' })).toBe('CNA');
    expect(selectSegment(64, { ...community, dual: 'none' })).toBe('CND');
    expect(selectSegment(80, { ...community, dual: 'full' })).toBe('CFA');
    expect(selectSegment(40, { ...community, dual: 'full' })).toBe('CFD');
    expect(selectSegment(67, { ...community, dual: 'partial' })).toBe('CPA');
    expect(selectSegment(60, { ...community, dual: 'partial' })).toBe('CPD');
  });

  it('puts institutional members in INS and new enrollees in NE (SNPNE in a C-SNP), new enrollee first', () => {
    expect(selectSegment(85, { newEnrollee: false, institutional: true, dual: 'full' })).toBe('INS');
    expect(selectSegment(85, { newEnrollee: true, institutional: true, dual: 'full' })).toBe('NE');
    expect(selectSegment(66, { newEnrollee: true, institutional: false, dual: 'none' }, true)).toBe('SNPNE');
  });
});

describe('member status from the profile', () => {
  it('reads dual and institutional status from the latest month up to December of the payment year', () => {
    const months = [
      ...yearOfMonths(2025, { partB: true, dualStatus: 'NA' }),
      { month: '2026-01', partB: true, dualStatus: '03' as const },
      { month: '2026-02', partB: true, dualStatus: '02' as const, institutional: true },
    ];
    const member = profile({ birthDate: '1950-01-01', sex: 'F', orec: '0', months });
    expect(memberStatus(member, 2026)).toEqual({
      statusMonth: '2026-02',
      dual: 'full',
      medicaid: true,
      institutional: true,
      esrd: false,
      partBMonthsInDiagnosisYear: 12,
      newEnrollee: false,
    });
    expect(memberStatus(member, 2026, { statusMonth: '2026-01' })).toMatchObject({
      dual: 'partial',
      institutional: false,
    });
    // A month the profile does not know says nothing: non-dual, community.
    expect(memberStatus(member, 2026, { statusMonth: '2026-06' })).toMatchObject({ dual: 'none', medicaid: false });
    // Scoring payment year 2025 reads 2025's last month, not 2026's.
    expect(memberStatus(member, 2025)).toMatchObject({ statusMonth: '2025-12', dual: 'none' });
  });

  it('makes a new enrollee of anyone with fewer than 12 months of Part B in the diagnosis year', () => {
    const partBFrom = (firstMonth: number) =>
      profile({
        birthDate: '1959-08-20',
        sex: 'F',
        orec: '0',
        months: yearOfMonths(2025, { partA: true, partB: false }).map((month, index) =>
          index + 1 >= firstMonth ? { ...month, partB: true } : month,
        ),
      });
    expect(memberStatus(partBFrom(1), 2026)).toMatchObject({ partBMonthsInDiagnosisYear: 12, newEnrollee: false });
    expect(memberStatus(partBFrom(2), 2026)).toMatchObject({ partBMonthsInDiagnosisYear: 11, newEnrollee: true });
    // Months missing from the profile count as months without Part B.
    const short = profile({
      birthDate: '1959-08-20',
      sex: 'F',
      orec: '0',
      months: yearOfMonths(2025, { partB: true }).slice(6),
    });
    expect(memberStatus(short, 2026)).toMatchObject({ partBMonthsInDiagnosisYear: 6, newEnrollee: true });
  });
});
