/**
 * Server configuration, read once from the environment and validated; the first bad value stops the process
 * with a message naming it. Behaviour never switches on NODE_ENV.
 */
import { fileURLToPath } from 'node:url';
import { checkConfig, KeyPrefixSetting, LogLevelSetting, RedisUrlSetting } from '@benchline/shared/backend';
import { TenantId, ViewId } from '@benchline/shared';
import { Type, type Static } from 'typebox';

const ServerConfigSchema = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  redisUrl: RedisUrlSetting,
  keyPrefix: KeyPrefixSetting,
  /** Ingest API keys, one per tenant: BENCHLINE_API_KEYS="demo:<key>,acme:<key>". */
  apiKeys: Type.Array(
    Type.Object({
      tenantId: TenantId,
      key: Type.String({ minLength: 16 }),
    }),
  ),
  /** Browser origins allowed to call the API and open sockets besides this server's own (none by default). */
  corsOrigins: Type.Optional(Type.Array(Type.String({ pattern: '^https?://[^/]+$' }))),
  /** `auto`: session cookies are Secure when the request came over HTTPS; `always` behind a TLS proxy. */
  cookieSecure: Type.Optional(Type.Enum(['auto', 'always'])),
  /** Trust X-Forwarded-* from the proxy in front (for the client address and the protocol). */
  trustProxy: Type.Optional(Type.Boolean()),
  /** A person's session: idle timeout and absolute lifetime (defaults 30 min and 12 h, auth/identity-store.ts). */
  sessionIdleMs: Type.Optional(Type.Integer({ minimum: 60_000 })),
  sessionMaxAgeMs: Type.Optional(Type.Integer({ minimum: 60_000 })),
  /** How often live sockets' sessions are re-checked, so a sign-out or a revoked device drops them (default 15 s). */
  sessionCheckMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 300_000 })),
  /** Failed sign-ins per login name per 15 minutes before 429 (default 5). */
  loginMaxPerLogin: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  /**
   * Backpressure: once the oldest stored batch has waited this long for the apply workers, ingest answers 429 with
   * Retry-After (default 60 s, server/src/ingest/backpressure.ts).
   */
  maxApplyLagMs: Type.Optional(Type.Integer({ minimum: 100 })),
  /**
   * Threads that prepare bulk NDJSON lines (parse, validate, canonical JSON, hash) beside the event loop; 0 keeps
   * that work on the event loop (default: one per core beyond the first, at most four).
   */
  ingestThreads: Type.Optional(Type.Integer({ minimum: 0, maximum: 64 })),
  /** Where the built client lives; served at / when present. */
  clientDist: Type.String({ minLength: 1 }),
  /** How often the gateway sends coalesced changes to each room (coordinator views: at most 15 ms). */
  fanoutTickMs: Type.Integer({ minimum: 10, maximum: 10_000 }),
  /** Per-view ticks: BENCHLINE_FANOUT_VIEW_TICKS="finance:1000,gaps:50". */
  fanoutViewTickMs: Type.Optional(
    Type.Partial(Type.Record(ViewId, Type.Integer({ minimum: 5, maximum: 10_000 })), { additionalProperties: false }),
  ),
  bodyLimitBytes: Type.Integer({ minimum: 1024 }),
  /** Bulk NDJSON: the longest line, and the largest request (bodies are streamed, never held whole). */
  maxLineBytes: Type.Integer({ minimum: 1024 }),
  bulkLimitBytes: Type.Integer({ minimum: 1024 }),
  logLevel: LogLevelSetting,
  /** $evaluate-measure: how long a request waits for the workers (default 30 s), and the audit stream's bound. */
  evaluateTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
  /** The patient panel: how long a request waits for the workers before answering 504 (default 10 s). */
  panelTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
  auditMaxLen: Type.Optional(Type.Integer({ minimum: 1000 })),
  /**
   * Collaboration (defaults in plugins/app/collaboration.ts): a lease lapses this long after its last heartbeat
   * (at most 30 s: a dead client must free its patient within that); a screen leaves presence likewise; how often
   * each instance sweeps lapsed ones.
   */
  leaseTtlMs: Type.Optional(Type.Integer({ minimum: 500, maximum: 30_000 })),
  presenceTtlMs: Type.Optional(Type.Integer({ minimum: 500, maximum: 120_000 })),
  collaborationSweepMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 10_000 })),
  /** The change feed's bounds for the gateway's own writes (leases, presence): the workers' settings. */
  feedMaxLen: Type.Optional(Type.Integer({ minimum: 1000 })),
  feedRetentionMs: Type.Optional(Type.Integer({ minimum: 1000 })),
  /**
   * ADT (HL7 v2): the IANA time zone of senders whose times carry no UTC offset (a request's `?tz=` overrides it;
   * without either, such times are read with MSH-7's offset, else as UTC, and the ACK warns), and the most
   * unmatched messages a tenant's review list holds before further ones are refused (default 10,000).
   */
  adtTimeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  adtReviewMax: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
});
export type ServerConfig = Static<typeof ServerConfigSchema>;

export function loadServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const candidate = {
    host: env.BENCHLINE_HOST ?? '127.0.0.1',
    port: Number(env.BENCHLINE_PORT ?? 3000),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    keyPrefix: env.BENCHLINE_KEY_PREFIX ?? 'bl',
    apiKeys: parseApiKeys(env.BENCHLINE_API_KEYS ?? ''),
    corsOrigins: (env.BENCHLINE_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
    cookieSecure: env.BENCHLINE_COOKIE_SECURE ?? 'auto',
    trustProxy: env.BENCHLINE_TRUST_PROXY === 'true',
    ...optionalNumber('sessionIdleMs', env.BENCHLINE_SESSION_IDLE_MS),
    ...optionalNumber('sessionMaxAgeMs', env.BENCHLINE_SESSION_MAX_AGE_MS),
    ...optionalNumber('loginMaxPerLogin', env.BENCHLINE_LOGIN_MAX_FAILURES),
    ...optionalNumber('sessionCheckMs', env.BENCHLINE_SESSION_CHECK_MS),
    ...optionalNumber('maxApplyLagMs', env.BENCHLINE_MAX_APPLY_LAG_MS),
    ...optionalNumber('ingestThreads', env.BENCHLINE_INGEST_THREADS),
    clientDist: env.BENCHLINE_CLIENT_DIST ?? fileURLToPath(new URL('../../client/dist/', import.meta.url)),
    fanoutTickMs: Number(env.BENCHLINE_FANOUT_TICK_MS ?? 100),
    ...(env.BENCHLINE_FANOUT_VIEW_TICKS
      ? { fanoutViewTickMs: parsePairs(env.BENCHLINE_FANOUT_VIEW_TICKS, Number) }
      : {}),
    bodyLimitBytes: Number(env.BENCHLINE_BODY_LIMIT_BYTES ?? 5 * 1024 * 1024),
    maxLineBytes: Number(env.BENCHLINE_MAX_LINE_BYTES ?? 1024 * 1024),
    bulkLimitBytes: Number(env.BENCHLINE_BULK_LIMIT_BYTES ?? 2 * 1024 * 1024 * 1024),
    logLevel: env.BENCHLINE_LOG_LEVEL ?? 'info',
    ...(env.BENCHLINE_EVALUATE_TIMEOUT_MS ? { evaluateTimeoutMs: Number(env.BENCHLINE_EVALUATE_TIMEOUT_MS) } : {}),
    ...(env.BENCHLINE_PANEL_TIMEOUT_MS ? { panelTimeoutMs: Number(env.BENCHLINE_PANEL_TIMEOUT_MS) } : {}),
    ...optionalNumber('leaseTtlMs', env.BENCHLINE_LEASE_TTL_MS),
    ...optionalNumber('presenceTtlMs', env.BENCHLINE_PRESENCE_TTL_MS),
    ...optionalNumber('collaborationSweepMs', env.BENCHLINE_COLLABORATION_SWEEP_MS),
    ...optionalNumber('feedMaxLen', env.BENCHLINE_FEED_MAX_LEN),
    ...optionalNumber('feedRetentionMs', env.BENCHLINE_FEED_RETENTION_MS),
    ...(env.BENCHLINE_AUDIT_MAX_LEN ? { auditMaxLen: Number(env.BENCHLINE_AUDIT_MAX_LEN) } : {}),
    ...(env.BENCHLINE_HL7_TIME_ZONE ? { adtTimeZone: env.BENCHLINE_HL7_TIME_ZONE } : {}),
    ...optionalNumber('adtReviewMax', env.BENCHLINE_ADT_REVIEW_MAX),
  };
  return checkConfig(ServerConfigSchema, candidate, 'server');
}

/** A setting present only when its variable is set (the plugin that reads it owns the default). */
function optionalNumber<K extends string>(name: K, raw: string | undefined): Partial<Record<K, number>> {
  return raw === undefined || raw === '' ? {} : ({ [name]: Number(raw) } as Record<K, number>);
}

/** "a:1,b:2" → { a: value('1'), b: value('2') }; checkConfig validates names and values. */
function parsePairs<T>(raw: string, value: (text: string) => T): Record<string, T> {
  return Object.fromEntries(
    raw
      .split(',')
      .map((pair) => pair.trim())
      .filter((pair) => pair.length > 0)
      .map((pair) => {
        const at = pair.indexOf(':');
        return [pair.slice(0, at), value(pair.slice(at + 1))];
      }),
  );
}

function parseApiKeys(raw: string): { tenantId: string; key: string }[] {
  return raw
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const at = pair.indexOf(':');
      return { tenantId: pair.slice(0, at), key: pair.slice(at + 1) };
    });
}
