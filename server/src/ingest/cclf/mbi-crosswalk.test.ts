import { describe, expect, it } from 'vitest';
import { record } from './__fixtures__/cclf-records.js';
import type { CrosswalkRow } from './mbi-crosswalk.js';
import { decodeLink, encodeLink, MbiCrosswalk, readCrosswalkRow } from './mbi-crosswalk.js';
import { deliveredLayout } from './summary.js';

const CCLF9 = deliveredLayout('CCLF9', 55, 'ZC0');
const row = (line: number, previous: string, current: string, effective: string, obsolete: string): CrosswalkRow => ({
  line,
  previous,
  current,
  effective,
  obsolete,
});

describe('CCLF9 rows', () => {
  it('reads an MBI pair (hand-checked: indicator 1, current 2–12, previous 13–23, dates 24–33 and 34–43)', () => {
    const text = 'M6U50TE7GG181EG4TE5MK732016-04-012019-04-30';
    expect(readCrosswalkRow(CCLF9, 'ZC9', 3, text)).toEqual({
      status: 'accepted',
      row: {
        line: 3,
        current: '6U50TE7GG18',
        previous: '1EG4TE5MK73',
        effective: '2016-04-01',
        obsolete: '2019-04-30',
      },
    });
  });

  it('leaves HICN pairs out and refuses rows without both identifiers', () => {
    expect(
      readCrosswalkRow(CCLF9, 'ZC9', 1, record('CCLF9', { HICN_MBI_XREF_IND: 'H', CRNT_NUM: 'A', PRVS_NUM: 'B' })),
    ).toMatchObject({ status: 'not-mapped' });
    expect(readCrosswalkRow(CCLF9, 'ZC9', 2, record('CCLF9', { HICN_MBI_XREF_IND: 'M', CRNT_NUM: 'A' }))).toEqual({
      status: 'rejected',
      line: 2,
      issues: [{ file: 'ZC9', line: 2, field: 'PRVS_NUM', reason: 'required', message: 'is blank' }],
    });
    expect(
      readCrosswalkRow(CCLF9, 'ZC9', 4, record('CCLF9', { HICN_MBI_XREF_IND: 'X', CRNT_NUM: 'A', PRVS_NUM: 'B' })),
    ).toMatchObject({ status: 'rejected', issues: [{ field: 'HICN_MBI_XREF_IND', reason: 'enum' }] });
  });
});

describe('the MBI crosswalk', () => {
  it('resolves every MBI of a chain to the current one, with epochs in the order the MBIs were used', () => {
    const crosswalk = new MbiCrosswalk();
    expect(
      crosswalk.addRows(
        [row(2, 'P2', 'C', '2020-01-01', '2023-06-30'), row(1, 'P1', 'C', '2016-01-01', '2019-12-31')],
        'ZC9',
      ),
    ).toEqual([]);
    expect(crosswalk.resolve('P1')).toEqual({ memberId: 'C', epoch: 2, root: 'P1' });
    expect(crosswalk.resolve('P2')).toEqual({ memberId: 'C', epoch: 2, root: 'P1' });
    expect(crosswalk.resolve('C')).toEqual({ memberId: 'C', epoch: 2, root: 'P1' });
    expect(crosswalk.resolve('OTHER')).toEqual({ memberId: 'OTHER', epoch: 0, root: 'OTHER' });
    expect(crosswalk.moved().map((link) => [link.mbi, link.current, link.epoch])).toEqual([
      ['P1', 'C', 0],
      ['P2', 'C', 1],
    ]);
  });

  it('keeps what the tenant knows from a later delivery over an older, shorter chain', () => {
    const later = new MbiCrosswalk();
    later.addRows(
      [row(1, 'P1', 'C1', '2016-01-01', '2019-12-31'), row(2, 'C1', 'C2', '2020-01-01', '2024-01-31')],
      'ZC9',
    );
    const known = new Map(later.changes().map((link) => [link.mbi, link]));
    const older = new MbiCrosswalk(known);
    older.addRows([row(1, 'P1', 'C1', '2016-01-01', '2019-12-31')], 'ZC9');
    expect(older.resolve('P1').memberId).toBe('C2');
    expect(older.changes()).toEqual([]);
    expect(decodeLink('P1', encodeLink(known.get('P1')!))).toEqual(known.get('P1'));
  });

  it('refuses a previous MBI listed for two current MBIs', () => {
    const crosswalk = new MbiCrosswalk();
    const issues = crosswalk.addRows([row(1, 'P', 'C1', '2016-01-01', ''), row(2, 'P', 'C2', '2016-01-01', '')], 'ZC9');
    expect(issues.map((issue) => [issue.line, issue.field, issue.reason])).toEqual([
      [1, 'PRVS_NUM', 'conflict'],
      [2, 'PRVS_NUM', 'conflict'],
    ]);
    expect(crosswalk.resolve('P').memberId).toBe('P');
  });
});
