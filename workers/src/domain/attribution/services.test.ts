import { describe, expect, it } from 'vitest';
import type { PrimaryCareServiceCode } from '../../reference/mssp.js';
import {
  ACO_PCP,
  ACO_PROVIDERS,
  ACO_TIN,
  FQHC_CCN,
  FQHC_CLINICIAN,
  FQHC_TIN,
  OUTSIDE_PCP,
  OUTSIDE_TIN,
  SPECIALTY,
  TABLES,
  assignOne,
  facilityVisit,
  member,
  npi,
  provider,
  stay,
  visit,
} from './__fixtures__/builders.js';
import { primaryCareCodeRules } from './services.js';

const M = 'M1';
const PY2024 = { performanceYear: 2024 } as const;

const acoLine = (claimId: string, date: string, code: string, allowed: number, pos: string | null = '11') =>
  visit({
    claimId,
    memberId: M,
    tin: ACO_TIN,
    npi: ACO_PCP,
    specialty: SPECIALTY.familyPractice,
    date,
    code,
    allowed,
    pos,
  });
const outsidePcp = (claimId: string, date: string, allowed: number) =>
  visit({
    claimId,
    memberId: M,
    tin: OUTSIDE_TIN,
    npi: OUTSIDE_PCP,
    specialty: SPECIALTY.familyPractice,
    date,
    allowed,
  });
const acoCents = (result: ReturnType<typeof assignOne>): number =>
  result.competitors.find((c) => c.kind === 'this-aco')?.primaryCareCents ?? 0;

describe('the primary care code list by performance year (42 CFR 425.400(c))', () => {
  const windows = {
    assignment: { from: '2024-01-01', through: '2024-12-31' },
    expanded: { from: '2023-01-01', through: '2024-12-31' },
    exclusion: null,
  };
  // G0556 (advanced primary care management) joined the list in PY2025.
  const claims = [acoLine('c1', '2024-06-01', 'G0556', 100), outsidePcp('c2', '2024-07-01', 80)];

  it('does not count a PY2025 code in PY2024, even over the same dates', () => {
    const result = assignOne(member(M), claims, { performanceYear: 2024, windows });
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'pre-step-not-met' });
    expect(acoCents(result)).toBe(0);
  });

  it('counts it from PY2025, and in later years ("2025 and later")', () => {
    expect(assignOne(member(M), claims, { performanceYear: 2025, windows })).toMatchObject({ step: 'step-1' });
    expect(assignOne(member(M), claims, { performanceYear: 2027, windows })).toMatchObject({ step: 'step-1' });
  });

  it('keeps each year’s own list and its context rules', () => {
    const py2023 = primaryCareCodeRules(TABLES.primaryCareCodes, 2023);
    expect(py2023.has('G2211')).toBe(false); // added PY2024
    expect(primaryCareCodeRules(TABLES.primaryCareCodes, 2024).has('G2211')).toBe(true);
    expect(py2023.get('99309')).toBe('excluded-in-snf');
    expect(py2023.get('99497')).toBe('excluded-inpatient');
    expect(py2023.get('G0463')).toBe('eta-hospital-only');
    expect(py2023.get('99354')).toBe('requires-primary-care-base');
    expect(py2023.get('99213')).toBeNull();
  });

  it('refuses a year before the first listed one', () => {
    const codes: PrimaryCareServiceCode[] = [
      {
        code: '99213',
        codeType: 'CPT',
        serviceGroup: 'E/M',
        performanceYears: [2022],
        conditionNote: '',
        contextRule: null,
      },
    ];
    expect(() => primaryCareCodeRules(codes, 2021)).toThrow(RangeError);
    expect([...primaryCareCodeRules(codes, 2030).keys()]).toEqual(['99213']);
  });
});

describe('context rules', () => {
  it('leaves out nursing facility visits furnished in a SNF (place of service 31)', () => {
    const inSnf = assignOne(member(M), [acoLine('c1', '2024-03-10', '99309', 100, '31')], PY2024);
    expect(inSnf).toMatchObject({ reason: 'no-primary-care' });
    const inNursingFacility = assignOne(member(M), [acoLine('c1', '2024-03-10', '99309', 100, '32')], PY2024);
    expect(inNursingFacility).toMatchObject({ status: 'attributed', step: 'step-1' });
  });

  it('leaves out a nursing facility visit without a place of service when it falls in a SNF stay', () => {
    const snfStay = stay('s1', M, 'snf', '2024-03-01', '2024-03-20');
    const during = facilityVisit({
      claimId: 'f1',
      memberId: M,
      ccn: FQHC_CCN,
      tin: FQHC_TIN,
      date: '2024-03-10',
      code: '99309',
    });
    const after = facilityVisit({
      claimId: 'f2',
      memberId: M,
      ccn: FQHC_CCN,
      tin: FQHC_TIN,
      date: '2024-04-10',
      code: '99309',
      allowed: 70,
    });
    const result = assignOne(member(M), [snfStay, during, after], PY2024);
    expect(result.competitors).toEqual([
      { kind: 'tin', id: FQHC_TIN, primaryCareCents: 7000, services: 1, lastServiceDate: '2024-04-10' },
    ]);
  });

  it('leaves out advance care planning in an inpatient setting', () => {
    expect(acoCents(assignOne(member(M), [acoLine('c1', '2024-03-10', '99497', 100, '21')], PY2024))).toBe(0);
    expect(acoCents(assignOne(member(M), [acoLine('c1', '2024-03-10', '99497', 100, '11')], PY2024))).toBe(10000);
    const inpatientStay = stay('s1', M, 'inpatient', '2024-05-01', '2024-05-06');
    const acpDuringStay = facilityVisit({
      claimId: 'f1',
      memberId: M,
      ccn: FQHC_CCN,
      tin: FQHC_TIN,
      date: '2024-05-03',
      code: '99497',
    });
    expect(assignOne(member(M), [inpatientStay, acpDuringStay], PY2024).competitors).toEqual([]);
  });

  it('counts G0463 only on the claim of an Electing Teaching Amendment hospital', () => {
    const hospitalTin = '666666661';
    const hospitalCcn = '360099';
    const providers = [
      ...ACO_PROVIDERS,
      provider({ npi: npi(41), tin: hospitalTin, ccn: hospitalCcn, participant: true, entity: 'organization' }),
    ];
    const clinic = facilityVisit({
      claimId: 'h1',
      memberId: M,
      ccn: hospitalCcn,
      tin: hospitalTin,
      date: '2024-03-10',
      code: 'G0463',
      allowed: 120,
      npi: ACO_PCP,
      specialty: SPECIALTY.familyPractice,
      typeOfBill: '131',
      revenueCode: '0510',
    });
    const eta = assignOne(member(M), [clinic], { ...PY2024, etaHospitalCcns: new Set([hospitalCcn]) }, { providers });
    expect(eta).toMatchObject({ status: 'attributed', home: { tin: hospitalTin, npi: ACO_PCP, ccn: hospitalCcn } });
    expect(acoCents(eta)).toBe(12000);
    expect(assignOne(member(M), [clinic], PY2024, { providers })).toMatchObject({ reason: 'no-primary-care' });
    // On a professional claim G0463 never counts.
    const professional = acoLine('c1', '2024-03-10', 'G0463', 120);
    expect(assignOne(member(M), [professional], { ...PY2024, etaHospitalCcns: new Set([hospitalCcn]) })).toMatchObject({
      reason: 'no-primary-care',
    });
  });

  it('counts a prolonged-service add-on only beside a primary care base code on the same claim and date', () => {
    const alone = acoLine('c1', '2024-03-10', '99354', 60);
    expect(assignOne(member(M), [alone], PY2024)).toMatchObject({ reason: 'no-primary-care' });
    const withBase = visit({
      claimId: 'c2',
      memberId: M,
      tin: ACO_TIN,
      npi: ACO_PCP,
      specialty: SPECIALTY.familyPractice,
      date: '2024-03-10',
      code: '99215',
      allowed: 150,
      lines: [{ code: '99354', allowed: 60 }],
    });
    expect(acoCents(assignOne(member(M), [withBase], PY2024))).toBe(21000);
    const baseOnAnotherDay = {
      ...withBase,
      lines: withBase.lines.map((l, i) => (i === 1 ? { ...l, fromDate: '2024-03-11' } : l)),
    };
    expect(acoCents(assignOne(member(M), [baseOnAnotherDay], PY2024))).toBe(15000);
  });

  it('does not count lines with no allowed amount (denied)', () => {
    expect(assignOne(member(M), [acoLine('c1', '2024-03-10', '99213', 0)], PY2024)).toMatchObject({
      reason: 'no-primary-care',
    });
  });
});

describe('FQHC and RHC claims (42 CFR 425.404(b), 425.402(f))', () => {
  const fqhcRecord = (participant: boolean) =>
    provider({
      npi: FQHC_CLINICIAN,
      tin: FQHC_TIN,
      ccn: FQHC_CCN,
      participant,
      specialtyCode: SPECIALTY.nursePractitioner,
    });
  const fqhc = facilityVisit({
    claimId: 'f1',
    memberId: M,
    ccn: FQHC_CCN,
    tin: FQHC_TIN,
    date: '2024-04-02',
    allowed: 150,
  });

  it('credits the ACO through a participant CCN, as a primary care physician service even when an NP rendered it', () => {
    const result = assignOne(member(M), [fqhc, outsidePcp('c2', '2024-05-01', 120)], PY2024, {
      providers: [...ACO_PROVIDERS, fqhcRecord(true)],
    });
    // An NP service alone would fail the pre-step; an FQHC service passes it.
    expect(result).toMatchObject({
      status: 'attributed',
      step: 'step-1',
      home: { tin: FQHC_TIN, npi: FQHC_CLINICIAN, ccn: FQHC_CCN },
    });
    expect(acoCents(result)).toBe(15000);
  });

  it('links by CCN even when the claim carries no billing TIN', () => {
    const noTin = facilityVisit({ claimId: 'f1', memberId: M, ccn: FQHC_CCN, date: '2024-04-02', allowed: 150 });
    const result = assignOne(member(M), [noTin], PY2024, { providers: [...ACO_PROVIDERS, fqhcRecord(true)] });
    expect(result).toMatchObject({ status: 'attributed', home: { tin: FQHC_TIN, ccn: FQHC_CCN } });
  });

  it('treats a non-participant FQHC as its own competitor (by TIN, or by CCN without one)', () => {
    const withAcoVisit = [fqhc, acoLine('c1', '2024-02-01', '99213', 100)];
    const result = assignOne(member(M), withAcoVisit, PY2024, { providers: [...ACO_PROVIDERS, fqhcRecord(false)] });
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'plurality-elsewhere' });
    expect(result.competitors.map((c) => [c.kind, c.id, c.primaryCareCents])).toEqual([
      ['tin', FQHC_TIN, 15000],
      ['this-aco', 'A1001', 10000],
    ]);
    const noTin = facilityVisit({ claimId: 'f2', memberId: M, ccn: FQHC_CCN, date: '2024-04-02', allowed: 40 });
    expect(assignOne(member(M), [noTin], PY2024).competitors.map((c) => [c.kind, c.id])).toEqual([['ccn', FQHC_CCN]]);
  });

  it('treats an RHC (type of bill 71x) the same way', () => {
    const rhc = facilityVisit({
      claimId: 'r1',
      memberId: M,
      ccn: FQHC_CCN,
      tin: FQHC_TIN,
      date: '2024-04-02',
      typeOfBill: '0711',
    });
    const result = assignOne(member(M), [rhc], PY2024, { providers: [...ACO_PROVIDERS, fqhcRecord(true)] });
    expect(result).toMatchObject({ status: 'attributed', step: 'step-1' });
  });

  it('does not count primary care codes on other hospital outpatient claims', () => {
    const hospital = facilityVisit({
      claimId: 'h1',
      memberId: M,
      ccn: '360001',
      tin: ACO_TIN,
      date: '2024-04-02',
      typeOfBill: '131',
    });
    expect(assignOne(member(M), [hospital], PY2024)).toMatchObject({ reason: 'no-primary-care' });
  });

  it('counts CAH Method II professional lines (revenue codes 096x–098x) by the rendering specialty', () => {
    const cah = (revenueCode: string) =>
      facilityVisit({
        claimId: 'k1',
        memberId: M,
        ccn: '361301',
        tin: ACO_TIN,
        date: '2024-04-02',
        typeOfBill: '851',
        revenueCode,
        npi: ACO_PCP,
        specialty: SPECIALTY.familyPractice,
      });
    expect(assignOne(member(M), [cah('0960')], PY2024)).toMatchObject({ status: 'attributed', step: 'step-1' });
    expect(assignOne(member(M), [cah('0510')], PY2024)).toMatchObject({ reason: 'no-primary-care' });
  });
});
