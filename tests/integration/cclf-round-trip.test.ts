/**
 * CCLF round trip (issue 13): a generated ACO written as a CCLF delivery (tools/src/generator/cclf-writer.ts) and
 * imported ends in the same state as the generator's JSON ingested directly — for what CCLF carries. Both arms ingest
 * the events CCLF has no file for (providers, contracts, clinical events, payer rosters) and the members as JSON; the
 * JSON arm ingests the generator's claims as CCLF can carry them (`cclfCarried`: no TIN on a Part A claim, …), the
 * CCLF arm the delivery (claims and CCLF8 beneficiaries). After the workers drain, every read model of the two
 * tenants is equal, save what is bookkeeping of how it was reached: stream ids (each tenant has its own event store),
 * claim version numbers (CCLF versions are CMS processing dates, the generator counts 1, 2, 3 — their order is
 * checked instead) and the CCLF8 record's own fact slot.
 *
 * Then run-out (the same delivery again: all duplicates, nothing queued) and an MBI change (CCLF9: the beneficiary's
 * claims move to the new MBI, spend unchanged).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalEvent, ClaimEvent, MemberEvent } from '@benchline/shared';
import type { EventIngest } from '@benchline/server';
import {
  createEventIngest,
  createMbiCrosswalkStore,
  createStoredHistory,
  importCclfDelivery,
  openDelivery,
} from '@benchline/server';
import { decodeStoredEvent } from '@benchline/shared/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco } from '../../tools/src/demo/demo-data.js';
import { cclfCarried, writeCclfDelivery } from '../../tools/src/generator/cclf-writer.js';
import { captureReadModels, type ReadModels } from '../support/read-models.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const JSON_ARM = 'json-arm';
const CCLF_ARM = 'cclf-arm';
const folder = mkdtempSync(join(tmpdir(), 'cclf-round-trip-'));
const aco = demoAco({ members: 30, months: 6, seed: 11, endMonth: '2026-06' });
const bundles = [...aco.members()];
const members = bundles.map((bundle) => bundle.member);
const claims = bundles.flatMap((bundle) => bundle.claims);
const nonClaimEvents: CanonicalEvent[] = [
  ...aco.providers,
  ...aco.contracts,
  ...members,
  ...bundles.flatMap((bundle) => [...bundle.clinical, ...bundle.rosters]),
];

let stack: TestStack;
let ingest: EventIngest;
beforeAll(async () => {
  stack = await startStack();
  ingest = createEventIngest({ redis: stack.redis, redisUrl: stack.redisUrl, keys: stack.keys, warn: () => undefined });
});
afterAll(async () => {
  await ingest.close();
  await stack.close();
  rmSync(folder, { recursive: true, force: true });
});

async function ingestJson(tenantId: string, events: readonly CanonicalEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 400) {
    const outcomes = await ingest.units(
      tenantId,
      events.slice(i, i + 400).map((event) => [event]),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
  }
}

async function importCclf(deliveryFolder: string) {
  const delivery = await openDelivery(deliveryFolder);
  const counts: Record<string, number> = {};
  const problems: unknown[] = [];
  for await (const result of importCclfDelivery(delivery, {
    tenantId: CCLF_ARM,
    store: (units) => ingest.units(CCLF_ARM, units),
    crosswalkStore: createMbiCrosswalkStore(stack.redis, stack.keys),
    history: createStoredHistory(stack.redis, stack.keys),
    tempDir: folder,
    sortChunkChars: 50_000, // sort the claim files through run files, as a large delivery would be
  })) {
    counts[`${result.kind}:${result.status}`] = (counts[`${result.kind}:${result.status}`] ?? 0) + 1;
    if (result.status === 'rejected') {
      problems.push(result);
    }
  }
  expect(problems).toEqual([]);
  return counts;
}

async function storedClaims(tenantId: string): Promise<ClaimEvent[]> {
  const entries = await stack.redis.xrange(stack.keys.events(tenantId), '-', '+');
  return entries
    .map(([, fields]) => decodeStoredEvent(fields))
    .filter((event): event is ClaimEvent => event?.kind === 'claim');
}

/** Each claim's versions in order, without the version numbers. */
function byClaim(list: readonly ClaimEvent[]): Record<string, Omit<ClaimEvent, 'version' | 'source'>[]> {
  const grouped: Record<string, ClaimEvent[]> = {};
  for (const claim of list) {
    (grouped[claim.claimId] ??= []).push(claim);
  }
  return Object.fromEntries(
    Object.entries(grouped).map(([id, versions]) => [
      id,
      versions.sort((a, b) => a.version - b.version).map(({ version: _version, source: _source, ...rest }) => rest),
    ]),
  );
}

/**
 * Read models without what depends on which store and which numbering got them there (see the header), and with the
 * tenant's hash tag (some read models list key names) written the same for both tenants.
 */
function comparable(models: ReadModels, tenantId: string): ReadModels {
  const tenantTag = `{aco:${tenantId}}`;
  const untagged = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.replaceAll(tenantTag, '{aco:T}')
      : Array.isArray(value)
        ? value.map(untagged)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untagged(v)]))
          : value;
  return untagged(
    Object.fromEntries(
      Object.entries(models).map(([key, value]) => {
        if (/(^|:)facts$/.test(key)) {
          const hash = value as Record<string, string>;
          return [
            key,
            Object.fromEntries(
              Object.keys(hash)
                .filter((field) => !field.startsWith('m:CCLF8|'))
                .map((field) => [field, 'held']),
            ),
          ];
        }
        if (key === 'spend:claims') {
          const hash = value as Record<string, string>;
          return [
            key,
            Object.fromEntries(Object.entries(hash).map(([id, v]) => [id, v.split('|').slice(1).join('|')])),
          ];
        }
        return [key, value];
      }),
    ),
  ) as ReadModels;
}

describe('generator → CCLF files → import', () => {
  it('gives the same state as ingesting the generator JSON, for what CCLF carries', async () => {
    const written = await writeCclfDelivery(
      { members, claims },
      { folder: join(folder, 'june'), deliveryDate: aco.window.asOf },
    );
    expect(written.records.CCLF5).toBeGreaterThan(0);
    expect(claims.some((c) => c.adjustment === 'cancel') && claims.some((c) => c.adjustment === 'adjustment')).toBe(
      true,
    );

    await ingestJson(JSON_ARM, [...nonClaimEvents, ...claims.map(cclfCarried)]);
    await ingestJson(CCLF_ARM, nonClaimEvents);
    const counts = await importCclf(written.folder);
    expect(counts).toEqual({ 'beneficiary:accepted': members.length, 'claim:accepted': claims.length });
    await stack.drained({ timeoutMs: 30_000 });

    expect(byClaim(await storedClaims(CCLF_ARM))).toEqual(byClaim(await storedClaims(JSON_ARM)));
    const json = comparable(await captureReadModels(stack.redis, stack.keys, JSON_ARM), JSON_ARM);
    const cclf = comparable(await captureReadModels(stack.redis, stack.keys, CCLF_ARM), CCLF_ARM);
    expect(Object.keys(cclf).sort()).toEqual(Object.keys(json).sort());
    expect(cclf).toEqual(json);
    expect(Object.keys(json).filter((key) => key.endsWith(':result')).length).toBe(members.length);
  });

  it('finds the same delivery sent again all duplicates, and queues no work for it', async () => {
    const queued = (await stack.redis.keys(`${stack.prefix}:bull:apply-events:*`)).sort();
    const before = await stack.redis.xlen(stack.keys.events(CCLF_ARM));
    const counts = await importCclf(join(folder, 'june'));
    expect(counts).toEqual({ 'beneficiary:duplicate': members.length, 'claim:duplicate': claims.length });
    expect(await stack.redis.xlen(stack.keys.events(CCLF_ARM))).toBe(before);
    expect((await stack.redis.keys(`${stack.prefix}:bull:apply-events:*`)).sort()).toEqual(queued);
  });

  it("moves a beneficiary's claims to their new MBI when CCLF9 links it, spend unchanged", async () => {
    const moving = bundles.find((bundle) => bundle.claims.length >= 3)!;
    const oldMbi = moving.member.memberId;
    const newMbi = '9ZZ9ZZ9ZZ99';
    const spendBefore = await stack.redis.hgetall(stack.keys.spendPaid(CCLF_ARM));
    const renamed = <T extends ClaimEvent | MemberEvent>(event: T): T =>
      event.memberId === oldMbi ? { ...event, memberId: newMbi } : event;
    const written = await writeCclfDelivery(
      { members: members.map(renamed), claims: claims.map(renamed) },
      {
        folder: join(folder, 'july'),
        deliveryDate: '2026-07-31',
        mbiChanges: [{ previous: oldMbi, current: newMbi, effective: '2016-01-01', obsolete: '2026-07-15' }],
      },
    );
    const families = new Set(moving.claims.map((claim) => claim.claimId));
    const counts = await importCclf(written.folder);
    // Every claim of the delivery is already stored — moved, or unchanged — and the moved beneficiary's records too.
    expect(counts).toMatchObject({
      'crosswalk:accepted': 1,
      'mbi-move:accepted': families.size + 1,
      'claim:duplicate': claims.length,
      'beneficiary:accepted': members.length,
    });
    await stack.drained({ timeoutMs: 30_000 });

    const slots = async (memberId: string): Promise<string[]> =>
      Object.keys(await stack.redis.hgetall(stack.keys.memberFacts(CCLF_ARM, memberId)))
        .filter((field) => field.startsWith('c:'))
        .sort();
    expect(await slots(newMbi)).toEqual([...families].map((id) => `c:${id}`).sort());
    const claimsNow = await storedClaims(CCLF_ARM);
    const latest = (memberId: string, claimId: string): ClaimEvent =>
      claimsNow
        .filter((c) => c.memberId === memberId && c.claimId === claimId)
        .sort((a, b) => b.version - a.version)[0]!;
    for (const claimId of families) {
      expect(latest(oldMbi, claimId).adjustment).toBe('cancel');
      expect(latest(newMbi, claimId).version).toBeGreaterThan(latest(oldMbi, claimId).version);
    }
    expect(await stack.redis.hgetall(stack.keys.spendPaid(CCLF_ARM))).toEqual(spendBefore);
  });
});
