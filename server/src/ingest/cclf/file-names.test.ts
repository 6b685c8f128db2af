import { describe, expect, it } from 'vitest';
import { recogniseCclfFileName } from './file-names.js';

describe('CCLF file names', () => {
  it('reads the file, performance year and delivery date from names as CMS delivers them', () => {
    expect(recogniseCclfFileName('P.A1234.ACO.ZC1Y26.D261115.T1234560')).toEqual({
      kind: 'CCLF1',
      runOut: false,
      performanceYear: 2026,
      deliveryDate: '2026-11-15',
    });
    expect(recogniseCclfFileName('P.A1234.ACO.ZCBR25.D260301.T0000010')).toEqual({
      kind: 'CCLFB',
      runOut: true,
      performanceYear: 2025,
      deliveryDate: '2026-03-01',
    });
    expect(recogniseCclfFileName('P.D0123.ACO.ZC0Y24.D240210.T0101010')?.kind).toBe('CCLF0');
  });

  it("recognises BCDA's bare ZC0 / ZC8 / ZC9, without a date", () => {
    expect(recogniseCclfFileName('ZC0')).toEqual({ kind: 'CCLF0' });
    expect(recogniseCclfFileName('ZC8')).toEqual({ kind: 'CCLF8' });
    expect(recogniseCclfFileName('ZC9')).toEqual({ kind: 'CCLF9' });
  });

  it('ignores names that are not CCLF files, and impossible dates', () => {
    expect(recogniseCclfFileName('README.txt')).toBeNull();
    expect(recogniseCclfFileName('P.A1234.ACO.ZCY26.D261115.T1234560')).toBeNull(); // the zip they came in
    expect(recogniseCclfFileName('P.A1234.ACO.ZC21.D261115.T1234560')).toBeNull(); // PCF's zip
    expect(recogniseCclfFileName('P.A1234.ACO.ZC1Y26.D260230.T1234560')).toEqual({
      kind: 'CCLF1',
      runOut: false,
      performanceYear: 2026,
    });
  });
});
