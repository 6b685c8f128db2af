/**
 * Scoring members from their profile and claims: one member per segment, with the expected raw score summed by
 * hand from `workers/reference/cms-hcc/coefficients.csv` (terms listed), the reference §3.5 example end to end,
 * and the evidence a screen shows.
 */
import type { ClaimEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { claim, line, profile, tables, visit, yearOfMonths, type ProfileFacts } from './__fixtures__/members.js';
import { scoreMember } from './score-member.js';
import { RiskInputError, type RiskSegment } from './types.js';

/** Scores a member for payment year 2026 (V28 only) from 2025 office visits coding `codes`. */
function score2026(facts: ProfileFacts, codes: string[], options: { chronicSnp?: boolean } = {}) {
  return scoreMember({ profile: profile(facts), claims: [visit('V1', '2025-06-02', codes)] }, tables, {
    paymentYear: 2026,
    ...options,
  });
}

describe('one member in each segment (payment year 2026, V28)', () => {
  const cases: {
    name: string;
    facts: ProfileFacts;
    codes: string[];
    segment: RiskSegment;
    raw: number;
    interactions?: string[];
    chronicSnp?: boolean;
  }[] = [
    {
      // F75_79 .465 + HCC37 .166 + HCC226 .360 + HCC280 .319 + HCC326 .815 + DIABETES_HF .112 + HF_CHR_LUNG .078
      // + HF_KIDNEY .176 + D4 0 = 2.491
      name: 'CNA: community, non-dual, aged',
      facts: { birthDate: '1950-01-01', sex: 'F', orec: '0' },
      codes: ['E1122', 'I509', 'N185', 'J449'],
      segment: 'CNA',
      raw: 2.491,
    },
    {
      // F70_74 .395 + OriginallyDisabled_Female .228 + HCC37 .166 + D1 0 = .789
      name: 'CNA: originally disabled woman',
      facts: { birthDate: '1954-04-01', sex: 'F', orec: '1' },
      codes: ['E1122'],
      segment: 'CNA',
      raw: 0.789,
    },
    {
      // M45_54 .215 + HCC38 .191 + HCC139 .207 + HCC151 .380 + HCC226 .442 + DIABETES_HF .023
      // + gSubUseDisorder_gPsych .087 + D4 0 = 1.545
      name: 'CND: community, non-dual, disabled',
      facts: { birthDate: '1975-06-15', sex: 'M', orec: '1' },
      codes: ['E119', 'F209', 'F1020', 'I5022'],
      segment: 'CND',
      raw: 1.545,
      interactions: ['DIABETES_HF_V28', 'gSubUseDisorder_gPsych_V28'],
    },
    {
      // F80_84 .665 + HCC213 .573 + HCC226 .406 + HCC280 .390 + HF_CHR_LUNG .109 + CHR_LUNG_CARD_RESP_FAIL .340
      // + D3 0 = 2.483
      name: 'CFA: full-benefit dual, aged',
      facts: { birthDate: '1945-03-10', sex: 'F', orec: '0', dualStatus: '02' },
      codes: ['I5022', 'J449', 'J9611'],
      segment: 'CFA',
      raw: 2.483,
      interactions: ['HF_CHR_LUNG_V28', 'CHR_LUNG_CARD_RESP_FAIL_V28'],
    },
    {
      // F35_44 .332 + HCC155 .126 + HCC198 1.143 + D2 0 = 1.601 (born 1 February: 41 on the day)
      name: 'CFD: full-benefit dual, disabled',
      facts: { birthDate: '1985-02-01', sex: 'F', orec: '1', dualStatus: '04' },
      codes: ['G35', 'F332'],
      segment: 'CFD',
      raw: 1.601,
    },
    {
      // M65_69 .375 + HCC226 .311 + HCC238 .293 + HF_HCC238 .135 + D2 0 = 1.114
      name: 'CPA: partial-benefit dual, aged',
      facts: { birthDate: '1958-12-31', sex: 'M', orec: '0', dualStatus: '03' },
      codes: ['I4891', 'I5022'],
      segment: 'CPA',
      raw: 1.114,
      interactions: ['HF_HCC238_V28'],
    },
    {
      // M60_64 .374 + HCC2 .591 + D1 0 = .965
      name: 'CPD: partial-benefit dual, disabled',
      facts: { birthDate: '1966-01-01', sex: 'M', orec: '1', dualStatus: '01' },
      codes: ['A419'],
      segment: 'CPD',
      raw: 0.965,
    },
    {
      // F85_89 .750 + LTIMCAID .130 + HCC38 .280 + HCC226 .217 + HCC379 1.420 + DIABETES_HF .209 + D3 0 = 3.006
      name: 'INS: long-term institutional with Medicaid',
      facts: { birthDate: '1940-07-04', sex: 'F', orec: '0', dualStatus: '02', institutional: true },
      codes: ['L89154', 'I5022', 'E119'],
      segment: 'INS',
      raw: 3.006,
      interactions: ['DIABETES_HF_V28'],
    },
    {
      // M55_59 .989 + HCC20 .672 + HCC280 .312 + HCC379 1.420 + DISABLED_CANCER .367 + DISABLED_CHR_LUNG .278
      // + DISABLED_ULCER .537 + D3 0 = 4.575
      name: 'INS: disabled, no Medicaid',
      facts: { birthDate: '1970-05-05', sex: 'M', orec: '1', institutional: true },
      codes: ['C3490', 'L89154', 'J449'],
      segment: 'INS',
      raw: 4.575,
      interactions: ['DISABLED_CANCER_V28', 'DISABLED_CHR_LUNG_V28', 'DISABLED_ULCER_V28'],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.raw.toFixed(3)}`, () => {
      const result = score2026(c.facts, c.codes);
      expect(result.segment).toBe(c.segment);
      expect(result.models).toHaveLength(1);
      const [v28] = result.models;
      expect(v28?.rawScore).toBe(c.raw);
      expect(v28?.segmentScores[c.segment]).toBe(c.raw);
      if (c.interactions !== undefined) {
        expect(v28?.interactions.map((term) => term.variable)).toEqual(c.interactions);
      }
      // The raw score is the sum of the terms the result lists.
      const terms = [
        ...(v28?.demographicTerms ?? []),
        ...(v28?.hccs ?? []),
        ...(v28?.interactions ?? []),
        ...(v28?.countTerm === null || v28?.countTerm === undefined ? [] : [v28.countTerm]),
      ];
      expect(Math.round(terms.reduce((sum, term) => sum + term.coefficient * 1000, 0))).toBe(Math.round(c.raw * 1000));
    });
  }

  const newEnrollee = (facts: ProfileFacts): ProfileFacts => ({
    ...facts,
    months: yearOfMonths(2025, { partB: true, dualStatus: facts.dualStatus ?? 'NA' }).slice(6),
  });

  it('NE: six months of Part B in 2025, Medicaid, woman 66: MCAID_NORIGDIS_NEF66 .990, diagnoses ignored', () => {
    const result = score2026(newEnrollee({ birthDate: '1959-08-20', sex: 'F', orec: '0', dualStatus: '02' }), [
      'I5022',
    ]);
    expect(result.segment).toBe('NE');
    expect(result.status).toMatchObject({ newEnrollee: true, partBMonthsInDiagnosisYear: 6, medicaid: true });
    expect(result.models[0]?.rawScore).toBe(0.99);
    expect(result.models[0]?.demographicTerms).toEqual([{ variable: 'MCAID_NORIGDIS_NEF66', coefficient: 0.99 }]);
    expect(result.models[0]?.hccs.map((h) => [h.hcc, h.coefficient])).toEqual([[226, 0]]);
    expect(result.notes.some((note) => note.includes('new enrollee'))).toBe(true);
  });

  it('NE: originally disabled man of 70 without Medicaid: NMCAID_ORIGDIS_NEM70_74 1.297', () => {
    const result = score2026(newEnrollee({ birthDate: '1955-03-01', sex: 'M', orec: '1' }), []);
    expect(result.segment).toBe('NE');
    expect(result.models[0]?.rawScore).toBe(1.297);
  });

  it('NE: a 64-year-old entitled by age takes the 65 cell (.532); by disability the 60–64 cell (1.212)', () => {
    expect(score2026(newEnrollee({ birthDate: '1961-06-01', sex: 'F', orec: '0' }), []).models[0]?.rawScore).toBe(
      0.532,
    );
    expect(score2026(newEnrollee({ birthDate: '1961-06-01', sex: 'F', orec: '1' }), []).models[0]?.rawScore).toBe(
      1.212,
    );
  });

  it('SNPNE: the same woman of 66 in a chronic-condition SNP: SNPNE_MCAID_NORIGDIS_NEF66 1.285', () => {
    const facts = newEnrollee({ birthDate: '1959-08-20', sex: 'F', orec: '0', dualStatus: '02' });
    const result = score2026(facts, [], { chronicSnp: true });
    expect(result.segment).toBe('SNPNE');
    expect(result.models[0]?.rawScore).toBe(1.285);
  });
});

describe("CMS's development beneficiary P_NE through the engine", () => {
  it('a man of 51 (OREC 1) with five months of Part B in 2025 is a new enrollee: NE .906; his CNA score 1.136', () => {
    const facts: ProfileFacts = {
      birthDate: '1975-01-01',
      sex: 'M',
      orec: '1',
      months: yearOfMonths(2025, { partA: true, partB: true }).slice(7),
    };
    const result = score2026(facts, ['C3490']);
    expect(result.segment).toBe('NE');
    expect(result.demographics).toMatchObject({ age: 51, disabled: true, originallyDisabled: false });
    expect(result.models[0]?.rawScore).toBe(0.906);
    expect(result.models[0]?.segmentScores.CNA).toBe(1.136);
    expect(result.models[0]?.hccs.map((h) => h.hcc)).toEqual([20]);
  });
});

describe('reference §3.5 end to end: claims of 2024, payment year 2025', () => {
  const woman = profile({ birthDate: '1952-10-10', sex: 'F', orec: '0', years: [2024, 2025] });
  const claims: ClaimEvent[] = [
    visit('P1', '2024-03-04', ['E119', 'J449']),
    claim({
      claimId: 'H1',
      version: 2,
      adjustment: 'adjustment',
      claimType: 'inpatient',
      typeOfBill: '111',
      fromDate: '2024-08-01',
      throughDate: '2024-08-05',
      diagnoses: ['I5022', 'N184'],
      lines: [line({ hcpcs: undefined, revenueCode: '0120' })],
    }),
    // A lab claim and a 2025 visit do not count for payment year 2025.
    claim({ claimId: 'L1', diagnoses: ['E1122'], lines: [line({ hcpcs: '80053', throughDate: '2024-09-01' })] }),
    visit('P2', '2025-01-15', ['E1122']),
  ];
  const result = scoreMember({ profile: woman, claims }, tables, { paymentYear: 2025 });

  it('runs both models of the 2025 blend with the worked example raw scores', () => {
    expect(result.segment).toBe('CNA');
    expect(result.demographics.age).toBe(72);
    expect(result.models.map((m) => [m.model, m.rawScore])).toEqual([
      ['V24', 1.884],
      ['V28', 2.12],
    ]);
  });

  it('normalises, coding-adjusts and blends as CMS does: 1.787', () => {
    expect(result.payment?.models.map((m) => [m.model, m.normalizedScore, m.maPaymentScore])).toEqual([
      ['V24', 1.634, 1.538],
      ['V28', 2.029, 1.909],
    ]);
    expect(result.payment?.blendedMaPaymentScore).toBe(1.787);
    expect(result.payment?.confidence).toBe('medium');
  });

  it('shows each HCC with the claim, version, code and date it came from', () => {
    const v28 = result.models.find((m) => m.model === 'V28');
    expect(v28?.hccs.find((h) => h.hcc === 226)).toEqual({
      hcc: 226,
      variable: 'HCC226',
      coefficient: 0.36,
      label: 'Heart Failure, Except End-Stage and Acute',
      evidence: [{ icd10: 'I5022', claimId: 'H1', claimVersion: 2, claimType: 'inpatient', date: '2024-08-05' }],
    });
    expect(v28?.hccs.find((h) => h.hcc === 38)?.evidence).toEqual([
      { icd10: 'E119', claimId: 'P1', claimVersion: 1, claimType: 'professional', date: '2024-03-04' },
    ]);
    expect(v28?.interactions).toEqual([
      { variable: 'DIABETES_HF_V28', coefficient: 0.112 },
      { variable: 'HF_CHR_LUNG_V28', coefficient: 0.078 },
      { variable: 'HF_KIDNEY_V28', coefficient: 0.176 },
    ]);
    expect(v28?.countTerm).toEqual({ variable: 'D4', coefficient: 0 });
    expect(result.eligibleDiagnoses.map((d) => d.icd10)).toEqual(['E119', 'I5022', 'J449', 'N184']);
  });
});

describe('what the result says besides the score', () => {
  it('notes a low-confidence normalisation factor and an ESRD month', () => {
    const facts = { birthDate: '1950-01-01', sex: 'F', orec: '2' } as const;
    const months = yearOfMonths(2025, { partB: true, esrd: true });
    const result = scoreMember({ profile: profile({ ...facts, months }), claims: [] }, tables, { paymentYear: 2026 });
    expect(result.status.esrd).toBe(true);
    expect(result.notes.join('\n')).toMatch(/ESRD model/);
    expect(result.notes.join('\n')).toMatch(/low confidence/);
    expect(result.payment?.confidence).toBe('low');
  });

  it('runs only the models asked for, without a blend, and refuses a member without birth date, sex or OREC', () => {
    const facts = { birthDate: '1950-01-01', sex: 'F', orec: '0' } as const;
    const v24Only = scoreMember({ profile: profile(facts), claims: [] }, tables, {
      paymentYear: 2026,
      models: ['V24'],
    });
    expect(v24Only.models.map((m) => m.model)).toEqual(['V24']);
    expect(v24Only.payment).toBeNull();
    const { orec: _orec, ...withoutOrec } = profile(facts);
    expect(() => scoreMember({ profile: withoutOrec, claims: [] }, tables, { paymentYear: 2026 })).toThrow(
      RiskInputError,
    );
    expect(() => scoreMember({ profile: profile(facts), claims: [] }, tables, { paymentYear: 2030 })).toThrow(/2030/);
  });
});
