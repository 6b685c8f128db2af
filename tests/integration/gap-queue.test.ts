/**
 * The care-gap queue read model through the API and the live view: a generated ACO under an MSSP agreement
 * (so gaps carry the attributed TIN and NPI) applied by the pipeline; every filter and page equals the live view's
 * rows filtered and sliced the same way, in the same order; each page is audited with exactly the member ids it
 * shows; freshness per source comes from the events; a new member's gaps reach a subscribed screen as row deltas;
 * coordinators' worklist actions put status and coordinator on the rows, filter the queue by both, and move no
 * roll-up.
 */
import type { CanonicalEvent, GapQueueRow, SourceFreshness, WorklistEvent } from '@benchline/shared';
import { applyGapsChange, compareGapRows } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import type { TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestSession, type TestStack } from '../support/start-stack.js';

interface Page {
  version: number;
  total: number;
  rows: GapQueueRow[];
  freshness: SourceFreshness;
}

let stack: TestStack;
let client: TestClient;
let events: CanonicalEvent[];
/** Every open gap, as the live view holds it. */
let all: GapQueueRow[];

const aco = demoAco({ members: 40, months: 18, seed: 31, endMonth: '2026-06' });

beforeAll(async () => {
  stack = await startStack();
  // The generator's own contracts come with it: its MSSP agreement over the participant list attributes patients.
  const generated = [...demoEvents(aco)];
  expect(generated.some((e) => e.kind === 'contract' && e.program === 'mssp')).toBe(true);
  // The last member arrives later, live.
  const lastMember = generated.filter((e) => e.kind === 'member').at(-1)?.memberId;
  events = generated.filter((e) => !('memberId' in e) || e.memberId !== lastMember);
  const tally = await postBulkEvents(events, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
  expect(tally.rejected).toBe(0);
  await stack.drained();
  coordinator = await stack.signIn({ userId: 'user-ana', role: 'coordinator' });
  client = await stack.connect();
  const state = await client.subscribe('gaps');
  all = state.viewId === 'gaps' ? state.snapshot.rows : [];
}, 120_000);
afterAll(async () => {
  client.close();
  await stack.close();
});

let coordinator: TestSession;

async function getPage(query: string, signedIn = true): Promise<{ status: number; body: Page }> {
  const response = signedIn
    ? await stack.request(coordinator, `/api/v1/gaps?${query}`)
    : await fetch(`${stack.url}/api/v1/gaps?${query}`);
  return { status: response.status, body: (await response.json()) as Page };
}

describe('the gap queue', () => {
  it('lists every open gap, highest priority first, in pages that add up to the live view', async () => {
    expect(all.length).toBeGreaterThan(20);
    expect([...all].sort(compareGapRows)).toEqual(all);
    const pages: GapQueueRow[] = [];
    for (let offset = 0; offset < all.length; offset += 17) {
      const { status, body } = await getPage(`limit=17&offset=${offset}`);
      expect(status).toBe(200);
      expect(body.total).toBe(all.length);
      pages.push(...body.rows);
    }
    expect(pages).toEqual(all);
  });

  it('filters by kind, subject, TIN and NPI — alone and together — exactly as the rows say', async () => {
    const attributed = all.find((row) => row.tin !== null && row.npi !== null);
    expect(attributed).toBeDefined();
    const cases: Partial<Record<'kind' | 'subject' | 'tin' | 'npi', string>>[] = [
      { kind: 'measure' },
      { subject: 'CMS130' },
      { kind: 'hcc-recapture' },
      { tin: attributed?.tin ?? '' },
      { npi: attributed?.npi ?? '' },
      { kind: 'measure', tin: attributed?.tin ?? '' },
      { subject: attributed?.subject ?? '', tin: attributed?.tin ?? '', npi: attributed?.npi ?? '' },
    ];
    for (const filter of cases) {
      const expected = all.filter((row) =>
        Object.entries(filter).every(([field, value]) => row[field as 'tin'] === value),
      );
      const { status, body } = await getPage(`${new URLSearchParams(filter).toString()}&limit=500`);
      expect(status, JSON.stringify(filter)).toBe(200);
      expect(body.rows, JSON.stringify(filter)).toEqual(expected);
      expect(body.total).toBe(expected.length);
    }
    // Something is filtered out, and something matches, or the cases prove little.
    const byTin = all.filter((row) => row.tin === attributed?.tin).length;
    expect(byTin).toBeGreaterThan(0);
    expect(byTin).toBeLessThan(all.length);
  });

  it('audits each page with the member ids it shows, and nothing else about them', async () => {
    const { body } = await getPage('limit=5&offset=3');
    const entries = (await stack.redis.xrange(stack.keys.audit(stack.tenantId), '-', '+')) as [string, string[]][];
    const last = entries.at(-1)?.[1] ?? [];
    const record = Object.fromEntries(last.flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1]]] : [])));
    expect(record).toMatchObject({ action: 'gap-queue-read', resource: 'GapQueue', outcome: 'success' });
    expect((record.patients ?? '').split(',').sort()).toEqual([...new Set(body.rows.map((r) => r.memberId))].sort());
    expect(record.actor).toBe('user:user-ana');
  });

  it('answers bad filters with 400 naming the parameter, and no session with 401', async () => {
    const bad = await getPage('tin=12345');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('tin');
    const tooMany = await getPage('limit=501');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('limit');
    expect((await getPage('', false)).status).toBe(401);
  });

  it('says how fresh each source is', async () => {
    const { body } = await getPage('limit=1');
    const latest = (dates: string[]) => (dates.length === 0 ? null : dates.reduce((a, b) => (b > a ? b : a)));
    const today = new Date().toISOString().slice(0, 10);
    const held = (date: string) => (date > today ? today : date);
    expect(body.freshness).toEqual({
      claimsPaidThrough: latest(events.flatMap((e) => (e.kind === 'claim' ? [e.paidDate] : []))),
      clinicalThrough: latest(events.flatMap((e) => (e.kind === 'clinical' ? [held(e.effectiveDate)] : []))),
      enrollmentAsOf: latest(events.flatMap((e) => (e.kind === 'member' ? [held(e.asOf)] : []))),
      rosterAsOf: latest(events.flatMap((e) => (e.kind === 'roster' ? [held(e.asOf)] : []))),
    });
  });

  it('sends a new member’s gaps to a subscribed screen as row deltas', async () => {
    const generated = [...demoEvents(aco)];
    const lastMember = generated.filter((e) => e.kind === 'member').at(-1)?.memberId;
    const hers = generated.filter((e) => 'memberId' in e && e.memberId === lastMember);
    const before = client.changesOf('gaps').length;
    const tally = await postBulkEvents(hers, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
    expect(tally.rejected).toBe(0);
    await stack.drained();
    await eventually(async () => {
      const { body } = await getPage('limit=500');
      let held = { rows: all };
      for (const change of client.changesOf('gaps').slice(before)) {
        held = applyGapsChange(held, change.change);
      }
      expect(held.rows).toEqual(body.rows);
      expect(body.rows.some((row) => row.memberId === lastMember)).toBe(true);
    });
  });
});

describe("the coordinators' worklist on the queue", () => {
  it('filters by coordinator and status, keeps a gap a coordinator closed with its status, and moves no roll-up', async () => {
    const { body: before } = await getPage('limit=500');
    const rollups = await stack.redis.hgetall(stack.keys.rollups(stack.tenantId));
    const members = [...new Set(before.rows.map((row) => row.memberId))];
    expect(members.length).toBeGreaterThan(3);
    const [first, second, third] = members.map((memberId) => before.rows.filter((row) => row.memberId === memberId));
    const waiting = first![0]!;
    const closed = second![0]!;
    const now = new Date();
    const nextWeek = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const action = (actionId: string, row: GapQueueRow, act: WorklistEvent['action']): WorklistEvent => ({
      kind: 'worklist',
      actionId,
      memberId: row.memberId,
      at: now.toISOString(),
      by: 'coord.lead',
      action: act,
    });
    const worklist: CanonicalEvent[] = [
      action('q-assign-1', waiting, { type: 'assign', assignee: 'coord.a' }),
      action('q-assign-2', closed, { type: 'assign', assignee: 'coord.b' }),
      action('q-assign-3', third![0]!, { type: 'assign', assignee: 'coord.a' }),
      action('q-call', waiting, {
        type: 'outreach',
        gapId: waiting.gapId,
        channel: 'phone',
        outcome: 'no-answer',
        nextAttemptOn: nextWeek,
      }),
      action('q-close', closed, { type: 'close', gapId: closed.gapId, reason: 'completed-elsewhere' }),
    ];
    const tally = await postBulkEvents(worklist, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
    expect(tally).toMatchObject({ accepted: worklist.length, rejected: 0 });
    await stack.drained();

    let after: GapQueueRow[] = [];
    await eventually(async () => {
      after = (await getPage('limit=500')).body.rows;
      expect(after.find((row) => row.gapId === closed.gapId)).toMatchObject({
        status: 'closed',
        coordinator: 'coord.b',
      });
    });
    // The coordinator's close is not the measure's: the gap stays in the queue, with its status, last.
    expect(after.map((row) => row.gapId).sort()).toEqual(before.rows.map((row) => row.gapId).sort());
    const closedRow = after.find((row) => row.gapId === closed.gapId)!;
    expect(closedRow.priority).toBeLessThan(0);
    expect(closedRow.explanation).toMatch(/^Closed by coord\.lead on /);
    expect(after.find((row) => row.gapId === waiting.gapId)).toMatchObject({
      status: 'attempted',
      coordinator: 'coord.a',
      attempts: 1,
      lastOutreachAt: now.toISOString(),
      nextAttemptOn: nextWeek,
    });
    expect(await stack.redis.hgetall(stack.keys.rollups(stack.tenantId))).toEqual(rollups);

    const cases: Partial<Record<'kind' | 'coordinator' | 'status', string>>[] = [
      { coordinator: 'coord.a' },
      { coordinator: 'coord.b' },
      { coordinator: '-' },
      { status: 'closed' },
      { status: 'attempted' },
      { status: 'new' },
      { coordinator: 'coord.a', status: 'new' },
      { kind: waiting.kind, coordinator: 'coord.a' },
    ];
    for (const filter of cases) {
      const expected = after.filter((row) =>
        Object.entries(filter).every(([field, value]) =>
          field === 'coordinator' && value === '-' ? row.coordinator === null : row[field as 'status'] === value,
        ),
      );
      const { status, body } = await getPage(`${new URLSearchParams(filter).toString()}&limit=500`);
      expect(status, JSON.stringify(filter)).toBe(200);
      expect(body.rows, JSON.stringify(filter)).toEqual(expected);
      expect(body.total).toBe(expected.length);
    }
    expect(after.filter((row) => row.coordinator === 'coord.a').length).toBeGreaterThan(1);
    expect(after.filter((row) => row.coordinator === null).length).toBeGreaterThan(0);

    // A screen that subscribes now holds the same queue.
    const screen = await stack.connect();
    try {
      const state = await screen.subscribe('gaps');
      expect(state.viewId === 'gaps' ? state.snapshot.rows : []).toEqual(after);
    } finally {
      screen.close();
    }
  });

  it('answers a malformed coordinator or an unknown status with 400 naming it', async () => {
    for (const [query, name] of [
      ['coordinator=coord%20a', 'coordinator'],
      ['coordinator=--', 'coordinator'],
      ['status=done', 'status'],
    ] as const) {
      const { status, body } = await getPage(query);
      expect(status, query).toBe(400);
      expect(JSON.stringify(body)).toContain(name);
    }
  });
});
