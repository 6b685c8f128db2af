import { describe, expect, it } from 'vitest';
import { parseAttributionCounters, parseQualityCounters } from './counters.js';

describe('parseQualityCounters', () => {
  it('reads each measure’s outcomes and its rows by TIN and NPI', () => {
    const parsed = parseQualityCounters({
      members: 300,
      'quality:CMS130:met': 41,
      'quality:CMS130:not-met': 59,
      'quality:CMS130:excluded': 7,
      'quality:CMS130:excepted': 1,
      'quality:CMS130:not-evaluable': 2,
      'quality:CMS130:not-in-population': 190,
      'quality:CMS122:met': 5,
      'quality-tin:CMS130:222222222:met': 10,
      'quality-tin:CMS130:111111111:met': 31,
      'quality-tin:CMS130:111111111:not-met': 40,
      'quality-tin:CMS130:222222222:not-met': 19,
      'quality-npi:CMS130:1234567893:not-met': 4,
      'risk:aged-non-dual:members': 250,
    });
    expect(parsed.measures.get('CMS130')).toEqual({
      measureId: 'CMS130',
      met: 41,
      notMet: 59,
      excluded: 7,
      excepted: 1,
      notEvaluable: 2,
      notInPopulation: 190,
    });
    expect(parsed.measures.get('CMS122')).toMatchObject({ met: 5, notMet: 0 });
    expect(parsed.byTin.get('CMS130')).toEqual([
      { key: '111111111', met: 31, notMet: 40 },
      { key: '222222222', met: 10, notMet: 19 },
    ]);
    expect(parsed.byNpi.get('CMS130')).toEqual([{ key: '1234567893', met: 0, notMet: 4 }]);
  });

  it('ignores keys it does not understand rather than guessing', () => {
    const parsed = parseQualityCounters({
      'quality:CMS130:pending': 3,
      'quality:CMS130': 3,
      'quality::met': 3,
      'quality-tin:CMS130:111111111:excluded': 2,
      'quality-npi:CMS130:met': 2,
    });
    expect(parsed.measures.size).toBe(0);
    expect(parsed.byTin.size).toBe(0);
    expect(parsed.byNpi.size).toBe(0);
  });
});

describe('parseAttributionCounters', () => {
  it('splits each contract’s members into steps and reasons, with quarter-to-date churn', () => {
    const parsed = parseAttributionCounters({
      'attribution:MSSP-A:step-1': 120,
      'attribution:MSSP-A:step-2': 30,
      'attribution:MSSP-A:voluntary-alignment': 4,
      'attribution:MSSP-A:plurality-elsewhere': 12,
      'attribution:MSSP-A:tie': 1,
      'attribution:MSSP-A:no-primary-care': 40,
      'attribution:MA-1:roster': 80,
      'attribution:MA-1:not-on-roster-this-month': 3,
      'churn:MSSP-A:joined:step-1': 6,
      'churn:MSSP-A:joined:step-3': 1,
      'churn:MSSP-A:left:plurality-elsewhere': 5,
      'churn:MSSP-A:left:no-longer-evaluated': 2,
      'churn:MSSP-A:moved:step-1': 9,
      'quality:CMS130:met': 4,
    });
    expect([...parsed.keys()]).toEqual(['MA-1', 'MSSP-A']);
    const mssp = parsed.get('MSSP-A')!;
    expect(mssp.attributedTotal).toBe(154);
    expect(Object.fromEntries(mssp.attributed)).toEqual({ 'step-1': 120, 'step-2': 30, 'voluntary-alignment': 4 });
    expect(mssp.notAttributedTotal).toBe(53);
    expect(mssp.notAttributed.get('plurality-elsewhere')).toBe(12);
    expect(mssp.joinedTotal).toBe(7);
    expect(mssp.leftTotal).toBe(7);
    expect(Object.fromEntries(mssp.left)).toEqual({ 'plurality-elsewhere': 5, 'no-longer-evaluated': 2 });
    const ma = parsed.get('MA-1')!;
    expect(ma.attributedTotal).toBe(80);
    expect(ma.notAttributed.get('not-on-roster-this-month')).toBe(3);
    expect(ma.joinedTotal + ma.leftTotal).toBe(0);
  });

  it('counts a reason it has no name for under its code', () => {
    const parsed = parseAttributionCounters({ 'attribution:X:some-new-reason': 2 });
    expect(parsed.get('X')?.notAttributed.get('some-new-reason')).toBe(2);
    expect(parsed.get('X')?.attributedTotal).toBe(0);
  });
});
