/**
 * Tenants never see each other: two tenants, each with a generated population ingested with its own key. A user
 * of tenant A asking for B's member (panel over HTTP and the socket, $evaluate-measure) is answered exactly as for
 * an unknown id; A's gap queue, pages and live view, never holds B's members; A's sockets receive nothing of B's
 * view changes; an ingest with B's key lands in B only (whatever the body says); A's admin cannot see, rotate or
 * revoke B's keys and devices, nor see B's users; A's audit trail holds no record of B.
 */
import type { CanonicalEvent, GapQueueRow, MemberEvent, ViewId } from '@benchline/shared';
import { VIEW_ROLES } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_MEMBER } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco, demoEvents } from '../../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../../tools/src/demo/post-events.js';
import type { TestClient } from '../../support/connect-client.js';
import { eventually } from '../../support/eventually.js';
import { auditTrailOf } from '../../support/security.js';
import { startStack, type TestSession, type TestStack } from '../../support/start-stack.js';

const A = 'test-aco';
const B = 'other-aco';

let stack: TestStack;
/** Members of each tenant (B's last member is held back and arrives live in the room test). */
const members = new Map<string, Set<string>>();
let bLate: CanonicalEvent[];
let bLateMember: string;
let aCoordinator: TestSession;
let bCoordinator: TestSession;
let aAdmin: TestSession;
let bAdmin: TestSession;

function memberIdsOf(events: CanonicalEvent[]): Set<string> {
  return new Set(events.flatMap((e) => (e.kind === 'member' ? [e.memberId] : [])));
}

beforeAll(async () => {
  stack = await startStack({ tenants: [B] });
  const aEvents = [...demoEvents(demoAco({ members: 12, months: 12, seed: 7, endMonth: '2026-06' }))];
  const bAll = [...demoEvents(demoAco({ members: 12, months: 12, seed: 8, endMonth: '2026-06' }))];
  bLateMember = [...memberIdsOf(bAll)].at(-1)!;
  bLate = bAll.filter((e) => 'memberId' in e && e.memberId === bLateMember);
  const bEvents = bAll.filter((e) => !('memberId' in e) || e.memberId !== bLateMember);
  members.set(A, memberIdsOf(aEvents));
  members.set(B, memberIdsOf(bEvents));
  // Different populations, or "A never sees B's member" would prove nothing.
  expect([...members.get(A)!].filter((id) => members.get(B)!.has(id) || id === bLateMember)).toEqual([]);
  for (const [tenant, events] of [
    [A, aEvents],
    [B, bEvents],
  ] as const) {
    const tally = await postBulkEvents(events, {
      baseUrl: stack.url,
      apiKey: stack.apiKeyFor(tenant),
      linesPerRequest: 500,
    });
    expect(tally.rejected).toBe(0);
  }
  await stack.drained({ timeoutMs: 60_000 });
  aCoordinator = await stack.signIn({ tenantId: A, role: 'coordinator', userId: 'a-coord' });
  bCoordinator = await stack.signIn({ tenantId: B, role: 'coordinator', userId: 'b-coord' });
  aAdmin = await stack.signIn({ tenantId: A, role: 'admin', userId: 'a-admin' });
  bAdmin = await stack.signIn({ tenantId: B, role: 'admin', userId: 'b-admin' });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

async function json(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const panel = async (session: TestSession, memberId: string) =>
  json(await stack.request(session, `/api/v1/patients/${memberId}/panel`));

async function allGapRows(session: TestSession): Promise<GapQueueRow[]> {
  const rows: GapQueueRow[] = [];
  for (let offset = 0; ; offset += 50) {
    const { status, body } = await json(await stack.request(session, `/api/v1/gaps?limit=50&offset=${offset}`));
    expect(status).toBe(200);
    const page = body.rows as GapQueueRow[];
    rows.push(...page);
    if (page.length < 50) {
      return rows;
    }
  }
}

/** An id shaped like B's that no tenant has. */
const UNKNOWN = '9ZZ9ZZ9ZZ99';

describe("a tenant asking for another tenant's patient", () => {
  it('gets NOT_FOUND over HTTP exactly as for an unknown id, while B itself reads the panel', async () => {
    const bMember = [...members.get(B)!][0]!;
    const own = await panel(bCoordinator, bMember);
    expect(own.status).toBe(200);
    expect(own.body.memberId).toBe(bMember);

    const foreign = await panel(aCoordinator, bMember);
    const unknown = await panel(aCoordinator, UNKNOWN);
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body).replaceAll(bMember, '<id>')).toBe(
      JSON.stringify(unknown.body).replaceAll(UNKNOWN, '<id>'),
    );
    // A's own member reads fine: the 404 is about the tenant, not the route.
    expect((await panel(aCoordinator, [...members.get(A)!][0]!)).status).toBe(200);
  });

  it('gets NOT_FOUND over the socket exactly as for an unknown id', async () => {
    const bMember = [...members.get(B)!][1]!;
    const a = await stack.connect({ tenantId: A, role: 'coordinator', userId: 'a-socket' });
    const b = await stack.connect({ tenantId: B, role: 'coordinator', userId: 'b-socket' });
    try {
      const ownReply = await b.ask('patient:panel', { memberId: bMember });
      expect(ownReply).toMatchObject({ ok: true, data: { memberId: bMember } });
      const foreign = await a.ask('patient:panel', { memberId: bMember });
      const unknown = await a.ask('patient:panel', { memberId: UNKNOWN });
      expect(foreign).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(JSON.stringify(foreign).replaceAll(bMember, '<id>')).toBe(
        JSON.stringify(unknown).replaceAll(UNKNOWN, '<id>'),
      );
    } finally {
      a.close();
      b.close();
    }
  });

  it('gets NOT_FOUND from $evaluate-measure for a subject of B, as for an unknown one', async () => {
    const bMember = [...members.get(B)!][2]!;
    const evaluate = async (session: TestSession, subject: string) =>
      json(
        await stack.request(
          session,
          `/api/v1/fhir/Measure/CMS130/$evaluate-measure?periodStart=2026&periodEnd=2026&subject=Patient/${subject}`,
        ),
      );
    const foreign = await evaluate(aCoordinator, bMember);
    const unknown = await evaluate(aCoordinator, UNKNOWN);
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body).replaceAll(bMember, '<id>')).toBe(
      JSON.stringify(unknown.body).replaceAll(UNKNOWN, '<id>'),
    );
  });
});

describe('the gap queue', () => {
  it("holds only the tenant's own members, page by page and in the live view", async () => {
    const aRows = await allGapRows(aCoordinator);
    const bRows = await allGapRows(bCoordinator);
    expect(aRows.length).toBeGreaterThan(0);
    expect(bRows.length).toBeGreaterThan(0);
    expect(aRows.filter((row) => !members.get(A)!.has(row.memberId))).toEqual([]);
    expect(bRows.filter((row) => !members.get(B)!.has(row.memberId))).toEqual([]);

    // Filtering by a practice of B's finds nothing of B's in A's queue.
    const bTin = bRows.find((row) => row.tin !== null)?.tin;
    if (bTin !== undefined && bTin !== null) {
      const { body } = await json(await stack.request(aCoordinator, `/api/v1/gaps?tin=${bTin}&limit=500`));
      expect((body.rows as GapQueueRow[]).filter((row) => members.get(B)!.has(row.memberId))).toEqual([]);
    }

    const a = await stack.connect({ tenantId: A, role: 'coordinator', userId: 'a-live' });
    try {
      const state = await a.subscribe('gaps');
      const live = state.viewId === 'gaps' ? state.snapshot.rows : [];
      expect(live.map((row) => row.gapId).sort()).toEqual(aRows.map((row) => row.gapId).sort());
    } finally {
      a.close();
    }
  });
});

describe('the rooms', () => {
  it("never carry B's view changes to A's sockets", async () => {
    const views = (Object.keys(VIEW_ROLES) as ViewId[]).filter((view) => VIEW_ROLES[view].includes('admin'));
    const aClients: TestClient[] = [
      await stack.connect({ tenantId: A, role: 'admin', userId: 'a-watcher' }),
      await stack.connect({ tenantId: A, role: 'wall' }),
    ];
    const b = await stack.connect({ tenantId: B, role: 'coordinator', userId: 'b-worker' });
    try {
      for (const view of views) {
        await aClients[0]!.subscribe(view);
        await b.subscribe(view);
      }
      for (const view of ['wall', 'freshness'] as const) {
        await aClients[1]!.subscribe(view);
      }
      // Let A's own connections settle (its presence changed when they connected), then watch from here.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = aClients.map((client) => client.changes.length);

      const tally = await postBulkEvents(bLate, {
        baseUrl: stack.url,
        apiKey: stack.apiKeyFor(B),
        linesPerRequest: 500,
      });
      expect(tally.rejected).toBe(0);
      await stack.drained({ timeoutMs: 30_000 });
      // B's screen gets the new member's gaps, and B's collaboration moves B's leases and presence…
      await eventually(() => expect(JSON.stringify(b.changesOf('gaps'))).toContain(bLateMember));
      expect(await b.ask('lease:claim', { memberId: bLateMember })).toMatchObject({ ok: true });
      expect(await b.ask('presence:update', { page: 'patient', memberId: bLateMember })).toMatchObject({ ok: true });
      await eventually(() => expect(b.changesOf('leases').length).toBeGreaterThan(0));
      await new Promise((resolve) => setTimeout(resolve, 500));
      // …and A's sockets got nothing at all in that time.
      expect(aClients.map((client, i) => client.changes.slice(before[i]))).toEqual([[], []]);
      expect(JSON.stringify(aClients.map((client) => client.changes))).not.toContain(bLateMember);
    } finally {
      for (const client of [...aClients, b]) {
        client.close();
      }
    }
  });
});

describe('ingest', () => {
  it("with B's key lands in B only, whatever the body claims", async () => {
    const lands = async (memberId: string) => ({
      a: await stack.redis.sismember(stack.keys.members(A), memberId),
      b: await stack.redis.sismember(stack.keys.members(B), memberId),
    });
    const single: MemberEvent = { ...VALID_MEMBER, memberId: '7QQ7QQ7QQ71', recordId: 'cross-tenant-1' };
    const one = await fetch(`${stack.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKeyFor(B)}` },
      body: JSON.stringify(single),
    });
    expect(one.status).toBe(202);
    // A body naming another tenant is refused or ignored — never routed there.
    const claiming = await fetch(`${stack.url}/api/v1/members`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKeyFor(B)}` },
      body: JSON.stringify({ ...VALID_MEMBER, memberId: '7QQ7QQ7QQ72', recordId: 'cross-tenant-2', tenantId: A }),
    });
    await claiming.body?.cancel();
    const bulk = await fetch(`${stack.url}/api/v1/events/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${stack.apiKeyFor(B)}` },
      body: `${JSON.stringify({ ...VALID_MEMBER, memberId: '7QQ7QQ7QQ73', recordId: 'cross-tenant-3' })}\n`,
    });
    expect(bulk.status).toBe(200);
    expect(await bulk.text()).toContain('"accepted":1');
    await stack.drained();

    expect(await lands('7QQ7QQ7QQ71')).toEqual({ a: 0, b: 1 });
    expect((await lands('7QQ7QQ7QQ72')).a).toBe(0);
    expect(await lands('7QQ7QQ7QQ73')).toEqual({ a: 0, b: 1 });
    expect((await panel(bCoordinator, '7QQ7QQ7QQ71')).status).toBe(200);
    expect((await panel(aCoordinator, '7QQ7QQ7QQ71')).status).toBe(404);
  });
});

describe("an admin of A and B's credentials", () => {
  it("cannot list, rotate or revoke B's API keys, nor revoke B's devices, nor list B's users", async () => {
    const key = await json(
      await stack.request(bAdmin, '/api/v1/admin/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'B feed' }),
      }),
    );
    expect(key.status).toBe(201);
    const device = await json(
      await stack.request(bAdmin, '/api/v1/admin/devices', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'B lobby' }),
      }),
    );
    expect(device.status).toBe(201);
    const keyId = key.body.id as string;
    const deviceId = device.body.id as string;
    await stack.app.identity.putUser(
      { tenantId: B, userId: 'b-nurse', login: 'b.nurse', name: 'B Nurse', role: 'coordinator', password: 'pw-b' },
      { log2N: 10, r: 8, p: 1 },
    );
    await stack.app.identity.putUser(
      { tenantId: A, userId: 'a-nurse', login: 'a.nurse', name: 'A Nurse', role: 'coordinator', password: 'pw-a' },
      { log2N: 10, r: 8, p: 1 },
    );

    const aKeys = await json(await stack.request(aAdmin, '/api/v1/admin/api-keys'));
    expect(aKeys.status).toBe(200);
    expect(JSON.stringify(aKeys.body)).not.toContain(keyId);
    const aDevices = await json(await stack.request(aAdmin, '/api/v1/admin/devices'));
    expect(JSON.stringify(aDevices.body)).not.toContain(deviceId);
    const aUsers = await json(await stack.request(aAdmin, '/api/v1/admin/users'));
    expect(aUsers.body).toEqual([{ userId: 'a-nurse', login: 'a.nurse', name: 'A Nurse', role: 'coordinator' }]);

    const post = (path: string, body: unknown) =>
      stack.request(aAdmin, path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const unknownId = 'fedcba9876543210';
    for (const id of [keyId, unknownId]) {
      const rotate = await json(await post(`/api/v1/admin/api-keys/${id}/rotate`, { graceSeconds: 0 }));
      expect(rotate, id).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
      const revoke = await json(await stack.request(aAdmin, `/api/v1/admin/api-keys/${id}`, { method: 'DELETE' }));
      expect(revoke, id).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
      const device404 = await json(await stack.request(aAdmin, `/api/v1/admin/devices/${id}`, { method: 'DELETE' }));
      expect(device404, id).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    }
    // B's key and device still work, and B still sees them.
    const ingest = await fetch(`${stack.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.body.secret as string}` },
      body: JSON.stringify({ ...VALID_MEMBER, memberId: '7QQ7QQ7QQ74', recordId: 'cross-tenant-4' }),
    });
    expect(ingest.status).toBe(202);
    const wall = await fetch(`${stack.url}/api/v1/auth/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: device.body.secret }),
    });
    expect(wall.status).toBe(200);
    expect(JSON.stringify((await json(await stack.request(bAdmin, '/api/v1/admin/api-keys'))).body)).toContain(keyId);
    const bUsers = await json(await stack.request(bAdmin, '/api/v1/admin/users'));
    expect(bUsers.body).toEqual([{ userId: 'b-nurse', login: 'b.nurse', name: 'B Nurse', role: 'coordinator' }]);
  });
});

describe('the audit trail', () => {
  it("of A holds no record of B's people, keys or patients — over the API, the export and in Redis", async () => {
    // Something of B's is in B's trail for sure: a panel read by B's coordinator.
    const bMember = [...members.get(B)!][3]!;
    expect((await panel(bCoordinator, bMember)).status).toBe(200);
    const bTrail = await auditTrailOf(stack.redis, stack.keys.audit(B));
    expect(bTrail.some((r) => r.actor === 'user:b-coord' && r.patients === bMember)).toBe(true);

    const bMembers = new Set([...members.get(B)!, bLateMember, '7QQ7QQ7QQ71', '7QQ7QQ7QQ73']);
    const bActors = new Set(bTrail.map((r) => r.actor));
    // A record of B's: by one of B's actors, or reading one of B's patients. (A's own probes for B's ids above
    // are A's records — they name the id asked for as the subject, with nothing read: checked below.)
    const ofB = (record: Record<string, string>) =>
      bActors.has(record.actor ?? '') || (record.patients ?? '').split(',').some((id) => bMembers.has(id));
    const probes = (records: Record<string, string>[]) =>
      records
        .filter((r) => [...bMembers].some((id) => r.subject === id || r.subject === `Patient/${id}`))
        .map((r) => [r.actor, r.outcome, r.patients, r.count])
        .sort();

    const pages: Record<string, string>[] = [];
    let after: string | null = null;
    for (;;) {
      const query: string = after === null ? 'limit=100' : `limit=100&after=${after}`;
      const { status, body } = await json(await stack.request(aAdmin, `/api/v1/admin/audit?${query}`));
      expect(status).toBe(200);
      const records = body.records as Record<string, string>[];
      pages.push(...records);
      if (records.length < 100) {
        break;
      }
      after = body.last as string;
    }
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.some((r) => r.actor === 'user:a-coord')).toBe(true);
    expect(pages.filter(ofB)).toEqual([]);
    // The panel over HTTP, over the socket, $evaluate-measure and the panel of B's newly ingested member.
    expect(probes(pages)).toEqual([
      ['user:a-coord', 'not-found', '', '0'],
      ['user:a-coord', 'not-found', '', '0'],
      ['user:a-coord', 'not-found', '', '0'],
      ['user:a-socket', 'not-found', '', '0'],
    ]);

    const exported = await stack.request(aAdmin, '/api/v1/admin/audit/export');
    expect(exported.status).toBe(200);
    const lines = (await exported.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines.length).toBeGreaterThanOrEqual(pages.length);
    expect(lines.filter(ofB)).toEqual([]);
    expect((await auditTrailOf(stack.redis, stack.keys.audit(A))).filter(ofB)).toEqual([]);
  });
});
