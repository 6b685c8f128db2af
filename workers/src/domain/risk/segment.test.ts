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
      monthsWithoutPartBInDiagnosisYear: 0,
      partBUnreportedMonthsInDiagnosisYear: 0,
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

  it('makes a new enrollee of anyone with a month of the diagnosis year reported without Part B', () => {
    const partBFrom = (firstMonth: number) =>
      profile({
        birthDate: '1959-08-20',
        sex: 'F',
        orec: '0',
        months: yearOfMonths(2025, { partA: true, partB: false }).map((month, index) =>
          index + 1 >= firstMonth ? { ...month, partB: true } : month,
        ),
      });
    expect(memberStatus(partBFrom(1), 2026)).toMatchObject({
      partBMonthsInDiagnosisYear: 12,
      monthsWithoutPartBInDiagnosisYear: 0,
      newEnrollee: false,
    });
    expect(memberStatus(partBFrom(2), 2026)).toMatchObject({
      partBMonthsInDiagnosisYear: 11,
      monthsWithoutPartBInDiagnosisYear: 1,
      partBUnreportedMonthsInDiagnosisYear: 0,
      newEnrollee: true,
    });
    // Reported without Part B in January–March, missing April–June, Part B from July: the missing months of a year
    // whose other months are reported count without Part B too, 3 + 3.
    const mixed = profile({
      birthDate: '1959-08-20',
      sex: 'F',
      orec: '0',
      months: yearOfMonths(2025, { partB: true }).flatMap((month, index) =>
        index < 3 ? [{ ...month, partB: false }] : index < 6 ? [] : [month],
      ),
    });
    expect(memberStatus(mixed, 2026)).toMatchObject({
      partBMonthsInDiagnosisYear: 6,
      monthsWithoutPartBInDiagnosisYear: 6,
      partBUnreportedMonthsInDiagnosisYear: 0,
      newEnrollee: true,
    });
  });

  it('counts months missing from a reported year without Part B, and months saying nothing of it as Part B', () => {
    // Aging in: enrolment reported from July only. Feeds list the months a person is enrolled, so January–June
    // are months before entitlement: a new enrollee.
    const agingIn = profile({
      birthDate: '1960-07-02',
      sex: 'F',
      orec: '0',
      months: yearOfMonths(2025, { partA: true, partB: true }).slice(6),
    });
    expect(memberStatus(agingIn, 2026)).toMatchObject({
      partBMonthsInDiagnosisYear: 6,
      monthsWithoutPartBInDiagnosisYear: 6,
      partBUnreportedMonthsInDiagnosisYear: 0,
      newEnrollee: true,
    });
    // A month record silent on Part B (a feed that only reports dual status) says nothing either.
    const dualOnly = profile({
      birthDate: '1959-08-20',
      sex: 'F',
      orec: '0',
      months: yearOfMonths(2025, { dualStatus: '02' }),
    });
    expect(memberStatus(dualOnly, 2026)).toMatchObject({
      partBMonthsInDiagnosisYear: 0,
      partBUnreportedMonthsInDiagnosisYear: 12,
      newEnrollee: false,
      dual: 'full',
    });
    // A tenant with no enrolment feed at all: continuing enrollees, not everyone new.
    const noFeed = profile({ birthDate: '1959-08-20', sex: 'F', orec: '0', months: [] });
    expect(memberStatus(noFeed, 2026)).toMatchObject({
      statusMonth: null,
      partBMonthsInDiagnosisYear: 0,
      monthsWithoutPartBInDiagnosisYear: 0,
      partBUnreportedMonthsInDiagnosisYear: 12,
      newEnrollee: false,
    });
  });
});
