/**
 * The bad-input corpus's CCLF part (issue 12): hostile and malformed CMS records — impossible and garbled dates,
 * amounts that are not numbers or are out of range, codes CMS never sends, script text, control characters, records
 * too long, too short, empty or enormous — each placed on the second line of a two-line Part B claim between good
 * claims. Every one must be reported by file, line and CMS field (or `record`), its whole claim left out — nothing of
 * it stored — the good claims around it stored, and the import must finish: no crash, no hang.
 *
 * The limit: a record whose claim id itself is unreadable (garbage in CUR_CLM_UNIQ_ID, an empty or blank line, a
 * hundred thousand characters) cannot be tied to any claim, so it is reported and left out on its own, and the claim's
 * readable records are imported as the claim CMS sent them — the good claims must still be untouched.
 */
import type { CanonicalEvent, ClaimEvent } from '@benchline/shared';
import { eventKeyOf } from '@benchline/shared/backend';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Fields } from '../../server/src/ingest/cclf/__fixtures__/cclf-records.js';
import {
  fileName,
  record,
  recordLength,
  removeWrittenDeliveries,
  writeDelivery,
} from '../../server/src/ingest/cclf/__fixtures__/cclf-records.js';
import { openDelivery } from '../../server/src/ingest/cclf/delivery.js';
import { importCclfDelivery, type CclfUnitResult } from '../../server/src/ingest/cclf/import-delivery.js';
import { CCLF_LAYOUT } from '../../server/src/ingest/cclf/layout/cclf-layout.js';
import { inMemoryMbiCrosswalkStore } from '../../server/src/ingest/cclf/redis-stores.js';

const temp = mkdtempSync(join(tmpdir(), 'hostile-cclf-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
  removeWrittenDeliveries();
});

const MBI = '1EG4TE5MK73';

/** A two-line professional claim (CCLF5); `second` overrides fields of its second line. */
function professionalClaim(uniqueId: number, second: Fields = {}): string[] {
  const claim = {
    CUR_CLM_UNIQ_ID: uniqueId,
    BENE_MBI_ID: MBI,
    CLM_TYPE_CD: '71',
    CLM_FROM_DT: '2026-05-04',
    CLM_THRU_DT: '2026-05-04',
    CLM_ADJSMT_TYPE_CD: '00',
    CLM_EFCTV_DT: '2026-05-22',
    CLM_CNTL_NUM: `HOSTILE${uniqueId}`,
    CLM_DGNS_1_CD: 'E1122',
    DGNS_PRCDR_ICD_IND: '0',
  };
  return [1, 2].map((n) =>
    record('CCLF5', {
      ...claim,
      CLM_LINE_NUM: n,
      CLM_PRVDR_SPCLTY_CD: '08',
      CLM_POS_CD: '11',
      CLM_LINE_FROM_DT: '2026-05-04',
      CLM_LINE_THRU_DT: '2026-05-04',
      CLM_LINE_HCPCS_CD: n === 1 ? '99214' : '83036',
      CLM_LINE_CVRD_PD_AMT: '9.10',
      CLM_LINE_ALOWD_CHRG_AMT: '11.38',
      CLM_RNDRG_PRVDR_NPI_NUM: '1234567893',
      CLM_LINE_SRVC_UNIT_QTY: ' 000000000000000001.0000',
      ...(n === 2 ? second : {}),
    }),
  );
}

const width = (field: string): number => CCLF_LAYOUT.CCLF5.find((f) => f.name === field)!.length;
/** A value cut or padded to the field's width, so the record keeps its length and only the field is hostile. */
const fit = (field: string, value: string): string => value.slice(0, width(field)).padEnd(width(field), ' ');

const DATES = [
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026/05/04',
  '26-05-04',
  '<script>',
  '9999-99-99',
  '2026-05-0x',
  '\u0000\u0000\u0000\u0000-05-04',
  "' OR 1=1",
];
const AMOUNTS = [
  '10O.00',
  'NaN',
  'Infinity',
  '1e309',
  '--5.00',
  '5.00.00',
  '<img src=x>',
  '0x1F',
  '999999999999.99',
  '1 234.00',
  '$12.00',
  '\u0000',
];
const CLAIM_TYPES = ['99', '00', 'AB', '-1', '<s', '\u0007\u0007'];
const ADJUSTMENTS = ['03', '99', 'ZZ', '-0', '<s'];

/** Field → hostile values: the fields a claim's money, dates and identity come from. */
const FIELD_CASES: [field: string, values: string[]][] = [
  ...['CLM_FROM_DT', 'CLM_THRU_DT', 'CLM_LINE_FROM_DT', 'CLM_LINE_THRU_DT', 'CLM_EFCTV_DT'].map(
    (field): [string, string[]] => [field, DATES],
  ),
  ...['CLM_LINE_CVRD_PD_AMT', 'CLM_LINE_ALOWD_CHRG_AMT'].map((field): [string, string[]] => [field, AMOUNTS]),
  [
    'CLM_LINE_SRVC_UNIT_QTY',
    ['NaN', '-000000000000000001.0000', ' 00000000000000000x.0000', '<script>alert(1)</script>'],
  ],
  ['CLM_TYPE_CD', CLAIM_TYPES],
  ['CLM_ADJSMT_TYPE_CD', ADJUSTMENTS],
  ['CUR_CLM_UNIQ_ID', ['ABCDEFGHIJKLM', '<script>x</s', '-000000000001']],
];

/** Whole-record damage: lengths CCLF0 does not give, and bytes no CMS file holds. */
const RECORD_CASES: [name: string, field: string, line: (good: string) => string, attributable: boolean][] = [
  ['one character too long', 'record', (good) => `${good}9`, true],
  ['one character short', 'record', (good) => good.slice(0, -1), true],
  ['a hundred thousand characters', 'record', () => '9'.repeat(100_000), false],
  [
    'a script tag for a record',
    'CUR_CLM_UNIQ_ID',
    (good) => `<script>alert(1)</script>`.padEnd(good.length, ' '),
    false,
  ],
];

/** Lines that are no record at all: the file no longer holds what CCLF0 counts, so the delivery is refused whole. */
const NOT_RECORDS: [name: string, line: string][] = [
  ['an empty line', ''],
  ['a line of blanks', ' '.repeat(recordLength('CCLF5'))],
];

interface Case {
  name: string;
  /** The field the report must name. */
  field: string;
  second: (good: string) => string;
  /** Whether the damaged record still says which claim it belongs to. */
  attributable: boolean;
}

const CASES: Case[] = [
  ...FIELD_CASES.flatMap(([field, values]) =>
    values.map((value): Case => ({
      name: `${field} = ${JSON.stringify(value)}`,
      field,
      second: () => professionalClaim(2, { [field]: fit(field, value) })[1]!,
      attributable: field !== 'CUR_CLM_UNIQ_ID',
    })),
  ),
  ...RECORD_CASES.map(([name, field, line, attributable]): Case => ({
    name: `a record ${name}`,
    field,
    second: line,
    attributable,
  })),
];

async function importClaims(lines: string[]): Promise<{ results: CclfUnitResult[]; stored: CanonicalEvent[] }> {
  const folder = writeDelivery({ CCLF5: lines });
  const stored: CanonicalEvent[] = [];
  const results: CclfUnitResult[] = [];
  for await (const result of importCclfDelivery(await openDelivery(folder), {
    tenantId: 'acme',
    store: async (units) =>
      units.map((unit) => {
        stored.push(...unit);
        return { status: 'accepted' as const, eventIds: unit.map(eventKeyOf) };
      }),
    crosswalkStore: inMemoryMbiCrosswalkStore(),
    tempDir: temp,
  })) {
    results.push(result);
  }
  return { results, stored };
}

describe('hostile CCLF records', () => {
  it(`holds ${CASES.length + NOT_RECORDS.length} cases`, () => {
    expect(CASES.length + NOT_RECORDS.length).toBeGreaterThanOrEqual(95);
  });

  it.each(NOT_RECORDS)(
    '%s where a record should be: the delivery refused whole, naming the file and the counts',
    async (_name, line) => {
      const claim2 = professionalClaim(2);
      claim2[1] = line;
      const folder = writeDelivery({ CCLF5: [...professionalClaim(1), ...claim2, ...professionalClaim(3)] });
      await expect(openDelivery(folder)).rejects.toThrow(
        `${fileName('CCLF5')}: ${fileName('CCLF0')} gives CCLF5 6 records; the file holds 5`,
      );
    },
  );

  it.each(CASES)(
    '$name: reported by file, line and field; its claim left out whole, the good ones stored',
    async (hostile) => {
      // Good claim 1, the hostile claim 2 (its second line damaged), good claim 3: lines 1–2, 3–4, 5–6.
      const claim2 = professionalClaim(2);
      claim2[1] = hostile.second(claim2[1]!);
      const { results, stored } = await importClaims([...professionalClaim(1), ...claim2, ...professionalClaim(3)]);
      const issues = results.filter((r) => r.status === 'rejected').flatMap((r) => r.issues);
      expect(issues.length, JSON.stringify(results)).toBeGreaterThan(0);
      expect(issues.every((issue) => issue.file === fileName('CCLF5'))).toBe(true);
      expect(issues.map((issue) => [issue.line, issue.field])).toContainEqual([4, hostile.field]);
      const claims = stored.filter((e): e is ClaimEvent => e.kind === 'claim');
      if (hostile.attributable) {
        expect(claims.map((c) => c.claimId)).toEqual(['HOSTILE1', 'HOSTILE3']);
      } else {
        // Claim 2 as far as its readable record goes; the unreadable one is reported, not guessed at.
        expect(claims.map((c) => [c.claimId, c.lines.length])).toEqual([
          ['HOSTILE1', 2],
          ['HOSTILE2', 1],
          ['HOSTILE3', 2],
        ]);
      }
      expect(claims.filter((c) => c.claimId !== 'HOSTILE2').every((c) => c.lines.length === 2)).toBe(true);
      // Script text is never carried into anything stored.
      const storedText = JSON.stringify(stored);
      expect(storedText).not.toMatch(/<script|<img/);
      expect(storedText.includes(String.fromCharCode(0)) || storedText.includes('\\u0000')).toBe(false);
    },
  );
});
