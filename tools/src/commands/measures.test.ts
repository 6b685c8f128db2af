/**
 * `benchline measures`: the eCQM development bundles (a folder, one file, the same resources as NDJSON) through
 * the FHIR mapper and the engine to CSV keyed by the FHIR Patient id; every case's own measure row against the
 * published expected results (the documented divergences aside); flag validation.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseCsvRecords } from '@benchline/workers';
import { KNOWN_DIVERGENCES } from '../../../workers/src/domain/measures/__fixtures__/known-divergences.js';
import { runMeasures } from './measures.js';

const FIXTURES = fileURLToPath(
  new URL('../../../workers/src/domain/measures/__fixtures__/ecqm-2026/', import.meta.url),
);
const out = mkdtempSync(join(tmpdir(), 'benchline-measures-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const error = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runMeasures(argv);
    return { code, stdout, stderr };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

const PERIOD = ['--period', '2026-01-01:2026-12-31'];

describe('benchline measures', () => {
  it('evaluates every bundle of a folder for every measure; each case’s own measure matches its expected result', async () => {
    const result = await run(['--measure', 'all', ...PERIOD, FIXTURES]);
    expect(result.code).toBe(0);
    const rows = parseCsvRecords(result.stdout);
    expect(result.stdout.split('\n')[0]).toBe('measure,patient_id,IP,DEN,DENEX,DENEXCEP,NUM,evaluable,reason');
    expect(rows).toHaveLength(98 * 5);
    const expected = parseCsvRecords(readFileSync(join(FIXTURES, 'expected_results_dev.csv'), 'utf8'));
    const mismatches = expected.flatMap((row) => {
      const measure = /^(CMS[0-9]+)FHIR/.exec(row.bundle_file ?? '')?.[1];
      const actual = rows.find((r) => r.measure === measure && r.patient_id === row.patient_id);
      const cells = (r: Record<string, string> | undefined, keys: string[]): string =>
        keys.map((key) => (r?.[key] === '' || r?.[key] === undefined ? '0' : r[key])).join(' ');
      const want = cells(row, [
        'initial_population',
        'denominator',
        'denominator_exclusion',
        'denominator_exception',
        'numerator',
      ]);
      const got =
        actual?.evaluable === '0' ? 'not evaluable' : cells(actual, ['IP', 'DEN', 'DENEX', 'DENEXCEP', 'NUM']);
      return want === got ? [] : [{ file: row.bundle_file, expected: want, actual: got }];
    });
    mismatches.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? ''));
    expect(mismatches).toEqual(
      KNOWN_DIVERGENCES.map(({ file, expected: e, actual }) => ({ file, expected: e, actual })),
    );
    expect(result.stderr).toContain('98 patients × 5 measures');
    expect(result.stderr).toContain('98 MeasureReport (not supported)'); // the expected results travel in the bundles
  });

  it('one bundle, one measure: the FHIR Patient id is the patient_id; not evaluable leaves the populations blank', async () => {
    const numerator = await run([
      '--measure',
      'cms125',
      ...PERIOD,
      join(FIXTURES, 'CMS125FHIR-v0.4.000-NUMPass-MammogramOct1DuringInterval.json'),
    ]);
    expect(numerator.stdout.split('\n')[1]).toBe('CMS125,6226b04f-5e2d-4977-9169-8e9451ffa939,1,1,0,0,1,1,');
    // A patient whose sex is not on record cannot be decided for a measure of women: blank populations, a reason.
    const bundle = JSON.parse(
      readFileSync(join(FIXTURES, 'CMS125FHIR-v0.4.000-NUMPass-MammogramOct1DuringInterval.json'), 'utf8'),
    ) as { entry: { resource: { resourceType: string; gender?: string } }[] };
    for (const entry of bundle.entry) {
      if (entry.resource.resourceType === 'Patient') {
        delete entry.resource.gender;
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'benchline-measures-'));
    try {
      writeFileSync(join(dir, 'no-gender.json'), JSON.stringify(bundle));
      const unknown = await run(['--measure', 'CMS125', ...PERIOD, join(dir, 'no-gender.json')]);
      expect(unknown.stdout.split('\n')[1]).toMatch(/^CMS125,6226b04f-5e2d-4977-9169-8e9451ffa939,,,,,,0,\S.+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads bulk-data NDJSON (one resource a line) the same as the bundle', async () => {
    const file = 'CMS165FHIR-v0.5.000-NUMERFail-SBP140DBP89DuringMP.json';
    const bundle = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
      entry: { resource: { resourceType: string } }[];
    };
    const ndjson = join(out, 'cms165.ndjson');
    writeFileSync(ndjson, `${bundle.entry.map((entry) => JSON.stringify(entry.resource)).join('\n')}\n`);
    const fromBundle = await run(['--measure', 'CMS165', ...PERIOD, join(FIXTURES, file)]);
    const fromNdjson = await run(['--measure', 'CMS165', ...PERIOD, ndjson]);
    expect(fromNdjson.stdout).toBe(fromBundle.stdout);
    expect(fromNdjson.stdout.split('\n')[1]).toBe(`CMS165,${patientId(bundle)},1,1,0,0,0,1,`);
  });

  it('rejects bad flags with the usage (exit 2) and unreadable input (exit 1)', async () => {
    expect((await run([...PERIOD, FIXTURES])).code).toBe(2);
    expect((await run(['--measure', 'CMS999', ...PERIOD, FIXTURES])).stderr).toContain('--measure must be one of');
    expect((await run(['--measure', 'all', '--period', '2026-12-31:2026-01-01', FIXTURES])).code).toBe(2);
    expect((await run(['--measure', 'all', '--period', '2026-02-30:2026-12-31', FIXTURES])).code).toBe(2);
    expect((await run(['--measure', 'all', ...PERIOD])).code).toBe(2);
    const missing = await run(['--measure', 'all', ...PERIOD, join(out, 'missing.json')]);
    expect(missing.code).toBe(1);
    writeFileSync(join(out, 'broken.json'), '{ not json');
    expect((await run(['--measure', 'all', ...PERIOD, join(out, 'broken.json')])).stderr).toContain(
      'broken.json: not JSON',
    );
  });
});

function patientId(bundle: { entry: { resource: { resourceType: string; id?: string } }[] }): string {
  return bundle.entry.find((entry) => entry.resource.resourceType === 'Patient')?.resource.id ?? '';
}
