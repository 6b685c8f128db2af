/**
 * A rebuilt tenant carries on live. Live batches run out of arrival order (several workers, several jobs at once),
 * so the live pipeline can count more changes of the tenant-wide facts than a replay in arrival order does; the
 * counter names the sweep a change asks for, and BullMQ keeps finished sweeps for a day. Had the rebuild started the
 * counter again, the next contract change would be given the name of a sweep that already ran, and no member would
 * ever be recomputed against it. Here the live order is made the reverse of the arrival order on purpose: the
 * contract's versions 3, 2, 1 arrive in that order and are applied 1, 2, 3 (three changes; the replay sees one).
 */
import type { ContractEvent } from '@benchline/shared';
import { APPLY_EVENTS_QUEUE } from '@benchline/shared/backend';
import { startWorkers, type RunningWorkers } from '@benchline/workers';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rebuildTenant } from '../../workers/src/rebuild.js';
import { createPipelineDeps } from '../../workers/src/start-workers.js';
import { lostAcknowledged, postAcknowledged, type Acknowledged } from '../support/acknowledged.js';
import { captureReadModels } from '../support/read-models.js';
import { startStack, type TestStack } from '../support/start-stack.js';
import { eventPool } from './event-mix.js';

let stack: TestStack | undefined;
let workers: RunningWorkers | undefined;
let applyQueue: Queue | undefined;

beforeAll(async () => {
  stack = await startStack({ workers: false });
  applyQueue = new Queue(APPLY_EVENTS_QUEUE, { connection: { url: stack.redisUrl }, prefix: stack.keys.bullPrefix });
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await applyQueue?.close();
  await stack?.close();
}, 60_000);

it('sweeps a contract change made after a rebuild, however the live pipeline counted the changes before it', async () => {
  const s = stack as TestStack;
  const pool = eventPool({ members: 6, months: 12, seed: 41 });
  const tins = pool.mssp.participantTins ?? [];
  const version = (n: number): ContractEvent => ({
    ...pool.mssp,
    version: n,
    participantTins: tins.slice(0, Math.ceil((tins.length * n) / 4)),
  });
  const target = { url: s.url, apiKey: s.apiKey };
  const acknowledged: Acknowledged[] = await postAcknowledged(target, [...pool.providers, ...pool.members.flat()]);
  const contractJobs: string[] = [];
  for (const n of [3, 2, 1]) {
    const [ack] = await postAcknowledged(target, [version(n)]);
    acknowledged.push(ack as Acknowledged);
    contractJobs.push(...(ack?.eventIds ?? []));
  }
  // No worker runs yet: queue the three contract batches again in reverse, as racing workers may take them.
  for (const job of await (applyQueue as Queue).getJobs(['waiting'])) {
    const eventIds = (job.data as { eventIds: string[] }).eventIds;
    if (eventIds.length === 1 && contractJobs.includes(eventIds[0] as string)) {
      await job.remove();
    }
  }
  for (const [i, eventId] of [...contractJobs].reverse().entries()) {
    await (applyQueue as Queue).add('apply-events', { tenantId: s.tenantId, eventIds: [eventId] }, { jobId: `r${i}` });
  }
  workers = await startWorkers(
    {
      redisUrl: s.redisUrl,
      keyPrefix: s.prefix,
      concurrency: 1,
      feedMaxLen: 10_000,
      logLevel: 'error',
      performanceYear: 2026,
    },
    pino({ level: 'error' }),
  );
  await s.drained({ timeoutMs: 60_000 });
  expect(await lostAcknowledged(s.redis, s.keys, s.tenantId, acknowledged)).toEqual([]);

  const deps = createPipelineDeps(s.redis, s.keys, { feedMaxLen: 10_000, performanceYear: 2026 });
  const live = await captureReadModels(s.redis, s.keys, s.tenantId);
  await rebuildTenant(s.redis, s.keys, deps, s.tenantId);
  expect(await captureReadModels(s.redis, s.keys, s.tenantId)).toEqual(live);

  // Live again: a fourth version, after the rebuild, reaches every member.
  acknowledged.push(...(await postAcknowledged(target, [version(4)])));
  await s.drained({ timeoutMs: 60_000 });
  expect(await lostAcknowledged(s.redis, s.keys, s.tenantId, acknowledged)).toEqual([]);
  const after = await captureReadModels(s.redis, s.keys, s.tenantId);
  await rebuildTenant(s.redis, s.keys, deps, s.tenantId);
  expect(await captureReadModels(s.redis, s.keys, s.tenantId)).toEqual(after);
}, 180_000);
