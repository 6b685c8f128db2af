/**
 * Bulk NDJSON ingest against the real stack: every line answered in order, a bad line never blocks the others,
 * a streamed 100,000-line body, and the same file posted twice at once storing each event exactly once.
 */
import type { CanonicalEvent, ClaimEvent } from '@benchline/shared';
import { monthOf, toCents } from '@benchline/shared';
import { eventKeyOf } from '@benchline/shared/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco } from '../../tools/src/demo/demo-data.js';
import { aClaim } from '../support/claims.js';
import { postBulk, toNdjson } from '../support/ndjson.js';
import { startStack, type TestStack } from '../support/start-stack.js';

/** A tenant of its own for the test that posts one file twice, so nothing else this file stores is counted. */
const TWICE = 'bulk-twice';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ tenants: [TWICE] });
});
afterAll(async () => {
  await stack.close();
});

function generatedEvents(seed: number): CanonicalEvent[] {
  const aco = demoAco({ members: 25, months: 4, seed, endMonth: '2026-04' });
  const events: CanonicalEvent[] = [...aco.providers];
  for (const bundle of aco.members()) {
    events.push(bundle.member, ...bundle.claims, ...bundle.clinical);
  }
  return events;
}

describe('POST /api/v1/events/bulk', () => {
  it('answers every line in order and stores every kind the generator writes', async () => {
    const events = generatedEvents(3);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['provider', 'member', 'claim', 'clinical']));
    const answer = await postBulk(stack.url, stack.apiKey, toNdjson(events));
    expect(answer.status).toBe(200);
    expect(answer.summary).toEqual({ lines: events.length, accepted: events.length, duplicate: 0, rejected: 0 });
    expect(answer.results.map((r) => r.line)).toEqual(events.map((_, i) => i + 1));
    expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(events.length);
  });

  it('rejects a bad line with its number, path and reason, and stores the lines around it', async () => {
    const body = [
      JSON.stringify(aClaim({ claimId: 'B-1' })),
      '{"kind": "claim", "claimId": ',
      JSON.stringify({ ...aClaim({ claimId: 'B-3' }), kind: 'invoice' }),
      '',
      JSON.stringify({ ...aClaim({ claimId: 'B-5' }), diagnoses: ['E11.9', 'not-a-code'] }),
      JSON.stringify(aClaim({ claimId: 'B-6', diagnoses: ['e11.9'] })),
    ].join('\n');
    const answer = await postBulk(stack.url, stack.apiKey, body);
    expect(answer.summary).toEqual({ lines: 5, accepted: 2, duplicate: 0, rejected: 3 });
    const byLine = new Map(answer.results.map((r) => [r.line, r]));
    expect(byLine.get(1)?.status).toBe('accepted');
    expect(byLine.get(2)?.error?.code).toBe('MALFORMED_JSON');
    expect(byLine.get(3)?.error?.issues).toEqual([expect.objectContaining({ path: '/kind', reason: 'enum' })]);
    expect(byLine.has(4)).toBe(false); // blank lines are not events
    expect(byLine.get(5)?.error?.issues).toEqual([
      expect.objectContaining({ path: '/diagnoses/1', reason: 'pattern' }),
    ]);
    expect(byLine.get(6)?.status).toBe('accepted'); // "e11.9" is normalised to E119
  });

  it('streams a 100,000-line body through and accepts every line', async () => {
    // Acceptance only: no workers, so the test measures nothing but ingest (the pipeline has its own tests).
    const ingestOnly = await startStack({ workers: false });
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      lines.push(JSON.stringify(aClaim({ claimId: `BULK-${i}`, paidAmount: 1 + (i % 100) })));
    }
    try {
      const answer = await postBulk(ingestOnly.url, ingestOnly.apiKey, lines.join('\n'));
      expect(answer.summary).toEqual({ lines: 100_000, accepted: 100_000, duplicate: 0, rejected: 0 });
    } finally {
      await ingestOnly.close();
    }
  }, 120_000);

  it('stores each event once when the same file is posted twice at the same time', async () => {
    const events = generatedEvents(4);
    const distinct = new Set(events.map(eventKeyOf)).size;
    expect(distinct).toBe(events.length);
    const stream = stack.keys.events(TWICE);
    const before = await stack.redis.xlen(stream);
    const body = toNdjson(events);
    const apiKey = stack.apiKeyFor(TWICE);
    const [first, second] = await Promise.all([postBulk(stack.url, apiKey, body), postBulk(stack.url, apiKey, body)]);
    expect(first.summary?.rejected).toBe(0);
    expect(second.summary?.rejected).toBe(0);
    // Line by line, exactly one of the two requests stored it.
    first.results.forEach((result, i) => {
      expect([result.status, second.results[i]?.status].sort()).toEqual(['accepted', 'duplicate']);
    });
    expect(
      new Set(first.results.map((r, i) => (r.status === 'accepted' ? r : second.results[i])?.eventIds?.[0])).size,
    ).toBe(events.length);
    // The event store grew by each distinct event exactly once: a second application would show here.
    expect((await stack.redis.xlen(stream)) - before).toBe(distinct);
    await stack.drained({ timeoutMs: 15_000 });
    const client = await stack.connect({ tenantId: TWICE });
    try {
      const state = await client.subscribe('spend');
      expect(state.snapshot.months).toEqual(spendOf(events.filter((e): e is ClaimEvent => e.kind === 'claim')));
    } finally {
      client.close();
    }
  });

  it('refuses a body that is not NDJSON', async () => {
    const answer = await postBulk(stack.url, stack.apiKey, '[]', 'application/json');
    expect(answer.status).toBe(415);
  });
});

/**
 * The paid roll-up the claims add up to, summed here from the claims themselves: each claim's highest version,
 * unless it is a cancel, counted once in the month of its through date, in integer cents.
 */
function spendOf(claims: readonly ClaimEvent[]): Record<string, { paidCents: number; claims: number }> {
  const latest = new Map<string, ClaimEvent>();
  for (const claim of claims) {
    const seen = latest.get(claim.claimId);
    if (seen === undefined || claim.version > seen.version) {
      latest.set(claim.claimId, claim);
    }
  }
  const months: Record<string, { paidCents: number; claims: number }> = {};
  for (const claim of latest.values()) {
    if (claim.adjustment === 'cancel') {
      continue;
    }
    const cell = (months[monthOf(claim.throughDate)] ??= { paidCents: 0, claims: 0 });
    cell.paidCents += toCents(claim.paidAmount);
    cell.claims += 1;
  }
  return months;
}
