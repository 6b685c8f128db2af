import { describe, expect, it } from 'vitest';
import { record } from './__fixtures__/cclf-records.js';
import { RecordReader } from './record-reader.js';
import { deliveredLayout } from './summary.js';

const CCLF1 = deliveredLayout('CCLF1', 437, 'ZC0');
const reader = (text: string): RecordReader => new RecordReader(CCLF1, 'ZC1', 7, text);

describe('a CCLF record, field by field', () => {
  it('slices fields where the packet puts them (hand-checked positions)', () => {
    // CUR_CLM_UNIQ_ID 1–13, PRVDR_OSCAR_NUM 14–19, BENE_MBI_ID 20–30, BENE_HIC_NUM 31–41 (blank), CLM_TYPE_CD 42–43,
    // CLM_FROM_DT 44–53, CLM_THRU_DT 54–63.
    const line = `0000000004242360085${'1EG4TE5MK73'}${' '.repeat(11)}602026-03-012026-03-05`;
    const r = reader(line.padEnd(437, ' '));
    expect(r.digits('CUR_CLM_UNIQ_ID', true)).toBe('0000000004242');
    expect(r.value('PRVDR_OSCAR_NUM')).toBe('360085');
    expect(r.value('BENE_MBI_ID')).toBe('1EG4TE5MK73');
    expect(r.value('BENE_HIC_NUM')).toBe('');
    expect(r.value('CLM_TYPE_CD')).toBe('60');
    expect(r.date('CLM_FROM_DT', true)).toBe('2026-03-01');
    expect(r.date('CLM_THRU_DT', true)).toBe('2026-03-05');
    expect(r.issues).toEqual([]);
  });

  it('reads signed amounts: a blank or a minus, then digits, a point and two decimals', () => {
    expect(reader(record('CCLF1', { CLM_PMT_AMT: ' 0000000001234.56' })).amount('CLM_PMT_AMT', true)).toBe(1234.56);
    expect(reader(record('CCLF1', { CLM_PMT_AMT: ' 0000000000000.00' })).amount('CLM_PMT_AMT', true)).toBe(0);
    const negative = reader(record('CCLF1', { CLM_PMT_AMT: '-0000000000030.18' }));
    expect(negative.amount('CLM_PMT_AMT', true)).toBeUndefined();
    expect(negative.issues).toEqual([
      {
        file: 'ZC1',
        line: 7,
        field: 'CLM_PMT_AMT',
        reason: 'out-of-range',
        message: 'is negative; canonical amounts and quantities are never negative',
      },
    ]);
    const text = reader(record('CCLF1', { CLM_PMT_AMT: ' 00000000012X4.56' }));
    expect(text.amount('CLM_PMT_AMT', true)).toBeUndefined();
    expect(text.issues[0]).toMatchObject({ field: 'CLM_PMT_AMT', reason: 'format' });
    const blank = reader(record('CCLF1', {}));
    expect(blank.amount('CLM_PMT_AMT', true)).toBeUndefined();
    expect(blank.issues[0]).toMatchObject({ field: 'CLM_PMT_AMT', reason: 'required' });
  });

  it("reads dates as calendar dates, with CMS's missing-date fillers as absent", () => {
    expect(reader(record('CCLF1', { CLM_FROM_DT: '9999-12-31' })).date('CLM_FROM_DT', false)).toBeUndefined();
    expect(reader(record('CCLF1', { CLM_FROM_DT: '1000-01-01' })).date('CLM_FROM_DT', false)).toBeUndefined();
    const impossible = reader(record('CCLF1', { CLM_FROM_DT: '2026-02-30' }));
    expect(impossible.date('CLM_FROM_DT', true)).toBeUndefined();
    expect(impossible.issues[0]).toMatchObject({ field: 'CLM_FROM_DT', reason: 'format', line: 7 });
    const american = reader(record('CCLF1', { CLM_FROM_DT: '03/01/2026' }));
    expect(american.date('CLM_FROM_DT', true)).toBeUndefined();
    expect(american.issues[0]?.message).not.toContain('03/01/2026'); // messages never repeat a value
  });

  it('reads trailing-blank-stripped records as padded, and refuses longer ones or short ones ending in a blank', () => {
    const full = record('CCLF1', { CUR_CLM_UNIQ_ID: 1, CLM_TYPE_CD: '60' });
    expect(reader(full.trimEnd()).issues).toEqual([]);
    expect(reader(`${full}X`).issues[0]).toMatchObject({
      field: 'record',
      reason: 'length',
      message: 'the record is 438 characters; CCLF0 gives CCLF1 a record length of 437',
    });
    expect(reader(`${full.trimEnd()} `).issues[0]).toMatchObject({ field: 'record', reason: 'length' });
  });

  it('checks codes: ICD-10-CM without the dot, NPI check digits, patterns', () => {
    const r = reader(
      record('CCLF1', {
        PRNCPL_DGNS_CD: 'e11.9',
        ADMTG_DGNS_CD: '250.00',
        FAC_PRVDR_NPI_NUM: '1234567893',
        OPRTG_PRVDR_NPI_NUM: '1234567890',
      }),
    );
    expect(r.icd10Cm('PRNCPL_DGNS_CD', true)).toBe('E119');
    expect(r.icd10Cm('ADMTG_DGNS_CD', true)).toBeUndefined();
    expect(r.npi('FAC_PRVDR_NPI_NUM')).toBe('1234567893');
    expect(r.npi('OPRTG_PRVDR_NPI_NUM')).toBeUndefined();
    expect(r.issues.map((i) => [i.field, i.reason])).toEqual([
      ['ADMTG_DGNS_CD', 'pattern'],
      ['OPRTG_PRVDR_NPI_NUM', 'npi-check-digit'],
    ]);
  });

  it('reads fields an older, shorter layout lacks as blank', () => {
    const old = new RecordReader(deliveredLayout('CCLF1', 292, 'ZC0'), 'ZC1', 1, record('CCLF1', {}, 292));
    expect(old.has('CLM_CNTL_NUM')).toBe(false);
    expect(old.value('CLM_CNTL_NUM')).toBe('');
    expect(old.issues).toEqual([]);
  });
});
