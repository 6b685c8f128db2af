import { describe, expect, it } from 'vitest';
import { deriveTrackParameters, loadFinanceTables, parseMsrSlidingScale, parseTrackParameters } from './finance.js';

const SOURCE_HEADER =
  'track,level,risk,max_final_sharing_rate,savings_cap,shared_loss_rate,loss_cap_primary,loss_cap_alternative_if_lower,msr_mlr_options';

describe('MSSP finance reference data', () => {
  const tables = loadFinanceTables();

  it('holds the ten MSR bands of 425.604(b), open at the top', () => {
    expect(tables.msrBands).toHaveLength(10);
    expect(tables.msrBands[0]).toEqual({ assignedLow: 5000, assignedHigh: 5999, msrPctAtLow: 3.9, msrPctAtHigh: 3.6 });
    expect(tables.msrBands[9]).toEqual({ assignedLow: 60000, assignedHigh: null, msrPctAtLow: 2, msrPctAtHigh: 2 });
  });

  it('holds each track and level’s rates and caps', () => {
    const find = (track: string, level: string | null) =>
      tables.tracks.find((t) => t.track === track && t.level === level);
    expect(find('BASIC', 'A')).toMatchObject({
      twoSided: false,
      maxSharingRate: 0.4,
      savingsCapShareOfBenchmark: 0.1,
      lossRate: null,
      lossCap: null,
      msrMlrOptions: ['variable'],
    });
    expect(find('BASIC', 'C')).toMatchObject({
      twoSided: true,
      maxSharingRate: 0.5,
      lossRate: { kind: 'fixed', rate: 0.3 },
      lossCap: { shareOfRevenue: 0.02, shareOfBenchmark: 0.01 },
    });
    expect(find('BASIC', 'D')?.lossCap).toEqual({ shareOfRevenue: 0.04, shareOfBenchmark: 0.02 });
    expect(find('BASIC', 'E')?.lossCap).toEqual({ shareOfRevenue: 0.08, shareOfBenchmark: 0.04 });
    expect(find('ENHANCED', null)).toMatchObject({
      maxSharingRate: 0.75,
      savingsCapShareOfBenchmark: 0.2,
      lossRate: { kind: 'quality-scaled', multiplier: 0.75, floor: 0.4, ceiling: 0.75, ifQualityFailed: 0.75 },
      lossCap: { shareOfRevenue: null, shareOfBenchmark: 0.15 },
      msrMlrOptions: ['0', '0.5', '1', '1.5', '2', 'variable'],
    });
  });

  it('derives a row from the source wording and refuses wording it does not know', () => {
    const row =
      'BASIC,D,two-sided,0.5,10% of updated benchmark,0.3,4% of ACO participant Parts A+B FFS revenue,2% of updated benchmark,choose: 0%; 0.5/1.0/1.5/2.0% symmetric; or variable';
    const [parsed] = parseTrackParameters(deriveTrackParameters(`${SOURCE_HEADER}\n${row}\n`));
    expect(parsed).toMatchObject({
      track: 'BASIC',
      level: 'D',
      lossCap: { shareOfRevenue: 0.04, shareOfBenchmark: 0.02 },
    });
    const odd = row.replace('4% of ACO participant Parts A+B FFS revenue', 'four percent of revenue');
    expect(() => deriveTrackParameters(`${SOURCE_HEADER}\n${odd}\n`)).toThrow(/percentage/);
  });

  it('rejects an MSR scale with a gap between bands', () => {
    const text =
      'assigned_beneficiaries_low,assigned_beneficiaries_high,msr_pct_at_low_end,msr_pct_at_high_end,note\n5000,5999,3.9,3.6,x\n6100,,3.6,3.4,x\n';
    expect(() => parseMsrSlidingScale(text)).toThrow(/do not meet/);
  });
});
