import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReviewList } from '@benchline/server';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VALID_EVENTS } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { fhirAdmission } from '../../../tests/support/fhir.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../../tests/support/redis.js';
import { runGenerate } from './generate.js';
import { runImport } from './import.js';

const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), 'benchline-import-'));
let redis: Redis;

beforeAll(() => {
  process.env.REDIS_URL = testRedisUrl();
  process.env.BENCHLINE_KEY_PREFIX = prefix;
  redis = new Redis(testRedisUrl());
  // Two files in one delivery folder: the second has one bad line among good ones.
  writeFileSync(join(dir, '2026-11-01-rosters.ndjson'), rosterLines(0, 300).join('\n'));
  writeFileSync(
    join(dir, '2026-11-02-rosters.ndjson'),
    [...rosterLines(300, 310), '{"kind":"roster"', ...rosterLines(310, 320)].join('\n'),
  );
  writeFileSync(join(dir, 'README.txt'), 'not a delivery file');
});
afterAll(async () => {
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
  await deleteKeysWithPrefix(testRedisUrl(), prefix);
});

function rosterLines(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) =>
    JSON.stringify({ ...VALID_EVENTS.roster, memberId: `M-${from + i}` }),
  );
}

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const progress = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await runImport(args), out };
  } finally {
    write.mockRestore();
    progress.mockRestore();
  }
}

describe('benchline import', () => {
  const events = () => redis.xlen(createKeySpace(prefix).events('acme'));

  it('checks a delivery without writing anything in a dry run', async () => {
    const { code, out } = await run([dir, '--dry-run']);
    expect(code).toBe(1);
    expect(out).toContain('2 files, 321 lines: 320 valid, 1 rejected (dry run: nothing written)');
    expect(out).toContain('2026-11-02-rosters.ndjson:11 MALFORMED_JSON');
    expect(await events()).toBe(0);
  });

  it('stores the good lines, names the bad one and exits non-zero', async () => {
    const { code, out } = await run([dir, '--tenant', 'acme']);
    expect(code).toBe(1);
    expect(out).toContain('2 files, 321 lines: 320 accepted, 0 duplicate, 1 rejected');
    expect(await events()).toBe(320);
  });

  it('counts a re-delivery as duplicates and queues no new work for it', async () => {
    const queuedBefore = await redis.keys(`${prefix}:bull:apply-events:*`);
    const { code, out } = await run([join(dir, '2026-11-01-rosters.ndjson'), '--tenant', 'acme']);
    expect(code).toBe(0);
    expect(out).toContain('300 lines: 0 accepted, 300 duplicate, 0 rejected');
    expect(await events()).toBe(320);
    expect((await redis.keys(`${prefix}:bull:apply-events:*`)).sort()).toEqual(queuedBefore.sort());
  });

  it('imports what `generate --format fhir` writes, Patient files first, without a rejection', async () => {
    const fhirDir = join(dir, 'fhir');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(
        await runGenerate([
          '--members',
          '12',
          '--months',
          '4',
          '--end',
          '2026-04',
          '--format',
          'fhir',
          '--out',
          fhirDir,
        ]),
      ).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    const checked = await run([fhirDir, '--format', 'fhir', '--dry-run']);
    expect(checked.out).toMatch(/ 0 rejected \(dry run/);
    const imported = await run([fhirDir, '--format', 'fhir', '--tenant', 'fhir-aco']);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/, 0 duplicate, 0 rejected/);
    expect(await redis.xlen(createKeySpace(prefix).events('fhir-aco'))).toBeGreaterThan(100);

    // A later delivery of claims alone, pointing at Patients by reference only (no MBI, as BCDA's do): a dry run
    // for the tenant knows those Patients from the import above; without a tenant it cannot.
    const claimsOnly = join(dir, 'claims-by-reference.ndjson');
    writeFileSync(
      claimsOnly,
      readFileSync(join(fhirDir, 'ExplanationOfBenefit.ndjson'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const eob = JSON.parse(line) as { patient: { reference: string; identifier?: unknown } };
          eob.patient = { reference: eob.patient.reference };
          return JSON.stringify(eob);
        })
        .join('\n'),
    );
    const forTenant = await run([claimsOnly, '--format', 'fhir', '--dry-run', '--tenant', 'fhir-aco']);
    expect(forTenant.out).toMatch(/ 0 rejected \(dry run/);
    const unknownTenant = await run([claimsOnly, '--format', 'fhir', '--dry-run']);
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.out).toMatch(/claims-by-reference\.ndjson:1 /);
  });

  it('parks a FHIR ADT Encounter no member matches for review, as the route does, and stores the one that matches', async () => {
    const mbi = 'http://hl7.org/fhir/sid/us-mbi';
    const file = join(dir, 'adt-encounters.ndjson');
    writeFileSync(
      file,
      [
        // A Patient of this delivery: the member the first Encounter names by its MBI.
        {
          resourceType: 'Patient',
          id: 'pat-1',
          meta: { lastUpdated: '2026-03-01T00:00:00Z' },
          identifier: [{ system: mbi, value: '3EG4TE5MK75' }],
          birthDate: '1950-01-01',
          gender: 'female',
        },
        fhirAdmission('adm-1', { identifier: { system: mbi, value: '3EG4TE5MK75' } }),
        // An MBI the tenant has no member for.
        fhirAdmission('adm-2', { identifier: { system: mbi, value: '4EG4TE5MK76' } }),
      ]
        .map((resource) => JSON.stringify(resource))
        .join('\n'),
    );
    const keys = createKeySpace(prefix);
    const checked = await run([file, '--format', 'fhir', '--dry-run', '--tenant', 'fhir-adt']);
    expect(checked.code).toBe(0);
    expect(checked.out).toMatch(/3 lines: 2 valid, 0 rejected, 1 parked for review \(dry run/);
    expect(await redis.xlen(keys.events('fhir-adt'))).toBe(0);

    const imported = await run([file, '--format', 'fhir', '--tenant', 'fhir-adt']);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/3 lines: 2 accepted, 0 duplicate, 0 rejected, 1 parked for review\n/);
    const review = await createReviewList(redis, keys).list('fhir-adt', { offset: 0, limit: 10 });
    expect(review.total).toBe(1);
    expect(review.items[0]?.identifiers.map((identifier) => identifier.value)).toContain('4EG4TE5MK76');
    const adt = (await redis.xrange(keys.events('fhir-adt'), '-', '+')).filter(([, fields]) =>
      fields.some((field) => field.includes('"kind":"adt"')),
    );
    expect(adt).toHaveLength(1);
    expect(adt[0]?.[1].join(' ')).toContain('3EG4TE5MK75');

    // Sent again: the stored one is a duplicate, the parked one already waits.
    const again = await run([file, '--format', 'fhir', '--tenant', 'fhir-adt']);
    expect(again.out).toMatch(/3 lines: 0 accepted, 3 duplicate, 0 rejected\n/);
    expect((await createReviewList(redis, keys).list('fhir-adt', { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('imports every file `generate` writes (contracts and rosters too) into a fresh tenant without a rejection', async () => {
    const tenant = 'generated-ndjson';
    const keys = createKeySpace(prefix);
    const out = mkdtempSync(join(tmpdir(), 'benchline-generated-'));
    try {
      expect(await redis.xlen(keys.events(tenant))).toBe(0);
      const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        // Medicare Advantage spells are rare: this seed's 100 members include one the plan's roster lists.
        const args = ['--members', '100', '--months', '6', '--seed', '12', '--end', '2026-04', '--out', out];
        expect(await runGenerate(args)).toBe(0);
      } finally {
        quiet.mockRestore();
      }
      const files = readdirSync(out).sort();
      expect(files).toEqual([
        'claims.ndjson',
        'clinical.ndjson',
        'contracts.ndjson',
        'members.ndjson',
        'providers.ndjson',
        'rosters.ndjson',
      ]);
      const lines = Object.fromEntries(
        files.map((name) => [name, readFileSync(join(out, name), 'utf8').split('\n').filter(Boolean).length]),
      );
      // Every kind the generator writes is there to be checked, contracts and payer rosters included.
      for (const name of files) {
        expect(lines[name], name).toBeGreaterThan(0);
      }
      const total = Object.values(lines).reduce((sum, n) => sum + n, 0);

      const imported = await run([out, '--tenant', tenant]);
      expect(imported.out).toContain(
        `${files.length} files, ${total.toLocaleString('en-US')} lines: ${total.toLocaleString('en-US')} accepted, 0 duplicate, 0 rejected`,
      );
      expect(imported.code).toBe(0);
      expect(await redis.xlen(keys.events(tenant))).toBe(total);
    } finally {
      rmSync(out, { recursive: true, force: true });
      // The tenant's keys (event store, index, …); the queued jobs go with the file's prefix in afterAll.
      await deleteKeysWithPrefix(testRedisUrl(), `${prefix}:{aco:${tenant}}`);
    }
    expect(await redis.xlen(keys.events(tenant))).toBe(0);
  }, 120_000);

  it('explains its usage when the tenant is missing', async () => {
    const usage = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runImport([dir])).toBe(2);
      expect(usage).toHaveBeenCalledWith(expect.stringContaining('--tenant'));
    } finally {
      usage.mockRestore();
    }
  });

  it('takes the tenant from BENCHLINE_TENANT when --tenant is not given', async () => {
    process.env.BENCHLINE_TENANT = 'from-env';
    try {
      const { code, out } = await run([join(dir, '2026-11-01-rosters.ndjson')]);
      expect(code).toBe(0);
      expect(out).toContain('300 lines: 300 accepted');
      expect(await redis.xlen(createKeySpace(prefix).events('from-env'))).toBe(300);
    } finally {
      delete process.env.BENCHLINE_TENANT;
    }
  });
});
