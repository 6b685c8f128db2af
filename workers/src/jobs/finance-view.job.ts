/**
 * The finance view job: read the tenant's roll-up cells and measure counters as one cut, evaluate every contract
 * from them (domain/finance-view: the projection, the analytics and the what-if grid) and, when the numbers
 * changed, write the snapshot with the change from the one read. Coalesced per tenant by BullMQ deduplication, so a
 * burst of batches costs one evaluation, not one per batch; the cost is the cells' size, never the number of
 * claims (five contract-year evaluations per contract with the trend grid; the gap grid re-settles without
 * reading the cells). A conflict (another writer got there first) reads and computes again.
 */
import type { FinanceSnapshot } from '@benchline/shared';
import { financeChangeBetween } from '@benchline/shared';
import type { FinanceViewJob } from '@benchline/shared/backend';
import { FinanceViewJob as FinanceViewJobSchema } from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { Compile } from 'typebox/compile';
import type { FactsStore } from '../adapters/facts-store.js';
import type { FinanceStore } from '../adapters/finance-store.js';
import type { FinanceViewPace } from '../adapters/finance-view-pace.js';
import { latestContracts } from '../domain/attribution/contracts.js';
import { financeView } from '../domain/finance-view.js';
import type { Benchmark } from '../domain/measures/index.js';
import { loadBenchmarks } from '../domain/measures/index.js';
import type { FinanceTables } from '../reference/finance.js';
import { readReferenceText } from '../reference/index.js';

export interface FinanceViewDeps {
  facts: Pick<FactsStore, 'loadTenant'>;
  finance: FinanceStore;
  tables: FinanceTables;
  /** The quality benchmarks the MSSP quality estimate scores against; the vendored ones when not given. */
  benchmarks?: readonly Benchmark[];
  /** The performance year the live read models are for. */
  year: number;
  now: () => Date;
}

export type FinanceViewOutcome = 'written' | 'unchanged';

const MAX_ROUNDS = 8;

let vendoredBenchmarks: readonly Benchmark[] | undefined;
/** The vendored MIPS benchmarks (workers/reference/quality), read once per process. */
function defaultBenchmarks(): readonly Benchmark[] {
  vendoredBenchmarks ??= loadBenchmarks(readReferenceText);
  return vendoredBenchmarks;
}

/** Recomputes and, if it changed, stores the tenant's finance view. Used by the job and by rebuild. */
export async function refreshFinanceView(deps: FinanceViewDeps, tenantId: string): Promise<FinanceViewOutcome> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const [cut, tenant] = await Promise.all([deps.finance.read(tenantId), deps.facts.loadTenant(tenantId)]);
    const next = financeView(cut.rollUps, {
      contracts: latestContracts(tenant.facts.contracts),
      year: deps.year,
      asOfMonth: cut.paidThrough === null ? null : cut.paidThrough.slice(0, 7),
      tables: deps.tables,
      measureCounts: cut.measureCounts,
      benchmarks: deps.benchmarks ?? defaultBenchmarks(),
    });
    // Compared as JSON, the form it is stored in (the stored one was written from the same construction order).
    if (cut.snapshot !== null && JSON.stringify(withoutTime(cut.snapshot)) === JSON.stringify(next)) {
      return 'unchanged';
    }
    const snapshot: FinanceSnapshot = { ...next, updatedAt: deps.now().toISOString() };
    const change = financeChangeBetween(cut.snapshot, snapshot);
    if ((await deps.finance.write(tenantId, cut.version, snapshot, change)) === 'written') {
      return 'written';
    }
  }
  throw new Error(`the finance view of tenant ${tenantId} kept moving; retrying the job`);
}

function withoutTime(snapshot: FinanceSnapshot): Omit<FinanceSnapshot, 'updatedAt'> {
  const { updatedAt: _updatedAt, ...rest } = snapshot;
  return rest;
}

const isFinanceViewJob = Compile(FinanceViewJobSchema);

export function createFinanceViewProcessor(
  deps: FinanceViewDeps,
  /** Told how long each evaluation took, so the next is paced to it (adapters/finance-view-pace). */
  pace?: Pick<FinanceViewPace, 'record'>,
): (job: Job<FinanceViewJob>) => Promise<FinanceViewOutcome> {
  return async (job) => {
    if (!isFinanceViewJob.Check(job.data)) {
      throw new UnrecoverableError('malformed finance-view job');
    }
    const started = deps.now().getTime();
    const outcome = await refreshFinanceView(deps, job.data.tenantId);
    await pace?.record(job.data.tenantId, deps.now().getTime() - started);
    return outcome;
  };
}
