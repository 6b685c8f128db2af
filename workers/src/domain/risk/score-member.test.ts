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

  // January–June 2025 reported without Part B, July–December with it.
  const newEnrollee = (facts: ProfileFacts): ProfileFacts => ({
    ...facts,
    months: yearOfMonths(2025, { partB: true, dualStatus: facts.dualStatus ?? 'NA' }).map((month, index) =>
      index < 6 ? { ...month, partA: false, partB: false } : month,
    ),
  });

  it('NE: six months of Part B in 2025, Medicaid, woman 66: MCAID_NORIGDIS_NEF66 .990, diagnoses ignored', () => {
    const result = score2026(newEnrollee({ birthDate: '1959-08-20', sex: 'F', orec: '0', dualStatus: '02' }), [
      'I5022',
    ]);
    expect(result.segment).toBe('NE');
    expect(result.status).toMatchObject({
      newEnrollee: true,
      partBMonthsInDiagnosisYear: 6,
      monthsWithoutPartBInDiagnosisYear: 6,
      medicaid: true,
    });
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

/** Scores a member for payment year 2023 (V24 only, mapping of 2023) from 2022 office visits coding `codes`. */
function score2023(facts: ProfileFacts, codes: string[], options: { chronicSnp?: boolean } = {}) {
  return scoreMember(
    { profile: profile({ years: [2022, 2023], ...facts }), claims: [visit('V1', '2022-06-02', codes)] },
    tables,
    { paymentYear: 2023, ...options },
  );
}

describe('one member in each segment (payment year 2023, V24)', () => {
  // Every factor below is the V24 row of `workers/reference/cms-hcc/coefficients.csv` (segment, CMS variable name),
  // which equals CMS's 2020 V24 relative factors (hccpy's V24hcccoefn.csv); codes map to V24 HCCs in 2023's
  // mapping. Ages are on 1 February 2023. Interactions are listed with the factor each adds in the segment.
  const cases: {
    name: string;
    facts: ProfileFacts;
    codes: string[];
    segment: RiskSegment;
    demographic: [string, number][];
    hccs: [number, number][];
    interactions: [string, number][];
    count: [string, number] | null;
    raw: number;
  }[] = [
    {
      // CND_M45_54 .241 + HCC19 .124 + HCC55 .279 + HCC57 .352 + HCC85 .447 + HCC137 .105 + DIABETES_CHF .024
      // + HCC85_gRenal_V24 .411 + gSubstanceUseDisorder_gPsych .138 + D5 .043
      // = .241 + .124 + .279 + .352 + .447 + .105 = 1.548; + .024 + .411 + .138 = 2.121; + .043 = 2.164
      name: 'CND: man of 47, OREC 1, non-dual',
      facts: { birthDate: '1975-06-15', sex: 'M', orec: '1' },
      codes: ['E119', 'I5022', 'F209', 'F1020', 'N184'],
      segment: 'CND',
      demographic: [['M45_54', 0.241]],
      hccs: [
        [19, 0.124],
        [55, 0.279],
        [57, 0.352],
        [85, 0.447],
        [137, 0.105],
      ],
      interactions: [
        ['DIABETES_CHF', 0.024],
        ['HCC85_gRenal_V24', 0.411],
        ['gSubstanceUseDisorder_gPsych', 0.138],
      ],
      count: ['D5', 0.043],
      raw: 2.164,
    },
    {
      // CFA_F75_79 .593 + CFA_OriginallyDisabled_Female .173 + HCC19 .107 + HCC84 .492 + HCC85 .371 + HCC111 .430
      // + DIABETES_CHF .192 + CHF_gCopdCF .230 + gCopdCF_CARD_RESP_FAIL .528 + D4 0
      // = .766 + 1.400 = 2.166; + .192 + .230 + .528 = 3.116
      name: 'CFA: originally disabled woman of 77, full-benefit dual',
      facts: { birthDate: '1945-03-10', sex: 'F', orec: '1', dualStatus: '02' },
      codes: ['E119', 'I5022', 'J449', 'J9611'],
      segment: 'CFA',
      demographic: [
        ['F75_79', 0.593],
        ['OriginallyDisabled_Female', 0.173],
      ],
      hccs: [
        [19, 0.107],
        [84, 0.492],
        [85, 0.371],
        [111, 0.43],
      ],
      interactions: [
        ['DIABETES_CHF', 0.192],
        ['CHF_gCopdCF', 0.23],
        ['gCopdCF_CARD_RESP_FAIL', 0.528],
      ],
      count: ['D4', 0],
      raw: 3.116,
    },
    {
      // CFD_F35_44 .349 + HCC55 .356 + HCC59 .127 + HCC85 .486 + HCC96 .308 + HCC137 .138 + HCC85_gRenal_V24 .461
      // + HCC85_HCC96 .361 + gSubstanceUseDisorder_gPsych .191 + D5 .055
      // = .349 + 1.415 = 1.764; + .461 + .361 + .191 = 2.777; + .055 = 2.832 (born 1 February: 38 on the day)
      name: 'CFD: woman of 38, full-benefit dual (04)',
      facts: { birthDate: '1985-02-01', sex: 'F', orec: '1', dualStatus: '04' },
      codes: ['I5022', 'I4891', 'N184', 'F332', 'F1020'],
      segment: 'CFD',
      demographic: [['F35_44', 0.349]],
      hccs: [
        [55, 0.356],
        [59, 0.127],
        [85, 0.486],
        [96, 0.308],
        [137, 0.138],
      ],
      interactions: [
        ['HCC85_gRenal_V24', 0.461],
        ['HCC85_HCC96', 0.361],
        ['gSubstanceUseDisorder_gPsych', 0.191],
      ],
      count: ['D5', 0.055],
      raw: 2.832,
    },
    {
      // CPA_M65_69 .370 + HCC9 1.001 + HCC47 .674 + HCC85 .336 + HCC96 .264 + HCC47_gCancer .656 + HCC85_HCC96 .101
      // + D4 0 = .370 + 2.275 = 2.645; + .656 + .101 = 3.402
      name: 'CPA: man of 67, partial-benefit dual (03)',
      facts: { birthDate: '1955-12-31', sex: 'M', orec: '0', dualStatus: '03' },
      codes: ['C3490', 'D849', 'I5022', 'I4891'],
      segment: 'CPA',
      demographic: [['M65_69', 0.37]],
      hccs: [
        [9, 1.001],
        [47, 0.674],
        [85, 0.336],
        [96, 0.264],
      ],
      interactions: [
        ['HCC47_gCancer', 0.656],
        ['HCC85_HCC96', 0.101],
      ],
      count: ['D4', 0],
      raw: 3.402,
    },
    {
      // CPD_M55_59 .340 + HCC19 .122 + HCC84 .343 + HCC85 .422 + HCC111 .267 + DIABETES_CHF 0 (CPD's factor is 0)
      // + CHF_gCopdCF .141 + gCopdCF_CARD_RESP_FAIL .479 + D4 0 = .340 + 1.154 = 1.494; + .141 + .479 = 2.114
      name: 'CPD: man of 57, partial-benefit dual (01)',
      facts: { birthDate: '1966-01-01', sex: 'M', orec: '1', dualStatus: '01' },
      codes: ['E119', 'I5022', 'J449', 'J9611'],
      segment: 'CPD',
      demographic: [['M55_59', 0.34]],
      hccs: [
        [19, 0.122],
        [84, 0.343],
        [85, 0.422],
        [111, 0.267],
      ],
      interactions: [
        ['DIABETES_CHF', 0],
        ['CHF_gCopdCF', 0.141],
        ['gCopdCF_CARD_RESP_FAIL', 0.479],
      ],
      count: ['D4', 0],
      raw: 2.114,
    },
    {
      // INS_F45_54 1.043 + INS_LTIMCAID .061 + HCC2 .324 + HCC19 .178 + HCC85 .203 + HCC157 .854 + DIABETES_CHF .169
      // + SEPSIS_PRESSURE_ULCER .155 + DISABLED_HCC85 .279 + DISABLED_PRESSURE_ULCER .544 (INS has no count terms)
      // = 1.104 + 1.559 = 2.663; + .169 + .155 + .279 + .544 = 3.810
      name: 'INS: disabled woman of 52 with Medicaid',
      facts: { birthDate: '1970-05-05', sex: 'F', orec: '1', dualStatus: '02', institutional: true },
      codes: ['I5022', 'L89154', 'A419', 'E119'],
      segment: 'INS',
      demographic: [
        ['F45_54', 1.043],
        ['LTIMCAID', 0.061],
      ],
      hccs: [
        [2, 0.324],
        [19, 0.178],
        [85, 0.203],
        [157, 0.854],
      ],
      interactions: [
        ['DIABETES_CHF', 0.169],
        ['SEPSIS_PRESSURE_ULCER', 0.155],
        ['DISABLED_HCC85', 0.279],
        ['DISABLED_PRESSURE_ULCER', 0.544],
      ],
      count: null,
      raw: 3.81,
    },
    {
      // INS_M80_84 1.207 + INS_ORIGDS 0 + HCC57 .187 + HCC79 .065 + HCC85 .203 + HCC111 .311 + CHF_gCopdCF .191
      // + SCHIZOPHRENIA_gCopdCF .417 + SCHIZOPHRENIA_CHF .127 + SCHIZOPHRENIA_SEIZURES .573
      // = 1.207 + .766 = 1.973; + .191 + .417 + .127 + .573 = 3.281
      name: 'INS: originally disabled man of 82, no Medicaid',
      facts: { birthDate: '1940-07-04', sex: 'M', orec: '1', institutional: true },
      codes: ['F209', 'I5022', 'J449', 'G40909'],
      segment: 'INS',
      demographic: [
        ['M80_84', 1.207],
        ['ORIGDS', 0],
      ],
      hccs: [
        [57, 0.187],
        [79, 0.065],
        [85, 0.203],
        [111, 0.311],
      ],
      interactions: [
        ['CHF_gCopdCF', 0.191],
        ['SCHIZOPHRENIA_gCopdCF', 0.417],
        ['SCHIZOPHRENIA_CHF', 0.127],
        ['SCHIZOPHRENIA_SEIZURES', 0.573],
      ],
      count: null,
      raw: 3.281,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.segment} ${c.raw.toFixed(3)}`, () => {
      const result = score2023(c.facts, c.codes);
      expect(result.segment).toBe(c.segment);
      expect(result.models.map((m) => [m.model, m.mappingYear])).toEqual([['V24', 2023]]);
      const [v24] = result.models;
      expect(v24?.demographicTerms.map((t) => [t.variable, t.coefficient])).toEqual(c.demographic);
      expect(v24?.hccs.map((h) => [h.hcc, h.coefficient])).toEqual(c.hccs);
      expect(v24?.interactions.map((t) => [t.variable, t.coefficient])).toEqual(c.interactions);
      expect(v24?.countTerm === null ? null : [v24?.countTerm.variable, v24?.countTerm.coefficient]).toEqual(c.count);
      expect(v24?.rawScore).toBe(c.raw);
      expect(v24?.segmentScores[c.segment]).toBe(c.raw);
    });
  }

  // January–June 2022 reported without Part B, July–December with it.
  const newEnrollee = (facts: ProfileFacts): ProfileFacts => ({
    ...facts,
    months: yearOfMonths(2022, { partB: true, dualStatus: facts.dualStatus ?? 'NA' }).map((month, index) =>
      index < 6 ? { ...month, partB: false } : month,
    ),
  });

  it('NE: woman of 66 with Medicaid: NE_MCAID_NORIGDIS_NEF66 .897, diagnoses ignored', () => {
    const result = score2023(newEnrollee({ birthDate: '1956-08-20', sex: 'F', orec: '0', dualStatus: '02' }), [
      'I5022',
      'E119',
    ]);
    expect(result.segment).toBe('NE');
    expect(result.models[0]?.demographicTerms).toEqual([{ variable: 'MCAID_NORIGDIS_NEF66', coefficient: 0.897 }]);
    // DIABETES_CHF is 1, but the NE segment has no HCC or interaction factors.
    expect(result.models[0]?.hccs.map((h) => [h.hcc, h.coefficient])).toEqual([
      [19, 0],
      [85, 0],
    ]);
    expect(result.models[0]?.interactions).toEqual([]);
    expect(result.models[0]?.rawScore).toBe(0.897);
  });

  it('NE: originally disabled man of 70 without Medicaid: NE_NMCAID_ORIGDIS_NEM70_74 1.408', () => {
    expect(score2023(newEnrollee({ birthDate: '1952-03-01', sex: 'M', orec: '1' }), []).models[0]?.rawScore).toBe(
      1.408,
    );
  });

  it('NE: a woman of 64 entitled by age takes NEF65 (.520); by disability NEF60_64 (1.122)', () => {
    expect(score2023(newEnrollee({ birthDate: '1958-06-01', sex: 'F', orec: '0' }), []).models[0]?.rawScore).toBe(0.52);
    expect(score2023(newEnrollee({ birthDate: '1958-06-01', sex: 'F', orec: '1' }), []).models[0]?.rawScore).toBe(
      1.122,
    );
  });

  it('SNPNE: the woman of 66 with Medicaid in a chronic-condition SNP: SNPNE_MCAID_NORIGDIS_NEF66 1.375', () => {
    const facts = newEnrollee({ birthDate: '1956-08-20', sex: 'F', orec: '0', dualStatus: '02' });
    const result = score2023(facts, [], { chronicSnp: true });
    expect(result.segment).toBe('SNPNE');
    expect(result.models[0]?.rawScore).toBe(1.375);
  });

  it('normalises and coding-adjusts a 2023 V24 score: CND 2.164 ÷ 1.127 → 1.920 × .941 → 1.807', () => {
    // 2.164 ÷ 1.127 = 1.92014 → 1.920; 1.920 × (1 − .059) = 1.80672 → 1.807; V24 is the whole 2023 blend.
    const cnd = score2023({ birthDate: '1975-06-15', sex: 'M', orec: '1' }, ['E119', 'I5022', 'F209', 'F1020', 'N184']);
    const { payment } = cnd;
    expect(payment?.models.map((m) => [m.model, m.blendWeight, m.normalizedScore, m.maPaymentScore])).toEqual([
      ['V24', 1, 1.92, 1.807],
    ]);
    expect(payment?.blendedMaPaymentScore).toBe(1.807);
    expect(payment?.confidence).toBe('high');
  });

  it('refuses V28 for 2023: its mapping has no V28 HCCs', () => {
    expect(() =>
      scoreMember({ profile: profile({ birthDate: '1950-01-01', sex: 'F', orec: '0' }), claims: [] }, tables, {
        paymentYear: 2023,
        models: ['V28'],
      }),
    ).toThrow(/2023 has no V28 HCCs/);
  });
});

describe("CMS's development beneficiary P_NE through the engine", () => {
  it('a man of 51 (OREC 1) with five months of Part B in 2025 is a new enrollee: NE .906; his CNA score 1.136', () => {
    // January–July reported without Part A or B, August–December with both.
    const facts: ProfileFacts = {
      birthDate: '1975-01-01',
      sex: 'M',
      orec: '1',
      months: yearOfMonths(2025, { partA: true, partB: true }).map((month, index) =>
        index < 7 ? { ...month, partA: false, partB: false } : month,
      ),
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
  it('scores a member with no enrolment reported as a continuing enrollee, and says it assumed Part B', () => {
    // F75_79 .465 + HCC38 .166 + HCC226 .360 + DIABETES_HF .112 + D2 0 = 1.103 (V28 CNA, payment year 2026)
    const noFeed = profile({ birthDate: '1950-01-01', sex: 'F', orec: '0', months: [] });
    const result = scoreMember({ profile: noFeed, claims: [visit('V1', '2025-06-02', ['E119', 'I5022'])] }, tables, {
      paymentYear: 2026,
    });
    expect(result.status).toMatchObject({
      newEnrollee: false,
      partBMonthsInDiagnosisYear: 0,
      partBUnreportedMonthsInDiagnosisYear: 12,
    });
    expect(result.segment).toBe('CNA');
    expect(result.models[0]?.rawScore).toBe(1.103);
    expect(result.notes).toContain(
      'Months of 2025: 0 with Part B, 0 without (reported so, or missing from the enrolment reported), 12 saying nothing of Part B. Months saying nothing of Part B are assumed to have it, so scored as a continuing enrollee.',
    );
  });

  it('scores a member with months without Part B as a new enrollee, and says why', () => {
    // March 2025 reported without Part B, April–December with it, January–February missing (not yet enrolled).
    const months = yearOfMonths(2025, { partA: true, partB: true })
      .slice(2)
      .map((month, index) => (index === 0 ? { ...month, partB: false } : month));
    const member = profile({ birthDate: '1950-01-01', sex: 'F', orec: '0', months });
    const result = scoreMember({ profile: member, claims: [visit('V1', '2025-06-02', ['E119'])] }, tables, {
      paymentYear: 2026,
    });
    expect(result.segment).toBe('NE');
    // NMCAID_NORIGDIS_NEF75_79 (V28 NE) for a woman of 76 without Medicaid.
    expect(result.models[0]?.demographicTerms.map((t) => t.variable)).toEqual(['NMCAID_NORIGDIS_NEF75_79']);
    expect(result.notes).toContain(
      'Months of 2025: 9 with Part B, 3 without (reported so, or missing from the enrolment reported), 0 saying nothing of Part B. Fewer than 12 months of Part B makes a new enrollee: scored on demographics only.',
    );
  });

  it('says when the eligible CPT/HCPCS list is not of the diagnosis year, and not when it is', () => {
    const member = profile({ birthDate: '1950-01-01', sex: 'F', orec: '0' });
    const claims = [visit('V1', '2025-06-02', ['E119'])];
    const withList2026 = scoreMember({ profile: member, claims }, tables, { paymentYear: 2026 });
    expect(tables.eligibleProcedureCodes.listYear).toBe(2026);
    expect(withList2026.notes).toContain(
      "Diagnoses of 2025 filtered with CMS's 2026 risk-adjustment-eligible CPT/HCPCS list, the only one vendored; CMS's 2025 list may differ.",
    );
    // Payment year 2023 reads 2022's claims with the same 2026 list.
    const member2023 = profile({ birthDate: '1950-01-01', sex: 'F', orec: '0', years: [2022, 2023] });
    const py2023 = scoreMember({ profile: member2023, claims: [visit('V1', '2022-06-02', ['E119'])] }, tables, {
      paymentYear: 2023,
    });
    expect(py2023.notes.filter((note) => note.includes('CPT/HCPCS'))).toEqual([
      "Diagnoses of 2022 filtered with CMS's 2026 risk-adjustment-eligible CPT/HCPCS list, the only one vendored; CMS's 2022 list may differ.",
    ]);
    // Were the list the diagnosis year's own (tables as if CMS's 2025 list were vendored), nothing is said.
    const list2025 = { ...tables, eligibleProcedureCodes: { ...tables.eligibleProcedureCodes, listYear: 2025 } };
    const withList2025 = scoreMember({ profile: member, claims }, list2025, { paymentYear: 2026 });
    expect(withList2025.notes.some((note) => note.includes('CPT/HCPCS'))).toBe(false);
    expect(withList2025.models[0]?.rawScore).toBe(withList2026.models[0]?.rawScore);
  });

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
