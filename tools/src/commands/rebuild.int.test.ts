/**
 * `benchline rebuild --tenant T` against a real stack: it reads the workers' settings from the environment, replays
 * the tenant's event store and puts back the member results a lost read model no longer has.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VALID_MEMBER } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { startStack, type TestStack } from '../../../tests/support/start-stack.js';
import { runRebuild } from './rebuild.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
  expect((await stack.post('/api/v1/members', VALID_MEMBER)).status).toBe(202);
  await stack.drained();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await stack?.close();
});

describe('benchline rebuild', () => {
  it('recomputes a tenant from its event store with the workers’ settings', async () => {
    const resultKey = stack.keys.memberResult(stack.tenantId, VALID_MEMBER.memberId);
    expect(await stack.redis.exists(resultKey)).toBe(1);
    await stack.redis.del(resultKey);
    vi.stubEnv('REDIS_URL', stack.redisUrl);
    vi.stubEnv('BENCHLINE_KEY_PREFIX', stack.prefix);
    vi.stubEnv('BENCHLINE_PERFORMANCE_YEAR', '2026');
    vi.stubEnv('BENCHLINE_EXTRA_HOLIDAYS', '2026-11-27');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // Two processes share the rebuild (a child process replays half the stream and recomputes half the members).
      expect(await runRebuild(['--tenant', stack.tenantId, '--processes', '2'])).toBe(0);
      expect(String(out.mock.calls.at(-1)?.[0])).toMatch(/^rebuilt test-aco: 1 events replayed, 1 member results/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(await stack.redis.exists(resultKey)).toBe(1);
  });

  it('refuses a bad calendar setting instead of rebuilding with another', async () => {
    vi.stubEnv('BENCHLINE_WEEKEND_DAYS', 'saturday');
    await expect(runRebuild(['--tenant', stack.tenantId])).rejects.toThrow(
      /invalid workers? configuration at \/calendar/,
    );
  });

  it('asks for a tenant, and for a whole number of processes', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runRebuild([])).toBe(2);
      expect(await runRebuild(['--tenant', stack.tenantId, '--processes', '0'])).toBe(2);
      expect(await runRebuild(['--tenant', stack.tenantId, '--processes', 'two'])).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
