/**
 * Posting events and keeping what the API acknowledged, then checking that nothing acknowledged was lost: each
 * event is in the event store under the id it was answered with, queued for the workers, and reflected in the
 * read models (its fact slot holds its version or a later one, its claim's spend its latest version, every member
 * result computed from the member's current facts).
 */
import type { CanonicalEvent } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { eventKeyOf } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { decodeContribution } from '../../workers/src/adapters/spend-store.js';
import { factSlotOf } from '../../workers/src/domain/facts.js';
import { postBulk, toNdjson } from './ndjson.js';

export interface Acknowledged {
  event: CanonicalEvent;
  status: 'accepted' | 'duplicate';
  /** The event-store ids the API answered with. */
  eventIds: string[];
}

export interface PostTarget {
  url: string;
  apiKey: string;
}

const MAX_ATTEMPTS = 8;

/**
 * Posts `events` as NDJSON bulk requests, cut into chunks of the given sizes (cycled), `concurrency` requests
 * at a time. Whole requests answered 503 and lines answered SERVICE_UNAVAILABLE are sent again, as a client
 * would; any other refusal fails the test.
 */
export async function postAcknowledged(
  target: PostTarget,
  events: readonly CanonicalEvent[],
  options: { chunkSizes?: readonly number[]; concurrency?: number; between?: () => Promise<void> } = {},
): Promise<Acknowledged[]> {
  const sizes = options.chunkSizes !== undefined && options.chunkSizes.length > 0 ? options.chunkSizes : [500];
  const chunks: CanonicalEvent[][] = [];
  for (let at = 0, i = 0; at < events.length; i += 1) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    chunks.push(events.slice(at, at + size));
    at += size;
  }
  const acknowledged: Acknowledged[] = [];
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next] as CanonicalEvent[];
      next += 1;
      acknowledged.push(...(await sendChunk(target, chunk)));
      await options.between?.();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, sender));
  return acknowledged;
}

async function sendChunk(target: PostTarget, chunk: readonly CanonicalEvent[]): Promise<Acknowledged[]> {
  const out: Acknowledged[] = [];
  let pending = [...chunk];
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new Error(`${pending.length} events still unavailable after ${MAX_ATTEMPTS} attempts`);
    }
    const answer = await postBulk(target.url, target.apiKey, toNdjson(pending));
    if (answer.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      continue;
    }
    if (answer.status !== 200) {
      throw new Error(`bulk ingest answered ${answer.status}: ${JSON.stringify(answer.error)}`);
    }
    const retry: CanonicalEvent[] = [];
    for (const result of answer.results) {
      const event = pending[result.line - 1] as CanonicalEvent;
      if (result.status === 'accepted' || result.status === 'duplicate') {
        out.push({ event, status: result.status, eventIds: result.eventIds ?? [] });
      } else if (result.error?.code === 'SERVICE_UNAVAILABLE') {
        retry.push(event);
      } else {
        throw new Error(`line ${result.line} (${eventKeyOf(event)}) refused: ${JSON.stringify(result.error)}`);
      }
    }
    if (answer.results.length !== pending.length) {
      throw new Error(`bulk ingest answered ${answer.results.length} of ${pending.length} lines`);
    }
    pending = retry;
  }
  return out;
}

/**
 * Problems with the acknowledged events after the pipeline drained — an empty list when every one is stored,
 * queued and reflected. A list (not a first failed assertion) so a failure shows how much was lost.
 */
export async function lostAcknowledged(
  redis: Redis,
  keys: KeySpace,
  tenantId: string,
  acknowledged: readonly Acknowledged[],
): Promise<string[]> {
  const problems: string[] = [];
  const stored = new Set(
    ((await redis.xrange(keys.events(tenantId), '-', '+')) as [string, string[]][]).map(([id]) => id),
  );
  const index = await redis.hgetall(keys.eventIndex(tenantId));
  // The latest acknowledged ordinal of every fact slot, and of every claim's version.
  const slots = new Map<string, { memberId: string | null; field: string; ordinal: string }>();
  const claims = new Map<string, number>();
  for (const { event, eventIds } of acknowledged) {
    const key = eventKeyOf(event);
    for (const id of eventIds) {
      if (!stored.has(id)) {
        problems.push(`${key}: acknowledged as ${id}, not in the event store`);
      }
    }
    const entry = index[key];
    if (entry === undefined) {
      problems.push(`${key}: not in the idempotency index`);
    } else if (!entry.endsWith('|q')) {
      problems.push(`${key}: stored but never queued for the workers (${entry})`);
    } else if (!eventIds.includes(entry.slice(0, entry.indexOf('|')))) {
      problems.push(`${key}: indexed as ${entry}, answered ${eventIds.join(',')}`);
    }
    const slot = factSlotOf(event);
    const slotKey = `${slot.memberId ?? '*'}|${slot.field}`;
    const seen = slots.get(slotKey);
    if (seen === undefined || slot.ordinal > seen.ordinal) {
      slots.set(slotKey, slot);
    }
    if (event.kind === 'claim') {
      claims.set(event.claimId, Math.max(claims.get(event.claimId) ?? 0, event.version));
    }
  }

  const memberIds = new Set<string>();
  for (const { memberId, field, ordinal } of slots.values()) {
    const indexKey = memberId === null ? keys.tenantFacts(tenantId) : keys.memberFacts(tenantId, memberId);
    const value = await redis.hget(indexKey, field);
    const current = value === null ? null : value.slice(0, value.indexOf('|'));
    if (current !== ordinal) {
      problems.push(`fact ${memberId ?? 'tenant'} ${field}: latest acknowledged ${ordinal}, fact index ${current}`);
    }
    if (memberId !== null) {
      memberIds.add(memberId);
    }
  }
  const spend = await redis.hgetall(keys.spendClaims(tenantId));
  for (const [claimId, version] of claims) {
    const contribution = spend[claimId];
    const applied = contribution === undefined ? null : decodeContribution(contribution).version;
    if (applied !== version) {
      problems.push(`claim ${claimId}: latest acknowledged version ${version}, spend has ${applied}`);
    }
  }
  const members = new Set(await redis.smembers(keys.members(tenantId)));
  const tenantVersion = (await redis.hget(keys.tenantFacts(tenantId), '_v')) ?? '0';
  for (const memberId of memberIds) {
    if (!members.has(memberId)) {
      problems.push(`member ${memberId}: not in the member set`);
    }
    const raw = await redis.get(keys.memberResult(tenantId, memberId));
    const factsVersion = (await redis.hget(keys.memberFacts(tenantId, memberId), '_v')) ?? '0';
    const result = raw === null ? null : (JSON.parse(raw) as { factsVersion: number; tenantVersion: number });
    if (result === null) {
      problems.push(`member ${memberId}: no result`);
    } else if (String(result.factsVersion) !== factsVersion || String(result.tenantVersion) !== tenantVersion) {
      problems.push(
        `member ${memberId}: result computed from facts v${result.factsVersion} / tenant v${result.tenantVersion}, ` +
          `current v${factsVersion} / v${tenantVersion}`,
      );
    }
  }
  return problems;
}
