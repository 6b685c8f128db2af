/**
 * Per-source freshness: how far each feed's data reaches, from the events themselves. Claims have theirs in the
 * spend fold (paid through); this covers the others. A date in the future (a scheduled procedure, a roster dated
 * ahead) is held to today, so "as of" never claims data that cannot exist yet. Pure: today comes in.
 */
import type { CanonicalEvent } from '@benchline/shared';

export type FreshnessField = 'clinicalThrough' | 'enrollmentAsOf' | 'rosterAsOf';

export function freshnessOf(events: Iterable<CanonicalEvent>, today: string): Partial<Record<FreshnessField, string>> {
  const latest: Partial<Record<FreshnessField, string>> = {};
  const raise = (field: FreshnessField, date: string): void => {
    const held = date > today ? today : date;
    const current = latest[field];
    if (current === undefined || held > current) {
      latest[field] = held;
    }
  };
  for (const event of events) {
    if (event.kind === 'clinical') {
      raise('clinicalThrough', event.effectiveDate);
    } else if (event.kind === 'member') {
      raise('enrollmentAsOf', event.asOf);
    } else if (event.kind === 'roster') {
      raise('rosterAsOf', event.asOf);
    }
  }
  return latest;
}
