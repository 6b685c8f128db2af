import { ICD10_CM_PATTERN } from '@benchline/shared';
import { hccsForCode, loadHccLabels } from '@benchline/workers';
import { describe, expect, it } from 'vitest';
import { ROUTINE_DIAGNOSES } from './coding.js';
import { CONDITION_DEFINITIONS, logistic, meanPreservingLogit, solveIntercept } from './conditions.js';
import { createSyntheticAco } from './generator.js';
import { loadGeneratorReference } from './load-reference.js';
import { paymentYearForService } from './reference.js';
import { CONDITION_KEYS } from './types.js';

const reference = loadGeneratorReference();
const map = reference.icd10HccMap;

describe('condition definitions', () => {
  it('name HCCs that exist in the vendored V24 and V28 labels', () => {
    const labels = loadHccLabels();
    for (const key of CONDITION_KEYS) {
      const definition = CONDITION_DEFINITIONS[key];
      if (definition.kind !== 'hcc') {
        continue;
      }
      for (const hcc of definition.v28Hccs) {
        expect(labels.get('V28')?.has(hcc), `${key} V28 ${hcc}`).toBe(true);
      }
      for (const hcc of definition.v24Hccs) {
        expect(labels.get('V24')?.has(hcc), `${key} V24 ${hcc}`).toBe(true);
      }
    }
  });

  it('draw every code of every pool from the CMS mapping, mapping only to the condition’s HCCs', () => {
    for (const key of CONDITION_KEYS) {
      const definition = CONDITION_DEFINITIONS[key];
      if (definition.kind !== 'hcc') {
        continue;
      }
      for (const year of reference.paymentYears) {
        const pool = reference.conditionCodes(key, year);
        expect(pool.tiers.length, `${key} ${year}`).toBeGreaterThan(0);
        for (const tier of pool.tiers) {
          for (const code of tier.codeList) {
            const mapping = hccsForCode(map, year, code);
            expect(mapping, `${code} in ${year}`).toBeDefined();
            const v28 = mapping?.v28 ?? [];
            const v24 = mapping?.v24 ?? [];
            expect(
              v28.some((h) => definition.v28Hccs.includes(h)) || v24.some((h) => definition.v24Hccs.includes(h)),
              code,
            ).toBe(true);
            expect(
              v28.every((h) => definition.v28Hccs.includes(h)),
              `${code} V28 ${v28.join()}`,
            ).toBe(true);
            expect(
              v24.every((h) => definition.v24Hccs.includes(h)),
              `${code} V24 ${v24.join()}`,
            ).toBe(true);
            if (tier.v28 !== null) {
              expect(v28).toContain(tier.v28);
            }
          }
        }
      }
    }
  });

  it('code hypertension from the eCQM Essential Hypertension value set', () => {
    expect(reference.valueSetConditionCodes('hypertension')).toEqual(['I10']);
  });

  it('keep routine visit reasons clear of every HCC and every measure exclusion value set', () => {
    const pattern = new RegExp(ICD10_CM_PATTERN);
    for (const code of Object.values(ROUTINE_DIAGNOSES).flat()) {
      expect(pattern.test(code), code).toBe(true);
      for (const year of reference.paymentYears) {
        expect(hccsForCode(map, year, code), `${code} ${year}`).toBeUndefined();
      }
      expect(reference.measureExclusionIcd10.has(code), code).toBe(false);
    }
  });
});

describe('coded diagnoses on generated claims', () => {
  const aco = createSyntheticAco({ members: 200, months: 24, seed: 3, endMonth: '2025-12' }, reference);

  it('map to an HCC of one of the member’s conditions in the payment year of the service', () => {
    let checked = 0;
    for (let index = 0; index < aco.options.members; index += 1) {
      const bundle = aco.member(index);
      const conditions = aco.timeline(index).context.traits.conditions.map((c) => CONDITION_DEFINITIONS[c.key]);
      for (const claim of bundle.claims) {
        const paymentYear = paymentYearForService(reference, Number(claim.fromDate.slice(0, 4)));
        for (const code of claim.diagnoses) {
          const mapping = hccsForCode(map, paymentYear, code);
          if (mapping === undefined) {
            continue;
          }
          checked += 1;
          const ownedBy = conditions.some(
            (definition) =>
              definition.kind === 'hcc' &&
              (mapping.v28.some((h) => definition.v28Hccs.includes(h)) ||
                mapping.v24.some((h) => definition.v24Hccs.includes(h))),
          );
          expect(ownedBy, `${claim.claimId} ${code} (${paymentYear})`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('are recaptured year over year at the §6 rate (chronic HCCs coded in 2024 and again in 2025)', () => {
    const conditionOf = new Map<string, string>();
    for (const key of CONDITION_KEYS) {
      if (CONDITION_DEFINITIONS[key].kind !== 'hcc') {
        continue;
      }
      for (const year of reference.paymentYears) {
        for (const tier of reference.conditionCodes(key, year).tiers) {
          tier.codeList.forEach((code) => conditionOf.set(code, key));
        }
      }
    }
    let present = 0;
    let recaptured = 0;
    for (let index = 0; index < aco.options.members; index += 1) {
      const { member, claims } = aco.member(index);
      if (member.deathDate !== undefined || member.enrollment.some((m) => m.medicareAdvantage)) {
        continue;
      }
      const coded = (year: string): Set<string> =>
        new Set(
          claims
            .filter((c) => c.fromDate.startsWith(year))
            .flatMap((c) =>
              c.diagnoses.map((code) => conditionOf.get(code)).filter((k): k is string => k !== undefined),
            ),
        );
      const first = coded('2024');
      const second = coded('2025');
      present += first.size;
      recaptured += [...first].filter((key) => second.has(key)).length;
    }
    expect(present).toBeGreaterThan(150);
    // §6 (S20): 65–85% of chronic HCCs are recaptured; the generator aims at ~75–85% by condition.
    expect(recaptured / present).toBeGreaterThan(0.65);
    expect(recaptured / present).toBeLessThan(0.9);
  });
});

describe('prevalence calibration helpers', () => {
  it('solve the intercept that hits a target prevalence', () => {
    const sample = Array.from({ length: 2000 }, (_, i) => ({ logOdds: (i % 5) * 0.3, z: ((i % 7) - 3) / 2 }));
    const intercept = solveIntercept(0.275, sample, 0.6);
    const mean = sample.reduce((sum, s) => sum + logistic(intercept + s.logOdds + 0.6 * s.z), 0) / sample.length;
    expect(mean).toBeCloseTo(0.275, 4);
  });

  it('find the logit whose spread-out propensities average the target', () => {
    const logit = meanPreservingLogit(0.822, 1.2);
    expect(logit).toBeGreaterThan(Math.log(0.822 / 0.178));
  });
});
