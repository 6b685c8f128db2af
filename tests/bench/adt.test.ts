/**
 * The `adt` bench's generated feed (adt-feed.ts) is what the bench claims it is: only A01/A03/A04/A08, deterministic,
 * in event-time order, and — through the same ingest core as POST /api/v1/adt, with an in-memory roster and
 * crosswalk — every message read without a warning and stored for its member, none parked (the MRN-only follow-ups
 * found through what the admissions taught). The bench itself then only times it.
 */
import type { AdtPatientStore, IngestOutcome } from '@benchline/server';
import { ingestAdtMessages } from '@benchline/server';
import { describe, expect, it } from 'vitest';
import { generateAdtFeed, triggerCounts } from './adt-feed.js';

describe('the adt bench feed', () => {
  const feed = generateAdtFeed({ members: 60, seed: 14 });

  it('is deterministic, time-ordered and made of admissions, registrations, updates and discharges', () => {
    expect(generateAdtFeed({ members: 60, seed: 14 }).messages.map((m) => m.text)).toEqual(
      feed.messages.map((m) => m.text),
    );
    expect(feed.members).toHaveLength(60);
    const counts = triggerCounts(feed.messages);
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
    expect(counts.A03).toBe(feed.visits);
    expect(counts.A01 + counts.A04).toBe(feed.visits);
    expect(feed.messages.every((m, i) => i === 0 || feed.messages[i - 1]!.at <= m.at)).toBe(true);
  });

  it('is read without a warning and stored for its members by the ingest core, none parked', async () => {
    const known = new Set(feed.members.map((m) => m.memberId));
    const crosswalk = new Map<string, string>();
    const patients: AdtPatientStore = {
      facts: async () => ({ knownMembers: known, crosswalk: new Map(crosswalk) }),
      isMember: async (_tenant, memberId) => known.has(memberId),
      learn: async (_tenant, keys, memberId) => {
        keys.forEach((key) => crosswalk.set(key, crosswalk.get(key) ?? memberId));
      },
      link: async () => undefined,
    };
    const stored: string[] = [];
    const results = [];
    // In batches, as the bench posts them: what one batch teaches the crosswalk, the next knows.
    for (let start = 0; start < feed.messages.length; start += 100) {
      results.push(
        ...(await ingestAdtMessages(
          {
            patients,
            review: {
              park: async (_tenant, messages) => messages.map(() => 'parked' as const),
              list: async () => ({ total: 0, items: [] }),
              get: async () => null,
              carrying: async () => [],
              remove: async () => 0,
            },
            store: async (_tenant, units): Promise<IngestOutcome[]> =>
              units.map((unit) => {
                stored.push(...unit.map((event) => (event.kind === 'adt' ? event.memberId : '')));
                return { status: 'accepted', eventIds: ['1-0'] };
              }),
            now: () => new Date('2026-07-01T00:00:00Z'),
          },
          'bench',
          feed.messages.slice(start, start + 100).map((m) => m.text),
        )),
      );
    }
    expect(results.filter((r) => r.status !== 'accepted' || r.issues.length > 0)).toEqual([]);
    expect(stored).toEqual(feed.messages.map((m) => feed.members[m.member]!.memberId));
  });
});
