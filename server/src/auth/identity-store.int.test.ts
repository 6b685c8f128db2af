import { createKeySpace } from '@benchline/shared/backend';
import { describe, expect, it } from 'vitest';
import { connectTestRedis, uniquePrefix } from '../../../tests/support/redis.js';
import { createIdentityStore } from './identity-store.js';
import { digestOf } from './secrets.js';

const prefix = uniquePrefix();
const keys = createKeySpace(prefix);
const LOW = { log2N: 10, r: 8, p: 1 };

const redis = connectTestRedis(prefix);

const store = (options: { sessionIdleMs?: number; sessionMaxAgeMs?: number; deviceSessionIdleMs?: number } = {}) =>
  createIdentityStore({ redis, keys, scryptCost: LOW, ...options });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const person = { tenantId: 'aco-1', userId: 'u-1', name: 'Una', role: 'coordinator' as const };

describe('sessions', () => {
  it('expire after the idle time without use, and live on while used', async () => {
    const identity = store({ sessionIdleMs: 400 });
    const idle = await identity.startUserSession(person);
    const used = await identity.startUserSession(person);
    expect(await identity.readSession(idle)).toMatchObject({ kind: 'user', userId: 'u-1', tenantId: 'aco-1' });
    for (let i = 0; i < 4; i += 1) {
      await sleep(200);
      expect(await identity.readSession(used), `read ${i}`).not.toBeNull();
    }
    expect(await identity.readSession(idle)).toBeNull();
    expect(await redis.exists(keys.session(digestOf(idle)))).toBe(0);
  });

  it('end at the absolute lifetime however much they are used', async () => {
    const identity = store({ sessionIdleMs: 10_000, sessionMaxAgeMs: 500 });
    const token = await identity.startUserSession(person);
    await sleep(250);
    expect(await identity.readSession(token)).not.toBeNull();
    await sleep(300);
    expect(await identity.readSession(token)).toBeNull();
    expect(await redis.exists(keys.session(digestOf(token)))).toBe(0);
  });

  it('end on sign-out, and an unknown or empty token is no session', async () => {
    const identity = store();
    const token = await identity.startUserSession(person);
    const principal = await identity.readSession(token);
    expect(principal?.csrfToken.length).toBeGreaterThanOrEqual(40);
    await identity.endSession(token);
    expect(await identity.readSession(token)).toBeNull();
    expect(await identity.readSession('')).toBeNull();
    expect(await identity.readSession('made-up-token')).toBeNull();
  });

  it("of a wall device end when the device is revoked, and its token makes no new one; another tenant's revoke does nothing", async () => {
    const identity = store();
    const { token, record } = await identity.createDevice('aco-1', 'Lobby');
    const session = (await identity.startDeviceSession(token))!;
    expect(await identity.readSession(session)).toMatchObject({ kind: 'device', role: 'wall', deviceId: record.id });
    expect(await identity.revokeDevice('aco-2', record.id)).toBe(false);
    expect(await identity.readSession(session)).not.toBeNull();
    expect(await identity.revokeDevice('aco-1', record.id)).toBe(true);
    expect(await identity.readSession(session)).toBeNull();
    expect(await identity.startDeviceSession(token)).toBeNull();
    expect(await identity.revokeDevice('aco-1', record.id)).toBe(false);
  });
});

describe('passwords', () => {
  it('sign in by login name in any case, and refuse a wrong password or an unknown login alike', async () => {
    const identity = store();
    await identity.putUser({ ...person, login: 'Una.Example', password: 'una-pw' });
    expect(await identity.checkPassword('  una.EXAMPLE ', 'una-pw')).toEqual({ kind: 'user', ...person });
    expect(await identity.checkPassword('una.example', 'una-pw ')).toBeNull();
    expect(await identity.checkPassword('nobody', 'una-pw')).toBeNull();
    expect(await redis.hget(keys.userByLogin('una.example'), 'passwordHash')).toMatch(/^scrypt\$10\$8\$1\$/);
  });
});

describe('API keys', () => {
  it('rotated out with grace work until it ends, then are gone for good', async () => {
    const identity = store();
    const { key, record } = await identity.createApiKey('aco-1', 'feed');
    expect(await identity.readApiKey(key)).toMatchObject({ tenantId: 'aco-1', keyId: record.id, scopes: ['ingest'] });
    expect(await identity.expireApiKey('aco-2', record.id, 0)).toBe(false);
    expect(await identity.expireApiKey('aco-1', record.id, 300)).toBe(true);
    // A second, longer grace does not lengthen the first.
    expect(await identity.expireApiKey('aco-1', record.id, 60_000)).toBe(true);
    expect(await identity.readApiKey(key)).not.toBeNull();
    await sleep(400);
    expect(await identity.readApiKey(key)).toBeNull();
    expect(await identity.expireApiKey('aco-1', record.id, 60_000)).toBe(false);
    expect(await identity.readApiKey(key)).toBeNull();
    expect((await identity.listApiKeys('aco-1')).map((k) => k.id)).not.toContain(record.id);
    expect(await identity.expireApiKey('aco-1', record.id, 0)).toBe(false);
  });

  it('revoked now are refused at once', async () => {
    const identity = store();
    const { key, record } = await identity.createApiKey('aco-1', 'feed 2');
    expect(await identity.expireApiKey('aco-1', record.id, 0)).toBe(true);
    expect(await identity.readApiKey(key)).toBeNull();
    expect(await identity.listApiKeys('aco-1')).not.toContainEqual(expect.objectContaining({ id: record.id }));
  });
});
