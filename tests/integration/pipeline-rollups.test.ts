/**
 * The live pipeline's member results against a rebuild: a generated ACO posted through the API in shuffled
 * order, with duplicates — then a contract change, then coordinators' worklist actions — ends with roll-ups and an
 * open-gap queue (and its filter indexes) equal to what the engines compute from scratch over the same events,
 * member by member; the worklist actions move no roll-up.
 */
import type { CanonicalEvent, ContractEvent, FinanceSnapshot, WorklistEvent } from '@benchline/shared';
import { UNASSIGNED } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { attributeContracts } from '../../workers/src/domain/attribution/contracts.js';
import { financeView, measureCountsFromCounters } from '../../workers/src/domain/finance-view.js';
import { attributedMonthsFromResults } from '../../workers/src/domain/finance/member-context.js';
import type { RollUpTable } from '../../workers/src/domain/finance/rollups.js';
import { fromHashFields, rebuildRollUps, ROLL_UP_TABLES } from '../../workers/src/domain/finance/rollups.js';
import { mergeMemberRecords, type MemberProfile } from '../../workers/src/domain/member-profile.js';
import type { MemberFacts, MemberResult } from '../../workers/src/domain/member-result.js';
import { computeMemberResult, contributions } from '../../workers/src/domain/member-result.js';
import { loadBenchmarks } from '../../workers/src/domain/measures/index.js';
import { tenantContextOf } from '../../workers/src/domain/tenant-context.js';
import { rebuildTenant } from '../../workers/src/rebuild.js';
import { loadFinanceTables } from '../../workers/src/reference/finance.js';
import { readReferenceText } from '../../workers/src/reference/index.js';
import { createPipelineDeps, engineConfigFor } from '../../workers/src/start-workers.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

/** A deterministic shuffle (the pipeline must not care about order). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Every member's facts, and the tenant's, straight from the events (no Redis, no fact index). */
function factsOf(events: readonly CanonicalEvent[]): {
  members: Map<string, MemberFacts & { records: CanonicalEvent[] }>;
  tenant: { contracts: ContractEvent[]; providers: Extract<CanonicalEvent, { kind: 'provider' }>[] };
} {
  const members = new Map<string, MemberFacts & { records: CanonicalEvent[] }>();
  const tenant = { contracts: [] as ContractEvent[], providers: [] as Extract<CanonicalEvent, { kind: 'provider' }>[] };
  for (const event of events) {
    if (event.kind === 'contract') {
      tenant.contracts.push(event);
      continue;
    }
    if (event.kind === 'provider') {
      tenant.providers.push(event);
      continue;
    }
    const facts = members.get(event.memberId) ?? {
      memberId: event.memberId,
      records: [],
      claims: [],
      clinical: [],
      rosters: [],
      worklist: [],
      adt: [],
    };
    members.set(event.memberId, facts);
    if (event.kind === 'member') {
      facts.records.push(event);
    } else if (event.kind === 'claim') {
      (facts.claims as CanonicalEvent[]).push(event);
    } else if (event.kind === 'clinical') {
      (facts.clinical as CanonicalEvent[]).push(event);
    } else if (event.kind === 'roster') {
      (facts.rosters as CanonicalEvent[]).push(event);
    } else if (event.kind === 'adt') {
      (facts.adt as CanonicalEvent[]).push(event);
    } else {
      (facts.worklist as CanonicalEvent[]).push(event);
    }
  }
  return { members, tenant };
}

/**
 * Asserts that the pipeline's read models equal what the engines compute from scratch over `events`: the counters,
 * the open-gap queue and — by the finance engine's own population-wide build — the finance cells.
 */
async function expectPipelineToEqualFromScratch(events: readonly CanonicalEvent[]): Promise<Map<string, number>> {
  // From scratch: every member's facts straight from the generated events, through the engines.
  const keys = createKeySpace(stack.prefix);
  const config = engineConfigFor(2026)();
  const { members: byMember, tenant: tenantFacts } = factsOf(events);
  const tenant = tenantContextOf(tenantFacts, { year: 2026, tables: config.assignmentTables });
  const expected = new Map<string, number>();
  const expectedOpenGaps = new Map<string, number>();
  /** Filter index key → gap ids, as the queue's indexes must hold them. */
  const expectedIndexes = new Map<string, string[]>();
  const results = new Map<string, MemberResult>();
  for (const facts of byMember.values()) {
    const result = computeMemberResult(facts, tenant, config);
    results.set(facts.memberId, result);
    for (const [key, value] of contributions(result)) {
      expected.set(key, (expected.get(key) ?? 0) + value);
    }
    for (const gap of result.gaps.filter((g) => g.state === 'open')) {
      expectedOpenGaps.set(gap.gapId, gap.priority);
      const filters = {
        kind: gap.kind,
        subject: gap.subject,
        tin: gap.tin,
        npi: gap.npi,
        status: gap.status,
        coordinator: gap.coordinator ?? UNASSIGNED,
      };
      for (const [field, value] of Object.entries(filters)) {
        if (value !== null) {
          const key = keys.openGapIndex(stack.tenantId, field, value);
          expectedIndexes.set(key, [...(expectedIndexes.get(key) ?? []), gap.gapId]);
        }
      }
    }
  }

  // And the finance cells by the finance engine's own from-scratch build over the whole population.
  const profiles = [...byMember.values()].flatMap((f) => {
    const profile = mergeMemberRecords(f.records);
    return profile === null ? [] : [profile];
  });
  const allClaims = [...byMember.values()].flatMap((f) => f.claims);
  const attribution = attributeContracts(
    {
      contracts: tenantFacts.contracts,
      rosters: [...byMember.values()].flatMap((f) => f.rosters),
      members: profiles,
      claims: allClaims,
      providers: tenantFacts.providers,
    },
    { asOf: config.today, tables: config.assignmentTables },
  );
  const months = attributedMonthsFromResults(attribution);
  const expectedFinance = rebuildRollUps({
    claims: allClaims,
    members: profiles.map((profile: MemberProfile) => ({
      profile,
      attributed: months.get(profile.memberId) ?? new Map(),
      scoresByYear: results.get(profile.memberId)?.financeScores ?? {},
    })),
    contracts: tenant.contracts,
    own: tenant.own,
    leakageRules: tenant.leakageRules,
  });
  expect(expectedFinance.spend.size).toBeGreaterThan(0);

  const stored = await stack.redis.hgetall(keys.rollups(stack.tenantId));
  expect(Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, Number(v)]))).toEqual(
    Object.fromEntries([...expected].filter(([, v]) => v !== 0)),
  );
  const queue = await stack.redis.zrange(keys.openGaps(stack.tenantId), '0', '-1');
  expect(queue.sort()).toEqual([...expectedOpenGaps.keys()].sort());
  // The filter indexes: one per (field, value) in use, each holding exactly the open gaps that match.
  const indexes = await stack.redis.smembers(keys.openGapIndexes(stack.tenantId));
  expect(indexes.sort()).toEqual([...expectedIndexes.keys()].sort());
  for (const [key, gapIds] of expectedIndexes) {
    expect((await stack.redis.zrange(key, '0', '-1')).sort(), key).toEqual(gapIds.sort());
  }
  expect([...expectedIndexes.keys()].some((key) => key.includes(':tin:'))).toBe(true);
  const financeFields: Partial<Record<RollUpTable, Record<string, number>>> = {};
  for (const table of ROLL_UP_TABLES) {
    const hash = await stack.redis.hgetall(keys.finance(stack.tenantId, table));
    financeFields[table] = Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Number(v)]));
  }
  expect(fromHashFields(financeFields)).toEqual(expectedFinance);

  // The finance view: every contract evaluated from those from-scratch cells, claims paid through the latest
  // paid date received, its quality estimate and gap what-ifs from the from-scratch measure counters.
  const paidThrough = allClaims.reduce((latest, c) => (c.paidDate > latest ? c.paidDate : latest), '');
  const expectedView = financeView(expectedFinance, {
    contracts: tenant.contracts,
    year: 2026,
    asOfMonth: paidThrough.slice(0, 7),
    tables: loadFinanceTables(),
    measureCounts: measureCountsFromCounters((field) => expected.get(field)),
    benchmarks: loadBenchmarks(readReferenceText),
  });
  const view = JSON.parse((await stack.redis.get(keys.financeView(stack.tenantId))) ?? 'null') as FinanceSnapshot;
  const { updatedAt, ...viewNumbers } = view;
  expect(updatedAt).not.toBeNull();
  expect(viewNumbers).toEqual(expectedView);
  // Not an empty projection equal to another empty one: months of spend and a settlement from the benchmark.
  const [mssp] = expectedView.contracts;
  expect(mssp?.months.some((m) => m.paidCents > 0)).toBe(true);
  expect(mssp?.settlement.expectedCents).not.toBeNull();
  expect(mssp?.missing).toEqual([]);
  // And the analytics and what-ifs it carries are not empty either.
  expect(mssp?.highCostMembers.length).toBeGreaterThan(0);
  expect(mssp?.categories.rows.length).toBeGreaterThan(0);
  expect(mssp?.quality?.estimate?.measures.length).toBeGreaterThan(0);
  expect(mssp?.whatIf.trend).toHaveLength(5);

  return expected;
}

/** Coordinators' actions on the first members' gaps: every action type, each outcome of interest. */
function worklistOf(events: readonly CanonicalEvent[]): WorklistEvent[] {
  const memberIds = [...new Set(events.flatMap((e) => (e.kind === 'member' ? [e.memberId] : [])))].slice(0, 8);
  return memberIds.flatMap((memberId, i): WorklistEvent[] => {
    const gap = (subject: string) => `${memberId}:${subject}:2026-01-01`;
    const event = (n: number, action: WorklistEvent['action']): WorklistEvent => ({
      kind: 'worklist',
      actionId: `${memberId}-w${n}`,
      memberId,
      at: `2026-06-0${n}T10:00:00Z`,
      by: 'coord.lead',
      action,
    });
    const outcome = (['no-answer', 'scheduled', 'reached'] as const)[i % 3] ?? 'reached';
    return [
      event(1, { type: 'assign', assignee: (['coord.a', 'coord.b', null] as const)[i % 3] ?? null }),
      event(2, {
        type: 'outreach',
        gapId: gap('CMS130'),
        channel: 'phone',
        outcome,
        ...(outcome === 'no-answer' ? { nextAttemptOn: '2099-01-01' } : {}),
        ...(outcome === 'scheduled' ? { scheduledOn: '2099-01-05' } : {}),
      }),
      ...(i % 2 === 0 ? [event(3, { type: 'close', gapId: gap('CMS165'), reason: 'completed-elsewhere' })] : []),
      ...(i % 3 === 1 ? [event(4, { type: 'exclude', gapId: gap('AWV'), reason: 'other', note: 'Moved away.' })] : []),
      ...(i % 4 === 0 ? [event(5, { type: 'reopen', gapId: gap('CMS165') })] : []),
      event(6, { type: 'outreach', channel: 'letter', outcome: 'voicemail' }),
    ];
  });
}

describe('the live pipeline', () => {
  it('ends with the roll-ups, finance cells and gap queue a from-scratch computation gives, whatever the order and duplicates', async () => {
    const aco = demoAco({ members: 30, months: 18, seed: 23, endMonth: '2026-06' });
    // The ACO's MSSP agreement over the generated participant list: the generator's own (demoEvents delivers it,
    // and an MA plan's contract and roster this test leaves out).
    const contract = aco.contracts.find((c) => c.program === 'mssp');
    if (contract === undefined) {
      throw new Error('the generated ACO has no MSSP contract');
    }
    const events = [...demoEvents(aco)].filter(
      (e) => e.kind !== 'roster' && (e.kind !== 'contract' || e.contractId === contract.contractId),
    );
    // Shuffled, so the contract and the participant list arrive among members computed without them (sweeps).
    const delivered = shuffled([...events, ...events.slice(0, 200)], 7);
    const tally = await postBulkEvents(delivered, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 500 });
    expect(tally.rejected).toBe(0);
    await stack.drained();

    const expected = await expectPipelineToEqualFromScratch(events);
    expect(expected.get(`attribution:${contract.contractId}:step-1`)).toBeGreaterThan(0);
    const members = expected.get('members');

    // A tenant-wide change after every member is computed: half the participant TINs leave the agreement.
    const smaller: ContractEvent = {
      ...contract,
      version: 2,
      participantTins: contract.participantTins?.slice(0, Math.ceil(contract.participantTins.length / 2)),
    };
    expect((await stack.post('/api/v1/contracts', smaller)).status).toBe(202);
    await stack.drained();
    const after = await expectPipelineToEqualFromScratch([...events, smaller]);
    expect(after.get(`attribution:${contract.contractId}:step-1`)).toBeLessThan(
      expected.get(`attribution:${contract.contractId}:step-1`) ?? 0,
    );

    // Coordinators work the queue, some actions sent twice: the rows and their indexes follow, no counter moves.
    const worklist = worklistOf(events);
    const posted = await postBulkEvents(shuffled([...worklist, ...worklist.slice(0, 5)], 11), {
      baseUrl: stack.url,
      apiKey: stack.apiKey,
      linesPerRequest: 500,
    });
    expect(posted).toMatchObject({ accepted: worklist.length, duplicate: 5, rejected: 0 });
    await stack.drained();
    expect(await expectPipelineToEqualFromScratch([...events, smaller, ...worklist])).toEqual(after);
    const indexes = await stack.redis.smembers(createKeySpace(stack.prefix).openGapIndexes(stack.tenantId));
    expect(indexes.some((key) => key.endsWith(':coordinator:coord.a'))).toBe(true);
    expect(indexes.some((key) => key.endsWith(':status:closed') || key.endsWith(':status:excluded'))).toBe(true);

    // The same counters reach a subscribed screen.
    const client = await stack.connect();
    try {
      await eventually(async () => {
        const state = await client.subscribe('rollups');
        expect(state.viewId === 'rollups' && state.snapshot.counters.members).toBe(members);
      });
      // And the finance view, with the contract's settlement projected.
      const finance = await client.subscribe('finance');
      expect(finance.viewId === 'finance' && finance.snapshot.contracts.map((c) => c.contractId)).toEqual([
        contract.contractId,
      ]);
    } finally {
      client.close();
    }
  }, 120_000);

  it('rebuilds every read model from the event store to exactly what the live pipeline maintained', async () => {
    const keys = createKeySpace(stack.prefix);
    const capture = async () => {
      const members = await stack.redis.smembers(keys.members(stack.tenantId));
      const results: Record<string, unknown> = {};
      for (const memberId of members) {
        const raw = await stack.redis.get(keys.memberResult(stack.tenantId, memberId));
        results[memberId] = raw === null ? null : (JSON.parse(raw) as { result: unknown }).result;
      }
      return {
        rollups: await stack.redis.hgetall(keys.rollups(stack.tenantId)),
        openGaps: await stack.redis.zrange(keys.openGaps(stack.tenantId), '0', '-1', 'WITHSCORES'),
        gapRows: await stack.redis.hgetall(keys.openGapRows(stack.tenantId)),
        gapIndexes: Object.fromEntries(
          await Promise.all(
            (await stack.redis.smembers(keys.openGapIndexes(stack.tenantId)))
              .sort()
              .map(async (key) => [key, await stack.redis.zrange(key, '0', '-1', 'WITHSCORES')] as const),
          ),
        ),
        finance: await Promise.all(
          ROLL_UP_TABLES.map((table) => stack.redis.hgetall(keys.finance(stack.tenantId, table))),
        ),
        spendPaid: await stack.redis.hgetall(keys.spendPaid(stack.tenantId)),
        spendCount: await stack.redis.hgetall(keys.spendCount(stack.tenantId)),
        financeView: {
          ...(JSON.parse((await stack.redis.get(keys.financeView(stack.tenantId))) ?? '{}') as object),
          updatedAt: null,
        },
        results,
      };
    };
    const live = await capture();
    expect(Object.keys(live.results).length).toBeGreaterThan(0);
    const deps = createPipelineDeps(stack.redis, keys, { feedMaxLen: 10_000, performanceYear: 2026 });
    const progress = await rebuildTenant(stack.redis, keys, deps, stack.tenantId);
    expect(progress.events).toBe(await stack.redis.xlen(keys.events(stack.tenantId)));
    expect(await capture()).toEqual(live);

    // The sweep shared with two child processes (each member recomputed by exactly one part) ends the same.
    const settings = { redisUrl: stack.redisUrl, keyPrefix: stack.prefix, feedMaxLen: 10_000, performanceYear: 2026 };
    const shared = await rebuildTenant(stack.redis, keys, deps, stack.tenantId, undefined, {
      share: { processes: 3, settings },
    });
    expect(shared.members).toBe(progress.members);
    expect(await capture()).toEqual(live);
  }, 120_000);
});
