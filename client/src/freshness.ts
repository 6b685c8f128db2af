/** Per-source freshness in words ("claims paid through Nov 14, 2026"), so every number says what data it rests on. */
import type { PanelFactsSummary, SourceFreshness } from '@benchline/shared';
import { formatDay } from './format.js';

export interface SourceFreshnessLine {
  source: 'claims' | 'clinical' | 'enrollment' | 'roster';
  text: string;
  known: boolean;
}

/** One line per source the patient panel reports, saying so when a source has sent nothing for the patient. */
export function panelFreshness(summary: PanelFactsSummary): SourceFreshnessLine[] {
  const line = (
    source: SourceFreshnessLine['source'],
    date: string | null,
    known: (day: string) => string,
    unknown: string,
  ): SourceFreshnessLine => ({ source, known: date !== null, text: date === null ? unknown : known(formatDay(date)) });
  return [
    line('claims', summary.latestClaimPaidDate, (d) => `claims paid through ${d}`, 'no claims yet'),
    line('clinical', summary.latestClinicalDate, (d) => `clinical data through ${d}`, 'no clinical data yet'),
    line('enrollment', summary.enrollmentAsOf, (d) => `enrolment as of ${d}`, 'no enrolment record'),
    line('roster', summary.rosterAsOf, (d) => `payer roster as of ${d}`, 'on no payer roster'),
  ];
}

/** The tenant's sources (the live freshness view), in the same words. */
export function tenantFreshness(freshness: SourceFreshness): SourceFreshnessLine[] {
  return panelFreshness({
    onFile: true,
    memberRecords: 0,
    claims: 0,
    cancelledClaims: 0,
    clinicalEvents: 0,
    rosterRows: 0,
    worklistActions: 0,
    latestClaimPaidDate: freshness.claimsPaidThrough,
    latestServiceDate: null,
    latestClinicalDate: freshness.clinicalThrough,
    enrollmentAsOf: freshness.enrollmentAsOf,
    rosterAsOf: freshness.rosterAsOf,
  }).map((line) => (line.source === 'roster' && !line.known ? { ...line, text: 'no payer rosters yet' } : line));
}
