import type { WallContract } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import {
  contractDisplay,
  formatPatientCount,
  formatWallUsd,
  measureDisplay,
  programLabel,
  SUPPRESSED,
} from './format.js';

const contract = (overrides: Partial<WallContract> = {}): WallContract => ({
  contractId: 'SSP-1',
  name: 'Shared Savings ACO',
  program: 'mssp',
  spendToDateCents: 9_000_000_00,
  benchmarkToDateCents: 10_000_000_00,
  projectedSavingsRate: 0.032,
  expectedSettlementCents: 150_000_00,
  ...overrides,
});

describe('formatPatientCount', () => {
  it('shows suppressed counts (1–10, sent as null) as "<11", and every other count in full', () => {
    expect(SUPPRESSED).toBe('<11');
    expect(formatPatientCount(null)).toBe('<11');
    expect(formatPatientCount(0)).toBe('0');
    expect(formatPatientCount(11)).toBe('11');
    expect(formatPatientCount(12345)).toBe('12,345');
  });
});

describe('measureDisplay', () => {
  it('shows a rate with its counts', () => {
    expect(measureDisplay({ measureId: 'CMS130', met: 40, eligible: 80, rate: 0.5 })).toEqual({
      rate: '50.0%',
      counts: '40 of 80',
      fraction: 0.5,
      suppressed: false,
    });
  });

  it('says "<11" for a suppressed side and never invents a rate', () => {
    expect(measureDisplay({ measureId: 'CMS122', met: null, eligible: 30, rate: null })).toEqual({
      rate: 'suppressed',
      counts: '<11 of 30',
      fraction: null,
      suppressed: true,
    });
    expect(measureDisplay({ measureId: 'CMS2', met: null, eligible: null, rate: null }).counts).toBe('<11 of <11');
  });

  it('keeps a rate the server computed even when a side is suppressed, and says when nobody is eligible', () => {
    expect(measureDisplay({ measureId: 'CMS165', met: null, eligible: 40, rate: 0.2 }).rate).toBe('20.0%');
    expect(measureDisplay({ measureId: 'CMS165', met: 0, eligible: 0, rate: null }).rate).toBe('nobody eligible yet');
  });
});

describe('contractDisplay', () => {
  it('shows spend against the benchmark and the projected savings, with a word as well as a sign', () => {
    expect(contractDisplay(contract())).toEqual({
      spend: '$9M',
      benchmark: '$10M',
      ofBenchmark: 0.9,
      savings: '+3.2% projected savings',
      direction: 'savings',
      settlement: '+$150K expected',
    });
  });

  it('says a projected loss, and a contract without benchmark or projection', () => {
    const loss = contractDisplay(contract({ projectedSavingsRate: -0.015, expectedSettlementCents: -20_000_00 }));
    expect(loss.savings).toBe('−1.5% projected loss');
    expect(loss.direction).toBe('loss');
    expect(loss.settlement).toBe('−$20K expected');
    const ma = contractDisplay(
      contract({ benchmarkToDateCents: null, projectedSavingsRate: null, expectedSettlementCents: null }),
    );
    expect(ma).toMatchObject({ benchmark: 'no benchmark', ofBenchmark: null, savings: null, settlement: null });
  });

  it('caps the meter for a large overrun and calls a tiny rate even', () => {
    expect(contractDisplay(contract({ spendToDateCents: 20_000_000_00 })).ofBenchmark).toBe(1.25);
    expect(contractDisplay(contract({ projectedSavingsRate: 0.0001 }))).toMatchObject({
      savings: 'on the benchmark',
      direction: 'even',
    });
  });
});

describe('formatWallUsd', () => {
  it('is short, with a decimal only when it says something', () => {
    expect(formatWallUsd(9_000_000_00)).toBe('$9M');
    expect(formatWallUsd(9_140_000_00)).toBe('$9.1M');
    expect(formatWallUsd(45_600_00)).toBe('$45.6K');
    expect(formatWallUsd(0)).toBe('$0');
  });
});

describe('programLabel', () => {
  it('names the programme', () => {
    expect(programLabel('mssp')).toBe('MSSP');
    expect(programLabel('medicare-advantage')).toBe('Medicare Advantage');
    expect(programLabel('state-pilot')).toBe('state pilot');
  });
});
