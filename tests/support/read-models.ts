/**
 * A tenant's read models as plain data, for comparing what the live pipeline maintained with what a rebuild
 * from the event store produces. Every key of the tenant is read (SCAN over its hash tag), so a read model added
 * later is compared without anyone remembering to list it; what is left out, or normalised, is said here:
 *
 * - the event store and its idempotency index (the input, not derived), the change feed and every view's version
 *   (a history of how the state was reached, which a rebuild does not replay), the finance view's pacing hint (how
 *   long its last evaluation took), the audit trail, stored
 *   `$evaluate-measure` reports, the demo's bookkeeping and CCLF import's (its MBI crosswalk and the deliveries it
 *   imported: what an import was given, not derived from the events);
 * - the bookkeeping of how a value was reached, not the value: the fact indexes' `_v` change counters, a member
 *   result's facts and tenant versions (it keeps its `result` and `asOf`), and every `updatedAt`.
 *
 * Everything else — member results, the fact indexes' slots, roll-up counters, the open-gap queue and its rows,
 * finance cells, spend by claim and by month, paid-through, the finance view — must be equal.
 */
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export type ReadModels = Record<string, unknown>;

/** Keys (after the tenant's `<prefix>:{aco:T}:` part) that are not read models. */
const NOT_READ_MODELS = [
  /^events$/,
  /^events:index$/,
  /^feed$/,
  /^feed:seq$/,
  /^view:[^:]+:version$/,
  /^view:finance:cost$/,
  /^audit$/,
  /^evaluation:/,
  /^demo$/,
  /^cclf:/,
];

export async function captureReadModels(redis: Redis, keys: KeySpace, tenantId: string): Promise<ReadModels> {
  // The tenant's part of every key, e.g. "<prefix>:{aco:T}:", taken from a key builder so it is spelt once.
  const tenantPart = keys.events(tenantId).slice(0, -'events'.length);
  const names: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${escapeGlob(tenantPart)}*`, 'COUNT', 1000);
    names.push(...batch);
    cursor = next;
  } while (cursor !== '0');

  const models: ReadModels = {};
  for (const name of names.sort()) {
    const suffix = name.slice(tenantPart.length);
    if (NOT_READ_MODELS.some((pattern) => pattern.test(suffix))) {
      continue;
    }
    const value = normalise(suffix, await readKey(redis, name));
    // A hash left empty by normalising (a meta hash holding only updatedAt) says nothing either way.
    if (value !== undefined && !(isHash(value) && Object.keys(value).length === 0)) {
      models[suffix] = value;
    }
  }
  return models;
}

async function readKey(redis: Redis, name: string): Promise<unknown> {
  const type = await redis.type(name);
  switch (type) {
    case 'string':
      return redis.get(name);
    case 'hash':
      return redis.hgetall(name);
    case 'set':
      return (await redis.smembers(name)).sort();
    case 'zset':
      // Members in score order, ties by member: the same set and scores read the same.
      return redis.zrange(name, '0', '-1', 'WITHSCORES');
    case 'list':
      return redis.lrange(name, 0, -1);
    case 'none':
      return undefined; // deleted between SCAN and now
    default:
      // Streams other than those excluded above would be a new kind of read model: compare their length at least.
      return { type, length: await redis.xlen(name) };
  }
}

function normalise(suffix: string, value: unknown): unknown {
  if (/^member:.+:result$/.test(suffix) && typeof value === 'string') {
    const { result, asOf } = JSON.parse(value) as { result: unknown; asOf: unknown };
    return { result, asOf };
  }
  if (/(^|:)facts$/.test(suffix) && isHash(value)) {
    return withoutField(value, '_v');
  }
  if (/(^|:)meta$/.test(suffix) && isHash(value)) {
    return withoutField(value, 'updatedAt');
  }
  if (/^view:[^:]+:snapshot$/.test(suffix) && typeof value === 'string') {
    return { ...(JSON.parse(value) as object), updatedAt: null };
  }
  return value;
}

function isHash(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutField(hash: Record<string, string>, field: string): Record<string, string> {
  return Object.fromEntries(Object.entries(hash).filter(([name]) => name !== field));
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
