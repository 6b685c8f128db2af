/**
 * The patient panel through the real stack: a generated ACO under an MSSP agreement over its participant TINs,
 * applied by the pipeline; the panel of a patient with open and closed gaps, computed in the workers, shows exactly
 * the open gaps the live gap queue holds for that patient and every gap the stored result holds, with evidence,
 * the attribution with its reason, and is audited with that member id and nothing else about them; the job in
 * BullMQ holds ids only and the panel's key is gone once read; unknown and malformed ids, a missing key, no
 * workers (504) and no Redis (503) are answered as the contract says.
 */
import type {
  CanonicalEvent,
  ClaimEvent,
  ContractEvent,
  GapQueueRow,
  MemberEvent,
  PatientPanel,
  WorklistEvent,
} from '@benchline/shared';
import type { ServerConfig } from '@benchline/server';
import { buildApp } from '@benchline/server';
import { PATIENT_PANEL_QUEUE } from '@benchline/shared/backend';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_CONTRACT } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestSession, type TestStack } from '../support/start-stack.js';

interface StoredResult {
  result: {
    gaps: { gapId: string; state: string; priority: number }[];
    attribution: { contractId: string; status: string; step: string | null; reason: string | null }[];
  };
}

let stack: TestStack;
let events: CanonicalEvent[];

const aco = demoAco({ members: 30, months: 18, seed: 43, endMonth: '2026-06' });
const contract: ContractEvent = {
  ...VALID_CONTRACT,
  contractId: 'MSSP-PANEL',
  effectiveFrom: '2025-01-01',
  participantTins: [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort(),
};

beforeAll(async () => {
  stack = await startStack();
  // The tenant's one contract is ours, an MSSP agreement over the participant list as gap-queue.test builds it;
  // the generator's own contracts (over the same TINs) are left out, so every TIN has one ACO.
  const generated = [...demoEvents(aco)].filter((e) => e.kind !== 'contract');
  events = [contract, ...generated];
  const tally = await postBulkEvents(events, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
  expect(tally.rejected).toBe(0);
  await stack.drained();
}, 120_000);
afterAll(async () => {
  await stack.close();
});

/** Who reads: the coordinator's session, a cookie that is no session, or nobody. */
async function getPanel(
  memberId: string,
  as: 'coordinator' | 'forged' | 'anonymous' = 'coordinator',
): Promise<{ status: number; headers: Headers; body: PatientPanel & { error?: { code: string } } }> {
  const path = `/api/v1/patients/${encodeURIComponent(memberId)}/panel`;
  const response =
    as === 'coordinator'
      ? await stack.request(await reader(), path)
      : await fetch(`${stack.url}${path}`, {
          headers: as === 'forged' ? { cookie: 'benchline_session=forged-session-token' } : {},
        });
  return { status: response.status, headers: response.headers, body: (await response.json()) as never };
}

let readerSession: TestSession | null = null;
async function reader(): Promise<TestSession> {
  readerSession ??= await stack.signIn({ userId: 'user-reader', role: 'coordinator' });
  return readerSession;
}

async function openGapRows(): Promise<GapQueueRow[]> {
  const response = await stack.request(await reader(), '/api/v1/gaps?limit=500');
  return ((await response.json()) as { rows: GapQueueRow[] }).rows;
}

async function storedResult(memberId: string): Promise<StoredResult['result'] | null> {
  const raw = await stack.redis.get(stack.keys.memberResult(stack.tenantId, memberId));
  return raw === null ? null : (JSON.parse(raw) as StoredResult).result;
}

type AuditRecord = Record<string, string>;

async function auditRecords(): Promise<AuditRecord[]> {
  const entries = (await stack.redis.xrange(stack.keys.audit(stack.tenantId), '-', '+')) as [string, string[]][];
  return entries.map(([, fields]) =>
    Object.fromEntries(fields.flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1] ?? '']] : []))),
  );
}

/** A gap's row as the queue has it: the panel's gap without what only the panel adds. */
function asRow(gap: PatientPanel['gaps'][number]): Omit<GapQueueRow, 'memberId'> {
  const {
    reason: _reason,
    nextDueDate: _next,
    earliestDate: _earliest,
    evidence: _evidence,
    worklist: _worklist,
    ...row
  } = gap;
  return row;
}

describe('the patient panel', () => {
  it("shows the patient's open gaps exactly as the live queue has them, every stored gap, evidence and attribution", async () => {
    const rows = await openGapRows();
    // A patient with open gaps (the queue's) and closed ones (the stored result's): both halves get checked.
    let memberId: string | undefined;
    for (const id of [...new Set(rows.map((row) => row.memberId))]) {
      const stored = await storedResult(id);
      if (stored?.gaps.some((gap) => gap.state.startsWith('closed'))) {
        memberId = id;
        break;
      }
    }
    expect(memberId).toBeDefined();
    const member = memberId as string;
    const stored = (await storedResult(member))!;

    const { status, headers, body: panel } = await getPanel(member);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(panel.memberId).toBe(member);

    const queued = rows
      .filter((row) => row.memberId === member)
      .map(({ memberId: _m, ...row }) => row)
      .sort((a, b) => a.gapId.localeCompare(b.gapId));
    const open = panel.gaps
      .filter((gap) => gap.state === 'open')
      .map(asRow)
      .sort((a, b) => a.gapId.localeCompare(b.gapId));
    expect(open.length).toBeGreaterThan(0);
    expect(open).toEqual(queued);
    expect([...panel.gaps.map(asRow)].sort((a, b) => a.gapId.localeCompare(b.gapId))).toEqual(stored.gaps);

    // Evidence: every closed gap names the records that closed it, in words.
    const closed = panel.gaps.filter((gap) => gap.state.startsWith('closed'));
    expect(closed.length).toBeGreaterThan(0);
    for (const gap of closed) {
      expect(gap.evidence.length, gap.gapId).toBeGreaterThan(0);
      expect(gap.evidence.every((e) => e.text.includes(e.code) && e.text.includes(e.date))).toBe(true);
    }
    const claims = new Set(events.flatMap((e) => (e.kind === 'claim' && e.memberId === member ? [e.claimId] : [])));
    const claimEvidence = panel.gaps.flatMap((gap) => gap.evidence).filter((e) => e.source === 'claim');
    expect(claimEvidence.every((e) => e.claimId !== null && claims.has(e.claimId))).toBe(true);

    // Attribution: the stored rows, each with the reason behind it.
    expect(
      panel.attribution.map(({ contractId, status: s, step, reason }) => ({ contractId, status: s, step, reason })),
    ).toEqual(
      stored.attribution.map(({ contractId, status: s, step, reason }) => ({ contractId, status: s, step, reason })),
    );
    const mssp = panel.attribution.find((row) => row.contractId === contract.contractId);
    expect(mssp).toBeDefined();
    expect(mssp?.explanation.length).toBeGreaterThan(20);
    if (mssp?.method === 'mssp-claims' && mssp.competitors.length > 0) {
      expect(mssp.basis).not.toBeNull();
      expect(mssp.explanation).toContain('$');
    }

    // Spend and the facts summary come from the member's own claims.
    const latest = new Map<string, ClaimEvent>();
    for (const claim of events.filter((e): e is ClaimEvent => e.kind === 'claim' && e.memberId === member)) {
      if ((latest.get(claim.claimId)?.version ?? 0) < claim.version) {
        latest.set(claim.claimId, claim);
      }
    }
    expect(panel.summary.claims).toBe(latest.size);
    const current = [...latest.values()].filter((claim) => claim.adjustment !== 'cancel');
    expect(panel.spend.totalPaidCents).toBe(current.reduce((sum, c) => sum + Math.round(c.paidAmount * 100), 0));
    expect(panel.spend.months.reduce((sum, cell) => sum + cell.claims, 0)).toBe(current.length);
  });

  it("shows the coordinators' outreach history newest first, and each gap's worklist status as the queue has it", async () => {
    const rows = await openGapRows();
    const member = rows[rows.length - 1]!.memberId;
    const [first, second] = rows.filter((row) => row.memberId === member);
    const action = (actionId: string, at: string, act: WorklistEvent['action']): WorklistEvent => ({
      kind: 'worklist',
      actionId,
      memberId: member,
      at,
      by: 'coord.panel',
      action: act,
    });
    const worklist: CanonicalEvent[] = [
      action('panel-w2', '2026-06-02T15:00:00-04:00', {
        type: 'outreach',
        gapId: first!.gapId,
        channel: 'portal',
        outcome: 'scheduled',
        scheduledOn: '2099-06-30',
        note: 'Booked with Dr. Example.',
      }),
      action('panel-w1', '2026-06-01T09:00:00Z', { type: 'assign', assignee: 'coord.panel' }),
      ...(second === undefined
        ? []
        : [action('panel-w3', '2026-06-03T09:00:00Z', { type: 'exclude', gapId: second.gapId, reason: 'moved' })]),
    ];
    const tally = await postBulkEvents(worklist, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
    expect(tally).toMatchObject({ accepted: worklist.length, rejected: 0 });
    await stack.drained();

    const { status, body: panel } = await getPanel(member);
    expect(status).toBe(200);
    expect(panel.worklist.coordinator).toBe('coord.panel');
    expect(panel.worklist.history.map((a) => a.actionId)).toEqual(
      second === undefined ? ['panel-w2', 'panel-w1'] : ['panel-w3', 'panel-w2', 'panel-w1'],
    );
    expect(panel.worklist.history.find((a) => a.actionId === 'panel-w2')).toMatchObject({
      by: 'coord.panel',
      at: '2026-06-02T15:00:00-04:00',
      channel: 'portal',
      outcome: 'scheduled',
      scheduledOn: '2099-06-30',
      note: 'Booked with Dr. Example.',
    });
    expect(panel.summary.worklistActions).toBe(worklist.length);
    expect(panel.gaps.find((gap) => gap.gapId === first!.gapId)).toMatchObject({
      state: 'open',
      status: 'scheduled',
      attempts: 1,
      worklist: { scheduledOn: '2099-06-30' },
    });
    // The panel and the queue agree, worklist included.
    const queued = (await openGapRows())
      .filter((row) => row.memberId === member)
      .map(({ memberId: _m, ...row }) => row)
      .sort((a, b) => a.gapId.localeCompare(b.gapId));
    expect(
      panel.gaps
        .filter((gap) => gap.state === 'open')
        .map(asRow)
        .sort((a, b) => a.gapId.localeCompare(b.gapId)),
    ).toEqual(queued);
    expect(queued.every((row) => row.coordinator === 'coord.panel')).toBe(true);
  });

  it('audits the read with exactly that member id, and nothing else about them', async () => {
    const member = (await openGapRows())[0]!.memberId;
    const before = (await auditRecords()).length;
    const { status } = await getPanel(member);
    expect(status).toBe(200);
    const records = await auditRecords();
    expect(records).toHaveLength(before + 1);
    const record = records.at(-1)!;
    expect(record).toMatchObject({
      action: 'patient-panel-read',
      resource: 'PatientPanel',
      patients: member,
      count: '1',
      subject: member,
      purpose: 'CAREMGT',
      outcome: 'success',
    });
    expect(record.actor).toBe('user:user-reader');
    const person = events.find((e): e is MemberEvent => e.kind === 'member' && e.memberId === member)!;
    const phi = [person.givenName, person.familyName, person.birthDate].filter((v): v is string => v !== undefined);
    expect(phi.length).toBeGreaterThan(0);
    for (const value of Object.values(record)) {
      for (const text of phi) {
        expect(value).not.toContain(text);
      }
    }
  });

  it('keeps the job to ids and counts, and the panel only until it is taken', async () => {
    const member = (await openGapRows())[0]!.memberId;
    expect((await getPanel(member)).status).toBe(200);
    const queue = new Queue(PATIENT_PANEL_QUEUE, {
      connection: { url: stack.redisUrl },
      prefix: stack.keys.bullPrefix,
    });
    try {
      const jobs = await queue.getCompleted();
      expect(jobs.length).toBeGreaterThan(0);
      for (const job of jobs) {
        expect(Object.keys(job.data as object).sort()).toEqual(['memberId', 'tenantId']);
        expect(Object.keys(job.returnvalue as object).sort()).toEqual(['contracts', 'gaps', 'hccs', 'openGaps']);
      }
    } finally {
      await queue.close();
    }
    const left = await stack.redis.keys(`${stack.keys.patientPanel(stack.tenantId, '')}*`);
    expect(left).toEqual([]);
  });

  it('answers an unknown member 404, a malformed id 400 naming it, no session 401 — auditing the first two', async () => {
    const before = (await auditRecords()).length;
    const unknown = await getPanel('NO-SUCH-MEMBER');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('NOT_FOUND');
    const malformed = await getPanel('not a member id!');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('memberId');
    expect((await getPanel('NO-SUCH-MEMBER', 'anonymous')).status).toBe(401);
    expect((await getPanel('not a member id!', 'forged')).status).toBe(401);

    const records = (await auditRecords()).slice(before);
    expect(records.map((r) => [r.action, r.outcome, r.subject, r.patients])).toEqual([
      ['patient-panel-read', 'not-found', 'NO-SUCH-MEMBER', ''],
      // The malformed id is not copied into the trail.
      ['patient-panel-read', 'invalid', '', ''],
    ]);
  });
});

describe('the patient panel over the socket', () => {
  it('answers the same panel as the API to a signed-in coordinator, audited under the user', async () => {
    const member = (await openGapRows())[0]!.memberId;
    const client = await stack.connect({ userId: 'user-ana', name: 'Ana' });
    try {
      const before = (await auditRecords()).length;
      const reply = await client.ask('patient:panel', { memberId: member });
      const api = await getPanel(member);
      if (!reply.ok) {
        throw new Error(`expected a panel, got ${reply.error.code}`);
      }
      expect(reply.data).toEqual(api.body);
      const records = (await auditRecords()).slice(before);
      expect(records[0]).toMatchObject({
        actor: 'user:user-ana',
        action: 'patient-panel-read',
        patients: member,
        purpose: 'CAREMGT',
        outcome: 'success',
      });
      expect(records[0]?.request).toMatch(/^socket:/);

      expect(await client.ask('patient:panel', { memberId: 'NO-SUCH-MEMBER' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await client.ask('patient:panel', { memberId: 'not a member id!' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', issues: [{ path: '/memberId' }] },
      });
      // The socket read, the API read, the unknown member; the malformed id never reached a read.
      const trail = (await auditRecords()).slice(before);
      expect(trail.map((r) => [r.actor?.split(':')[0], r.outcome, r.patients])).toEqual([
        ['user', 'success', member],
        ['user', 'success', member],
        ['user', 'not-found', ''],
      ]);
    } finally {
      client.close();
    }
  });
});

describe('the patient panel without workers or Redis', () => {
  it('answers 504 with Retry-After once the configured wait is over, withdraws the job and audits it', async () => {
    const bare = await startStack({ workers: false });
    const config: ServerConfig = {
      host: '127.0.0.1',
      port: 0,
      redisUrl: bare.redisUrl,
      keyPrefix: bare.prefix,
      apiKeys: [{ tenantId: bare.tenantId, key: bare.apiKey }],
      clientDist: '/nonexistent',
      fanoutTickMs: 20,
      bodyLimitBytes: 1024 * 1024,
      maxLineBytes: 64 * 1024,
      bulkLimitBytes: 1024 * 1024,
      logLevel: 'silent',
      panelTimeoutMs: 300,
    };
    // The same key space as the bare stack, with a short wait.
    const app = await buildApp(config);
    const queue = new Queue(PATIENT_PANEL_QUEUE, { connection: { url: bare.redisUrl }, prefix: bare.keys.bullPrefix });
    try {
      await bare.redis.sadd(bare.keys.members(bare.tenantId), 'MEMBER-1');
      const session = await bare.signIn();
      const started = Date.now();
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/patients/MEMBER-1/panel',
        headers: { cookie: session.cookie },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(response.statusCode).toBe(504);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ error: { code: 'TIMEOUT' } });
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
      const [[, fields] = ['', []]] = await bare.redis.xrange(bare.keys.audit(bare.tenantId), '-', '+');
      expect(fields).toEqual(expect.arrayContaining(['outcome', 'timeout', 'patients', 'MEMBER-1']));
    } finally {
      await app.close();
      await queue.close();
      await bare.close();
    }
  });

  it('answers 503 with Retry-After while Redis is away', async () => {
    const quiet = (): void => undefined;
    // A private Redis this test may stop (port 1 never answers, so one is started on a free port).
    let redis = await findOrStartRedis({ url: 'redis://127.0.0.1:1', persistence: 'none', log: quiet });
    const port = Number(new URL(redis.url).port);
    const bare = await startStack({ redisUrl: redis.url, workers: false });
    const connections = async (): Promise<number> =>
      ((await bare.redis.client('LIST')) as string).trim().split('\n').length;
    const connected = await connections();
    try {
      await bare.redis.sadd(bare.keys.members(bare.tenantId), 'MEMBER-1');
      const session = await bare.signIn();
      await redis.stop();
      const response = await bare.request(session, '/api/v1/patients/MEMBER-1/panel');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      // Back, and every connection of the stack with it (BullMQ's QueueEvents cannot close while reconnecting),
      // so the stack closes and cleans up after itself.
      redis = await findOrStartRedis({ url: redis.url, persistence: 'none', port, log: quiet });
      await eventually(async () => expect(await connections()).toBeGreaterThanOrEqual(connected), {
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      await bare.close();
      await redis.stop();
    }
  });
});
