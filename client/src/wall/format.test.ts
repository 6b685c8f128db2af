import type { WallContract, WallTransitions } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import {
  contractDisplay,
  formatPatientCount,
  formatWallUsd,
  measureDisplay,
  programLabel,
  SUPPRESSED,
  transitionsDisplay,
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

describe('transitionsDisplay', () => {
  const transitions = (overrides: Partial<WallTransitions> = {}): WallTransitions => ({
    day: '2026-11-26',
    admissions: 14,
    edVisits: 31,
    discharges: 12,
    readmissions: null,
    tcm: { completed: 18, decided: 25, pending: 11, rate: 0.72 },
    ...overrides,
  });

  it("shows today's counts, with small ones as <11, and the TCM rate with its counts", () => {
    expect(transitionsDisplay(transitions())).toEqual({
      title: 'Transitions of care — today',
      day: 'Nov 26, 2026',
      tiles: [
        { id: 'admissions', label: 'Admissions', value: '14', suppressed: false },
        { id: 'ed-visits', label: 'ED visits', value: '31', suppressed: false },
        { id: 'discharges', label: 'Discharges', value: '12', suppressed: false },
        { id: 'readmissions', label: 'Readmissions', value: '<11', suppressed: true },
      ],
      tcm: {
        label: 'Transitional care completed in time (last 30 days)',
        rate: '72.0%',
        fraction: 0.72,
        counts: '18 of 25 completed in time',
        pending: '11 still pending',
      },
    });
  });

  it('never invents a TCM rate: suppressed counts, or no outcome yet', () => {
    const suppressed = transitionsDisplay(
      transitions({ tcm: { completed: null, decided: 14, pending: null, rate: null } }),
    ).tcm;
    expect(suppressed).toMatchObject({
      rate: 'suppressed',
      fraction: null,
      counts: '<11 of 14 completed in time',
      pending: '<11 still pending',
    });
    const none = transitionsDisplay(transitions({ tcm: { completed: 0, decided: 0, pending: 0, rate: null } })).tcm;
    expect(none).toMatchObject({ rate: 'no outcomes yet', fraction: null, counts: '0 of 0 completed in time' });
  });

  it('keeps a rate the server sent even when a side is suppressed, and has no day before the first snapshot', () => {
    expect(
      transitionsDisplay(transitions({ tcm: { completed: null, decided: 40, pending: 3, rate: 0.2 } })).tcm.rate,
    ).toBe('20.0%');
    const empty = transitionsDisplay(transitions({ day: '', admissions: 0 }));
    expect(empty.day).toBeNull();
    expect(empty.tiles[0]?.value).toBe('0');
  });
});
