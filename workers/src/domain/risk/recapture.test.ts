/**
 * Recapture gaps priced by hand from `workers/reference/cms-hcc/coefficients.csv` (V28, community non-dual aged).
 */
import { describe, expect, it } from 'vitest';
import { profile, tables, visit } from './__fixtures__/members.js';
import { findRecaptureGaps } from './recapture.js';

// Born 1952-10-10: 74 on 1 February 2027, cell F70_74 (.395).
const woman = profile({ birthDate: '1952-10-10', sex: 'F', orec: '0', years: [2024, 2025, 2026] });

describe('HCC recapture', () => {
  const result = findRecaptureGaps(
    {
      profile: woman,
      claims: [
        visit('LAST1', '2025-04-01', ['E119', 'I5022', 'J449']),
        visit('LAST2', '2025-10-20', ['F332', 'A419']),
        visit('NOW1', '2026-02-10', ['J449']),
      ],
    },
    tables,
    { year: 2026 },
  );

  it('lists chronic HCCs coded last year and not yet this year, with last year evidence', () => {
    expect(result.lastYearHccs).toEqual([2, 38, 155, 226, 280]);
    expect(result.thisYearHccs).toEqual([280]);
    // HCC2 (sepsis) is not chronic; HCC280 was recaptured on NOW1.
    expect(result.gaps.map((gap) => gap.hcc)).toEqual([38, 155, 226]);
    expect(result.gaps.find((gap) => gap.hcc === 226)?.lastYearEvidence).toEqual([
      { icd10: 'I5022', claimId: 'LAST1', claimVersion: 1, claimType: 'professional', date: '2025-04-01' },
    ]);
    expect(result.gaps.every((gap) => gap.model === 'V28')).toBe(true);
  });

  it('prices each gap in the member segment: factor, new interactions, count change', () => {
    expect(result.segment).toBe('CNA');
    // This year so far: F70_74 .395 + HCC280 .319 + D1 0 = .714
    expect(result.currentRawScore).toBe(0.714);
    const uplift = Object.fromEntries(result.gaps.map((gap) => [gap.hcc, gap.uplift]));
    // HCC38 .166 (D1 → D2, both 0)
    expect(uplift[38]).toBe(0.166);
    // HCC155 .299
    expect(uplift[155]).toBe(0.299);
    // HCC226 .360 + HF_CHR_LUNG .078
    expect(uplift[226]).toBe(0.438);
    // All three: .166 + .299 + .360 + HF_CHR_LUNG .078 + DIABETES_HF .112 (D1 → D4, both 0) = 1.015
    expect(result.upliftIfAllClosed).toBe(1.015);
    // Payment year 2027 has no published mapping yet: 2026's stands in, and says so.
    expect(result.mappingYears).toEqual({ lastYear: 2026, lastYearExact: true, thisYear: 2026, thisYearExact: false });
  });

  it('subtracts what the gap supersedes, and skips a gap a higher HCC coded this year already covers', () => {
    const complicationLastYear = findRecaptureGaps(
      { profile: woman, claims: [visit('A', '2025-05-01', ['E1122']), visit('B', '2026-03-01', ['E119'])] },
      tables,
      { year: 2026 },
    );
    // HCC37 .166 replaces HCC38 .166: closing it adds nothing in V28 (the constrained diabetes factors).
    expect(complicationLastYear.gaps.map((gap) => [gap.hcc, gap.uplift])).toEqual([[37, 0]]);
    const complicationThisYear = findRecaptureGaps(
      { profile: woman, claims: [visit('A', '2025-05-01', ['E119']), visit('B', '2026-03-01', ['E1122'])] },
      tables,
      { year: 2026 },
    );
    expect(complicationThisYear.gaps).toEqual([]);
  });

  it('prices a V24 gap with the V24 model when asked', () => {
    const v24 = findRecaptureGaps(
      { profile: woman, claims: [visit('A', '2024-05-01', ['E1122']), visit('B', '2025-03-01', ['E119'])] },
      tables,
      { year: 2025, model: 'V24' },
    );
    // V24 HCC18 .302 replaces HCC19 .105: +.197
    expect(v24.gaps.map((gap) => [gap.model, gap.hcc, gap.uplift])).toEqual([['V24', 18, 0.197]]);
    expect(v24.mappingYears).toMatchObject({ lastYear: 2025, thisYear: 2026, thisYearExact: true });
  });

  it('reads 2022 coding with the V24-only 2023 mapping, and never reads it for V28', () => {
    const member = profile({ birthDate: '1952-10-10', sex: 'F', orec: '0', years: [2022, 2023] });
    const claims = [visit('A', '2022-05-01', ['I472']), visit('B', '2023-03-01', ['E119'])];
    // Ventricular tachycardia I47.2 → V24 HCC96 in 2023's mapping; it maps to nothing in 2024's, so this year's
    // coding could not have recaptured it with that code. F70_74 .386 + HCC19 .105 + HCC96 .268 (D1 → D2, both 0):
    // uplift .268.
    const v24 = findRecaptureGaps({ profile: member, claims }, tables, { year: 2023, model: 'V24' });
    expect(v24.mappingYears).toEqual({ lastYear: 2023, lastYearExact: true, thisYear: 2024, thisYearExact: true });
    expect(v24.gaps.map((gap) => [gap.hcc, gap.uplift])).toEqual([[96, 0.268]]);
    expect(() => findRecaptureGaps({ profile: member, claims }, tables, { year: 2023 })).toThrow(
      /No V28 ICD-10 → HCC mapping for payment year 2023/,
    );
  });

  it('looks back one year by default', () => {
    expect(result.lookbackYears).toBe(1);
    expect(result.earlierYear).toBeNull();
    expect(result.gaps.every((gap) => gap.evidenceYear === 2025)).toBe(true);
  });
});

describe('HCC recapture over the last two years (reference §3.8)', () => {
  const claims = [
    visit('Y2024', '2024-06-01', ['E119', 'I5022']),
    visit('Y2025', '2025-04-01', ['I5022']),
    visit('NOW1', '2026-02-10', ['J449']),
  ];

  it('chases a chronic HCC coded the year before last only when asked to look back two years', () => {
    const oneYear = findRecaptureGaps({ profile: woman, claims }, tables, { year: 2026 });
    expect(oneYear.gaps.map((gap) => gap.hcc)).toEqual([226]);

    const twoYears = findRecaptureGaps({ profile: woman, claims }, tables, { year: 2026, lookbackYears: 2 });
    expect(twoYears.lookbackYears).toBe(2);
    expect(twoYears.lastYearHccs).toEqual([226]);
    // 2024 coding read as payment year 2025 saw it: 2025's mapping.
    expect(twoYears.earlierYear).toEqual({ year: 2024, mappingYear: 2025, mappingExact: true, hccs: [38, 226] });
    expect(twoYears.gaps.map((gap) => [gap.hcc, gap.evidenceYear])).toEqual([
      [38, 2024],
      [226, 2025],
    ]);
  });

  it('takes the evidence from the most recent year that coded the HCC', () => {
    const twoYears = findRecaptureGaps({ profile: woman, claims }, tables, { year: 2026, lookbackYears: 2 });
    expect(twoYears.gaps.find((gap) => gap.hcc === 226)?.lastYearEvidence).toEqual([
      { icd10: 'I5022', claimId: 'Y2025', claimVersion: 1, claimType: 'professional', date: '2025-04-01' },
    ]);
    expect(twoYears.gaps.find((gap) => gap.hcc === 38)?.lastYearEvidence).toEqual([
      { icd10: 'E119', claimId: 'Y2024', claimVersion: 1, claimType: 'professional', date: '2024-06-01' },
    ]);
  });

  it('prices the older gap like any other', () => {
    const twoYears = findRecaptureGaps({ profile: woman, claims }, tables, { year: 2026, lookbackYears: 2 });
    // This year so far: F70_74 .395 + HCC280 .319 = .714
    expect(twoYears.currentRawScore).toBe(0.714);
    const uplift = Object.fromEntries(twoYears.gaps.map((gap) => [gap.hcc, gap.uplift]));
    // HCC38 .166 (D1 → D2, both 0); HCC226 .360 + HF_CHR_LUNG .078
    expect(uplift[38]).toBe(0.166);
    expect(uplift[226]).toBe(0.438);
    // Both: .166 + .360 + HF_CHR_LUNG .078 + DIABETES_HF .112 (D1 → D3, both 0) = .716
    expect(twoYears.upliftIfAllClosed).toBe(0.716);
  });

  it('combines the two years under the hierarchies and skips what this year already covers', () => {
    // HCC37 (2024) supersedes HCC38 (2025): only HCC37 is chased, with 2024 evidence; closing it adds HCC37's .166.
    const higherEarlier = findRecaptureGaps(
      {
        profile: woman,
        claims: [visit('A', '2024-05-01', ['E1122']), visit('B', '2025-05-01', ['E119']), visit('C', '2026-03-01', [])],
      },
      tables,
      { year: 2026, lookbackYears: 2 },
    );
    expect(higherEarlier.gaps.map((gap) => [gap.hcc, gap.evidenceYear, gap.uplift])).toEqual([[37, 2024, 0.166]]);
    // HCC38 coded in 2024, HCC37 coded this year: nothing to chase.
    const coveredNow = findRecaptureGaps(
      { profile: woman, claims: [visit('A', '2024-05-01', ['E119']), visit('B', '2026-03-01', ['E1122'])] },
      tables,
      { year: 2026, lookbackYears: 2 },
    );
    expect(coveredNow.gaps).toEqual([]);
  });

  it('refuses to read the year before last under V28 before V28 had a mapping', () => {
    // 2022 coding feeds payment year 2023, which V28 does not map.
    expect(() => findRecaptureGaps({ profile: woman, claims }, tables, { year: 2024, lookbackYears: 2 })).toThrow(
      /No V28 ICD-10 → HCC mapping for payment year 2023/,
    );
    expect(
      findRecaptureGaps({ profile: woman, claims }, tables, { year: 2024, model: 'V24', lookbackYears: 2 }),
    ).toMatchObject({ earlierYear: { year: 2022, mappingYear: 2023, hccs: [] } });
  });
});
