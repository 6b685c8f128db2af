import { describe, expect, it } from 'vitest';
import { formatCsv, formatCsvRow, parseCsv, parseCsvRecords } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","x\ny"\n1,,3,\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'x\ny'],
      ['1', '', '3', ''],
    ]);
  });

  it('accepts CRLF line ends and a missing final line break', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/quoted field/);
  });

  it('turns rows into records and insists on the header width', () => {
    expect(parseCsvRecords('code,label\nE119,"Diabetes, no complication"\n')).toEqual([
      { code: 'E119', label: 'Diabetes, no complication' },
    ]);
    expect(() => parseCsvRecords('a,b\n1\n')).toThrow(/row 2 has 1 fields/);
  });
});

describe('formatCsv', () => {
  it('quotes only what needs quoting and round-trips through the parser', () => {
    expect(formatCsvRow(['V28', 37, 'Diabetes with Chronic Complications'])).toBe(
      'V28,37,Diabetes with Chronic Complications',
    );
    const text = formatCsv(
      ['model', 'hcc', 'label'],
      [
        ['V24', 2, 'Septicemia, Sepsis'],
        ['V28', 1, 'say "x"'],
      ],
    );
    expect(text).toBe('model,hcc,label\nV24,2,"Septicemia, Sepsis"\nV28,1,"say ""x"""\n');
    expect(formatCsv(['model', 'hcc', 'label'], parseCsv(text).slice(1))).toBe(text);
  });
});
