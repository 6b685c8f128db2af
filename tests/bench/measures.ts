/**
 * Quality measures: patient-measure evaluations per second — every member through all five 2026 eCQMs (CMS122,
 * CMS125, CMS130, CMS165, CMS2) for the 2025 period, from their clinical events, claims and profile. Terminology
 * loading is not timed.
 */
import type { SectionResult } from './results.js';
import {
  MEASURE_IDS,
  evaluateMeasures,
  loadEcqmValueSets,
  loadMeasureTerminology,
  readReferenceText,
  type PatientFacts,
} from '@benchline/workers';
import { benchPopulation, describePopulation, formatSeconds, median, RUNS, timeRuns } from './common.js';

const PERIOD = { start: '2025-01-01', end: '2025-12-31' } as const;
/** Evaluation is per patient, so a fifth of the population gives the same rate in a fifth of the time. */
const MEMBERS = 2_000;

export function benchMeasures(): SectionResult {
  const members = benchPopulation().slice(0, MEMBERS);
  const facts: PatientFacts[] = members.map((m) => ({
    memberId: m.profile.memberId,
    profile: m.profile,
    clinical: m.clinical,
    claims: m.claims,
  }));
  const terminology = loadMeasureTerminology(readReferenceText, loadEcqmValueSets());
  const inDenominator = new Map<string, number>();
  const inNumerator = new Map<string, number>();
  for (const patient of facts) {
    for (const result of evaluateMeasures(MEASURE_IDS, patient, PERIOD, terminology)) {
      const counted = result.populations.denominator && !result.populations.denominatorExclusion;
      inDenominator.set(result.measureId, (inDenominator.get(result.measureId) ?? 0) + (counted ? 1 : 0));
      inNumerator.set(
        result.measureId,
        (inNumerator.get(result.measureId) ?? 0) + (counted && result.populations.numerator ? 1 : 0),
      );
    }
  }
  const seconds = timeRuns(() => {
    for (const patient of facts) {
      evaluateMeasures(MEASURE_IDS, patient, PERIOD, terminology);
    }
  });
  const evaluations = facts.length * MEASURE_IDS.length;
  const evaluationsPerSecond = evaluations / median(seconds);
  const markdown = [
    `## Quality measures (2026 eCQMs over ${PERIOD.start} … ${PERIOD.end})`,
    '',
    `Every member of ${describePopulation(members)} through ${MEASURE_IDS.join(', ')}. Median of ${RUNS} runs after a warm-up.`,
    '',
    '| Measurement | Patient-measure evaluations | Evaluations/s | Seconds per run |',
    '| --- | ---: | ---: | --- |',
    `| evaluateMeasures, all five | ${evaluations.toLocaleString('en-US')} | ${Math.round(evaluations / median(seconds)).toLocaleString('en-US')} | ${formatSeconds(seconds)} |`,
    '',
    `Rates on the generated population (numerator ÷ denominator after exclusions): ${MEASURE_IDS.map((id) => {
      const den = inDenominator.get(id) ?? 0;
      return `${id} ${den > 0 ? (((inNumerator.get(id) ?? 0) / den) * 100).toFixed(1) : '–'}% of ${den}`;
    }).join('; ')}.`,
    '',
  ];
  return { id: 'measures', markdown, metrics: { evaluationsPerSecond } };
}
