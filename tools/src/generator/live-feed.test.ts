import type { CanonicalEvent } from '@benchline/shared';
import { eventKeyOf } from '@benchline/shared/backend';
import { describe, expect, it } from 'vitest';
import { createSyntheticAco } from './generator.js';
import { createLiveFeed } from './live-feed.js';
import { loadGeneratorReference } from './load-reference.js';

const reference = loadGeneratorReference();
const options = { members: 120, months: 15, seed: 5, endMonth: '2025-04' } as const;

/** The idempotency key ingest uses: one per distinct event. */
const key = (event: CanonicalEvent): string => eventKeyOf(event);

describe('live feed', () => {
  it('delivers exactly what a batch run one month longer adds (claims and clinical events)', () => {
    const batch = createSyntheticAco(options, reference);
    const longer = createSyntheticAco({ ...options, months: options.months + 1, endMonth: '2025-05' }, reference);
    const before = new Set<string>();
    for (const bundle of batch.members()) {
      for (const event of [...bundle.claims, ...bundle.clinical]) {
        before.add(key(event));
      }
    }
    const added = new Map<string, string>();
    for (const bundle of longer.members()) {
      for (const event of [...bundle.claims, ...bundle.clinical]) {
        if (!before.has(key(event))) {
          added.set(key(event), JSON.stringify(event));
        }
      }
    }
    const feed = createLiveFeed(batch);
    const delivered = feed
      .next('2025-05-31')
      .filter((item) => item.event.kind === 'claim' || item.event.kind === 'clinical');
    expect(delivered.length).toBeGreaterThan(100);
    expect(new Map(delivered.map((item) => [key(item.event), JSON.stringify(item.event)]))).toEqual(added);
  });

  it('moves forward only, in order, and never repeats an event', () => {
    const feed = createLiveFeed(createSyntheticAco(options, reference));
    expect(feed.startsAfter).toBe('2025-04-30');
    expect(feed.clock).toBe('2025-04-30');
    const seen = new Set<string>();
    for (const day of ['2025-05-01', '2025-05-02', '2025-05-02', '2025-05-09', '2025-06-03', '2025-07-01']) {
      const previous = feed.clock;
      const items = feed.next(day);
      for (const item of items) {
        expect(item.availableOn > previous && item.availableOn <= day).toBe(true);
        expect(seen.has(key(item.event))).toBe(false);
        seen.add(key(item.event));
      }
      expect(items.map((i) => i.availableOn)).toEqual([...items.map((i) => i.availableOn)].sort());
      expect(feed.clock).toBe(day);
    }
    expect(seen.size).toBeGreaterThan(500);
    expect(() => feed.next('2025-06-30')).toThrow(/only moves forward/);
    expect(() => feed.next('2099-01-01')).toThrow(/runs until/);
  });

  it('mixes new claims, run-out, adjustments, lab results and roster changes', () => {
    const feed = createLiveFeed(createSyntheticAco({ ...options, members: 300 }, reference));
    const items = feed.next('2025-08-31');
    const claims = items.flatMap((i) => (i.event.kind === 'claim' ? [i.event] : []));
    expect(claims.some((c) => c.throughDate <= '2025-04-30')).toBe(true); // run-out of services before the as-of date
    expect(claims.some((c) => c.fromDate > '2025-04-30')).toBe(true); // new services
    expect(claims.some((c) => c.adjustment !== 'original')).toBe(true);
    expect(items.some((i) => i.event.kind === 'clinical' && i.event.source === 'lab')).toBe(true);
    const rosters = items.flatMap((i) => (i.event.kind === 'member' ? [i.event] : []));
    expect(rosters.length).toBeGreaterThan(0);
    expect(rosters.every((m) => m.asOf === items.find((i) => i.event === m)?.availableOn)).toBe(true);
    expect(claims.every((c) => c.paidDate === items.find((i) => i.event === c)?.availableOn)).toBe(true);
  });
});
