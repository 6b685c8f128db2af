/**
 * Every eCQM development case (98 bundles, 2026 performance period): MeasureReport stripped, the rest mapped
 * through the FHIR mapper, evaluated, and compared with the expected populations — except the documented known
 * divergences (none today), asserted exactly. The cases check the implementation of the CQL; they are not its
 * specification.
 */
import { describe, expect, it } from 'vitest';
import { DEV_CASES, DEV_CASE_PERIOD, EXPECTED_RESULTS, type DevCase } from './__fixtures__/dev-cases.js';
import { KNOWN_DIVERGENCES } from './__fixtures__/known-divergences.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import type { Populations } from './types.js';

function format(p: Populations): string {
  return [p.initialPopulation, p.denominator, p.denominatorExclusion, p.denominatorException, p.numerator]
    .map(Number)
    .join(' ');
}

function actualOf(devCase: DevCase): string {
  const result = evaluateMeasure(devCase.measureId, devCase.facts, DEV_CASE_PERIOD, terminology);
  return result.evaluable ? format(result.populations) : 'not evaluable';
}

describe('eCQM development cases (2026)', () => {
  it('has the 98 bundles, each with the expected results the published CSV lists', () => {
    expect(DEV_CASES).toHaveLength(98);
    expect(EXPECTED_RESULTS.size).toBe(98);
    for (const devCase of DEV_CASES) {
      const row = EXPECTED_RESULTS.get(devCase.file);
      const csv = [
        row?.initial_population,
        row?.denominator,
        row?.denominator_exclusion,
        row?.denominator_exception,
        row?.numerator,
      ].map((count) => (count === '' || count === undefined ? '0' : count));
      expect(csv.join(' '), devCase.file).toBe(format(devCase.expected));
      expect(row?.patient_id, devCase.file).toBe(devCase.patientId);
    }
  });

  it('maps every resource but the ones that only feed supplemental data (payer, organisation, practitioner)', () => {
    const unmapped = new Set(DEV_CASES.flatMap((devCase) => devCase.unmapped));
    expect([...unmapped].sort()).toEqual(['Coverage', 'Organization', 'Practitioner']);
  });

  it.each(DEV_CASES.filter((c) => !KNOWN_DIVERGENCES.some((d) => d.file === c.file)).map((c) => [c.file, c] as const))(
    '%s',
    (_file, devCase) => {
      expect(actualOf(devCase)).toBe(format(devCase.expected));
    },
  );

  it('diverges exactly where the known-divergences table says, in the way it says', () => {
    const diverging = DEV_CASES.filter((devCase) => actualOf(devCase) !== format(devCase.expected)).map((devCase) => ({
      file: devCase.file,
      expected: format(devCase.expected),
      actual: actualOf(devCase),
    }));
    expect(diverging).toEqual(KNOWN_DIVERGENCES.map(({ file, expected, actual }) => ({ file, expected, actual })));
  });

  it('relies on no approximation: every result of a case is decided by what its FHIR resources state', () => {
    const noted = DEV_CASES.flatMap((devCase) => {
      const result = evaluateMeasure(devCase.measureId, devCase.facts, DEV_CASE_PERIOD, terminology);
      return result.notes.map((note) => `${devCase.file}: ${note}`);
    });
    expect(noted).toEqual([]);
  });
});
