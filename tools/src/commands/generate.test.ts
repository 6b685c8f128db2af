import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  it('writes the four NDJSON files and prints one line per file, without member details', async () => {
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
    for (const name of ['members.ndjson', 'providers.ndjson', 'claims.ndjson', 'clinical.ndjson']) {
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
      for (const name of ['members.ndjson', 'providers.ndjson', 'claims.ndjson', 'clinical.ndjson']) {
        expect(readFileSync(join(second, name)).equals(readFileSync(join(out, name))), name).toBe(true);
      }
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  });

  it('rejects bad flags with usage and exit code 2', async () => {
    for (const argv of [['--members', 'ten'], ['--end', '2025-13'], ['--months', '0'], ['--bogus']]) {
      const result = await run([...argv, '--out', out]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: benchline generate');
    }
    expect((await run(['--help'])).stdout).toContain('--members');
  });
});
