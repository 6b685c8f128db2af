import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityStore } from '@benchline/server';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../../tests/support/redis.js';
import { runUsers } from '../commands/users.js';
import { DEMO_USERS, seedDemoSignIns, signInBlock } from './sign-ins.js';

const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), 'benchline-sign-ins-'));
const file = join(dir, '.benchline', 'demo-sign-ins.json');
let redis: Redis;
const identity = () => createIdentityStore({ redis, keys: createKeySpace(prefix) });
const seed = (fixedPassword?: string) =>
  seedDemoSignIns({
    redisUrl: testRedisUrl(),
    keyPrefix: prefix,
    tenantId: 'demo',
    file,
    fixedPassword,
    // Cheap hashes for the test; checks read the cost from each stored hash.
    scryptCost: { log2N: 10, r: 8, p: 1 },
  });

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
  await deleteKeysWithPrefix(testRedisUrl(), prefix);
});

describe('the demo sign-ins', () => {
  it('makes a user per role and a wall device, keeps the same ones across starts, and honours a fixed password', async () => {
    const first = await seed();
    expect(first.users.map((u) => u.role).sort()).toEqual(['admin', 'coordinator', 'coordinator', 'leader', 'quality']);
    expect(new Set(first.users.map((u) => u.password)).size).toBe(DEMO_USERS.length);
    for (const user of first.users) {
      expect(user.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(await identity().checkPassword(user.login, user.password)).toMatchObject({
        tenantId: 'demo',
        userId: user.userId,
        role: user.role,
      });
    }
    expect(await identity().startDeviceSession(first.wallToken)).not.toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Redis holds hashes and digests only.
    const dump = JSON.stringify(await Promise.all((await redis.keys(`${prefix}*`)).map((k) => redis.dump(k))));
    for (const user of first.users) {
      expect(dump).not.toContain(user.password);
    }
    expect(dump).not.toContain(first.wallToken);

    // A restart: the same passwords and link.
    const again = await seed();
    expect(again).toEqual(first);

    // BENCHLINE_DEMO_PASSWORD: everyone's password, not written down; without it, the random ones come back.
    const fixed = await seed('demo-password-for-a-talk');
    expect(fixed.users.every((u) => u.password === 'demo-password-for-a-talk')).toBe(true);
    expect(fixed.fixedPassword).toBe(true);
    expect(await identity().checkPassword('leader@demo.benchline', 'demo-password-for-a-talk')).not.toBeNull();
    expect(readFileSync(file, 'utf8')).not.toContain('demo-password-for-a-talk');
    const back = await seed();
    expect(back).toEqual(first);
    expect(await identity().checkPassword('leader@demo.benchline', 'demo-password-for-a-talk')).toBeNull();

    // A revoked wall gets a new device.
    const [device] = await identity().listDevices('demo');
    await identity().revokeDevice('demo', device?.id ?? '');
    const rewired = await seed();
    expect(rewired.wallToken).not.toBe(first.wallToken);
    expect(await identity().startDeviceSession(rewired.wallToken)).not.toBeNull();

    const block = signInBlock('http://127.0.0.1:3000', rewired, '.benchline/demo-sign-ins.json').join('\n');
    expect(block).toContain(`http://127.0.0.1:3000/wall#device=${rewired.wallToken}`);
    for (const user of rewired.users) {
      expect(block).toMatch(new RegExp(`${user.login}\\s+${user.password}\\s+${user.role}`));
    }
  }, 60_000);

  it('adds a user from the command line, with a generated password printed once', async () => {
    process.env.REDIS_URL = testRedisUrl();
    process.env.BENCHLINE_KEY_PREFIX = prefix;
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const args = ['add', '--tenant', 'acme', '--login', 'Root@Acme.example', '--name', 'Root', '--role', 'admin'];
      expect(await runUsers(args)).toBe(0);
      expect(await runUsers(['add', '--tenant', 'acme', '--login', 'x', '--name', 'X', '--role', 'wall'])).toBe(2);
    } finally {
      spy.mockRestore();
      errors.mockRestore();
    }
    const password = /password: (\S+)/.exec(out.join('\n'))?.[1] ?? '';
    expect(password).toHaveLength(16);
    expect(await identity().checkPassword('root@acme.example', password)).toMatchObject({
      tenantId: 'acme',
      userId: 'root@acme.example',
      role: 'admin',
    });
  }, 30_000);
});
