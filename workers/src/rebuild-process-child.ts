/**
 * A child process of a shared rebuild (rebuild-processes.ts): builds the pipeline from the settings it was started
 * with, then runs the parent's tasks one at a time — replay its slices of the event stream, recompute its part of
 * the members — answering each, and exits when the parent closes the channel.
 */
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { sweepTenant } from './jobs/sweep-members.job.js';
import type { RebuildChildMessage, RebuildChildSettings, RebuildTask } from './rebuild-processes.js';
import { replayRanges } from './rebuild-replay.js';
import { createPipelineDeps } from './start-workers.js';

const settings = JSON.parse(process.argv[2] ?? '{}') as RebuildChildSettings;
const redis = new Redis(settings.redisUrl);
const keys = createKeySpace(settings.keyPrefix);
const deps = {
  ...createPipelineDeps(redis, keys, settings),
  requestSweep: async () => undefined,
  requestFinanceView: async () => undefined,
  requestRecompute: async () => undefined,
};

const send = (message: RebuildChildMessage): void => {
  process.send?.(message);
};

// Tasks arrive one at a time (the parent waits for each answer); a chain keeps them in order regardless.
let queue = Promise.resolve();
process.on('message', (message) => {
  queue = queue.then(() => runTask(message as RebuildTask));
});
process.once('disconnect', () => {
  void queue.finally(() => redis.disconnect());
});

async function runTask(task: RebuildTask): Promise<void> {
  try {
    if (task.task === 'replay') {
      const events = await replayRanges({ redis, keys, apply: deps }, task.tenantId, task.ranges, (n) =>
        send({ kind: 'replayed', events: n }),
      );
      send({ kind: 'done', events, recomputed: 0, skipped: 0 });
    } else {
      const outcome = await sweepTenant(deps, task.tenantId, { part: task.part, parts: task.parts });
      send({ kind: 'done', events: 0, ...outcome });
    }
  } catch (error) {
    send({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
}
