/**
 * Who is who, in Redis: users (a password hash, a role, a tenant), sessions, ingest API keys and wall devices.
 * Secrets are stored by their SHA-256 only (auth/secrets.ts); passwords by scrypt (auth/passwords.ts).
 *
 * A session is a Redis hash under `keys.session(digest)` that expires after `idleMs` without use and is refused
 * after `maxAgeMs` whatever its use. A wall device's session also dies the moment its device is revoked: every read
 * checks the device still exists.
 */
import type { UserRole } from '@benchline/shared';
import { USER_ROLES } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { decoyHash, hashPassword, verifyPassword, type ScryptCost } from './passwords.js';
import { digestOf, fingerprintOf, newSecret } from './secrets.js';

export interface UserPrincipal {
  kind: 'user';
  tenantId: string;
  userId: string;
  name: string;
  role: UserRole;
  /** The session's public id (its token's fingerprint) and its CSRF token. */
  sessionId: string;
  csrfToken: string;
}

export interface DevicePrincipal {
  kind: 'device';
  tenantId: string;
  deviceId: string;
  name: string;
  role: 'wall';
  sessionId: string;
  csrfToken: string;
}

export interface ApiKeyPrincipal {
  kind: 'api-key';
  tenantId: string;
  keyId: string;
  scopes: readonly ApiKeyScope[];
}

export type SessionPrincipal = UserPrincipal | DevicePrincipal;
export type Principal = SessionPrincipal | ApiKeyPrincipal;

/** What an API key may do. Ingest only: reading patient data takes a person's session. */
export const API_KEY_SCOPES = ['ingest'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The audit trail's actor for a principal: ids only. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}`;
    case 'device':
      return `device:${principal.deviceId}`;
    case 'api-key':
      return `api-key:${principal.keyId}`;
  }
}

export interface NewUser {
  tenantId: string;
  userId: string;
  login: string;
  name: string;
  role: UserRole;
  password: string;
}

export interface UserSummary {
  userId: string;
  login: string;
  name: string;
  role: UserRole;
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  /** When a rotated-out key stops working (null: until revoked). */
  expiresAt: string | null;
  /** Kept so a revoke can find the key; a digest cannot be used as the key. */
  digest: string;
}

export interface DeviceRecord {
  id: string;
  tenantId: string;
  name: string;
  createdAt: string;
  digest: string;
}

export interface IdentityStoreOptions {
  redis: Redis;
  keys: KeySpace;
  /** A person's session ends after this long without a request or a live socket (default 30 minutes)… */
  sessionIdleMs?: number | undefined;
  /** …and after this long whatever (default 12 hours). */
  sessionMaxAgeMs?: number | undefined;
  /** A wall device runs for weeks: its session lasts until the device is revoked, renewed while in use (30 days). */
  deviceSessionIdleMs?: number | undefined;
  /** Keys from the environment (BENCHLINE_API_KEYS), held as digests in memory: scope ingest. */
  bootstrapApiKeys?: readonly { tenantId: string; key: string }[] | undefined;
  /** Password hashing cost (tests of the store lower it; production keeps the default). */
  scryptCost?: ScryptCost | undefined;
}

export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
export const DEFAULT_SESSION_MAX_AGE_MS = 12 * 3_600_000;
export const DEFAULT_DEVICE_SESSION_IDLE_MS = 30 * 24 * 3_600_000;

export type IdentityStore = ReturnType<typeof createIdentityStore>;

const normaliseLogin = (login: string): string => login.trim().toLowerCase();

/** Whether a rotated-out key's grace is over. */
const isEnded = (record: ApiKeyRecord, now = Date.now()): boolean =>
  record.expiresAt !== null && Date.parse(record.expiresAt) <= now;

export function createIdentityStore(options: IdentityStoreOptions) {
  const { redis, keys } = options;
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const maxAgeMs = options.sessionMaxAgeMs ?? DEFAULT_SESSION_MAX_AGE_MS;
  const deviceIdleMs = options.deviceSessionIdleMs ?? DEFAULT_DEVICE_SESSION_IDLE_MS;
  const bootstrap = new Map<string, ApiKeyPrincipal>(
    (options.bootstrapApiKeys ?? []).map(({ tenantId, key }) => [
      digestOf(key),
      { kind: 'api-key', tenantId, keyId: `env-${fingerprintOf(key)}`, scopes: ['ingest'] },
    ]),
  );

  async function startSession(fields: Record<string, string>, ttlMs: number): Promise<string> {
    const token = newSecret();
    const key = keys.session(digestOf(token));
    await redis
      .multi()
      .hset(key, { ...fields, csrf: newSecret(), createdAt: String(Date.now()) })
      .pexpire(key, ttlMs)
      .exec();
    return token;
  }

  return {
    /**
     * Creates or replaces a user (by login name). Replacing ends the user's sessions: a new password or a narrower
     * role takes effect now, not when the old session times out.
     */
    async putUser(user: NewUser, cost?: ScryptCost): Promise<void> {
      const passwordHash = await hashPassword(user.password, cost ?? options.scryptCost);
      const login = normaliseLogin(user.login);
      await redis
        .multi()
        .hset(keys.userByLogin(login), {
          tenantId: user.tenantId,
          userId: user.userId,
          name: user.name,
          role: user.role,
          passwordHash,
        })
        .hset(keys.tenantUsers(user.tenantId), user.userId, login)
        .incr(keys.userEpoch(user.tenantId, user.userId))
        .exec();
    },

    /** Removes a user: they can no longer sign in, and every session of theirs ends. False if there is none. */
    async removeUser(tenantId: string, userId: string): Promise<boolean> {
      const login = await redis.hget(keys.tenantUsers(tenantId), userId);
      if (login === null) {
        return false;
      }
      const owner = await redis.hmget(keys.userByLogin(login), 'tenantId', 'userId');
      const transaction = redis.multi().hdel(keys.tenantUsers(tenantId), userId).incr(keys.userEpoch(tenantId, userId));
      // The login may have been given to someone else since; only this user's record goes.
      if (owner[0] === tenantId && owner[1] === userId) {
        transaction.del(keys.userByLogin(login));
      }
      await transaction.exec();
      return true;
    },

    async listUsers(tenantId: string): Promise<UserSummary[]> {
      const logins = Object.values(await redis.hgetall(keys.tenantUsers(tenantId)));
      const users = await Promise.all(logins.map((login) => redis.hgetall(keys.userByLogin(login))));
      return users.flatMap((user, index) =>
        user.userId === undefined || user.tenantId !== tenantId
          ? []
          : [{ userId: user.userId, login: logins[index]!, name: user.name ?? '', role: user.role as UserRole }],
      );
    },

    /** The user a login name and password belong to, or null (in the same time either way). */
    async checkPassword(
      login: string,
      password: string,
    ): Promise<Omit<UserPrincipal, 'sessionId' | 'csrfToken'> | null> {
      const user = await redis.hgetall(keys.userByLogin(normaliseLogin(login)));
      if (user.passwordHash === undefined) {
        await verifyPassword(password, await decoyHash());
        return null;
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        return null;
      }
      if (!USER_ROLES.includes(user.role as UserRole) || user.tenantId === undefined || user.userId === undefined) {
        return null;
      }
      return {
        kind: 'user',
        tenantId: user.tenantId,
        userId: user.userId,
        name: user.name ?? user.userId,
        role: user.role as UserRole,
      };
    },

    /** A new session for a signed-in user: returns the token for the cookie. */
    async startUserSession(user: Omit<UserPrincipal, 'kind' | 'sessionId' | 'csrfToken'>): Promise<string> {
      return startSession(
        {
          kind: 'user',
          tenantId: user.tenantId,
          subjectId: user.userId,
          name: user.name,
          role: user.role,
          maxAt: String(Date.now() + maxAgeMs),
          epoch: (await redis.get(keys.userEpoch(user.tenantId, user.userId))) ?? '0',
        },
        idleMs,
      );
    },

    /** A wall device exchanges its token for a session (the cookie the wall page then uses); null if revoked. */
    async startDeviceSession(deviceToken: string): Promise<string | null> {
      const digest = digestOf(deviceToken);
      const device = await redis.get(keys.device(digest));
      if (device === null) {
        return null;
      }
      const record = JSON.parse(device) as DeviceRecord;
      return startSession(
        {
          kind: 'device',
          tenantId: record.tenantId,
          subjectId: record.id,
          name: record.name,
          role: 'wall',
          deviceDigest: digest,
        },
        deviceIdleMs,
      );
    },

    /** The principal of a session token, renewing its idle timeout; null when unknown, expired or revoked. */
    async readSession(token: string): Promise<SessionPrincipal | null> {
      const key = keys.session(digestOf(token));
      const session = await redis.hgetall(key);
      if (session.kind === undefined || session.tenantId === undefined || session.subjectId === undefined) {
        return null;
      }
      const sessionId = fingerprintOf(token);
      const csrfToken = session.csrf ?? '';
      if (session.kind === 'device') {
        if (session.deviceDigest === undefined || (await redis.exists(keys.device(session.deviceDigest))) === 0) {
          await redis.del(key);
          return null;
        }
        await redis.pexpire(key, deviceIdleMs);
        return {
          kind: 'device',
          tenantId: session.tenantId,
          deviceId: session.subjectId,
          name: session.name ?? session.subjectId,
          role: 'wall',
          sessionId,
          csrfToken,
        };
      }
      const epoch = (await redis.get(keys.userEpoch(session.tenantId, session.subjectId))) ?? '0';
      if (
        Number(session.maxAt) <= Date.now() ||
        !USER_ROLES.includes(session.role as UserRole) ||
        (session.epoch ?? '0') !== epoch
      ) {
        await redis.del(key);
        return null;
      }
      await redis.pexpire(key, Math.min(idleMs, Number(session.maxAt) - Date.now()));
      return {
        kind: 'user',
        tenantId: session.tenantId,
        userId: session.subjectId,
        name: session.name ?? session.subjectId,
        role: session.role as UserRole,
        sessionId,
        csrfToken,
      };
    },

    async endSession(token: string): Promise<void> {
      await redis.del(keys.session(digestOf(token)));
    },

    /** The principal of an ingest API key, or null. */
    async readApiKey(secret: string): Promise<ApiKeyPrincipal | null> {
      const digest = digestOf(secret);
      const fromEnv = bootstrap.get(digest);
      if (fromEnv !== undefined) {
        return fromEnv;
      }
      const stored = await redis.get(keys.apiKey(digest));
      if (stored === null) {
        return null;
      }
      const record = JSON.parse(stored) as ApiKeyRecord;
      if (record.expiresAt !== null && Date.parse(record.expiresAt) <= Date.now()) {
        return null;
      }
      return { kind: 'api-key', tenantId: record.tenantId, keyId: record.id, scopes: record.scopes };
    },

    /** A new ingest key for a tenant: the secret is returned once and never stored. */
    async createApiKey(tenantId: string, name: string): Promise<{ key: string; record: ApiKeyRecord }> {
      const key = `bl_${newSecret()}`;
      const digest = digestOf(key);
      const record: ApiKeyRecord = {
        id: fingerprintOf(key),
        tenantId,
        name,
        scopes: ['ingest'],
        createdAt: new Date().toISOString(),
        expiresAt: null,
        digest,
      };
      await redis
        .multi()
        .set(keys.apiKey(digest), JSON.stringify(record))
        .hset(keys.tenantApiKeys(tenantId), record.id, JSON.stringify(record))
        .exec();
      return { key, record };
    },

    /** The tenant's live keys (a rotated-out key whose grace is over is gone: it is dropped from the list here). */
    async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
      const records = Object.values(await redis.hgetall(keys.tenantApiKeys(tenantId))).map(
        (json) => JSON.parse(json) as ApiKeyRecord,
      );
      const ended = records.filter((record) => isEnded(record));
      if (ended.length > 0) {
        await redis.hdel(keys.tenantApiKeys(tenantId), ...ended.map((record) => record.id));
      }
      return records.filter((record) => !isEnded(record)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    /**
     * Ends a key: now (graceMs 0) or after a grace period, so a sender can switch to its replacement without
     * losing a batch. A grace never lengthens one already running, and a key whose grace is over stays ended (it
     * is not brought back by ending it again). Returns false for an id the tenant does not have (or no longer has).
     */
    async expireApiKey(tenantId: string, id: string, graceMs: number): Promise<boolean> {
      const json = await redis.hget(keys.tenantApiKeys(tenantId), id);
      if (json === null) {
        return false;
      }
      const record = JSON.parse(json) as ApiKeyRecord;
      const now = Date.now();
      const ended = isEnded(record, now);
      if (ended || graceMs <= 0) {
        await redis.multi().del(keys.apiKey(record.digest)).hdel(keys.tenantApiKeys(tenantId), id).exec();
        // A key whose grace ran out had already ended: the tenant no longer has it.
        return !ended;
      }
      const endsAt = Math.min(now + graceMs, record.expiresAt === null ? Infinity : Date.parse(record.expiresAt));
      const expiring = JSON.stringify({ ...record, expiresAt: new Date(endsAt).toISOString() });
      await redis
        .multi()
        .set(keys.apiKey(record.digest), expiring, 'PX', endsAt - now)
        .hset(keys.tenantApiKeys(tenantId), id, expiring)
        .exec();
      return true;
    },

    /** A new wall device for a tenant: its token is returned once. */
    async createDevice(tenantId: string, name: string): Promise<{ token: string; record: DeviceRecord }> {
      const token = `wall_${newSecret()}`;
      const digest = digestOf(token);
      const record: DeviceRecord = {
        id: fingerprintOf(token),
        tenantId,
        name,
        createdAt: new Date().toISOString(),
        digest,
      };
      await redis
        .multi()
        .set(keys.device(digest), JSON.stringify(record))
        .hset(keys.tenantDevices(tenantId), record.id, JSON.stringify(record))
        .exec();
      return { token, record };
    },

    async listDevices(tenantId: string): Promise<DeviceRecord[]> {
      return Object.values(await redis.hgetall(keys.tenantDevices(tenantId))).map(
        (json) => JSON.parse(json) as DeviceRecord,
      );
    },

    /** Revokes a device: its sessions stop at their next read (sockets are re-checked by the gateway's sweep). */
    async revokeDevice(tenantId: string, id: string): Promise<boolean> {
      const json = await redis.hget(keys.tenantDevices(tenantId), id);
      if (json === null) {
        return false;
      }
      const record = JSON.parse(json) as DeviceRecord;
      await redis.multi().del(keys.device(record.digest)).hdel(keys.tenantDevices(tenantId), id).exec();
      return true;
    },
  };
}
