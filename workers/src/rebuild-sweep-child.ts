/**
 * A child process of rebuild's shared sweep (rebuild-sweep.ts): receives one SweepPartRequest, recomputes its part
 * of the tenant's members against its own Redis connection, replies once and exits.
 */
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import type { SweepPartReply, SweepPartRequest } from './rebuild-sweep.js';
import { sweepTenant } from './jobs/sweep-members.job.js';
import { createPipelineDeps } from './start-workers.js';

process.once('message', (message) => {
  void runPart(message as SweepPartRequest).then((reply) => {
    process.send?.(reply, () => process.disconnect());
  });
});

async function runPart({ settings, tenantId, part, parts }: SweepPartRequest): Promise<SweepPartReply> {
  const redis = new Redis(settings.redisUrl);
  try {
    const keys = createKeySpace(settings.keyPrefix);
    const pipeline = createPipelineDeps(redis, keys, settings);
    const deps = {
      ...pipeline,
      requestSweep: async () => undefined,
      requestFinanceView: async () => undefined,
      requestRecompute: async () => undefined,
    };
    const outcome = await sweepTenant(deps, tenantId, { part, parts });
    return { ok: true, ...outcome };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    redis.disconnect();
  }
}
