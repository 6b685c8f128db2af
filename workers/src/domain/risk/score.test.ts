/**
 * Model runs as CMS's software computes them, with expected scores summed by hand from the relative factors in
 * `workers/reference/cms-hcc/coefficients.csv` (each term listed beside its value).
 */
import { describe, expect, it } from 'vitest';
import { tables } from './__fixtures__/members.js';
import { demographicsFor } from './demographics.js';
import { runModel } from './score.js';
import type { HccModel, OrecCode, RiskSegment } from './types.js';

interface Person {
  readonly birthDate: string;
  readonly sex: 'F' | 'M';
  readonly orec: OrecCode;
  readonly ltimcaid?: boolean;
  readonly nemcaid?: boolean;
}

function run(person: Person, codes: string[], model: HccModel, paymentYear: number) {
  return runModel(
    {
      demographics: demographicsFor(person.birthDate, person.sex, person.orec, paymentYear),
      institutionalMedicaid: person.ltimcaid ?? false,
      newEnrolleeMedicaid: person.nemcaid ?? false,
      diagnoses: codes.map((icd10) => ({ icd10, evidence: [] })),
    },
    tables,
    model,
    paymentYear,
  );
}

const score = (result: ReturnType<typeof run>, segment: RiskSegment): number =>
  result.segmentScoresThousandths[segment] / 1000;

describe('reference §3.5 worked example (woman 72, CNA, payment year 2025)', () => {
  const woman72 = { birthDate: '1952-10-10', sex: 'F', orec: '0' } as const;
  const codes = ['E119', 'I5022', 'N184', 'J449'];

  it('V24: F70_74 .386 + HCC19 .105 + HCC85 .331 + HCC137 .289 + HCC111 .335 + interactions .121 .155 .156 + D4 .006 = 1.884', () => {
    const v24 = run(woman72, codes, 'V24', 2025);
    expect(v24.hccs.map((h) => h.hcc)).toEqual([19, 85, 111, 137]);
    expect(v24.interactions).toEqual(['DIABETES_CHF', 'CHF_gCopdCF', 'HCC85_gRenal_V24']);
    expect(v24.countVariable).toBe('D4');
    expect(score(v24, 'CNA')).toBe(1.884);
  });

  it('V28: F70_74 .395 + HCC38 .166 + HCC226 .360 + HCC327 .514 + HCC280 .319 + interactions .112 .078 .176 + D4 0 = 2.120', () => {
    const v28 = run(woman72, codes, 'V28', 2025);
    expect(v28.hccs.map((h) => h.hcc)).toEqual([38, 226, 280, 327]);
    expect(v28.interactions).toEqual(['DIABETES_HF_V28', 'HF_CHR_LUNG_V28', 'HF_KIDNEY_V28']);
    expect(score(v28, 'CNA')).toBe(2.12);
  });

  it('adding E1122 replaces HCC19 by HCC18 (V24: 1.884 − .105 + .302 = 2.081) and HCC38 by HCC37 (V28: 2.120)', () => {
    const v24 = run(woman72, [...codes, 'E1122'], 'V24', 2025);
    expect(v24.hccs.map((h) => h.hcc)).toEqual([18, 85, 111, 137]);
    expect(v24.superseded).toEqual([expect.objectContaining({ hcc: 19, supersededBy: 18 })]);
    expect(score(v24, 'CNA')).toBe(2.081);
    const v28 = run(woman72, [...codes, 'E1122'], 'V28', 2025);
    expect(v28.hccs.map((h) => h.hcc)).toEqual([37, 226, 280, 327]);
    expect(v28.superseded).toEqual([expect.objectContaining({ hcc: 38, supersededBy: 37 })]);
    expect(score(v28, 'CNA')).toBe(2.12);
  });
});

describe("CMS's 2026 V28 software on the two development beneficiaries", () => {
  it('P_CE (F 76, E1122 I509 N185 J449): CNA .465 + .166 + .360 + .319 + .815 + .112 + .078 + .176 = 2.491; NE .901', () => {
    const result = run(
      { birthDate: '1950-01-01', sex: 'F', orec: '0' },
      ['E1122', 'I509', 'N185', 'J449'],
      'V28',
      2026,
    );
    expect(result.hccs.map((h) => h.hcc)).toEqual([37, 226, 280, 326]);
    expect(result.countVariable).toBe('D4');
    expect(score(result, 'CNA')).toBe(2.491);
    expect(score(result, 'NE')).toBe(0.901);
  });

  it('P_NE (M 51, OREC 1, C3490): CNA HCC20 1.136 (no aged cell); NE NMCAID_NORIGDIS_NEM45_54 .906', () => {
    const result = run({ birthDate: '1975-01-01', sex: 'M', orec: '1' }, ['C3490'], 'V28', 2026);
    expect(result.demographicVariables).toEqual(['M45_54', 'NMCAID_NORIGDIS_NEM45_54']);
    expect(score(result, 'CNA')).toBe(1.136);
    expect(score(result, 'NE')).toBe(0.906);
  });
});

describe('payment-HCC counts in the score', () => {
  const woman72 = { birthDate: '1953-06-15', sex: 'F', orec: '0' } as const;
  const nine = ['E119', 'I5022', 'J449', 'N184', 'I4891', 'G35', 'F332', 'C3490', 'L89154'];

  it('adds D10P (.728) for ten payment HCCs and D9 (.444) for nine', () => {
    // F70_74 .395 + HCC2 .500 + HCC20 1.136 + HCC38 .166 + HCC155 .299 + HCC198 .647 + HCC226 .360 + HCC238 .299
    // + HCC280 .319 + HCC327 .514 + HCC379 1.965 + DIABETES_HF .112 + HF_CHR_LUNG .078 + HF_KIDNEY .176
    // + HF_HCC238 .077 + D10P .728 = 7.771
    const ten = run(woman72, [...nine, 'A419'], 'V28', 2026);
    expect(ten.paymentHccCount).toBe(10);
    expect(ten.countVariable).toBe('D10P');
    expect(score(ten, 'CNA')).toBe(7.771);
    // Without HCC2: 7.771 − .500 − .728 + .444 = 6.987
    const nineHccs = run(woman72, nine, 'V28', 2026);
    expect(nineHccs.countVariable).toBe('D9');
    expect(score(nineHccs, 'CNA')).toBe(6.987);
  });

  it('sets no count variable without a payment HCC, and counts after hierarchies', () => {
    const none = run(woman72, ['I10', 'Z0000'], 'V28', 2026);
    expect(none.countVariable).toBeNull();
    expect(score(none, 'CNA')).toBe(0.395);
    // I5022 + I5023: two CCs, one HCC (224) after the hierarchy, so D1.
    const heart = run(woman72, ['I5022', 'I5023'], 'V28', 2026);
    expect(heart.hccs.map((h) => h.hcc)).toEqual([224]);
    expect(heart.countVariable).toBe('D1');
    expect(score(heart, 'CNA')).toBe(0.755); // F70_74 .395 + HCC224 .360
    expect(run(woman72, ['I5022', 'I5023'], 'V24', 2026).hccs.map((h) => h.hcc)).toEqual([85]);
  });

  it('scores the heart patch: Z95811 alone pays nothing in V28, with I5022 it is HCC223 (.395 + 2.505 = 2.900)', () => {
    const alone = run(woman72, ['Z95811'], 'V28', 2026);
    expect(alone.excludedCcs).toEqual([223]);
    expect(score(alone, 'CNA')).toBe(0.395);
    const withFailure = run(woman72, ['Z95811', 'I5022'], 'V28', 2026);
    expect(withFailure.hccs.map((h) => h.hcc)).toEqual([223]);
    expect(score(withFailure, 'CNA')).toBe(2.9);
  });
});
