/**
 * Working the queue together, through real sockets against real Redis: exactly one coordinator wins a patient
 * however many race for them, leases lapse when their holder stops beating, a stale fencing token is refused,
 * supervisors reassign, presence follows screens across server instances, and every change reaches each client
 * once.
 */
import type { Ack, Lease, LeasesSnapshot, Role, ViewChangedOf } from '@benchline/shared';
import { applyLeasesChange, decideChange } from '@benchline/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import type { TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { startServerProcess } from '../support/server-process.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
const clients: TestClient[] = [];

afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await stack.close();
});

async function coordinator(name: string, options: { url?: string; role?: Role } = {}): Promise<TestClient> {
  const client = await stack.connect(
    { userId: `user-${name}`, name, role: options.role ?? 'coordinator' },
    options.url,
  );
  clients.push(client);
  return client;
}

function leaseOf(reply: Ack<Lease>): Lease {
  if (!reply.ok) {
    throw new Error(`expected a lease, got ${reply.error.code}`);
  }
  return reply.data;
}

/** Replays lease changes on a snapshot as a client store does; fails on a gap. */
function replay(start: { version: number; snapshot: LeasesSnapshot }, changes: ViewChangedOf<'leases'>[]) {
  let { version, snapshot } = start;
  for (const change of changes) {
    const decision = decideChange(version, change);
    expect(decision).not.toBe('gap');
    if (decision === 'apply') {
      snapshot = applyLeasesChange(snapshot, change.change);
      version = change.toVersion;
    }
  }
  return { version, snapshot };
}

describe('leases', () => {
  it('gives a patient to exactly one of fifty racing coordinators, a thousand times over', async () => {
    stack = await startStack({ workers: false });
    const secondUrl = await stack.startAnotherServer();
    // Half on each of two server instances: the race is decided in Redis, not in a process.
    const racers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => coordinator(`c${i}`, i % 2 === 0 ? {} : { url: secondUrl })),
    );
    const tokens = new Set<number>();
    for (let round = 0; round < 1000; round += 1) {
      const memberId = `M${String(round).padStart(5, '0')}`;
      const replies = await Promise.all(racers.map((racer) => racer.ask('lease:claim', { memberId })));
      const winners = replies.filter((reply) => reply.ok);
      expect(winners, `round ${round}`).toHaveLength(1);
      expect(replies.filter((reply) => !reply.ok && reply.error.code === 'LEASE_HELD')).toHaveLength(49);
      tokens.add(leaseOf(winners[0] as Ack<Lease>).token);
    }
    // Every grant took a fresh fencing token.
    expect(tokens.size).toBe(1000);
  }, 120_000);

  it("lets the holder claim again idempotently, and refuses a release with another holder's token", async () => {
    stack = await startStack({ workers: false });
    const [ana, ben] = [await coordinator('ana'), await coordinator('ben')];
    const first = leaseOf(await ana.ask('lease:claim', { memberId: 'M1' }));
    const again = leaseOf(await ana.ask('lease:claim', { memberId: 'M1' }));
    expect(again.token).toBe(first.token);
    expect(await ben.ask('lease:claim', { memberId: 'M1' })).toEqual({
      ok: false,
      error: { code: 'LEASE_HELD', message: 'ana is working this patient' },
    });
    // Ben knows the token (leases are visible to the team) but is not the holder.
    expect(await ben.ask('lease:release', { memberId: 'M1', token: first.token })).toMatchObject({
      ok: false,
      error: { code: 'LEASE_STALE' },
    });
    expect(await ana.ask('lease:release', { memberId: 'M1', token: first.token })).toEqual({ ok: true, data: null });
    const bens = leaseOf(await ben.ask('lease:claim', { memberId: 'M1' }));
    expect(bens.token).toBeGreaterThan(first.token);
    // Ana's old token stays refused now that the patient is Ben's.
    expect(await ana.ask('lease:release', { memberId: 'M1', token: first.token })).toMatchObject({
      ok: false,
      error: { code: 'LEASE_STALE' },
    });
  });

  it('frees a patient within the TTL when the holder stops beating, and keeps it while it beats', async () => {
    stack = await startStack({ workers: false, server: { leaseTtlMs: 1500, collaborationSweepMs: 100 } });
    const [ana, ben, watcher] = [await coordinator('ana'), await coordinator('ben'), await coordinator('watcher')];
    const start = await watcher.subscribe('leases');
    leaseOf(await ana.ask('lease:claim', { memberId: 'BEATING' }));
    leaseOf(await ben.ask('lease:claim', { memberId: 'SILENT' }));

    // Ana beats (as the client does every TTL/4); Ben's tab froze: connected, but silent.
    const claimedAt = Date.now();
    while (Date.now() - claimedAt < 3500) {
      const beat = await ana.ask('session:heartbeat', {});
      expect(beat.ok && beat.data.leases.map((l) => l.memberId)).toEqual(['BEATING']);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const final = await watcher.subscribe('leases');
    expect(final.snapshot.leases.map((l) => l.memberId)).toEqual(['BEATING']);
    await eventually(() => expect(replay(start, watcher.changesOf('leases')).snapshot).toEqual(final.snapshot));
    // The heartbeat tells Ben what he lost.
    const bens = await ben.ask('session:heartbeat', {});
    expect(bens.ok && bens.data.leases).toEqual([]);
  });

  it('releases on disconnect, and a client killed without closing frees its patient and its presence', async () => {
    stack = await startStack({ workers: false, server: { leaseTtlMs: 2000, collaborationSweepMs: 100 } });
    const watcher = await coordinator('watcher');
    const ana = await coordinator('ana');
    leaseOf(await ana.ask('lease:claim', { memberId: 'M1' }));
    ana.close();
    await eventually(async () => expect((await watcher.subscribe('leases')).snapshot.leases).toEqual([]));

    // A second instance that dies with its clients' leases: nobody is left to see the disconnect, so the TTL and
    // the surviving instance's sweep free them.
    const doomed = await startServerProcess({
      redisUrl: stack.redisUrl,
      prefix: stack.prefix,
      apiKeys: `${stack.tenantId}:${stack.apiKey}`,
      env: { BENCHLINE_LEASE_TTL_MS: '2000', BENCHLINE_PRESENCE_TTL_MS: '2000' },
    });
    const ben = await stack.connect({ userId: 'user-ben', name: 'ben' }, doomed.url);
    await ben.ask('presence:update', { page: 'patient', memberId: 'M2' });
    leaseOf(await ben.ask('lease:claim', { memberId: 'M2' }));
    await doomed.process.kill();
    ben.close();
    const killedAt = Date.now();
    await eventually(
      async () => {
        expect((await watcher.subscribe('leases')).snapshot.leases).toEqual([]);
        expect((await watcher.subscribe('presence')).snapshot.sessions.map((s) => s.userId)).toEqual(['user-watcher']);
      },
      { timeoutMs: 10_000 },
    );
    // Within the TTL, plus a sweep and the polling here.
    expect(Date.now() - killedAt).toBeLessThan(5000);
  }, 40_000);

  it('lets a supervisor reassign a patient; the previous holder is fenced out, the new one adopts it', async () => {
    stack = await startStack({ workers: false });
    const [ana, ben] = [await coordinator('ana'), await coordinator('ben')];
    const supervisor = await coordinator('sue', { role: 'quality' });
    const anas = leaseOf(await ana.ask('lease:claim', { memberId: 'M1' }));

    const move = { memberId: 'M1', toUserId: 'user-ben', toUserName: 'ben' };
    expect(await ana.ask('lease:reassign', move)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bens = leaseOf(await supervisor.ask('lease:reassign', move));
    expect(bens).toMatchObject({ memberId: 'M1', holder: 'user-ben', holderName: 'ben' });
    expect(bens.token).toBeGreaterThan(anas.token);

    expect(await ana.ask('lease:release', { memberId: 'M1', token: anas.token })).toMatchObject({
      ok: false,
      error: { code: 'LEASE_STALE' },
    });
    const beat = await ben.ask('session:heartbeat', {});
    expect(beat.ok && beat.data.leases.map((l) => [l.memberId, l.token])).toEqual([['M1', bens.token]]);
  });

  it('refuses malformed commands, naming the field', async () => {
    stack = await startStack({ workers: false });
    const ana = await coordinator('ana');
    expect(await ana.ask('lease:claim', { memberId: 'has spaces' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', issues: [{ path: '/memberId', reason: 'pattern' }] },
    });
    expect(await ana.ask('lease:release', { memberId: 'M1', token: 'x' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', issues: [{ path: '/token' }] },
    });
  });
});

describe('presence', () => {
  it('shows who is where, live, across two server instances, each change once', async () => {
    stack = await startStack({ workers: false });
    const secondUrl = await stack.startAnotherServer();
    const watcher = await coordinator('watcher');
    // The watcher's own arrival is recorded just after it connects: wait for it in the snapshot.
    let start = await watcher.subscribe('presence');
    await eventually(async () => {
      start = await watcher.subscribe('presence');
      expect(start.snapshot.sessions.map((s) => s.userId)).toEqual(['user-watcher']);
    });

    const ana = await coordinator('ana', { url: secondUrl });
    const ready = await new Promise<{ heartbeatMs: number }>((resolve) => {
      ana.socket.once('session:ready', resolve);
      // It may have come already: ask for a heartbeat instead of waiting forever.
      setTimeout(() => resolve({ heartbeatMs: -1 }), 500);
    });
    expect(ready.heartbeatMs === -1 || ready.heartbeatMs === 5000).toBe(true);
    await ana.ask('presence:update', { page: 'queue', memberId: null });
    await ana.ask('presence:update', { page: 'patient', memberId: 'M7' });
    // Unchanged whereabouts are not news.
    await ana.ask('presence:update', { page: 'patient', memberId: 'M7' });

    await eventually(() => {
      const entry = watcher
        .changesOf('presence')
        .flatMap((c) => c.change.upsert)
        .filter((e) => e.userId === 'user-ana')
        .at(-1);
      expect(entry).toMatchObject({ name: 'ana', role: 'coordinator', page: 'patient', memberId: 'M7' });
    });
    const versions = watcher.changesOf('presence').map((c) => c.toVersion);
    expect(new Set(versions).size).toBe(versions.length);

    ana.close();
    await eventually(() => {
      const final = watcher
        .changesOf('presence')
        .reduce(
          (snapshot, c) => ({ sessions: snapshot.sessions.filter((s) => !c.change.remove.includes(s.sessionId)) }),
          start.snapshot,
        );
      expect(final.sessions.map((s) => s.userId)).toEqual(['user-watcher']);
      expect(watcher.changesOf('presence').at(-1)?.change.remove).toHaveLength(1);
    });
  });
});

describe('catching up', () => {
  it('replays what a disconnected client missed from the feed, and falls back to a snapshot once it is trimmed', async () => {
    stack = await startStack({ workers: false });
    const [away, ana] = [await coordinator('away'), await coordinator('ana')];
    const held = await away.subscribe('leases');
    const lastFeedId = held.feedId;
    away.socket.disconnect();

    const granted = await Promise.all(['M1', 'M2', 'M3'].map((memberId) => ana.ask('lease:claim', { memberId })));
    await ana.ask('lease:release', { memberId: 'M2', token: leaseOf(granted[1] as Ack<Lease>).token });

    away.socket.connect();
    await new Promise<void>((resolve) => away.socket.once('connect', () => resolve()));
    const since = { version: held.version, feedId: lastFeedId };
    const reply = await away.ask('view:subscribe', { viewId: 'leases', since });
    if (!reply.ok || reply.data.mode !== 'changes' || reply.data.changed?.viewId !== 'leases') {
      throw new Error(`expected a catch-up, got ${JSON.stringify(reply)}`);
    }
    const caughtUp = replay(held, [reply.data.changed]);
    const fresh = await ana.subscribe('leases');
    expect(caughtUp).toEqual({ version: fresh.version, snapshot: fresh.snapshot });
    expect(caughtUp.snapshot.leases.map((l) => l.memberId)).toEqual(['M1', 'M3']);

    // Nothing missed: an empty catch-up.
    const nothing = await away.ask('view:subscribe', {
      viewId: 'leases',
      since: { version: fresh.version, feedId: reply.data.feedId },
    });
    expect(nothing).toMatchObject({ ok: true, data: { mode: 'changes', changed: null } });

    // Trimmed past the client (as retention does after fifteen minutes away): a snapshot instead.
    await ana.ask('lease:claim', { memberId: 'M4' });
    await stack.redis.xtrim(stack.keys.feed(stack.tenantId), 'MAXLEN', 0);
    const trimmed = await away.ask('view:subscribe', {
      viewId: 'leases',
      since: { version: fresh.version, feedId: reply.data.feedId },
    });
    expect(trimmed.ok && trimmed.data.mode).toBe('snapshot');
    expect(
      trimmed.ok && trimmed.data.mode === 'snapshot' && trimmed.data.state.viewId === 'leases'
        ? trimmed.data.state.snapshot.leases.map((l) => l.memberId)
        : null,
    ).toEqual(['M1', 'M3', 'M4']);
  });
});

describe('exports', () => {
  it('records who exported which patients, with which filters, before the file is made', async () => {
    stack = await startStack({ workers: false });
    const ana = await coordinator('ana');
    const request = {
      view: 'gaps',
      filters: { status: 'new', tin: '123456789' },
      memberIds: ['M2', 'M1', 'M2'],
      rows: 3,
    };
    expect(await ana.ask('export:record', request as never)).toEqual({ ok: true, data: null });
    const [[, fields] = ['', []]] = await stack.redis.xrevrange(stack.keys.audit(stack.tenantId), '+', '-', 'COUNT', 1);
    const record: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      record[fields[i] as string] = fields[i + 1] as string;
    }
    expect(record).toMatchObject({
      actor: 'user:user-ana',
      action: 'export-csv',
      resource: 'View/gaps',
      subject: 'status=new&tin=123456789',
      patients: 'M1,M2',
      count: '2',
      outcome: 'success',
    });
    expect(await ana.ask('export:record', { ...request, view: 'leases' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', issues: [{ path: '/view' }] },
    });
  });
});

describe('the change feed', () => {
  it('trims entries older than its retention, so its memory follows time, not traffic', async () => {
    stack = await startStack({ workers: false, server: { feedRetentionMs: 1000 } });
    const ana = await coordinator('ana');
    for (let i = 0; i < 300; i += 1) {
      leaseOf(await ana.ask('lease:claim', { memberId: `M${i}` }));
    }
    const feed = stack.keys.feed(stack.tenantId);
    expect(await stack.redis.xlen(feed)).toBeGreaterThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    leaseOf(await ana.ask('lease:claim', { memberId: 'LATE' }));
    // Trimming is by whole stream nodes (at most 100 entries each): what stays is the newest node at most.
    expect(await stack.redis.xlen(feed)).toBeLessThanOrEqual(101);
    const [[, fields] = ['', []]] = await stack.redis.xrevrange(feed, '+', '-', 'COUNT', 1);
    expect(fields.join(' ')).toContain('LATE');
  });
});

describe('worklist commands', () => {
  it('records an action under a live lease, once however often it is retried, and refuses a stale token', async () => {
    stack = await startStack();
    const aco = demoAco({ members: 6, months: 12, seed: 7, endMonth: '2026-06' });
    const tally = await postBulkEvents([...demoEvents(aco)], { baseUrl: stack.url, apiKey: stack.apiKey });
    expect(tally.rejected).toBe(0);
    await stack.drained({ timeoutMs: 30_000 });
    const storedBefore = await stack.redis.xlen(stack.keys.events(stack.tenantId));
    const [ana, ben] = [await coordinator('ana'), await coordinator('ben')];
    const queue = await ana.subscribe('gaps');
    await ben.subscribe('gaps');
    const gap = queue.snapshot.rows.find((row) => row.status === 'new');
    if (gap === undefined) {
      throw new Error('the generated ACO has no open gap to work');
    }
    const lease = leaseOf(await ana.ask('lease:claim', { memberId: gap.memberId }));
    const command = {
      commandId: 'cmd-1',
      memberId: gap.memberId,
      token: lease.token,
      at: new Date().toISOString(),
      action: { type: 'outreach', gapId: gap.gapId, channel: 'phone', outcome: 'no-answer' },
    } as const;

    // Without a lease, with a lease that is someone else's, or with a malformed action: refused, nothing stored.
    expect(await ben.ask('worklist:record', { ...command, commandId: 'cmd-ben' })).toMatchObject({
      ok: false,
      error: { code: 'LEASE_STALE' },
    });
    expect(await ana.ask('worklist:record', { ...command, token: undefined })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', issues: [{ path: '/token' }] },
    });
    expect(
      await ana.ask('worklist:record', { ...command, action: { ...command.action, channel: 'pigeon' } } as never),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', issues: [{ path: '/action/channel' }] } });

    const first = await ana.ask('worklist:record', command);
    expect(first).toMatchObject({ ok: true, data: { status: 'accepted' } });
    // A retry after a lost acknowledgement is the same action.
    expect(await ana.ask('worklist:record', command)).toEqual({
      ok: true,
      data: { status: 'duplicate', eventId: first.ok ? first.data.eventId : '' },
    });

    // The action reaches the queue through the pipeline, on every screen.
    await stack.drained({ timeoutMs: 30_000 });
    await eventually(() => {
      const row = ben
        .changesOf('gaps')
        .flatMap((c) => c.change.upsert)
        .filter((r) => r.gapId === gap.gapId)
        .at(-1);
      expect(row).toMatchObject({ status: 'attempted', attempts: 1 });
    });

    // Released, the token is stale: a late write from a tab that lost the patient is refused.
    await ana.ask('lease:release', { memberId: gap.memberId, token: lease.token });
    expect(await ana.ask('worklist:record', { ...command, commandId: 'cmd-2' })).toMatchObject({
      ok: false,
      error: { code: 'LEASE_STALE' },
    });
    // Of everything sent, one action was stored.
    expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(storedBefore + 1);
  }, 90_000);
});
