/**
 * The finance view as the workers build it on real Redis, for a generated ACO posted through the API: the stored
 * snapshot is the domain's view of the stored cells and measure counters (spend by enrolment type, by category and
 * month, high-cost members, leakage, the MSSP quality gate, the what-if grid); its changes are patches — the fields
 * that moved — which a screen following the view, and one catching up after missing some, fold to that snapshot;
 * and since it names patients (the high-cost members), reading it is audited and a wall cannot.
 */
import type { CanonicalEvent, FinanceSnapshot, ViewChangedOf, ViewSync } from '@benchline/shared';
import { applyFinanceChange, ENROLLMENT_TYPE_IDS, HIGH_COST_MEMBER_LIMIT } from '@benchline/shared';
import { decodeFeedEntry } from '@benchline/shared/backend';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { financeView, measureCountsFromCounters, TREND_CHANGES } from '../../workers/src/domain/finance-view.js';
import type { RollUpTable } from '../../workers/src/domain/finance/rollups.js';
import { fromHashFields, ROLL_UP_TABLES } from '../../workers/src/domain/finance/rollups.js';
import { loadBenchmarks } from '../../workers/src/domain/measures/index.js';
import { loadFinanceTables } from '../../workers/src/reference/finance.js';
import { readReferenceText } from '../../workers/src/reference/index.js';
import { startStack, type TestStack } from '../support/start-stack.js';
import { followView } from '../support/view-follower.js';

/** Claims paid in this month are posted after a screen is following the view. */
const LATE_MONTH = '2026-06';
const aco = demoAco({ members: 160, months: 12, seed: 11, endMonth: LATE_MONTH });
const events = [...demoEvents(aco)];
const isLate = (event: CanonicalEvent): boolean => event.kind === 'claim' && event.paidDate.startsWith(LATE_MONTH);
const mssp = aco.contracts.find((c) => c.program === 'mssp');

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

async function storedSnapshot(): Promise<FinanceSnapshot> {
  const json = await stack.redis.get(stack.keys.financeView(stack.tenantId));
  if (json === null) {
    throw new Error('no finance view written');
  }
  return JSON.parse(json) as FinanceSnapshot;
}

/** The view the domain computes from what Redis holds now: the cells, the measure counters, the paid-through date. */
async function fromStoredCells(): Promise<Omit<FinanceSnapshot, 'updatedAt'>> {
  const fields: Partial<Record<RollUpTable, Record<string, number>>> = {};
  for (const table of ROLL_UP_TABLES) {
    const hash = await stack.redis.hgetall(stack.keys.finance(stack.tenantId, table));
    fields[table] = Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Number(v)]));
  }
  const counters = await stack.redis.hgetall(stack.keys.rollups(stack.tenantId));
  const paidThrough = await stack.redis.hget(stack.keys.spendMeta(stack.tenantId), 'paidThrough');
  return financeView(fromHashFields(fields), {
    contracts: aco.contracts,
    year: 2026,
    asOfMonth: paidThrough?.slice(0, 7) ?? null,
    tables: loadFinanceTables(),
    measureCounts: measureCountsFromCounters((field) => (counters[field] === undefined ? 0 : Number(counters[field]))),
    benchmarks: loadBenchmarks(readReferenceText),
  });
}

async function post(batch: readonly CanonicalEvent[]): Promise<void> {
  expect((await postBulkEvents(batch, { baseUrl: stack.url, apiKey: stack.apiKey })).rejected).toBe(0);
  await stack.drained({ timeoutMs: 60_000 });
}

async function lastAudit(): Promise<Record<string, string>> {
  const [[, fields] = ['', []]] = await stack.redis.xrevrange(stack.keys.audit(stack.tenantId), '+', '-', 'COUNT', 1);
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    record[fields[i] as string] = fields[i + 1] as string;
  }
  return record;
}

describe('the finance view on the workers', () => {
  it('is the domain’s view of the stored cells and counters, with every section filled from real numbers', async () => {
    expect(mssp).toBeDefined();
    await post(events.filter((e) => !isLate(e)));
    const { updatedAt, ...stored } = await storedSnapshot();
    expect(updatedAt).not.toBeNull();
    expect(stored).toEqual(await fromStoredCells());

    const contract = stored.contracts.find((c) => c.contractId === mssp?.contractId);
    expect(contract).toBeDefined();
    if (contract === undefined) {
      return;
    }
    // By enrolment type: each type's spend and benchmark, summing to the weighted totals (the benchmark to the cent).
    const types = ENROLLMENT_TYPE_IDS.map((t) => contract.toDate.byType[t]);
    expect(types.reduce((s, t) => s + t.completedCents, 0)).toBe(contract.toDate.completedCents);
    expect(
      Math.abs(types.reduce((s, t) => s + (t.benchmarkCents ?? 0), 0) - (contract.toDate.benchmarkCents ?? 0)),
    ).toBeLessThanOrEqual(2);
    expect(contract.toDate.byType.agedNonDual.benchmarkPerCapitaCents).toBeGreaterThan(0);
    // By category and month: the year's months to May, categories with spend.
    expect(contract.categories.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(contract.categories.rows.map((r) => r.category)).toContain('professional');
    // High-cost members: real members of the tenant, most first, at most twenty.
    const top = contract.highCostMembers;
    expect(top.length).toBeGreaterThan(0);
    expect(top.length).toBeLessThanOrEqual(HIGH_COST_MEMBER_LIMIT);
    expect(top.map((m) => m.paidCents)).toEqual([...top.map((m) => m.paidCents)].sort((a, b) => b - a));
    for (const member of top) {
      expect(await stack.redis.sismember(stack.keys.members(stack.tenantId), member.memberId)).toBe(1);
    }
    expect(contract.leakage).not.toBeNull();
    expect(stored.contracts.find((c) => c.program !== 'mssp')?.leakage).toBeNull();
    // The quality gate: the contract year's, and the estimate from the live eCQM counts.
    expect(contract.quality?.settlement).toMatchObject({ standard: 'met', source: 'contract year' });
    const estimate = contract.quality?.estimate;
    expect(estimate?.measures.length).toBeGreaterThan(0);
    expect(estimate?.notScored.map((n) => n.measureId)).toEqual(expect.arrayContaining(['321', '479']));
    // The what-ifs: the trend grid around the projection, the gap grid per measure.
    expect(contract.whatIf.trend.map((t) => t.change)).toEqual(TREND_CHANGES);
    expect(contract.whatIf.trend.find((t) => t.change === 0)?.settlementCents).toBe(contract.settlement.expectedCents);
    expect(contract.whatIf.closeGaps.map((g) => g.measureId)).toEqual(estimate?.measures.map((m) => m.measureId));
    expect(contract.whatIf.closeGaps.every((g) => g.steps[0]?.gaps === 0 && g.steps[0].deltaCents === 0)).toBe(true);
  });

  it('changes by patches that a following screen, and one catching up, fold to the stored snapshot', async () => {
    const leader = await stack.connect({ role: 'leader', userId: 'lee' });
    const follower = await followView(leader, 'finance');
    const behind = await stack.connect({ role: 'leader', userId: 'lou' });
    const held = await behind.subscribe('finance');
    behind.close();

    await post(events.filter(isLate));
    const after = await storedSnapshot();
    expect(after.asOfMonth).toBe(LATE_MONTH);
    await follower.waitFor((snapshot) => isDeepStrictEqual(snapshot, after), 10_000);
    expect(follower.applied).toBeGreaterThan(0);
    expect(follower.resyncs).toEqual([]);

    // The feed holds patches: after the first change, a contract's name never travels again.
    const entries = (await stack.redis.xrange(stack.keys.feed(stack.tenantId), '-', '+')) as [string, string[]][];
    const changes = entries.map(([, fields]) => decodeFeedEntry(fields)).filter((e) => e.viewId === 'finance');
    const last = changes.at(-1)?.change as ViewChangedOf<'finance'>['change'] | undefined;
    expect(last?.contracts.length).toBeGreaterThan(0);
    expect(last?.contracts.every((patch) => !('name' in patch))).toBe(true);
    expect(JSON.stringify(last).length).toBeLessThan(JSON.stringify(after).length);

    // A screen that missed those changes catches up with them merged into one, from the version it held.
    const back = await stack.connect({ role: 'leader', userId: 'lou' });
    const reply = (await back.socket.timeout(10_000).emitWithAck('view:subscribe', {
      viewId: 'finance',
      since: { version: held.version, feedId: held.feedId },
    })) as { ok: true; data: ViewSync };
    expect(reply.ok).toBe(true);
    expect(reply.data.mode).toBe('changes');
    if (reply.data.mode === 'changes' && reply.data.changed?.viewId === 'finance') {
      expect(applyFinanceChange(held.snapshot, reply.data.changed.change)).toEqual(after);
    } else {
      throw new Error('expected the missed finance changes');
    }
    // A read of patient data like a snapshot: audited, with the members the changes name.
    expect(await lastAudit()).toMatchObject({ actor: 'user:lou', resource: 'View/finance', patients: 'population' });
    follower.stop();
    leader.close();
    back.close();
  });

  it('is a patient view: every subscription audited with its members, and a wall refused', async () => {
    const leader = await stack.connect({ role: 'leader', userId: 'lee' });
    const state = await leader.subscribe('finance');
    expect(state.snapshot.contracts.length).toBeGreaterThan(0);
    const members = new Set(state.snapshot.contracts.flatMap((c) => c.highCostMembers.map((m) => m.memberId)));
    expect(members.size).toBeGreaterThan(0);
    expect(await lastAudit()).toMatchObject({
      actor: 'user:lee',
      action: 'view-subscribe',
      resource: 'View/finance',
      patients: 'population',
      count: String(members.size),
      outcome: 'success',
    });
    leader.close();

    const wall = await stack.connect({ role: 'wall', userId: 'wall-1' });
    const refused = (await wall.socket.timeout(5_000).emitWithAck('view:subscribe', { viewId: 'finance' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The wall's own view, projected from the finance view on the server, names nobody.
    const wallState = await wall.subscribe('wall');
    const text = JSON.stringify(wallState.snapshot);
    for (const memberId of members) {
      expect(text).not.toContain(memberId);
    }
    wall.close();
  });
});
