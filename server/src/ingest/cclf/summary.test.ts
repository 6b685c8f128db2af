import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summary } from './__fixtures__/cclf-records.js';
import { DeliveryRefused, deliveredLayout, parseSummary } from './summary.js';

const bcdaSummary = readFileSync(new URL('./__fixtures__/bcda/improved_small/ZC0', import.meta.url), 'latin1');

describe('CCLF0, the summary', () => {
  it("reads BCDA's summary with its older record lengths", () => {
    const rows = parseSummary(bcdaSummary, 'ZC0');
    expect(rows.get('CCLF1')).toEqual({ records: 6, recordLength: 292 });
    expect(rows.get('CCLF8')).toEqual({ records: 90, recordLength: 549 });
    expect(rows.get('CCLF9')).toEqual({ records: 2, recordLength: 55 });
    expect(rows.get('CCLFB')).toEqual({ records: 6, recordLength: 93 });
  });

  it('reads a v38 summary with the padding Table 26 describes', () => {
    expect(parseSummary(summary({ CCLF5: 12 }), 'ZC0').get('CCLF5')).toEqual({ records: 12, recordLength: 388 });
  });

  it('refuses a summary that misses a file, lists one twice, or does not count in whole numbers', () => {
    const rows = summary({}).split('\n');
    expect(() => parseSummary(rows.filter((row) => !row.startsWith('CCLF7')).join('\n'), 'ZC0')).toThrow(
      'ZC0: the summary has no row for CCLF7',
    );
    expect(() => parseSummary([...rows, rows[3]].join('\n'), 'ZC0')).toThrow('ZC0:13: CCLF3 is listed twice');
    expect(() => parseSummary(rows.map((row) => row.replace(/\|\s+0\|/, '|   twelve|')).join('\n'), 'ZC0')).toThrow(
      DeliveryRefused,
    );
  });
});

describe('the layout a record length selects', () => {
  it('takes the leading fields that end within an older, shorter record', () => {
    const old = deliveredLayout('CCLF1', 292, 'ZC0');
    expect([...old.fields.keys()].at(-1)).toBe('CLM_OPRTNL_DSPRPRTNT_AMT');
    expect(old.fields.has('CLM_CNTL_NUM')).toBe(false);
    expect(deliveredLayout('CCLF1', 437, 'ZC0').fields.get('CLM_CNTRCTR_NUM')).toEqual({
      name: 'CLM_CNTRCTR_NUM',
      from: 432,
      to: 437,
      format: 'x(5)',
    });
    expect(deliveredLayout('CCLFA', 101, 'ZC0').fields.size).toBe(18);
  });

  it('refuses a length that ends inside a field or runs past v38, naming file, expected and found', () => {
    expect(() => deliveredLayout('CCLF1', 300, 'ZC0')).toThrow(
      /ZC0: CCLF0 gives CCLF1 a record length of 300; the v38 layout's CCLF1 records are 437 long/,
    );
    expect(() => deliveredLayout('CCLF9', 60, 'ZC0')).toThrow(/record length of 60/);
  });
});
