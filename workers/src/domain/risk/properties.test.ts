/**
 * Properties of a model run over random diagnosis sets drawn from real codes (heavy on the hierarchies: heart,
 * diabetes, kidney, cancer, liver, lung, skin), plus codes that map to nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tables } from './__fixtures__/members.js';
import { demographicsFor } from './demographics.js';
import { runModel } from './score.js';
import type { HccModel } from './types.js';

const CODES = [
  ...['I5022', 'I5023', 'I5021', 'I509', 'I110', 'Z95811', 'I4891', 'I219'],
  ...['E119', 'E1122', 'E1165', 'E1052', 'E1010'],
  ...['N184', 'N185', 'N186', 'N1831', 'N1832'],
  ...['C3490', 'C50911', 'C7951', 'C787', 'D6861'],
  ...['I8500', 'K7031', 'K7460', 'E035', 'G931'],
  ...['J449', 'J9611', 'J84112', 'J439', 'J690'],
  ...['L89154', 'L89153', 'L97411', 'F209', 'F1020', 'F332', 'G35', 'G20A1', 'A419'],
  ...['I10', 'Z0000', 'R69', 'E785'],
];

const codeSets = fc.uniqueArray(fc.constantFrom(...CODES), { minLength: 0, maxLength: 12 });
const models = fc.constantFrom<HccModel>('V24', 'V28');
const people = fc.record({
  birthDate: fc.constantFrom('1940-05-05', '1952-10-10', '1970-01-01', '2012-03-03'),
  sex: fc.constantFrom<'F' | 'M'>('F', 'M'),
  orec: fc.constantFrom<'0' | '1'>('0', '1'),
});

function run(person: { birthDate: string; sex: 'F' | 'M'; orec: '0' | '1' }, codes: string[], model: HccModel) {
  return runModel(
    {
      demographics: demographicsFor(person.birthDate, person.sex, person.orec, 2026),
      institutionalMedicaid: false,
      newEnrolleeMedicaid: false,
      diagnoses: codes.map((icd10) => ({ icd10, evidence: [] })),
    },
    tables,
    model,
    2026,
  );
}

describe('model runs', () => {
  it('do not depend on the order of the diagnoses', () => {
    const codesAndShuffle = codeSets.chain((codes) =>
      fc.tuple(fc.constant(codes), fc.shuffledSubarray(codes, { minLength: codes.length })),
    );
    fc.assert(
      fc.property(people, codesAndShuffle, models, (person, [codes, shuffled], model) => {
        const a = run(person, codes, model);
        const b = run(person, shuffled, model);
        expect(b.hccs.map((h) => h.hcc)).toEqual(a.hccs.map((h) => h.hcc));
        expect(b.interactions).toEqual(a.interactions);
        expect(b.segmentScoresThousandths).toEqual(a.segmentScoresThousandths);
      }),
      { numRuns: 300 },
    );
  });

  it('never lose an HCC when a diagnosis is added, except to a hierarchy', () => {
    fc.assert(
      fc.property(people, codeSets, fc.constantFrom(...CODES), models, (person, codes, extra, model) => {
        const before = run(person, codes, model);
        const after = run(person, [...codes, extra], model);
        const kept = new Set(after.hccs.map((h) => h.hcc));
        for (const { hcc } of before.hccs) {
          if (!kept.has(hcc)) {
            expect(
              after.superseded.some((s) => s.hcc === hcc),
              `HCC${hcc} lost after adding ${extra}`,
            ).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
