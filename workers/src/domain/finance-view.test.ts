/**
 * The finance view on a small hand-built tenant: an MSSP agreement (M2 assigned all year) and a Medicare Advantage
 * capitation contract (M1 on its roster July–December). The numbers are the finance engine's (its own tests check
 * the arithmetic); here: that the view carries them as the dashboard reads them — by enrolment type, by category
 * and month, high-cost members, leakage, the quality gate and the what-if grid, each equal to the domain function
 * that computes it (the what-ifs to `whatIfSpendTrend` and `whatIfCloseGaps`, which re-evaluate the cells) — that
 * only contracts in force in the year appear, and that members are named only in the high-cost lists.
 */
import type { ClaimEvent, ContractEvent, RosterEvent } from '@benchline/shared';
import { FinanceSnapshot } from '@benchline/shared';
import { readReferenceText } from '../reference/index.js';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { attributeRoster, latestRosterRows } from './attribution/index.js';
import {
  OTHER_TIN,
  OWN_TIN,
  TABLES,
  assignedTo,
  claim,
  maContract,
  msspContract,
  profile,
} from './finance/__fixtures__/builders.js';
import { highCostMembers, leakage, pmpmByCategory } from './finance/analytics.js';
import { evaluateContractYear } from './finance/evaluate.js';
import { attributedMonthsFromResults } from './finance/member-context.js';
import { monthsOfYear } from './finance/months.js';
import type { MeasureQualityInput } from './finance/quality.js';
import { accumulate, emptyRollUps, rebuildRollUps, ROLL_UP_TABLES } from './finance/rollups.js';
import type { RollUps } from './finance/rollups.js';
import { whatIfCloseGaps, whatIfSpendTrend } from './finance/what-if.js';
import { findBenchmark, loadBenchmarks } from './measures/index.js';
import {
  financeView,
  gapSteps,
  measureCountsFromCounters,
  netSettlementUnder,
  QUALITY_COUNTER_FIELDS,
  TREND_CHANGES,
} from './finance-view.js';

const COMPLETE = { runOutMonths: 3, method: 'fixed', fixedFactor: 1 } as const;
const MSSP = msspContract({
  years: [
    {
      year: 2025,
      track: 'BASIC',
      level: 'E',
      msrMlr: '0',
      completion: COMPLETE,
      benchmark: { perCapita: { esrd: 600, disabled: 600, agedDual: 600, agedNonDual: 600 } },
    },
  ],
});
const MA = maContract({ years: [{ year: 2025, completion: COMPLETE, benchmark: { capitationPmpm: 1000 } }] });
/** A contract that ended before the year: never shown for it. */
const ENDED: ContractEvent = {
  ...maContract({}),
  contractId: 'OLD1',
  effectiveFrom: '2020-01-01',
  effectiveTo: '2024-12-31',
};

const ROSTER: RosterEvent = {
  kind: 'roster',
  contractId: 'MA1',
  memberId: 'MBR-M1',
  asOf: '2025-07-05',
  months: monthsOfYear(2025).slice(6),
};
const CLAIMS: ClaimEvent[] = [
  // M2 February: own-TIN hospital outpatient, $500.
  claim({
    claimId: 'c1',
    memberId: 'MBR-M2',
    claimType: 'outpatient',
    throughDate: '2025-02-03',
    paidDate: '2025-02-25',
    paidAmount: 500,
    billingTin: OWN_TIN,
  }),
  // M1 September (MA): an admission elsewhere, $10,000.
  claim({
    claimId: 'c2',
    memberId: 'MBR-M1',
    claimType: 'inpatient',
    throughDate: '2025-09-20',
    paidDate: '2025-10-15',
    paidAmount: 10_000,
    billingTin: OTHER_TIN,
  }),
];

const months = attributedMonthsFromResults([
  assignedTo('MSSP1', 'MBR-M2', 2025),
  ...attributeRoster(MA, latestRosterRows([ROSTER]).get('MA1') ?? new Map(), '2025-07-31'),
]);
const rollUps = rebuildRollUps({
  claims: CLAIMS,
  members: [profile('MBR-M1'), profile('MBR-M2')].map((p) => ({
    profile: p,
    attributed: months.get(p.memberId) ?? new Map(),
  })),
  contracts: [MSSP, MA, ENDED],
  own: { tins: new Set([OWN_TIN]), ccns: new Set() },
  leakageRules: new Map(),
});

const view = financeView(rollUps, { contracts: [MSSP, MA, ENDED], year: 2025, asOfMonth: '2026-03', tables: TABLES });

describe('the finance view', () => {
  it('is a valid snapshot with every contract in force in the year, and only those', () => {
    expect(Value.Check(FinanceSnapshot, { ...view, updatedAt: '2026-03-31T00:00:00.000Z' })).toBe(true);
    expect(view.contracts.map((c) => c.contractId)).toEqual(['MSSP1', 'MA1']);
    expect(view).toMatchObject({ year: 2025, asOfMonth: '2026-03' });
  });

  it('MSSP: $500 over one person-year against $600 → 16.67% savings, half shared less 2% sequestration', () => {
    const mssp = view.contracts[0];
    expect(mssp?.toDate).toMatchObject({ paidCents: 50_000, completedCents: 50_000 });
    expect(mssp?.toDate.memberMonths.agedNonDual).toBe(12);
    expect(mssp?.projection).toMatchObject({ memberMonths: 12, spendCents: 50_000, perCapitaCents: 50_000 });
    expect(mssp?.projection.benchmarkPerCapitaCents).toBe(60_000);
    expect(mssp?.savingsRate).toBeCloseTo(1 / 6, 10);
    expect(mssp?.msr).toBe(0);
    // $100 savings × 50% = $50, less 2% sequestration = $49.
    expect(mssp?.settlement.expectedCents).toBe(4_900);
    expect(mssp?.explanation.length).toBeGreaterThan(0);
    expect(mssp?.months.find((m) => m.month === '2025-02')).toMatchObject({ memberMonths: 1, paidCents: 50_000 });
  });

  it('MSSP: the benchmark follows the risk ratios and growth the contract year records, and lists no assumption for them', () => {
    expect(view.contracts[0]?.assumptions.map((a) => a.item)).toEqual(expect.arrayContaining(['riskRatio', 'growth']));
    const year = MSSP.years[0]!;
    const updated: ContractEvent = {
      ...MSSP,
      years: [
        {
          ...year,
          benchmarkUpdate: {
            riskRatios: { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.1 },
            growth: {
              twoWay: { esrd: 0.05, disabled: 0.05, agedDual: 0.05, agedNonDual: 0.05 },
              acpt: { esrd: 0.02, disabled: 0.02, agedDual: 0.02, agedNonDual: 0.02 },
            },
          },
        },
      ],
    };
    const live = financeView(rollUps, { contracts: [updated, MA], year: 2025, asOfMonth: '2026-03', tables: TABLES });
    const mssp = live.contracts[0];
    // $600 × 1.1 × (1 + 2/3 × 5% + 1/3 × 2%) = $600 × 1.1 × 1.04 = $686.40.
    expect(mssp?.projection.benchmarkPerCapitaCents).toBe(68_640);
    expect(mssp?.assumptions.map((a) => a.item)).not.toContain('riskRatio');
    expect(mssp?.assumptions.map((a) => a.item)).not.toContain('growth');
  });

  it('MA capitation: 6 member-months × $1,000 against $10,000 of spend → a $4,000 margin, in words too', () => {
    const ma = view.contracts[1];
    expect(ma?.settlement.expectedCents).toBe(-400_000);
    expect(ma?.projection.benchmarkCents).toBe(600_000);
    expect(ma?.explanation).toEqual([
      'Capitation $1,000.00 PMPM × projected member-months = $6,000.00.',
      'Projected spend $10,000.00; margin −$4,000.00.',
    ]);
  });

  it('counts own-TIN fee-for-service revenue once, and revenue by HCP-LAN category with the settlements', () => {
    expect(view.combined.ffsRevenueCents).toBe(50_000);
    // 3B: the $500 FFS claim on the MSSP patient plus the $49 shared-savings payment; 4: the $6,000 capitation.
    expect(view.combined.revenueByCategoryCents['3B']).toBe(54_900);
    expect(view.combined.revenueByCategoryCents['4']).toBe(600_000);
    expect(view.combined.lossesCents).toBe(0);
  });

  it('names members only in the high-cost lists: a patient view, never sent to the wall', () => {
    expect(JSON.stringify(view)).toMatch(/MBR-/);
    const withoutHighCost = { ...view, contracts: view.contracts.map((c) => ({ ...c, highCostMembers: [] })) };
    expect(JSON.stringify(withoutHighCost)).not.toMatch(/MBR-/);
  });

  it('shows no contract before the first claim is paid, nor without a contract in force', () => {
    expect(financeView(rollUps, { contracts: [MSSP], year: 2025, asOfMonth: null, tables: TABLES }).contracts).toEqual(
      [],
    );
    expect(
      financeView(rollUps, { contracts: [ENDED], year: 2025, asOfMonth: '2026-03', tables: TABLES }).contracts,
    ).toEqual([]);
  });
});

/** The 2026 SSP benchmark rows, relabelled for the fixture's performance year 2025 (the vendored file has 2026). */
const BENCHMARKS_2025 = loadBenchmarks(readReferenceText).map((b) => ({ ...b, performanceYear: 2025 }));
/** Live counts: CMS165 at 70 % (30 open), CMS2 at 62 %; CMS122 with nobody eligible yet. */
const COUNTS = {
  CMS122: { met: 0, notMet: 0 },
  CMS125: { met: 5, notMet: 5 },
  CMS130: { met: 0, notMet: 0 },
  CMS165: { met: 70, notMet: 30 },
  CMS2: { met: 62, notMet: 38 },
};
const withQuality = financeView(rollUps, {
  contracts: [MSSP, MA],
  year: 2025,
  asOfMonth: '2026-03',
  tables: TABLES,
  measureCounts: COUNTS,
  benchmarks: BENCHMARKS_2025,
});
const INPUTS = { contract: MSSP, year: 2025, asOfMonth: '2026-03', tables: TABLES };

describe('spend and benchmark by enrolment type', () => {
  it('splits spend to date and the benchmark by type, summing to the weighted totals', () => {
    const mssp = view.contracts[0]!;
    const { byType } = mssp.toDate;
    // M2 is aged, not dual, all year: $500 against UB_t $600 per person-year for 12 member-months.
    expect(byType.agedNonDual).toEqual({
      paidCents: 50_000,
      completedCents: 50_000,
      truncatedCents: 50_000,
      benchmarkCents: 60_000,
      benchmarkPerCapitaCents: 60_000,
    });
    expect(byType.esrd).toMatchObject({ paidCents: 0, benchmarkCents: 0, benchmarkPerCapitaCents: 60_000 });
    const types = Object.values(byType);
    expect(types.reduce((s, t) => s + t.paidCents, 0)).toBe(mssp.toDate.paidCents);
    expect(types.reduce((s, t) => s + t.truncatedCents, 0)).toBe(mssp.toDate.truncatedCents);
    expect(types.reduce((s, t) => s + (t.benchmarkCents ?? 0), 0)).toBe(mssp.toDate.benchmarkCents);
  });

  it('capitation: the PMPM × each type’s member-months, and × 12 per person-year', () => {
    const ma = view.contracts[1]!;
    const mm = ma.toDate.memberMonths;
    expect(ma.toDate.byType.agedNonDual).toMatchObject({
      paidCents: 1_000_000,
      benchmarkCents: 100_000 * mm.agedNonDual,
      benchmarkPerCapitaCents: 1_200_000,
    });
  });
});

describe('spend by category and month', () => {
  it('carries the domain’s PMPM-by-category cells for the year’s months, aligned, without empty categories', () => {
    const mssp = view.contracts[0]!;
    expect(mssp.categories.months).toEqual(monthsOfYear(2025));
    expect(mssp.categories.rows.map((r) => r.category)).toEqual(['outpatient']);
    const cells = pmpmByCategory(rollUps, 'MSSP1', monthsOfYear(2025), '2026-03');
    const outpatient = mssp.categories.rows[0]!;
    expect(outpatient.paidCents).toEqual(cells.filter((c) => c.category === 'outpatient').map((c) => c.paidCents));
    expect(outpatient.paidCents[1]).toBe(50_000);
    expect(outpatient.completedCents[1]).toBe(50_000);
  });

  it('stops at the as-of month, with completion below 1 for months still developing', () => {
    const midYear = financeView(rollUps, { contracts: [MSSP], year: 2025, asOfMonth: '2025-03', tables: TABLES });
    const [mssp] = midYear.contracts;
    expect(mssp?.categories.months).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(mssp?.categories.rows[0]?.paidCents).toEqual([0, 50_000, 0]);
  });
});

describe('high-cost members and leakage', () => {
  it('lists each contract’s highest-cost members as the domain ranks them, at most twenty', () => {
    expect(view.contracts[0]?.highCostMembers).toEqual(
      highCostMembers(rollUps, 'MSSP1', 2025, 20).map((m) => ({ ...m, types: [...m.types] })),
    );
    expect(view.contracts[0]?.highCostMembers[0]).toMatchObject({ memberId: 'MBR-M2', paidCents: 50_000, claims: 1 });
    expect(view.contracts[1]?.highCostMembers[0]).toMatchObject({ memberId: 'MBR-M1', paidCents: 1_000_000 });
  });

  it('caps the list at twenty, highest first', () => {
    const many = copy(rollUps);
    accumulate(
      many,
      Array.from({ length: 30 }, (_, i) => ({
        table: 'memberSpend' as const,
        key: `MSSP1|2025|agedNonDual|MBR-X${String(i).padStart(2, '0')}`,
        values: { cents: 1_000 * (i + 1), claims: 1 },
      })),
    );
    const listed = financeView(many, { contracts: [MSSP], year: 2025, asOfMonth: '2026-03', tables: TABLES })
      .contracts[0]?.highCostMembers;
    expect(listed).toHaveLength(20);
    expect(listed?.[0]?.memberId).toBe('MBR-M2');
    expect(listed?.[1]).toMatchObject({ memberId: 'MBR-X29', paidCents: 30_000 });
  });

  it('summarises primary-care leakage for claims-attributed contracts, none for roster ones', () => {
    const leaky = copy(rollUps);
    accumulate(leaky, [
      { table: 'leakage', key: 'MSSP1|2025-02', values: { inCents: 30_000, outCents: 10_000, services: 3 } },
      { table: 'leakage', key: 'MSSP1|2025-05', values: { inCents: 0, outCents: 10_000, services: 1 } },
    ]);
    const [mssp, ma] = financeView(leaky, {
      contracts: [MSSP, MA],
      year: 2025,
      asOfMonth: '2026-03',
      tables: TABLES,
    }).contracts;
    const summary = leakage(leaky, 'MSSP1', monthsOfYear(2025));
    expect(mssp?.leakage).toMatchObject({ inCents: 30_000, outCents: 20_000, share: 0.4 });
    expect(mssp?.leakage?.share).toBe(summary.leakage);
    expect(mssp?.leakage?.months.find((m) => m.month === '2025-05')).toEqual({
      month: '2025-05',
      inCents: 0,
      outCents: 10_000,
    });
    expect(ma?.leakage).toBeNull();
  });
});

const msspWithQuality = withQuality.contracts[0]!;

describe('the MSSP quality gate', () => {
  const mssp = msspWithQuality;

  it('says what the settlement used: here the standard assumed met, the contract year naming none', () => {
    expect(view.contracts[0]?.quality).toEqual({
      settlement: { standard: 'met', heaScore: null, source: 'assumed met' },
      estimate: null,
    });
    expect(view.contracts[1]?.quality).toBeNull();
  });

  it('scores the live rates against the SSP deciles: a worked example', () => {
    const estimate = mssp.quality?.estimate;
    // CMS165 70 %: 236SSP 30th percentile 68.17, 40th 70.15 → decile 4, 4 + (70 − 68.17) ÷ (70.15 − 68.17) → 4.9
    // points. CMS2 62 %: 134SSP 40th 59.27, 50th 65.56 → decile 5, 5 + 2.73 ÷ 6.29 → 5.4. Score 100 × 10.3 ÷ 20.
    expect(estimate?.measures.map((m) => [m.measureId, m.ecqmId, m.decile, m.points, m.open])).toEqual([
      ['134', 'CMS2', 5, 5.4, 38],
      ['236', 'CMS165', 4, 4.9, 30],
    ]);
    expect(estimate?.mipsScore).toBeCloseTo(51.5, 9);
    // PY2025's 40th percentile is 76.70: not met by the score; CBP (an outcome measure) ≥ 10th percentile.
    expect(estimate).toMatchObject({ threshold40th: 76.7, standard: 'alternative', healthEquityBonus: 0 });
    expect(estimate?.notScored).toEqual([{ measureId: '001', reason: 'no eligible patients yet' }]);
    expect(estimate?.measures.find((m) => m.measureId === '236')).toMatchObject({
      outcome: true,
      flatBenchmark: false,
    });
  });

  it('lists the measures CMS scores and those without a benchmark for the year', () => {
    const app = { ...MSSP, measureSet: ['001', '112', '236', '321', '479', '484', 'CMS130v14'] };
    const [contract] = financeView(rollUps, {
      contracts: [app],
      year: 2025,
      asOfMonth: '2026-03',
      tables: TABLES,
      measureCounts: COUNTS,
      benchmarks: BENCHMARKS_2025.filter((b) => b.measureId !== '113SSP'),
    }).contracts;
    const estimate = contract?.quality?.estimate;
    expect(estimate?.measures.map((m) => m.measureId)).toEqual(['112', '236']);
    expect(estimate?.measures[0]?.flatBenchmark).toBe(true);
    expect(estimate?.notScored.map((n) => n.measureId)).toEqual(['001', '321', '479', '484', '113']);
    expect(estimate?.notScored.find((n) => n.measureId === '321')?.reason).toContain('scored by CMS');
    expect(estimate?.notScored.find((n) => n.measureId === '113')?.reason).toBe('no SSP benchmark for 2025 configured');
  });
});

describe('the what-ifs, computed on the workers', () => {
  it('spend trend: each point the engine’s own re-evaluation, 0 being the projection', () => {
    const midYear = financeView(rollUps, { contracts: [MSSP, MA], year: 2025, asOfMonth: '2025-06', tables: TABLES });
    for (const contract of midYear.contracts) {
      const inputs = { ...INPUTS, contract: contract.contractId === 'MSSP1' ? MSSP : MA, asOfMonth: '2025-06' };
      expect(contract.whatIf.trend.map((t) => t.change)).toEqual(TREND_CHANGES);
      for (const scenario of contract.whatIf.trend) {
        const engine = whatIfSpendTrend(rollUps, inputs, scenario.change);
        expect(scenario.perCapitaCents).toBe(engine.after.projection.perCapitaCents);
        expect(scenario.deltaCents).toBe(engine.deltaCents);
      }
      const zero = contract.whatIf.trend.find((t) => t.change === 0);
      expect(zero).toMatchObject({ perCapitaCents: contract.projection.perCapitaCents, deltaCents: 0 });
      expect(zero?.settlementCents).toBe(contract.settlement.expectedCents);
    }
    // After the year (claims paid through March 2026 for 2025) nothing is left to move: every point is the projection.
    for (const scenario of view.contracts[0]!.whatIf.trend) {
      const engine = whatIfSpendTrend(rollUps, INPUTS, scenario.change);
      expect(scenario.perCapitaCents).toBe(engine.after.projection.perCapitaCents);
      expect(scenario.lowPerCapitaCents).toBe(engine.after.projection.lowPerCapitaCents);
      expect(scenario.settlementCents).toBe(engine.after.finance?.kind === 'mssp' ? 4_900 : null);
      expect(scenario.deltaCents).toBe(0);
    }
    const trend = midYear.contracts[0]!.whatIf.trend;
    // Months to come: a lower trend projects less spend, a higher one more.
    expect(trend[0]!.spendCents).toBeLessThan(trend[2]!.spendCents);
    expect(trend[4]!.spendCents).toBeGreaterThan(trend[2]!.spendCents);
  });

  it('closing gaps: the score, the gate and the settlement equal whatIfCloseGaps at every step', () => {
    const cbp = msspWithQuality.whatIf.closeGaps.find((g) => g.measureId === '236');
    expect(cbp?.steps.map((s) => s.gaps)).toEqual([0, 10, 25, 30]);
    const measures: MeasureQualityInput[] = [
      { measureId: '134', outcome: false, inverse: false, eligible: 100, met: 62, benchmark: bench('134') },
      { measureId: '236', outcome: true, inverse: false, eligible: 100, met: 70, benchmark: bench('236') },
    ];
    for (const step of cbp?.steps ?? []) {
      const engine = whatIfCloseGaps(rollUps, INPUTS, {
        measures,
        measureId: '236',
        gaps: step.gaps,
        healthEquityBonus: 0,
        gate: { threshold40th: 76.7 },
      });
      expect(step.standard).toBe(engine.after.gate.standard);
      expect(step.mipsScore).toBeCloseTo(engine.after.score.mipsScore, 9);
      expect(step.settlementCents).toBe(engine.after.netCents);
      expect(step.deltaCents).toBe(engine.deltaCents);
    }
    // 10 more controlled: 80 % (80th percentile 76.42, 90th 82.81) → 9.5 points, score 74.5 — still the alternative
    // standard; 25 more: 95 % → 10 points, score 77 ≥ 76.7 → met.
    expect(cbp?.steps.map((s) => s.standard)).toEqual(['alternative', 'alternative', 'met', 'met']);
    // Met: the full 50 % of $100 savings less 2 % sequestration, as the settlement above.
    expect(cbp?.steps[2]?.settlementCents).toBe(4_900);
    expect(cbp?.steps[1]?.deltaCents).toBeGreaterThan(0);
  });

  it('re-settles exactly as the evaluation does, for every outcome and an ENHANCED loss', () => {
    const enhanced = msspContract({
      years: [
        {
          year: 2025,
          track: 'ENHANCED',
          msrMlr: '0',
          completion: COMPLETE,
          // Spend $500 against $400: losses, at ENHANCED's quality-dependent rate.
          benchmark: { perCapita: { esrd: 400, disabled: 400, agedDual: 400, agedNonDual: 400 } },
        },
      ],
    });
    for (const contract of [MSSP, enhanced]) {
      const inputs = { ...INPUTS, contract };
      const result = evaluateContractYear(rollUps, inputs);
      for (const quality of [
        { standard: 'met', heaScore: 90 },
        { standard: 'alternative', heaScore: 65 },
        { standard: 'not-met', heaScore: 20 },
        { standard: 'met', heaScore: null },
      ] as const) {
        const again = evaluateContractYear(rollUps, { ...inputs, quality });
        const f = again.finance;
        expect(f?.kind).toBe('mssp');
        const net =
          f?.kind === 'mssp' ? f.settlement.expected.paymentCents - f.settlement.expected.lossesOwedCents : null;
        expect(netSettlementUnder(result, inputs, quality)).toBe(net);
      }
    }
  });

  it('offers 0, the steps below the open gaps, and all of them', () => {
    expect(gapSteps(0)).toEqual([0]);
    expect(gapSteps(7)).toEqual([0, 7]);
    expect(gapSteps(25)).toEqual([0, 10, 25]);
    expect(gapSteps(640)).toEqual([0, 10, 25, 50, 100, 640]);
  });

  it('has no gap what-if without measure counts, nor for other contracts', () => {
    expect(view.contracts[0]?.whatIf.closeGaps).toEqual([]);
    expect(withQuality.contracts[1]?.whatIf.closeGaps).toEqual([]);
  });
});

describe('measure counts from the roll-up counters', () => {
  it('reads met and not met per measure, absent counters as zero', () => {
    const counters: Record<string, number> = { 'quality:CMS165:met': 70, 'quality:CMS165:not-met': 30 };
    expect(QUALITY_COUNTER_FIELDS).toContain('quality:CMS2:not-met');
    const counts = measureCountsFromCounters((field) => counters[field]);
    expect(counts.CMS165).toEqual({ met: 70, notMet: 30 });
    expect(counts.CMS122).toEqual({ met: 0, notMet: 0 });
  });
});

function bench(qualityId: string) {
  const found = findBenchmark(BENCHMARKS_2025, qualityId);
  if (found === undefined) {
    throw new Error(`no benchmark ${qualityId}`);
  }
  return found;
}

function copy(source: RollUps): RollUps {
  const target = emptyRollUps();
  for (const table of ROLL_UP_TABLES) {
    for (const [key, values] of source[table]) {
      target[table].set(key, { ...values });
    }
  }
  return target;
}
