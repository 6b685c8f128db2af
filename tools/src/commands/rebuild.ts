/**
 * `benchline rebuild --tenant T`: recompute every read model of a tenant from its event store (see
 * workers/src/rebuild.ts). Connects to REDIS_URL with BENCHLINE_KEY_PREFIX; computes with the workers' settings
 * (BENCHLINE_PERFORMANCE_YEAR, default this year; the business calendar), as the workers do. Run it with the tenant quiet.
 * The replay and the recompute of every member are shared by `--processes N` processes (default: one per core).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { isTenantId } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { createPipelineDeps, loadWorkerConfig, rebuildTenant } from '@benchline/workers';
import { Redis } from 'ioredis';
import { answersPing } from '../services/redis-service.js';
import { createProgress } from './progress.js';

export async function runRebuild(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { tenant: { type: 'string' }, processes: { type: 'string', default: String(availableParallelism()) } },
  });
  const processes = Number(values.processes);
  if (!isTenantId(values.tenant) || !Number.isInteger(processes) || processes < 1) {
    process.stderr.write('usage: benchline rebuild --tenant T [--processes N]\n');
    return 2;
  }
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await answersPing(redisUrl))) {
    process.stderr.write(`No Redis answers at ${redisUrl}; set REDIS_URL.\n`);
    return 3;
  }
  const keys = createKeySpace(process.env.BENCHLINE_KEY_PREFIX ?? 'bl');
  const redis = new Redis(redisUrl);
  try {
    const total = await redis.xlen(keys.events(values.tenant));
    const progress = createProgress(total, process.stderr);
    // The workers' own settings (performance year, feed bounds, business calendar), so a rebuild equals them.
    const config = loadWorkerConfig(process.env);
    const deps = createPipelineDeps(redis, keys, config);
    let last = 0;
    const done = await rebuildTenant(
      redis,
      keys,
      deps,
      values.tenant,
      (p) => {
        progress.addBytes(p.events - last); // progress counts events here, not bytes
        last = p.events;
        progress.update(p.events);
      },
      { share: { processes, settings: config } },
    );
    progress.done(done.events);
    process.stdout.write(
      `rebuilt ${values.tenant}: ${done.events.toLocaleString('en-US')} events replayed, ${done.members.toLocaleString('en-US')} member results\n`,
    );
    return 0;
  } finally {
    redis.disconnect();
  }
}
