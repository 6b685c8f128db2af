/**
 * `benchline risk`: CMS's own software output for two beneficiaries reproduced column by column (fixtures in
 * __fixtures__/risk, see SOURCE.md there), the reference §3.5 example for V24 and V28, a hand-computed V24 case for
 * payment year 2023, and bad input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvRecords } from '@benchline/workers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runRisk } from './risk.js';

const fixture = (name: string): string => new URL(`./__fixtures__/risk/${name}`, import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'benchline-risk-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const error = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runRisk(argv);
    return { code, stdout, stderr };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

const risk = (model: string, year: string, persons: string, diagnoses: string) =>
  run(['--model', model, '--payment-year', year, '--persons', persons, '--diagnoses', diagnoses]);

describe('benchline risk', () => {
  it("reproduces every column CMS's 2026 V28 software printed for the development beneficiaries", async () => {
    const result = await risk(
      'V28',
      '2026',
      fixture('official_cms_2026_v28_beneficiaries.csv'),
      fixture('official_cms_2026_v28_diagnoses.csv'),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = parseCsvRecords(result.stdout);
    const expected = parseCsvRecords(readFileSync(fixture('official_cms_2026_v28_expected_scores.csv'), 'utf8'));
    expect(output.map((row) => row.ID)).toEqual(['P_CE', 'P_NE']);
    for (const want of expected) {
      const got = output.find((row) => row.ID === want.ID);
      for (const [column, value] of Object.entries(want)) {
        expect(got?.[column], `${want.ID} ${column}`).toBe(value);
      }
    }
    // The values the fixture documents, spelled out: P_CE CNA 2.491, P_NE CNA 1.136 and new-enrollee 0.906.
    expect(output[0]?.SCORE_COMMUNITY_NA).toBe('2.491');
    expect(output[1]?.SCORE_COMMUNITY_NA).toBe('1.136');
    expect(output[1]?.SCORE_NE).toBe('0.906');
  });

  it('prints ID, AGE, DISABL, ORIGDIS, every HCC, interaction and count flag, then the nine scores', async () => {
    const result = await risk(
      'V28',
      '2026',
      fixture('official_cms_2026_v28_beneficiaries.csv'),
      fixture('official_cms_2026_v28_diagnoses.csv'),
    );
    const header = result.stdout.split('\n')[0]?.split(',') ?? [];
    expect(header.slice(0, 5)).toEqual(['ID', 'AGE', 'DISABL', 'ORIGDIS', 'HCC1']);
    expect(header.filter((column) => /^HCC\d+$/.test(column))).toHaveLength(115);
    expect(header).toContain('DISABLED_ULCER_V28');
    expect(header.slice(-19)).toEqual([
      'D1',
      'D2',
      'D3',
      'D4',
      'D5',
      'D6',
      'D7',
      'D8',
      'D9',
      'D10P',
      'SCORE_COMMUNITY_NA',
      'SCORE_COMMUNITY_ND',
      'SCORE_COMMUNITY_FBA',
      'SCORE_COMMUNITY_FBD',
      'SCORE_COMMUNITY_PBA',
      'SCORE_COMMUNITY_PBD',
      'SCORE_INSTITUTIONAL',
      'SCORE_NE',
      'SCORE_NE_SNP',
    ]);
  });

  it('scores the reference §3.5 example with V24 (1.884) and V28 (2.120), ISO birth dates and dotted codes', async () => {
    const persons = file('persons.csv', 'ID,DOB,SEX,OREC,LTIMCAID,NEMCAID\nW72,1952-10-10,2,0,0,0\n');
    const diagnoses = file('diagnoses.csv', 'ID,ICD10\nW72,E11.9\nW72,I50.22\nW72,N18.4\nW72,J44.9\n');
    const v24 = parseCsvRecords((await risk('V24', '2025', persons, diagnoses)).stdout)[0];
    expect(v24).toMatchObject({ AGE: '72', HCC19: '1', HCC85: '1', DIABETES_CHF: '1', D4: '1' });
    expect(v24?.SCORE_COMMUNITY_NA).toBe('1.884');
    const v28 = parseCsvRecords((await risk('V28', '2025', persons, diagnoses)).stdout)[0];
    expect(v28?.SCORE_COMMUNITY_NA).toBe('2.120');
    expect(v28).not.toHaveProperty('HCC85');
  });

  it('scores payment year 2023 with V24 and its 2023 mapping: 2.273 (I47.2 pays in 2023, not in 2024)', async () => {
    // The reference §3.5 woman (70 on 1 February 2023: F70_74) with ventricular tachycardia I47.2 added, which the
    // 2023 mapping sends to V24 HCC96 and the 2024 mapping no longer lists (I47.20–I47.29 replaced it in FY2023).
    // V24 CNA factors (workers/reference/cms-hcc/coefficients.csv, = CMS's 2020 V24 factors):
    //   F70_74 .386 + HCC19 .105 + HCC85 .331 + HCC96 .268 + HCC111 .335 + HCC137 .289
    //   + DIABETES_CHF .121 + CHF_gCopdCF .155 + HCC85_gRenal_V24 .156 + HCC85_HCC96 .085 + D5 .042
    //   = .386 + 1.328 (HCCs) = 1.714; + .517 (interactions) = 2.231; + .042 = 2.273.
    // 2024 (V24): no HCC96, no HCC85_HCC96, D4 .006 instead of D5: the §3.5 score, 1.884.
    const persons = file('persons-2023.csv', 'ID,DOB,SEX,OREC,LTIMCAID,NEMCAID\nW70,10/10/1952,2,0,0,0\n');
    const diagnoses = file('diagnoses-2023.csv', 'ID,ICD10\nW70,E11.9\nW70,I50.22\nW70,N18.4\nW70,J44.9\nW70,I47.2\n');
    const result = await risk('V24', '2023', persons, diagnoses);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [row] = parseCsvRecords(result.stdout);
    expect(row).toMatchObject({
      ID: 'W70',
      AGE: '70',
      HCC19: '1',
      HCC85: '1',
      HCC96: '1',
      HCC111: '1',
      HCC137: '1',
      DIABETES_CHF: '1',
      CHF_gCopdCF: '1',
      HCC85_gRenal_V24: '1',
      HCC85_HCC96: '1',
      D4: '0',
      D5: '1',
    });
    expect(row?.SCORE_COMMUNITY_NA).toBe('2.273');
    const in2024 = parseCsvRecords((await risk('V24', '2024', persons, diagnoses)).stdout)[0];
    expect(in2024).toMatchObject({ HCC96: '0', HCC85_HCC96: '0', D4: '1', SCORE_COMMUNITY_NA: '1.884' });
  });

  it('refuses V28 before payment year 2024, when the mapping has no V28 HCCs', async () => {
    const persons = file('persons-v28.csv', 'ID,DOB,SEX,OREC,LTIMCAID,NEMCAID\nA,01/01/1950,2,0,0,0\n');
    const diagnoses = file('diagnoses-v28.csv', 'ID,ICD10\nA,E119\n');
    const result = await risk('V28', '2023', persons, diagnoses);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('risk: no V28 ICD-10 → HCC mapping for payment year 2023 (V28: 2024, 2025, 2026)\n');
  });

  it('names every bad row and scores nothing', async () => {
    const persons = file(
      'bad-persons.csv',
      [
        'ID,DOB,SEX,OREC,LTIMCAID,NEMCAID',
        'A,02/30/1950,2,0,0,0',
        'B,01/01/1950,F,0,0,0',
        'C,01/01/1950,1,7,2,0',
        'D,01/01/1950,1,0,0,0',
        'D,01/01/1951,1,0,0,0',
      ].join('\n'),
    );
    const diagnoses = file('bad-diagnoses.csv', 'ID,ICD10\nD,E11.9\nD,NOTACODE\n,E119\nZ,E119\n');
    const result = await risk('V28', '2026', persons, diagnoses);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('bad-persons.csv: row 2: DOB "02/30/1950" is not a date');
    expect(result.stderr).toContain('bad-persons.csv: row 3: SEX "F" must be 1 (male) or 2 (female)');
    expect(result.stderr).toContain(
      'bad-persons.csv: row 4: OREC "7" must be 0, 1, 2 or 3; LTIMCAID "2" must be 0 or 1',
    );
    expect(result.stderr).toContain('bad-persons.csv: row 6: ID D appears twice');
    expect(result.stderr).toContain('bad-diagnoses.csv: row 3: ICD10 "NOTACODE" is not an ICD-10-CM code');
    expect(result.stderr).toContain('bad-diagnoses.csv: row 4: ID is empty');
    expect(result.stderr).toContain('bad-diagnoses.csv: row 5: no person Z in the persons file; diagnosis ignored');
    expect(result.stderr).toMatch(/6 bad rows; nothing scored/);
  });

  it('checks the header, the flags and the payment year', async () => {
    const persons = file('no-orec.csv', 'ID,DOB,SEX,LTIMCAID,NEMCAID\nA,01/01/1950,2,0,0\n');
    const diagnoses = file('empty-diagnoses.csv', 'ID,ICD10\n');
    const missing = await risk('V28', '2026', persons, diagnoses);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'no-orec.csv: row 1: the header must name ID, DOB, SEX, OREC, LTIMCAID, NEMCAID (missing OREC)',
    );
    expect((await risk('V27', '2026', persons, diagnoses)).code).toBe(2);
    expect((await risk('V28', '26', persons, diagnoses)).stderr).toMatch(/--payment-year must be a year/);
    expect((await risk('V28', '2031', persons, diagnoses)).stderr).toMatch(
      /no V28 ICD-10 → HCC mapping for payment year 2031 \(V28: 2024, 2025, 2026\)/,
    );
    expect((await run(['--model', 'V28'])).code).toBe(2);
    expect((await run(['--help'])).stdout).toMatch(/usage: benchline risk/);
  });
});
