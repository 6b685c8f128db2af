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
});
