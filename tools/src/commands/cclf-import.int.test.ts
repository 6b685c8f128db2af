import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaimEvent, MemberEvent } from '@benchline/shared';
import type { EventIngest } from '@benchline/server';
import { createEventIngest } from '@benchline/server';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../../tests/support/eventually.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../../tests/support/redis.js';
import { demoAco } from '../demo/demo-data.js';
import { fileNames, writeCclfDelivery } from '../generator/cclf-writer.js';
import { watchCclfFolder } from './cclf-import.js';
import { runImport } from './import.js';

const prefix = uniquePrefix();
const keys = createKeySpace(prefix);
const dir = mkdtempSync(join(tmpdir(), 'benchline-cclf-cli-'));
const aco = demoAco({ members: 8, months: 3, seed: 5, endMonth: '2026-06' });
const bundles = [...aco.members()];
const members: MemberEvent[] = bundles.map((bundle) => bundle.member);
const claims: ClaimEvent[] = bundles.flatMap((bundle) => bundle.claims);
let redis: Redis;

beforeAll(() => {
  process.env.REDIS_URL = testRedisUrl();
  process.env.BENCHLINE_KEY_PREFIX = prefix;
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
  await deleteKeysWithPrefix(testRedisUrl(), prefix);
});

/** Runs `work` with stdout captured and stderr (progress) silenced. */
async function captured<T>(work: () => Promise<T>): Promise<{ value: T; out: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const progress = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { value: await work(), out };
  } finally {
    write.mockRestore();
    progress.mockRestore();
  }
}

const run = async (args: string[]) => {
  const { value, out } = await captured(() => runImport(args));
  return { code: value, out };
};

describe('benchline import --format cclf', () => {
  const june = join(dir, 'june');
  const events = (tenant: string) => redis.xlen(keys.events(tenant));

  beforeAll(async () => {
    await writeCclfDelivery({ members, claims }, { folder: june, deliveryDate: aco.window.asOf });
  });

  it('checks a delivery against its CCLF0 without writing anything in a dry run', async () => {
    const { code, out } = await run([june, '--format', 'cclf', '--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain(`CCLF delivery of ${aco.window.asOf}, performance year 2026, 11 files`);
    expect(out).toContain(
      `claims: ${claims.length} valid, 0 rejected; beneficiaries: ${members.length} valid, 0 rejected`,
    );
    expect(out).toContain('(dry run: nothing written)');
    expect(await events('acme')).toBe(0);
  });

  it('imports it, and finds it all duplicates when it comes again', async () => {
    const first = await run([june, '--format', 'cclf', '--tenant', 'acme']);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`claims: ${claims.length} accepted, 0 duplicate, 0 rejected`);
    expect(await events('acme')).toBe(claims.length + members.length);
    const again = await run([june, '--format', 'cclf', '--tenant', 'acme']);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`claims: 0 accepted, ${claims.length} duplicate, 0 rejected`);
    expect(await events('acme')).toBe(claims.length + members.length);
  });

  it('names a malformed line by file, line and field, stores the rest and exits 1', async () => {
    const broken = join(dir, 'broken');
    const written = await writeCclfDelivery({ members, claims }, { folder: broken, deliveryDate: aco.window.asOf });
    const professional = join(broken, written.files.CCLF5);
    const lines = readFileSync(professional, 'latin1').split('\n');
    // Line 2's CLM_FROM_DT (positions 48–57) becomes an impossible date.
    lines[1] = `${lines[1]!.slice(0, 47)}2026-13-45${lines[1]!.slice(57)}`;
    writeFileSync(professional, lines.join('\n'), 'latin1');
    const { code, out } = await run([broken, '--format', 'cclf', '--tenant', 'broken-aco']);
    expect(code).toBe(1);
    expect(out).toContain(`${written.files.CCLF5}:2 CLM_FROM_DT — is not a calendar date written YYYY-MM-DD`);
    expect(out).toMatch(/claims: \d+ accepted, 0 duplicate, 1 rejected/);
    expect(await events('broken-aco')).toBe(claims.length - 1 + members.length);
  });

  it('refuses a delivery whose file does not hold what CCLF0 counts, writing nothing', async () => {
    const short = join(dir, 'short');
    const written = await writeCclfDelivery({ members, claims }, { folder: short, deliveryDate: aco.window.asOf });
    appendFileSync(join(short, written.files.CCLF8), `${'9'.repeat(549)}\n`, 'latin1');
    const { code, out } = await run([short, '--format', 'cclf', '--tenant', 'short-aco']);
    expect(code).toBe(1);
    expect(out).toContain(
      `refused: ${written.files.CCLF8}: ${written.files.CCLF0} gives CCLF8 ${members.length} records; the file holds ${members.length + 1}`,
    );
    expect(await events('short-aco')).toBe(0);
  });

  it('explains its usage for a watch with delivery folders, or a delivery date outside CCLF', async () => {
    const usage = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runImport([june, '--format', 'cclf', '--watch', dir, '--tenant', 'acme'])).toBe(2);
      expect(await runImport([june, '--delivery-date', '2026-06-30', '--tenant', 'acme'])).toBe(2);
      expect(usage).toHaveBeenCalledWith(expect.stringContaining('--watch <folder>'));
    } finally {
      usage.mockRestore();
    }
  });
});

describe('benchline import --format cclf --watch', () => {
  const watched = join(dir, 'drops');
  let ingest: EventIngest;

  beforeAll(() => {
    mkdirSync(watched);
    ingest = createEventIngest({ redis, redisUrl: testRedisUrl(), keys, warn: () => undefined });
  });
  afterAll(async () => {
    await ingest.close();
  });

  const target = () => ({
    tenantId: 'watched',
    dryRun: false,
    store: (units: Parameters<EventIngest['units']>[1]) => ingest.units('watched', units),
    redis,
    keys,
    tempDir: dir,
  });
  const imported = async () =>
    Object.values(await redis.hgetall(keys.cclfDeliveries('watched'))).map(
      (v) => JSON.parse(v) as { status: string; deliveryDate: string },
    );

  it('imports each complete delivery once as it appears — a folder, or files dropped loose — and not a partial one', async () => {
    const stop = new AbortController();
    const watching = captured(() => watchCclfFolder(watched, target(), { intervalMs: 40, signal: stop.signal }));
    try {
      // A delivery still arriving: its CCLF0 counts CCLF5 records whose file is not there yet (made aside, then
      // moved in whole, so the watcher never sees it complete).
      const partial = join(dir, 'august');
      await writeCclfDelivery({ members, claims }, { folder: partial, deliveryDate: '2026-08-31' });
      rmSync(join(partial, fileNames({ folder: partial, deliveryDate: '2026-08-31' }).CCLF5));
      renameSync(partial, join(watched, 'august'));

      await writeCclfDelivery({ members, claims }, { folder: join(watched, 'june'), deliveryDate: aco.window.asOf });
      await eventually(async () => expect(await imported()).toHaveLength(1), { timeoutMs: 20_000 });
      expect(await redis.xlen(keys.events('watched'))).toBe(claims.length + members.length);

      // July's files dropped straight into the watched folder (run-out names, as CMS sends them).
      await writeCclfDelivery(
        { members, claims },
        { folder: watched, deliveryDate: '2026-07-31', runOut: true, performanceYear: 2026 },
      );
      await eventually(async () => expect(await imported()).toHaveLength(2), { timeoutMs: 20_000 });
      // July re-delivers every claim (duplicates) and a month of beneficiary records.
      expect(await redis.xlen(keys.events('watched'))).toBe(claims.length + 2 * members.length);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await imported()).map((d) => [d.status, d.deliveryDate]).sort()).toEqual([
        ['imported', '2026-06-30'],
        ['imported', '2026-07-31'],
      ]);
    } finally {
      stop.abort();
    }
    expect((await watching).value).toBe(0);
    expect(readdirSync(watched).filter((name) => name.startsWith('P.A9999')).length).toBe(12);
  });

  it('remembers what it imported across restarts', async () => {
    const before = await redis.hgetall(keys.cclfDeliveries('watched'));
    const stop = new AbortController();
    const watching = captured(() => watchCclfFolder(watched, target(), { intervalMs: 40, signal: stop.signal }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop.abort();
    const { out } = await watching;
    expect(out).not.toContain('CCLF delivery of');
    expect(await redis.hgetall(keys.cclfDeliveries('watched'))).toEqual(before);
  });
});
