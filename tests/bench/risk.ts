/**
 * Risk scoring: members scored per second by the CMS-HCC engine, full V28 for payment year 2026 — current claim
 * versions, eligible 2025 diagnoses, mapping and edits, hierarchies, interactions, count terms, segment,
 * normalisation. Table loading is not timed.
 */
import { loadCmsHccTables, scoreMember, type MemberRiskInput, type RiskSegment } from '@benchline/workers';
import type { SectionResult } from './results.js';
import { benchPopulation, describePopulation, formatSeconds, median, RUNS, timeRuns } from './common.js';

const PAYMENT_YEAR = 2026;

export function benchRisk(): SectionResult {
  const members = benchPopulation();
  const inputs: MemberRiskInput[] = members.map((m) => ({ profile: m.profile, claims: m.claims }));
  const tables = loadCmsHccTables();
  const segments = new Map<RiskSegment, number>();
  let rawScores = 0;
  let hccs = 0;
  for (const input of inputs) {
    const result = scoreMember(input, tables, { paymentYear: PAYMENT_YEAR });
    segments.set(result.segment, (segments.get(result.segment) ?? 0) + 1);
    rawScores += result.models[0]?.rawScore ?? 0;
    hccs += result.models[0]?.hccs.length ?? 0;
  }
  const seconds = timeRuns(() => {
    for (const input of inputs) {
      scoreMember(input, tables, { paymentYear: PAYMENT_YEAR });
    }
  });
  const membersPerSecond = inputs.length / median(seconds);
  const markdown = [
    `## Risk adjustment (CMS-HCC V28, payment year ${PAYMENT_YEAR})`,
    '',
    `Every member of ${describePopulation(members)} scored from the merged profile and every claim version. Median of ${RUNS} runs after a warm-up.`,
    '',
    '| Measurement | Members | Members/s | Seconds per run |',
    '| --- | ---: | ---: | --- |',
    `| scoreMember, full V28 | ${inputs.length.toLocaleString('en-US')} | ${Math.round(inputs.length / median(seconds)).toLocaleString('en-US')} | ${formatSeconds(seconds)} |`,
    '',
    `Segments: ${[...segments]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([segment, n]) => `${segment} ${n}`)
      .join(
        ', ',
      )}; mean raw score ${(rawScores / inputs.length).toFixed(3)}, mean ${(hccs / inputs.length).toFixed(2)} payment HCCs.`,
    '',
  ];
  return { id: 'risk', markdown, metrics: { membersPerSecond } };
}
