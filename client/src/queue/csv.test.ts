import { describe, expect, it } from 'vitest';
import { buildQueueCsv, csvCell, queueCsvFileName } from './csv.js';
import { aRow } from './row-fixture.js';

describe('buildQueueCsv', () => {
  it('writes a header and one line per row, in the order given', () => {
    const csv = buildQueueCsv([aRow({ memberId: 'B' }), aRow({ memberId: 'A', coordinator: 'ana', attempts: 2 })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'member_id,gap_id,kind,subject,title,due_date,priority,status,coordinator,attempts,last_outreach_at,' +
        'next_attempt_on,tin,npi,explanation',
    );
    expect(
      lines[1]?.startsWith('B,B:CMS130:2026-01-01,measure,CMS130,Colorectal Cancer Screening,2026-12-31,9.4,new,,0,'),
    ).toBe(true);
    expect(lines[2]).toContain(',new,ana,2,');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-')).toBe("'-");
    expect(csvCell(-91.5)).toBe('-91.5');
    expect(csvCell(null)).toBe('');
  });
  it('names the file after the day and the filters', () => {
    expect(queueCsvFileName('2026-11-27', {})).toBe('gap-queue-2026-11-27.csv');
    expect(queueCsvFileName('2026-11-27', { status: 'new', subject: 'V28 HCC 37', sort: 'due' })).toBe(
      'gap-queue-2026-11-27-status-new-subject-V28_HCC_37.csv',
    );
  });
});
