/**
 * Issue 12's SIGKILL fault (and issue 7's "a worker killed mid-batch loses nothing and double-counts nothing"):
 * a generated ACO's events — with later claim versions, cancels, MSSP agreement versions, coordinators' worklist
 * actions and duplicates, in shuffled order — are ingested through the API while two worker processes apply them, and at random moments, each
 * while jobs are in flight, a worker is killed with SIGKILL and started again; at the end of each trial both are
 * killed, and killed again as soon as their restarted selves have taken over the orphaned jobs (a crash loop), so
 * jobs are orphaned more than once. BullMQ's stalled-job recovery hands a dead worker's jobs to a live one (the
 * workers run with a short lock, BENCHLINE_WORKER_LOCK_MS, so that takes seconds, not a minute). After draining: no
 * job failed, every event the API acknowledged is stored, queued and reflected, and every read model equals a
 * rebuild from the event store — nothing lost, nothing counted twice. Sizes: tests/faults/settings.ts
 * (BENCHLINE_FAULT_TRIALS=20 ingests 100,000 events over 20 trials).
 */
import type { CanonicalEvent } from '@benchline/shared';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildTenant } from '../../workers/src/rebuild.js';
import { createPipelineDeps, type PipelineDeps } from '../../workers/src/start-workers.js';
import { lostAcknowledged, postAcknowledged, type Acknowledged } from '../support/acknowledged.js';
import { eventually } from '../support/eventually.js';
import { openQueues, type QueuesView } from '../support/queues.js';
import { captureReadModels } from '../support/read-models.js';
import { startStack, type TestStack } from '../support/start-stack.js';
import { startWorkerProcess, stopWorkerProcesses, type WorkerProcess } from '../support/worker-process.js';
import {
  ADT_EVENT_CHOICES,
  eventPool,
  scenarioEvents,
  seededRandom,
  shuffled,
  type EventPool,
  type ScenarioChoice,
} from './event-mix.js';
import { FAULT_SEED, KILL_TRIAL_EVENTS, KILL_TRIALS, KILLS_PER_TRIAL } from './settings.js';

const TENANTS = Array.from({ length: KILL_TRIALS }, (_, i) => `sigkill-${i}`);
/** Events per generated member, about (member record, claims and their versions, clinical events). */
const EVENTS_PER_MEMBER = 45;
/** A dead worker's jobs run again within about lock + 2 × interval (workers/src/config.ts). */
const RECOVERY_ENV = { BENCHLINE_WORKER_LOCK_MS: '4000', BENCHLINE_WORKER_STALLED_INTERVAL_MS: '1000' };

let stack: TestStack | undefined;
let pool: EventPool;
let rebuildDeps: PipelineDeps;
const workers: WorkerProcess[] = [];
/** Jobs BullMQ found stalled (their worker died) and put back to run again. */
let recovered = 0;
const queueEvents: QueueEvents[] = [];
let queues: QueuesView | undefined;

function startWorker(): WorkerProcess {
  const s = stack as TestStack;
  return startWorkerProcess({ redisUrl: s.redisUrl, prefix: s.prefix, concurrency: 4, env: RECOVERY_ENV });
}

beforeAll(async () => {
  stack = await startStack({ workers: false, tenants: TENANTS });
  workers.push(startWorker(), startWorker());
  pool = eventPool({ members: Math.ceil((KILL_TRIAL_EVENTS * 1.2) / EVENTS_PER_MEMBER), months: 12, seed: 43 });
  rebuildDeps = createPipelineDeps(stack.redis, stack.keys, { feedMaxLen: 10_000, performanceYear: 2026 });
  await Promise.all(workers.map((worker) => worker.ready));
  queues = await openQueues(stack.redis, stack.redisUrl, stack.prefix);
  for (const name of queues.names) {
    const events = new QueueEvents(name, { connection: { url: stack.redisUrl }, prefix: stack.keys.bullPrefix });
    events.on('stalled', () => (recovered += 1));
    queueEvents.push(events);
  }
  await Promise.all(queueEvents.map((events) => events.waitUntilReady()));
}, 180_000);

afterAll(async () => {
  await stopWorkerProcesses();
  await Promise.all(queueEvents.map((events) => events.close()));
  await queues?.close();
  await stack?.close();
}, 60_000);

/** A trial's events: members in a random order until there are `target` events or more, with changes on top. */
function trialEvents(random: () => number, target: number): CanonicalEvent[] {
  const members: number[] = [];
  let count = 0;
  for (const index of shuffled(
    pool.members.map((_, i) => i),
    Math.floor(random() * 2 ** 31),
  )) {
    if (count >= target) {
      break;
    }
    members.push(index);
    count += pool.members[index]?.length ?? 0;
  }
  const claims = Math.round(count * 0.6);
  const pick = (n: number): number[] => Array.from({ length: n }, () => Math.floor(random() * 1_000_000));
  const choice: ScenarioChoice = {
    members,
    contractVersions: shuffled([1, 2, 3], Math.floor(random() * 2 ** 31)).slice(0, 1 + Math.floor(random() * 3)),
    changes: pick(Math.round(claims * 0.05)).map((claim, i) => ({
      claim,
      change: (['reprice', 'recode', 'cancel'] as const)[i % 3] as 'reprice' | 'recode' | 'cancel',
      percent: 50 + Math.floor(random() * 100),
      code: Math.floor(random() * 1000),
    })),
    worklist: pick(Math.round(count * 0.03)).map((member, i) => ({
      member,
      gap: Math.floor(random() * 7),
      action: (['outreach', 'close', 'exclude', 'reopen', 'assign'] as const)[i % 5] ?? 'outreach',
      detail: Math.floor(random() * 1000),
      minute: Math.floor(random() * 30),
      days: Math.floor(random() * 15),
    })),
    adt: pick(Math.round(count * 0.02)).map((member, i) => ({
      member,
      visit: Math.floor(random() * 3),
      event: ADT_EVENT_CHOICES[i % ADT_EVENT_CHOICES.length] ?? 'admit',
      minute: Math.floor(random() * 30),
    })),
    duplicates: pick(Math.round(count * 0.05)),
    orderSeed: Math.floor(random() * 2 ** 31),
  };
  return scenarioEvents(pool, choice);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a worker killed with SIGKILL mid-ingest', () => {
  it.for(TENANTS.map((tenantId, trial) => ({ tenantId, trial, name: `${trial + 1} of ${KILL_TRIALS}` })))(
    'loses no acknowledged event and counts none twice (trial $name)',
    async ({ tenantId, trial }, { annotate }) => {
      const s = stack as TestStack;
      const seed = FAULT_SEED + trial;
      const random = seededRandom(seed);
      const events = trialEvents(random, KILL_TRIAL_EVENTS);
      expect(events.length).toBeGreaterThanOrEqual(KILL_TRIAL_EVENTS);
      const target = { url: s.url, apiKey: s.apiKeyFor(tenantId) };
      const chunkSizes = Array.from({ length: 8 }, () => 20 + Math.floor(random() * 200));

      // The events in as many parts as there are kills; each kill lands while its part is being applied. The last
      // kills both workers at once, so whatever was in flight can only be finished by a restarted worker — and then
      // kills both again as soon as they have taken over the orphaned jobs (a crash loop), so some jobs are orphaned
      // twice: BullMQ's default of one stall per job would fail them (see BENCHLINE_WORKER_MAX_STALLED).
      const parts = Array.from({ length: KILLS_PER_TRIAL }, (_, k) =>
        events.slice(
          Math.floor((k * events.length) / KILLS_PER_TRIAL),
          Math.floor(((k + 1) * events.length) / KILLS_PER_TRIAL),
        ),
      );
      const acknowledged: Acknowledged[] = [];
      const recoveredBefore = recovered;
      let killedMidJob = 0;
      const kill = async (victims: number[]): Promise<void> => {
        await Promise.all(victims.map((victim) => (workers[victim] as WorkerProcess).kill()));
        for (const victim of victims) {
          workers[victim] = startWorker();
        }
      };
      for (const [k, part] of parts.entries()) {
        const posting = postAcknowledged(target, part, { chunkSizes, concurrency: 2 });
        let posted = false;
        void posting.then(
          () => (posted = true),
          () => (posted = true),
        );
        // Until a job is in flight; false if the work ran out first (the part was applied before we looked).
        const whenBusy = (ready: () => boolean = () => true): Promise<boolean> =>
          eventually(
            async () => {
              if (ready() && (await queues!.active()) > 0) {
                return true;
              }
              if (posted && (await queues!.pending()) === 0) {
                return false;
              }
              throw new Error('no job in flight yet');
            },
            { timeoutMs: 120_000, intervalMs: 10 },
          );
        const busy = await whenBusy();
        await sleep(random() * 300);
        const last = k === parts.length - 1;
        await kill(last ? [0, 1] : [Math.floor(random() * workers.length)]);
        killedMidJob += busy ? 1 : 0;
        if (last) {
          const before = recovered;
          await Promise.all(workers.map((worker) => worker.ready));
          // Once BullMQ has put the dead workers' jobs back (a 'stalled' event), and a restarted worker runs one.
          killedMidJob += (await whenBusy(() => recovered > before)) ? 1 : 0;
          await kill([0, 1]);
        }
        acknowledged.push(...(await posting));
        await Promise.all(workers.map((worker) => worker.ready));
      }
      expect(acknowledged).toHaveLength(events.length);

      await s.drained({ timeoutMs: 300_000 });
      await queues!.settled(300_000);
      const context =
        `seed ${seed} (BENCHLINE_FAULT_SEED=${FAULT_SEED}), ${events.length} events, ${KILLS_PER_TRIAL + 1} kills, ` +
        `the last two of both workers ` +
        `(${killedMidJob} with jobs in flight), ${recovered - recoveredBefore} stalled jobs recovered`;
      await annotate(context);
      expect(await queues!.failed(tenantId), context).toEqual([]);
      expect(await lostAcknowledged(s.redis, s.keys, tenantId, acknowledged), context).toEqual([]);
      const live = await captureReadModels(s.redis, s.keys, tenantId);
      const progress = await rebuildTenant(s.redis, s.keys, rebuildDeps, tenantId);
      expect(progress.events).toBe(await s.redis.xlen(s.keys.events(tenantId)));
      expect(await captureReadModels(s.redis, s.keys, tenantId), context).toEqual(live);
    },
  );
});
