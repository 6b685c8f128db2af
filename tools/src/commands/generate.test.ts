/**
 * `benchline generate`: the files each format writes, byte-for-byte determinism, and flag validation.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runGenerate } from './generate.js';

const out = mkdtempSync(join(tmpdir(), 'benchline-generate-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const error = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runGenerate(argv);
    return { code, stdout, stderr };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

describe('benchline generate', () => {
  it('writes one NDJSON file per event kind and prints one line per file, without member details', async () => {
    const result = await run(['--members', '25', '--months', '6', '--seed', '3', '--end', '2025-03', '--out', out]);
    expect(result.code).toBe(0);
    const lines = (name: string): string[] => readFileSync(join(out, name), 'utf8').trimEnd().split('\n');
    const members = lines('members.ndjson').map(
      (line) => JSON.parse(line) as { kind: string; givenName: string; memberId: string },
    );
    expect(members).toHaveLength(25);
    expect(members.every((m) => m.kind === 'member')).toBe(true);
    expect(lines('providers.ndjson').every((line) => (JSON.parse(line) as { kind: string }).kind === 'provider')).toBe(
      true,
    );
    expect(lines('claims.ndjson').length).toBeGreaterThan(100);
    expect(lines('clinical.ndjson').length).toBeGreaterThan(20);
    expect(lines('contracts.ndjson').map((line) => (JSON.parse(line) as { program: string }).program)).toEqual([
      'mssp',
      'medicare-advantage',
    ]);
    for (const name of [
      'members.ndjson',
      'providers.ndjson',
      'claims.ndjson',
      'clinical.ndjson',
      'contracts.ndjson',
      'rosters.ndjson',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`${name}\\s+[0-9,]+ events\\s+[0-9.]+ (kB|MB)`));
    }
    for (const member of members) {
      expect(result.stdout).not.toContain(member.memberId);
      expect(result.stdout).not.toContain(member.givenName);
    }
  });

  it('writes the same bytes twice for the same flags', async () => {
    const second = mkdtempSync(join(tmpdir(), 'benchline-generate-'));
    try {
      await run(['--members', '25', '--months', '6', '--seed', '3', '--end', '2025-03', '--out', second]);
      for (const name of [
        'members.ndjson',
        'providers.ndjson',
        'claims.ndjson',
        'clinical.ndjson',
        'contracts.ndjson',
        'rosters.ndjson',
      ]) {
        expect(readFileSync(join(second, name)).equals(readFileSync(join(out, name))), name).toBe(true);
      }
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  });

  it('rejects bad flags with usage and exit code 2', async () => {
    for (const argv of [
      ['--members', 'ten'],
      ['--end', '2025-13'],
      ['--months', '0'],
      ['--bogus'],
      ['--format', 'xml'],
    ]) {
      const result = await run([...argv, '--out', out]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: benchline generate');
    }
    expect((await run(['--help'])).stdout).toContain('--members');
  });

  it('--format fhir writes FHIR bulk-data NDJSON, one file per resource type, the same bytes twice', async () => {
    const fhir = [mkdtempSync(join(tmpdir(), 'benchline-fhir-')), mkdtempSync(join(tmpdir(), 'benchline-fhir-'))];
    try {
      const argv = ['--members', '25', '--months', '6', '--seed', '3', '--end', '2025-03', '--format', 'fhir'];
      const result = await run([...argv, '--out', fhir[0] ?? '']);
      expect(result.code).toBe(0);
      const files = readdirSync(fhir[0] ?? '').sort();
      expect(files).toEqual(
        expect.arrayContaining(['Coverage.ndjson', 'ExplanationOfBenefit.ndjson', 'Patient.ndjson']),
      );
      for (const file of files) {
        const resources = readFileSync(join(fhir[0] ?? '', file), 'utf8')
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as { resourceType: string; identifier?: { value: string }[] });
        expect(new Set(resources.map((resource) => resource.resourceType))).toEqual(
          new Set([file.replace('.ndjson', '')]),
        );
        expect(result.stdout).toMatch(new RegExp(`${file}\\s+[0-9,]+ resources\\s+[0-9.]+ (kB|MB)`));
        if (file === 'Patient.ndjson') {
          expect(resources).toHaveLength(25);
          for (const patient of resources) {
            expect(result.stdout).not.toContain(patient.identifier?.[0]?.value);
          }
        }
      }
      await run([...argv, '--out', fhir[1] ?? '']);
      for (const file of files) {
        expect(readFileSync(join(fhir[1] ?? '', file)).equals(readFileSync(join(fhir[0] ?? '', file))), file).toBe(
          true,
        );
      }
    } finally {
      for (const dir of fhir) {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('writes a CCLF delivery that its CCLF0 describes, named as CMS names them', async () => {
    const folder = join(out, 'cclf');
    const result = await run([
      '--members',
      '6',
      '--months',
      '3',
      '--end',
      '2026-06',
      '--format',
      'cclf',
      '--out',
      folder,
    ]);
    expect(result.code).toBe(0);
    const names = readdirSync(folder).sort();
    expect(names).toHaveLength(12);
    expect(names[0]).toBe('P.A9999.ACO.ZC0Y26.D260630.T1200000');
    const summary = readFileSync(join(folder, names[0]!), 'latin1');
    const beneficiaries = readFileSync(join(folder, 'P.A9999.ACO.ZC8Y26.D260630.T1200000'), 'latin1')
      .split('\n')
      .slice(0, -1); // the file ends with a newline
    expect(beneficiaries).toHaveLength(6);
    expect(beneficiaries.every((line) => line.length === 549)).toBe(true);
    expect(summary).toMatch(/CCLF8 {2}\|Beneficiary Demographics File +\| +6\| +549$/m);
    expect(result.stdout).toMatch(/P\.A9999\.ACO\.ZC8Y26\.D260630\.T1200000\s+6 records/);
  });
});
