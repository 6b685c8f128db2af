/**
 * The care-gap queue read model through the API and the live view: a generated ACO under an MSSP agreement
 * (so gaps carry the attributed TIN and NPI) applied by the pipeline; every filter and page equals the live view's
 * rows filtered and sliced the same way, in the same order; each page is audited with exactly the member ids it
 * shows; freshness per source comes from the events; a new member's gaps reach a subscribed screen as row deltas.
 */
import type { CanonicalEvent, GapQueueRow, SourceFreshness } from '@benchline/shared';
import { applyGapsChange, compareGapRows } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { connectClient, type TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

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
  client = await connectClient(stack.url, stack.tenantId);
  const state = await client.subscribe('gaps');
  all = state.viewId === 'gaps' ? state.snapshot.rows : [];
}, 120_000);
afterAll(async () => {
  client.close();
  await stack.close();
});

async function getPage(query: string, apiKey: string | null = stack.apiKey): Promise<{ status: number; body: Page }> {
  const response = await fetch(`${stack.url}/api/v1/gaps?${query}`, {
    headers: apiKey === null ? {} : { authorization: `Bearer ${apiKey}` },
  });
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
    expect(record.actor).toMatch(/^api-key:[0-9a-f]{16}$/);
  });

  it('answers bad filters with 400 naming the parameter, and no key with 401', async () => {
    const bad = await getPage('tin=12345');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('tin');
    const tooMany = await getPage('limit=501');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('limit');
    expect((await getPage('', null)).status).toBe(401);
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
