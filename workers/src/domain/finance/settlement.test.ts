import { describe, expect, it } from 'vitest';
import { trackOf } from './__fixtures__/builders.js';
import type { SettlementInput } from './settlement.js';
import { isLowRevenue, lossRateOf, settle } from './settlement.js';

// A round case: UB $10,000 pc, 12,000 member-months (1,000 person-years) → total benchmark $10,000,000.
const base: Omit<SettlementInput, 'track' | 'expenditurePerCapitaCents'> = {
  benchmarkPerCapitaCents: 1_000_000,
  twoWayBenchmarkPerCapitaCents: null,
  memberMonths: 12_000,
  msr: 0.02,
  mlr: 0.02,
  quality: { standard: 'met', heaScore: 90 },
  assignedBeneficiaries: 6_000,
  agreementStartYear: 2024,
  participantRevenueCents: 200_000_000, // $2M
  lowRevenue: false,
};

describe('sharing rates and savings caps by track and level (425.605(d), 425.610(d))', () => {
  // Spend $9,500 pc: savings $500 pc = 5% ≥ 2%; total savings $500,000.
  it.each([
    ['BASIC', 'A', 0.4, 20_000_000],
    ['BASIC', 'B', 0.4, 20_000_000],
    ['BASIC', 'C', 0.5, 25_000_000],
    ['BASIC', 'D', 0.5, 25_000_000],
    ['BASIC', 'E', 0.5, 25_000_000],
    ['ENHANCED', null, 0.75, 37_500_000],
  ] as const)('%s %s shares %f of savings', (track, level, rate, cents) => {
    const s = settle({
      ...base,
      track: trackOf(track, level),
      mlr: track === 'BASIC' && (level === 'A' || level === 'B') ? null : 0.02,
      expenditurePerCapitaCents: 950_000,
    });
    expect(s.sharingRate).toBe(rate);
    expect(s.sharedSavingsCents).toBe(cents);
  });

  it('caps BASIC savings at 10% and ENHANCED at 20% of the updated benchmark', () => {
    // Spend $7,000 pc: savings $3,000 pc = $3,000,000. BASIC E 50% = $1.5M > cap 10% × $10M = $1M.
    const basic = settle({ ...base, track: trackOf('BASIC', 'E'), expenditurePerCapitaCents: 700_000 });
    expect(basic.earnedSavingsCents).toBe(150_000_000);
    expect(basic.savingsCapCents).toBe(100_000_000);
    expect(basic.sharedSavingsCents).toBe(100_000_000);
    // ENHANCED 75% = $2.25M > cap 20% × $10M = $2M.
    const enhanced = settle({ ...base, track: trackOf('ENHANCED'), expenditurePerCapitaCents: 700_000 });
    expect(enhanced.sharedSavingsCents).toBe(200_000_000);
    // Sequestration 2% of $2M = $40,000.
    expect(enhanced.paymentCents).toBe(196_000_000);
  });
});

describe('shared losses, loss rates and loss caps', () => {
  // Spend $10,500 pc: excess $500 pc = 5% ≥ 2%; 1,000 person-years.
  it.each([
    // C: 30% × $500,000 = $150,000; cap min(2% × $2M = $40,000, 1% × $10M = $100,000) = $40,000.
    ['C', 15_000_000, 4_000_000],
    // D: cap min(4% × $2M = $80,000, 2% × $10M = $200,000) = $80,000.
    ['D', 15_000_000, 8_000_000],
    // E: cap min(8% × $2M = $160,000, 4% × $10M = $400,000) = $160,000 → owes the full $150,000.
    ['E', 15_000_000, 16_000_000],
  ] as const)('BASIC %s: 30%% loss rate, revenue- or benchmark-based cap', (level, calculated, cap) => {
    const s = settle({ ...base, track: trackOf('BASIC', level), expenditurePerCapitaCents: 1_050_000 });
    expect(s.lossRate).toBe(0.3);
    expect(s.calculatedLossesCents).toBe(calculated);
    expect(s.lossCapCents).toBe(cap);
    expect(s.lossesOwedCents).toBe(Math.min(calculated, cap));
  });

  it('takes the benchmark-based cap when it is lower than the revenue-based one', () => {
    // BASIC C with $20M revenue: 2% × $20M = $400,000 > 1% × $10M = $100,000.
    const s = settle({
      ...base,
      participantRevenueCents: 2_000_000_000,
      track: trackOf('BASIC', 'C'),
      expenditurePerCapitaCents: 1_200_000,
    });
    expect(s.lossCapCents).toBe(10_000_000);
    // 30% × $2,000 × 1,000 = $600,000 → capped at $100,000.
    expect(s.lossesOwedCents).toBe(10_000_000);
  });

  it('uses only the benchmark-based cap when participant revenue is unknown, and says so', () => {
    const s = settle({
      ...base,
      participantRevenueCents: null,
      track: trackOf('BASIC', 'E'),
      expenditurePerCapitaCents: 1_050_000,
    });
    expect(s.lossCapCents).toBe(40_000_000);
    expect(s.explanation.join(' ')).toMatch(/revenue unknown/);
  });

  it('ENHANCED: loss rate 1 − 0.75 × HEA score within [40%, 75%], 75% when quality fails; cap 15% of benchmark', () => {
    const enhanced = trackOf('ENHANCED');
    expect(lossRateOf(enhanced, 'met', 90)).toBe(0.4); // 1 − 0.675 = 0.325 → floor 0.40
    expect(lossRateOf(enhanced, 'met', 60)).toBeCloseTo(0.55, 12); // 1 − 0.45
    expect(lossRateOf(enhanced, 'alternative', 20)).toBeCloseTo(0.75, 12); // 1 − 0.15 = 0.85 → ceiling 0.75
    expect(lossRateOf(enhanced, 'not-met', 95)).toBe(0.75);
    const s = settle({
      ...base,
      track: enhanced,
      quality: { standard: 'met', heaScore: 60 },
      expenditurePerCapitaCents: 1_300_000,
    });
    // 55% × $3,000 × 1,000 = $1,650,000 → cap 15% × $10M = $1,500,000.
    expect(s.calculatedLossesCents).toBe(165_000_000);
    expect(s.lossCapCents).toBe(150_000_000);
    expect(s.lossesOwedCents).toBe(150_000_000);
  });

  it('one-sided models and excess inside the MLR owe nothing', () => {
    expect(
      settle({ ...base, mlr: null, track: trackOf('BASIC', 'A'), expenditurePerCapitaCents: 1_200_000 }).outcome,
    ).toBe('losses-one-sided');
    // 1.5% excess < 2% MLR.
    const inside = settle({ ...base, track: trackOf('BASIC', 'E'), expenditurePerCapitaCents: 1_015_000 });
    expect(inside.outcome).toBe('losses-within-mlr');
    expect(inside.lossesOwedCents).toBe(0);
  });

  it('guardrail: spend under the two-way benchmark means neither savings nor losses (425.652(b)(5)(ii))', () => {
    const s = settle({
      ...base,
      twoWayBenchmarkPerCapitaCents: 1_060_000,
      track: trackOf('BASIC', 'E'),
      expenditurePerCapitaCents: 1_050_000,
    });
    expect(s.outcome).toBe('guardrail-neither');
    expect(s.lossesOwedCents).toBe(0);
    expect(s.paymentCents).toBe(0);
  });

  it('guardrail does not apply to agreements before 2024 (no ACPT blend)', () => {
    const s = settle({
      ...base,
      agreementStartYear: 2022,
      twoWayBenchmarkPerCapitaCents: 1_060_000,
      track: trackOf('BASIC', 'E'),
      expenditurePerCapitaCents: 1_050_000,
    });
    expect(s.lossBenchmark).toBe('updated');
    expect(s.calculatedLossesCents).toBe(15_000_000);
  });

  it('reduces losses for extreme and uncontrollable circumstances (months share × beneficiaries share)', () => {
    // $150,000 × (1 − 0.25 × 0.5) = $131,250.
    const s = settle({
      ...base,
      track: trackOf('BASIC', 'E'),
      expenditurePerCapitaCents: 1_050_000,
      extremeUncontrollable: { monthsShare: 0.25, beneficiariesShare: 0.5 },
    });
    expect(s.lossesOwedCents).toBe(13_125_000);
  });
});

describe('quality gate on sharing and the other rules of §1.7', () => {
  it('pays nothing when the quality standard is not met', () => {
    const s = settle({
      ...base,
      quality: { standard: 'not-met', heaScore: 30 },
      track: trackOf('BASIC', 'E'),
      expenditurePerCapitaCents: 950_000,
    });
    expect(s.outcome).toBe('savings-quality-not-met');
    expect(s.paymentCents).toBe(0);
  });

  it('shares nothing below the MSR', () => {
    // 1.5% savings < 2% MSR.
    const s = settle({ ...base, track: trackOf('BASIC', 'E'), expenditurePerCapitaCents: 985_000 });
    expect(s.outcome).toBe('savings-below-msr');
  });

  it('low-revenue BASIC ACO with ≥ 5,000 assigned, below benchmark but short of the MSR, shares at half its rate (425.605(h))', () => {
    const s = settle({ ...base, lowRevenue: true, track: trackOf('BASIC', 'E'), expenditurePerCapitaCents: 985_000 });
    expect(s.outcome).toBe('half-sharing-low-revenue');
    expect(s.sharingRate).toBe(0.25);
    // 25% × $150 × 1,000 = $37,500.
    expect(s.sharedSavingsCents).toBe(3_750_000);
    // Not for ENHANCED, not below 5,000 assigned, not for agreements before 2024.
    expect(
      settle({ ...base, lowRevenue: true, track: trackOf('ENHANCED'), expenditurePerCapitaCents: 985_000 }).outcome,
    ).toBe('savings-below-msr');
    expect(
      settle({
        ...base,
        lowRevenue: true,
        assignedBeneficiaries: 4_999,
        track: trackOf('BASIC', 'E'),
        expenditurePerCapitaCents: 985_000,
      }).outcome,
    ).toBe('savings-below-msr');
    expect(
      settle({
        ...base,
        lowRevenue: true,
        agreementStartYear: 2023,
        track: trackOf('BASIC', 'E'),
        expenditurePerCapitaCents: 985_000,
      }).outcome,
    ).toBe('savings-below-msr');
  });

  it('low revenue is participant revenue under 35% of assigned beneficiaries’ A+B spend (425.20)', () => {
    expect(isLowRevenue(34_999, 100_000)).toBe(true);
    expect(isLowRevenue(35_000, 100_000)).toBe(false);
  });
});
