/**
 * A contract-year in the middle of the year, from roll-up cells: the three numbers per member-month kept apart
 * (paid, completed by the tenant's triangle, truncated), completeness per month, and what is missing or assumed.
 */
import { ContractEvent } from '@benchline/shared';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { TABLES, maContract, msspContract } from './__fixtures__/builders.js';
import { evaluateContractYear } from './evaluate.js';
import { addMonths } from './months.js';
import type { RollUpEntry } from './rollups.js';
import { accumulate, emptyRollUps, fromHashFields, keys, toHashFields } from './rollups.js';

function midYear() {
  const entries: RollUpEntry[] = [];
  // The tenant's history: every incurred month pays half in its month and half the next.
  for (let i = 0; i < 17; i += 1) {
    const m = addMonths('2024-01', i);
    entries.push(
      { table: 'triangle', key: keys.triangle('professional', m, m), values: { cents: 3_000_000, claims: 1 } },
      {
        table: 'triangle',
        key: keys.triangle('professional', m, addMonths(m, 1)),
        values: { cents: 3_000_000, claims: 1 },
      },
    );
  }
  // 2025: Jan–May fully paid ($60,000 each); June has only its first half ($30,000).
  for (let i = 0; i < 6; i += 1) {
    const m = addMonths('2025-01', i);
    entries.push(
      { table: 'months', key: keys.months('MSSP1', 'agedNonDual', m), values: { memberMonths: 2 } },
      {
        table: 'spend',
        key: keys.spend('MSSP1', 'agedNonDual', m, m, 'professional'),
        values: { cents: 3_000_000, claims: 1 },
      },
      { table: 'triangle', key: keys.triangle('professional', m, m), values: { cents: 3_000_000, claims: 1 } },
    );
    if (i < 5) {
      entries.push(
        {
          table: 'spend',
          key: keys.spend('MSSP1', 'agedNonDual', m, addMonths(m, 1), 'professional'),
          values: { cents: 3_000_000, claims: 1 },
        },
        {
          table: 'triangle',
          key: keys.triangle('professional', m, addMonths(m, 1)),
          values: { cents: 3_000_000, claims: 1 },
        },
      );
    }
  }
  // Two members, enrolled Jan–Jun (bitmask 0b111111): X $150,000, Y $180,000 (= the $330,000 above).
  for (const [member, cents] of [
    ['X', 15_000_000],
    ['Y', 18_000_000],
  ] as const) {
    entries.push(
      {
        table: 'memberSpend',
        key: keys.memberSpend('MSSP1', 2025, 'agedNonDual', member),
        values: { cents, claims: 6 },
      },
      {
        table: 'memberMonths',
        key: keys.memberMonths('MSSP1', 2025, 'agedNonDual', member),
        values: { months: 6, monthMask: 63 },
      },
    );
  }
  return fromHashFields(toHashFields(accumulate(emptyRollUps(), entries)));
}

const CONTRACT = msspContract({
  years: [
    {
      year: 2025,
      track: 'BASIC',
      level: 'A',
      benchmark: { perCapita: { esrd: 100_000, disabled: 100_000, agedDual: 100_000, agedNonDual: 100_000 } },
    },
  ],
});

describe('a contract-year mid-year, from the roll-ups', () => {
  const result = evaluateContractYear(midYear(), {
    contract: CONTRACT,
    year: 2025,
    asOfMonth: '2025-06',
    tables: TABLES,
    // $100,000 for aged/non-dual.
    truncationThresholds: { esrd: 500_000, disabled: 100_000, agedDual: 100_000, agedNonDual: 100_000 },
  });

  it('completes from the tenant’s own triangle: half paid at lag 0 → CF(0) = 0.5', () => {
    expect(result.completion.professional.shareComplete[0]).toBeCloseTo(0.5, 12);
    expect(result.completion.professional.ageToAge.every((a) => a.source === 'triangle')).toBe(true);
  });

  it('truncates each member at the full-year cap (still enrolled in June): X $50,000 and Y $80,000 cut', () => {
    expect(result.truncation.excessCents.agedNonDual).toBe(13_000_000);
  });

  it('keeps paid, completed and truncated apart per month, with completeness', () => {
    const june = result.months.find((m) => m.month === '2025-06');
    const january = result.months.find((m) => m.month === '2025-01');
    // June: $30,000 paid → $60,000 completed; truncated = 60,000 × (1 − 130,000 / 330,000) = $36,363.64.
    expect(june?.paidCents.agedNonDual).toBe(3_000_000);
    expect(june?.completedCents.agedNonDual).toBe(6_000_000);
    expect(june?.truncatedCents.agedNonDual).toBe(3_636_364);
    expect(june?.completeness).toBeCloseTo(0.5, 12);
    // January is complete: $60,000 three ways but truncation.
    expect(january?.paidCents.agedNonDual).toBe(6_000_000);
    expect(january?.completedCents.agedNonDual).toBe(6_000_000);
    expect(january?.completeness).toBe(1);
    expect(result.toDate.paidCents.agedNonDual).toBe(33_000_000);
    expect(result.toDate.completedCents.agedNonDual).toBe(36_000_000);
  });

  it('lists what it assumed: no BY3 risk baseline, no growth, quality met, revenue unknown', () => {
    const items = result.assumptions.map((a) => a.item);
    expect(items).toEqual(
      expect.arrayContaining(['riskRatio', 'growth', 'quality', 'participantRevenue', 'truncation']),
    );
    // 2 assigned beneficiaries: the sliding scale has no MSR below 5,000 — the VERIFY placeholder, flagged.
    expect(result.assumptions.find((a) => a.item === 'msr')?.confidence).toBe('verify');
  });

  it('says what a contract year lacks instead of guessing a benchmark', () => {
    const bare = evaluateContractYear(midYear(), {
      contract: msspContract({ years: [{ year: 2025 }] }),
      year: 2025,
      asOfMonth: '2025-06',
      tables: TABLES,
    });
    expect(bare.finance).toBeNull();
    expect(bare.missing).toEqual(['years[2025].benchmark.perCapita', 'years[2025].track/level']);
    const ma = evaluateContractYear(midYear(), {
      contract: maContract({ years: [{ year: 2025 }] }),
      year: 2025,
      asOfMonth: '2025-06',
      tables: TABLES,
    });
    expect(ma.missing).toEqual(['years[2025].benchmark.capitationPmpm']);
  });
});

/**
 * The mid-year cells with two aged/non-dual members Jan–Jun scored 2.120 and 1.696 (MSSP raw): 3,816 thousandths a
 * month over 2 scored member-months → mean 1.908. ÷ the national assignable mean 1.060 → 1.800; ÷ a BY3 1.500 → 1.2.
 */
function scored() {
  const rollUps = midYear();
  accumulate(
    rollUps,
    Array.from({ length: 6 }, (_, i) => ({
      table: 'months' as const,
      key: keys.months('MSSP1', 'agedNonDual', addMonths('2025-01', i)),
      values: { hccScoredMonths: 2, hccScoreThousandths: 3_816 },
    })),
  );
  return rollUps;
}

describe('the MSSP risk ratio from the cells’ raw scores', () => {
  const baseline = { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.5 };
  const national = { esrd: 1.1, disabled: 1.1, agedDual: 1.1, agedNonDual: 1.06 };
  const inputs = { contract: CONTRACT, year: 2025, asOfMonth: '2025-06', tables: TABLES } as const;

  it('renormalises the PY mean by the national assignable mean before dividing by BY3', () => {
    const result = evaluateContractYear(scored(), {
      ...inputs,
      riskBaseline: { hcc: baseline },
      nationalMeanScores: { hcc: national },
    });
    if (result.finance?.kind !== 'mssp') {
      throw new Error('expected an MSSP result');
    }
    expect(result.finance.risk.pyRawMeans).toMatchObject({ esrd: null, disabled: null, agedDual: null });
    expect(result.finance.risk.pyRawMeans.agedNonDual).toBeCloseTo(1.908, 12);
    expect(result.finance.risk.pyMeans.agedNonDual).toBeCloseTo(1.8, 12);
    expect(result.finance.risk.uncapped.agedNonDual).toBeCloseTo(1.2, 12);
    expect(result.finance.risk.uncapped.esrd).toBe(1); // no PY months of that type
    // Agreement from 2024 with no demographic growth: the 2024+ cap cannot apply, so r_t stands.
    // UB = $100,000 × 1.2, untrended.
    expect(result.finance.benchmark.perType.agedNonDual.perCapitaCents).toBe(12_000_000);
    expect(result.assumptions.some((a) => a.item === 'riskRatio')).toBe(false);
  });

  it('does not divide raw PY scores by a renormalised BY3 baseline: without national means r_t = 1, said so', () => {
    const result = evaluateContractYear(scored(), { ...inputs, riskBaseline: { hcc: baseline } });
    if (result.finance?.kind !== 'mssp') {
      throw new Error('expected an MSSP result');
    }
    expect(result.finance.risk.pyRawMeans.agedNonDual).toBeCloseTo(1.908, 12);
    expect(result.finance.risk.pyMeans.agedNonDual).toBeNull();
    expect(result.finance.risk.uncapped.agedNonDual).toBe(1);
    expect(result.assumptions.find((a) => a.item === 'riskRatio')?.note).toMatch(/national assignable mean/);
  });
});

describe('the benchmark update recorded on the contract year (the ACO’s CMS reports)', () => {
  const year = CONTRACT.years[0]!;
  const withUpdate = (benchmarkUpdate: NonNullable<(typeof year)['benchmarkUpdate']>) =>
    msspContract({ years: [{ ...year, benchmarkUpdate }] });
  const inputs = { year: 2025, asOfMonth: '2025-06', tables: TABLES } as const;
  const baseline = { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.5 };
  const national = { esrd: 1.1, disabled: 1.1, agedDual: 1.1, agedNonDual: 1.06 };
  const growth = {
    twoWay: { esrd: 0.02, disabled: 0.03, agedDual: 0.04, agedNonDual: 0.05 },
    acpt: { esrd: 0.02, disabled: 0.02, agedDual: 0.02, agedNonDual: 0.02 },
  };

  it('reads BY3 scores, national means and growth from the contract year, as if the caller had passed them', () => {
    const recorded = evaluateContractYear(scored(), {
      ...inputs,
      contract: withUpdate({ by3RiskScores: { hcc: baseline }, nationalMeanScores: { hcc: national }, growth }),
    });
    const passed = evaluateContractYear(scored(), {
      ...inputs,
      contract: CONTRACT,
      riskBaseline: { hcc: baseline },
      nationalMeanScores: { hcc: national },
      growth,
    });
    expect(recorded).toEqual(passed);
    if (recorded.finance?.kind !== 'mssp') {
      throw new Error('expected an MSSP result');
    }
    // r = (1.908 ÷ 1.060) ÷ 1.500 = 1.2; the 2024 agreement's three-way blend: 2/3 × 5% + 1/3 × 2% = 4%.
    // UB = $100,000 × 1.2 × 1.04 = $124,800.
    expect(recorded.finance.risk.uncapped.agedNonDual).toBeCloseTo(1.2, 12);
    expect(recorded.finance.benchmark.perType.agedNonDual.perCapitaCents).toBe(12_480_000);
    expect(recorded.assumptions.map((a) => a.item)).not.toContain('riskRatio');
    expect(recorded.assumptions.map((a) => a.item)).not.toContain('growth');
  });

  it('takes stated risk ratios over the scores, and what the caller passes over the contract year', () => {
    const stated = evaluateContractYear(scored(), {
      ...inputs,
      contract: withUpdate({
        riskRatios: { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.1 },
        by3RiskScores: { hcc: baseline },
        nationalMeanScores: { hcc: national },
      }),
    });
    if (stated.finance?.kind !== 'mssp') {
      throw new Error('expected an MSSP result');
    }
    expect(stated.finance.risk.uncapped.agedNonDual).toBe(1.1);
    const overridden = evaluateContractYear(scored(), {
      ...inputs,
      contract: withUpdate({ riskRatios: { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.1 } }),
      riskRatios: { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 0.9 },
    });
    if (overridden.finance?.kind !== 'mssp') {
      throw new Error('expected an MSSP result');
    }
    expect(overridden.finance.risk.uncapped.agedNonDual).toBe(0.9);
  });

  it('is a contract event the schema accepts, and refuses a score of zero or a type left out', () => {
    const contract = withUpdate({ riskRatios: { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.1 }, growth });
    expect(Value.Check(ContractEvent, contract)).toBe(true);
    expect(
      Value.Check(ContractEvent, withUpdate({ riskRatios: { esrd: 0, disabled: 1, agedDual: 1, agedNonDual: 1 } })),
    ).toBe(false);
    expect(
      Value.Check(ContractEvent, {
        ...contract,
        years: [{ ...year, benchmarkUpdate: { riskRatios: { esrd: 1, disabled: 1, agedDual: 1 } } }],
      }),
    ).toBe(false);
  });
});

describe('the probability of clearing the MSR, mid-year', () => {
  // The projection test's months (PMPM $1,000, $1,100, $900, $1,000, $950, $1,050 on 1,000 member-months) as
  // roll-up cells, paid in the month incurred, with a two-year triangle that says so.
  const entries: RollUpEntry[] = [];
  for (let i = 0; i < 24; i += 1) {
    const m = addMonths('2024-01', i);
    entries.push({ table: 'triangle', key: keys.triangle('professional', m, m), values: { cents: 1, claims: 1 } });
  }
  [100_000_000, 110_000_000, 90_000_000, 100_000_000, 95_000_000, 105_000_000].forEach((cents, i) => {
    const m = addMonths('2025-01', i);
    entries.push(
      { table: 'months', key: keys.months('MSSP1', 'agedNonDual', m), values: { memberMonths: 1_000 } },
      { table: 'spend', key: keys.spend('MSSP1', 'agedNonDual', m, m, 'professional'), values: { cents, claims: 1 } },
    );
  });
  const result = evaluateContractYear(accumulate(emptyRollUps(), entries), {
    contract: msspContract({
      years: [
        {
          year: 2025,
          track: 'BASIC',
          level: 'E',
          msrMlr: 'variable',
          benchmark: { perCapita: { esrd: 13_000, disabled: 13_000, agedDual: 13_000, agedNonDual: 13_000 } },
        },
      ],
    }),
    year: 2025,
    asOfMonth: '2025-06',
    tables: TABLES,
    assignedBeneficiaries: 10_000,
  });

  it('is Φ((UB × (1 − MSR) − EXP) / sd) from the month-to-month band', () => {
    const finance = result.finance;
    if (finance?.kind !== 'mssp') {
      throw new Error('expected MSSP');
    }
    // EXP $12,000 ± sd $316.23 (see projection.test.ts); UB $13,000; MSR 3.0% (10,000 assigned).
    expect(result.projection.perCapitaCents).toBe(1_200_000);
    // P(EXP ≤ 13,000 × 0.97 = 12,610) = Φ(610 / 316.2278 = 1.92899) = 0.97313.
    expect(finance.probabilityClearingMsr).toBeCloseTo(0.97313, 4);
    // P(EXP ≥ 13,000 × 1.03 = 13,390) = 1 − Φ(4.3956) ≈ 0.0000055.
    expect(finance.probabilityOwingLosses).toBeCloseTo(0.0000055, 6);
    // The favourable end of the band saves more: EXP 11,594.72 vs 12,405.28.
    expect(finance.settlement.favourable?.totalSavingsCents).toBeGreaterThan(
      finance.settlement.expected.totalSavingsCents,
    );
    expect(finance.settlement.unfavourable?.totalSavingsCents).toBeLessThan(
      finance.settlement.expected.totalSavingsCents,
    );
  });
});
