/**
 * `benchline import --format hl7` against real Redis (a key prefix of its own, removed afterwards), with the server's
 * HL7 fixtures: MLLP-framed files and FHS/BHS batches, an error among good messages, an unknown patient parked for
 * review, a re-sent message answered as a duplicate, the crosswalk learnt in one batch of the ingest core serving the
 * next, and dry runs that write nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReviewList } from '@benchline/server';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VALID_MEMBER } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../../tests/support/redis.js';
import { BATCH_MESSAGES } from './import-hl7.js';
import { runImport } from './import.js';

const prefix = uniquePrefix();
const keys = createKeySpace(prefix);
const dir = mkdtempSync(join(tmpdir(), 'benchline-hl7-import-'));
/** The fixtures' patient: PID-3 carries this MBI as 1EG4-TE5-MK73. */
const MEMBER = VALID_MEMBER.memberId;
let redis: Redis;

function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'latin1');
}

/** Wrapped as MLLP sends it: start block, the message, end block and carriage return. */
const mllp = (message: string): string => `\u000b${message.replace(/\r+$/, '')}\r\u001c\r`;

/** A tenant that has the fixtures' member: the apply workers add a member id to this set when they fold its record. */
async function tenantWithMember(tenantId: string): Promise<void> {
  await redis.sadd(keys.members(tenantId), MEMBER);
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const progress = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await runImport(args), out, err };
  } finally {
    write.mockRestore();
    progress.mockRestore();
  }
}

/** Every key the tenant has under the test's prefix. */
async function tenantKeys(tenantId: string): Promise<string[]> {
  return redis.keys(`${prefix}:{aco:${tenantId}}:*`);
}

beforeAll(() => {
  process.env.REDIS_URL = testRedisUrl();
  process.env.BENCHLINE_KEY_PREFIX = prefix;
  redis = new Redis(testRedisUrl());
  // An admission, an update carrying the MRN alone (the admission taught it) and a discharge, each MLLP-framed.
  writeFileSync(
    join(dir, 'stay.hl7'),
    [fixture('a01-admit.hl7'), fixture('a08-update.hl7'), fixture('a03-discharge.hl7')].map(mllp).join(''),
  );
  // A good message, a malformed one and one about nobody the tenant has: \n segment ends.
  writeFileSync(
    join(dir, 'mixed.hl7'),
    [fixture('a04-observation.hl7'), fixture('malformed.hl7'), fixture('unknown-patient.hl7')]
      .map((message) => message.replaceAll('\r', '\n'))
      .join(''),
  );
});
afterAll(async () => {
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
  await deleteKeysWithPrefix(testRedisUrl(), prefix);
});

describe('benchline import --format hl7', () => {
  const events = (tenantId: string) => redis.xlen(keys.events(tenantId));

  it('checks files in a dry run and writes nothing — reading the tenant’s members when one is named', async () => {
    await tenantWithMember('acme');
    const before = (await tenantKeys('acme')).sort();
    const checked = await run([
      join(dir, 'stay.hl7'),
      join(dir, 'mixed.hl7'),
      '--format',
      'hl7',
      '--tenant',
      'acme',
      '--dry-run',
    ]);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain(
      `${join(dir, 'stay.hl7')}: 3 messages: 3 to store (AA; 0 with warnings), 0 to park for review, 0 already stored, 0 errors (AE), 0 rejected (AR) (dry run: nothing written)`,
    );
    expect(checked.out).toContain(
      `${join(dir, 'mixed.hl7')}: 3 messages: 1 to store (AA; 0 with warnings), 1 to park for review, 0 already stored, 1 error (AE), 0 rejected (AR) (dry run: nothing written)`,
    );
    expect(checked.out).toContain(`${join(dir, 'mixed.hl7')} message 2 (MSH-10 GH20260302-0666) AE — PV1-2 103`);
    expect((await tenantKeys('acme')).sort()).toEqual(before);

    // Without a tenant: read and checked only, no Redis needed.
    const offline = await run([join(dir, 'mixed.hl7'), '--format', 'hl7', '--dry-run']);
    expect(offline.code).toBe(1);
    expect(offline.out).toContain(
      '3 messages: 2 valid (AA; 0 with warnings), 1 error (AE), 0 rejected (AR) (dry run without --tenant: patients not matched, nothing written)',
    );
    expect((await tenantKeys('acme')).sort()).toEqual(before);
  });

  it('imports MLLP-framed messages in order, the MRN learnt from the admission finding the member for the update', async () => {
    const { code, out } = await run([join(dir, 'stay.hl7'), '--format', 'hl7', '--tenant', 'acme']);
    expect(code).toBe(0);
    expect(out).toContain(
      `${join(dir, 'stay.hl7')}: 3 messages: 3 accepted (AA; 0 with warnings), 0 parked for review, 0 duplicates, 0 errors (AE), 0 rejected (AR)`,
    );
    expect(await events('acme')).toBe(3);
    expect(Object.keys(await redis.hgetall(keys.eventIndex('acme'))).sort()).toEqual([
      'adt:EPICADT^GENHOSP|GH20260302-0001',
      'adt:EPICADT^GENHOSP|GH20260303-0311',
      'adt:EPICADT^GENHOSP|GH20260306-0842',
    ]);
    expect(await redis.hget(keys.adtPatients('acme'), 'GENHOSP|MRN7755123')).toBe(MEMBER);
  });

  it('takes a batch, answering a message sent before as a duplicate', async () => {
    // The batch's A01 came in stay.hl7; its A02 carries the MRN alone, which the crosswalk now knows.
    const { code, out } = await run([fixturePath('batch.hl7'), '--format', 'hl7', '--tenant', 'acme']);
    expect(code).toBe(0);
    expect(out).toContain(
      ': 2 messages: 1 accepted (AA; 0 with warnings), 0 parked for review, 1 duplicate, 0 errors (AE), 0 rejected (AR)',
    );
    expect(await events('acme')).toBe(4);
  });

  it('stores the good message, parks the unknown patient, names the malformed one and exits 1', async () => {
    const { code, out } = await run([
      join(dir, 'mixed.hl7'),
      '--format',
      'hl7',
      '--tenant',
      'acme',
      '--tz',
      'America/New_York',
    ]);
    expect(code).toBe(1);
    expect(out).toContain(
      `${join(dir, 'mixed.hl7')}: 3 messages: 1 accepted (AA; 0 with warnings), 1 parked for review, 0 duplicates, 1 error (AE), 0 rejected (AR)`,
    );
    expect(out).toMatch(/message 2 \(MSH-10 GH20260302-0666\) AE — PV1-2 103 [^;]+; PV1-19 101 [^;]+; PV1-44 102/);
    expect(await events('acme')).toBe(5);
    const review = await createReviewList(redis, keys).list('acme', { offset: 0, limit: 10 });
    expect(review.items.map((item) => [item.reason, item.notification.messageId])).toEqual([
      ['no-match', 'GH20260302-0555'],
    ]);

    // Again: the stored one a duplicate, the parked one a duplicate while it waits; nothing new.
    const again = await run([join(dir, 'mixed.hl7'), '--format', 'hl7', '--tenant', 'acme']);
    expect(again.out).toContain(
      ': 3 messages: 0 accepted (AA; 0 with warnings), 0 parked for review, 2 duplicates, 1 error (AE), 0 rejected (AR)',
    );
    expect(await events('acme')).toBe(5);
    expect((await createReviewList(redis, keys).list('acme', { offset: 0, limit: 10 })).total).toBe(1);

    // A dry run now tells what is already stored.
    const checked = await run([join(dir, 'stay.hl7'), '--format', 'hl7', '--tenant', 'acme', '--dry-run']);
    expect(checked.out).toContain(
      ': 3 messages: 0 to store (AA; 0 with warnings), 0 to park for review, 3 already stored',
    );
  });

  it('streams a file larger than a batch, what one batch taught the crosswalk serving the next', async () => {
    await tenantWithMember('big');
    // The admission (MBI and MRN) first, then updates carrying the MRN alone, past the ingest core's batch.
    const updates = Array.from({ length: BATCH_MESSAGES + 5 }, (_, i) =>
      fixture('a08-update.hl7').replace('GH20260303-0311', `UPD-${i}`),
    );
    writeFileSync(join(dir, 'big.hl7'), [fixture('a01-admit.hl7'), ...updates].join('\r\n'));
    const dry = await run([join(dir, 'big.hl7'), '--format', 'hl7', '--tenant', 'big', '--dry-run']);
    expect(dry.out).toContain(
      `: ${(BATCH_MESSAGES + 6).toLocaleString('en-US')} messages: ${(BATCH_MESSAGES + 6).toLocaleString('en-US')} to store`,
    );
    expect(await events('big')).toBe(0);
    expect(await redis.exists(keys.adtPatients('big'))).toBe(0);

    const { code, out } = await run([join(dir, 'big.hl7'), '--format', 'hl7', '--tenant', 'big']);
    expect(code).toBe(0);
    expect(out).toContain(
      `: ${(BATCH_MESSAGES + 6).toLocaleString('en-US')} messages: ${(BATCH_MESSAGES + 6).toLocaleString('en-US')} accepted`,
    );
    expect(await events('big')).toBe(BATCH_MESSAGES + 6);
  });

  it('refuses a file that is not HL7 and explains its usage for hl7-only options elsewhere', async () => {
    writeFileSync(join(dir, 'notes.hl7'), `a note\r${fixture('a01-admit.hl7')}`);
    const { code, out } = await run([join(dir, 'notes.hl7'), '--format', 'hl7', '--tenant', 'acme']);
    expect(code).toBe(1);
    expect(out).toContain('0 messages');
    expect(out).toContain('lines before its first message (MSH) that are not batch headers');
    expect(await events('acme')).toBe(5);

    for (const args of [
      [dir, '--tz', 'America/Chicago', '--tenant', 'acme'],
      [dir, '--format', 'hl7', '--tz', 'Mars/Olympus', '--tenant', 'acme'],
      [dir, '--format', 'hl7', '--charset', 'utf-16', '--tenant', 'acme'],
      [dir, '--format', 'hl7'],
    ]) {
      const usage = await run(args);
      expect(usage.code, args.join(' ')).toBe(2);
      expect(usage.err).toContain('--format hl7');
    }
  });
});

function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../server/src/ingest/hl7/__fixtures__/${name}`, import.meta.url));
}
