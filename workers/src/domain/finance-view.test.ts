/**
 * The finance view on a small hand-built tenant: an MSSP agreement (M2 assigned all year) and a Medicare Advantage
 * capitation contract (M1 on its roster July–December). The numbers are the finance engine's (its own tests check
 * the arithmetic); here: that the view carries them as the dashboard reads them, that only contracts in force in
 * the year appear, and that nothing in it names a member.
 */
import type { ClaimEvent, ContractEvent, RosterEvent } from '@benchline/shared';
import { FinanceSnapshot } from '@benchline/shared';
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
import { attributedMonthsFromResults } from './finance/member-context.js';
import { monthsOfYear } from './finance/months.js';
import { rebuildRollUps } from './finance/rollups.js';
import { financeView } from './finance-view.js';

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

  it('names no member: safe for the wall screen', () => {
    expect(JSON.stringify(view)).not.toMatch(/MBR-/);
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
