/**
 * Two payment worlds on a small hand-built tenant: M1 is in fee-for-service Medicare (MSSP-assigned) January–June
 * and joins a Medicare Advantage plan from July, whose capitation roster lists him June–December (a retroactive
 * June row, so June counts for both contracts); M2 is MSSP-only all year; M3 is attributed to nothing.
 */
import type { ClaimEvent, RosterEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { TABLES as ASSIGNMENT_TABLES } from '../attribution/__fixtures__/builders.js';
import { attributeRoster, latestRosterRows } from '../attribution/index.js';
import {
  OTHER_TIN,
  OWN_TIN,
  TABLES,
  assignedTo,
  claim,
  maContract,
  msspContract,
  profile,
  withMonths,
} from './__fixtures__/builders.js';
import { highCostMembers, leakage, leakageRulesFor, memberMonthsByType, pmpmByCategory } from './analytics.js';
import type { ContractYearInputs } from './evaluate.js';
import { attributedMonthsFromResults } from './member-context.js';
import { monthsOfYear } from './months.js';
import { paymentWorlds, serviceLineTension } from './payment-worlds.js';
import { rebuildRollUps } from './rollups.js';

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

const M1 = withMonths(
  profile('M1'),
  Object.fromEntries(
    monthsOfYear(2025)
      .slice(6)
      .map((m) => [m, { medicareAdvantage: true }]),
  ),
);
const M2 = profile('M2');
const M3 = profile('M3');

const ROSTER: RosterEvent = {
  kind: 'roster',
  contractId: 'MA1',
  memberId: 'M1',
  asOf: '2025-07-05',
  months: monthsOfYear(2025).slice(5),
};

const pc = (hcpcs: string, allowed: number, paid: number, date: string) => [
  {
    lineNumber: 1,
    hcpcs,
    renderingSpecialty: '08',
    placeOfService: '11',
    units: 1,
    allowedAmount: allowed,
    paidAmount: paid,
    fromDate: date,
    throughDate: date,
  },
];

const CLAIMS: ClaimEvent[] = [
  // M1 March: own-TIN office visit, $125 allowed, $100 paid.
  claim({
    claimId: 'c1',
    memberId: 'M1',
    throughDate: '2025-03-10',
    paidDate: '2025-03-28',
    paidAmount: 100,
    billingTin: OWN_TIN,
    lines: pc('99214', 125, 100, '2025-03-10'),
  }),
  // M1 June (both contracts): own-TIN visit, $100 allowed, $80 paid.
  claim({
    claimId: 'c2',
    memberId: 'M1',
    throughDate: '2025-06-12',
    paidDate: '2025-06-30',
    paidAmount: 80,
    billingTin: OWN_TIN,
    lines: pc('99213', 100, 80, '2025-06-12'),
  }),
  // M1 September (MA only): an admission elsewhere, $10,000.
  claim({
    claimId: 'c3',
    memberId: 'M1',
    claimType: 'inpatient',
    throughDate: '2025-09-20',
    paidDate: '2025-10-15',
    paidAmount: 10_000,
    billingTin: OTHER_TIN,
  }),
  // M2 February: own-TIN hospital outpatient, $500.
  claim({
    claimId: 'c4',
    memberId: 'M2',
    claimType: 'outpatient',
    throughDate: '2025-02-03',
    paidDate: '2025-02-25',
    paidAmount: 500,
    billingTin: OWN_TIN,
  }),
  // M2 Part D: never counted.
  claim({
    claimId: 'c5',
    memberId: 'M2',
    claimType: 'partd',
    throughDate: '2025-02-03',
    paidDate: '2025-02-04',
    paidAmount: 300,
  }),
  // M3 (no contract) April: own-TIN visit, $75 allowed, $60 paid — FFS revenue only.
  claim({
    claimId: 'c6',
    memberId: 'M3',
    throughDate: '2025-04-02',
    paidDate: '2025-04-20',
    paidAmount: 60,
    billingTin: OWN_TIN,
    lines: pc('99213', 75, 60, '2025-04-02'),
  }),
  // M2 May: a visit with an outside practice, $100 allowed, $80 paid — primary-care leakage.
  claim({
    claimId: 'c7',
    memberId: 'M2',
    throughDate: '2025-05-06',
    paidDate: '2025-05-30',
    paidAmount: 80,
    billingTin: OTHER_TIN,
    lines: pc('99213', 100, 80, '2025-05-06'),
  }),
];

const results = [
  assignedTo('MSSP1', 'M1', 2025),
  assignedTo('MSSP1', 'M2', 2025),
  ...attributeRoster(MA, latestRosterRows([ROSTER]).get('MA1') ?? new Map(), '2025-07-31'),
];
const months = attributedMonthsFromResults(results);
const leakageRules = new Map([['MSSP1', leakageRulesFor(MSSP, [], ASSIGNMENT_TABLES, 2025, '2025-01-01')]]);
const rollUps = rebuildRollUps({
  claims: CLAIMS,
  members: [M1, M2, M3].map((p) => ({ profile: p, attributed: months.get(p.memberId) ?? new Map() })),
  contracts: [MSSP, MA],
  own: { tins: new Set([OWN_TIN]), ccns: new Set() },
  leakageRules,
});
const inputs: ContractYearInputs[] = [
  { contract: MSSP, year: 2025, asOfMonth: '2026-03', tables: TABLES },
  { contract: MA, year: 2025, asOfMonth: '2026-03', tables: TABLES },
];
const worlds = paymentWorlds(rollUps, inputs, 2025);
const [mssp, ma] = worlds.contracts;

describe('each contract with its own attribution and benchmark', () => {
  it('counts member-months per contract: FFS months for MSSP, roster months for MA', () => {
    // MSSP: M1 Jan–Jun (Jul–Dec are MA months) + M2 all year = 18; MA: M1 Jun–Dec = 7.
    expect(memberMonthsByType(rollUps, 'MSSP1', 2025)).toMatchObject({
      memberMonths: { agedNonDual: 18, esrd: 0 },
      personYears: { agedNonDual: 1.5 },
      uncounted: { 'medicare-advantage': 6 },
    });
    expect(memberMonthsByType(rollUps, 'MA1', 2025).memberMonths.agedNonDual).toBe(7);
  });

  it('MSSP: spend $760 over 1.5 person-years against $600 pc → shares 50% of $140.00 savings', () => {
    // Spend = c1 $100 + c2 $80 + c4 $500 + c7 $80 = $760 (Part D and the MA-month admission out).
    expect(mssp?.spendToDateCents).toBe(76_000);
    const finance = mssp?.result.finance;
    if (finance?.kind !== 'mssp') {
      throw new Error('expected MSSP');
    }
    // EXP = 760 × 12 / 18 = $506.67; UB $600 (r = 1, untrended); savings $93.33 pc = 15.56% ≥ MSR 0%.
    expect(mssp?.result.projection.perCapitaCents).toBe(50_667);
    // Total savings 93.33 × 1.5 = $140.00 (139.995 rounds half up); 50% = $70.00; 2% sequestration $1.40.
    expect(finance.settlement.expected.totalSavingsCents).toBe(14_000);
    expect(finance.settlement.expected.paymentCents).toBe(6_860);
    expect(mssp?.projectedSettlementCents).toBe(6_860);
    // Own-TIN FFS revenue on MSSP patients: c1 $100 + c2 $80 + c4 $500.
    expect(mssp?.ffsRevenueCents).toBe(68_000);
  });

  it('MA capitation: 7 member-months × $1,000 against $10,080 of spend → margin −$3,080', () => {
    const finance = ma?.result.finance;
    expect(finance).toMatchObject({ kind: 'capitation', capitationCents: 700_000, marginCents: -308_000 });
    expect(ma?.spendToDateCents).toBe(1_008_000);
    // Only the June visit is own-TIN revenue on an MA patient.
    expect(ma?.ffsRevenueCents).toBe(8_000);
  });
});

describe('combined: FFS revenue once, shares by HCP-LAN category', () => {
  it('counts each own-TIN claim once under the patient’s most advanced model that month', () => {
    // c1 $100 (3B), c2 $80 (June: MSSP 3B and MA 4 → 4), c4 $500 (3B), c6 $60 (no contract → 1).
    expect(worlds.combined.ffsRevenueCents).toBe(74_000);
    // By month and service line, whatever the category.
    expect(worlds.combined.ffsRevenue.map((r) => [r.month, r.serviceLine, r.paidCents])).toEqual([
      ['2025-02', 'outpatient', 50_000],
      ['2025-03', 'professional', 10_000],
      ['2025-04', 'professional', 6_000],
      ['2025-06', 'professional', 8_000],
    ]);
    // 3B: $600 FFS + $68.60 shared savings; 4: $80 FFS + $7,000 capitation; 1: $60.
    expect(worlds.combined.revenueByCategoryCents).toEqual({ '1': 6_000, '2': 0, '3A': 0, '3B': 66_860, '4': 708_000 });
    const total = 6_000 + 66_860 + 708_000;
    expect(worlds.combined.shares['4']).toBeCloseTo(708_000 / total, 12);
    expect(worlds.combined.shares['1']).toBeCloseTo(6_000 / total, 12);
  });
});

describe('the tension for a service line', () => {
  it('an extra office visit earns its allowed amount under FFS and costs its paid amount × the marginal rate', () => {
    const t = serviceLineTension(rollUps, worlds.contracts, 'professional', 2025);
    // Own professional claims: c1, c2, c6 → allowed $300 / 3 = $100; paid $240 / 3 = $80.
    expect(t).toMatchObject({ claims: 3, allowedPerClaimCents: 10_000, paidPerClaimCents: 8_000 });
    // MSSP: c1 + c2 paid $180 / 2 = $90 per visit; sharing 50% → costs $45; nets $55.
    expect(t.contracts[0]).toMatchObject({
      contractId: 'MSSP1',
      spendPerClaimCents: 9_000,
      marginalRate: 0.5,
      costPerClaimCents: 4_500,
      netPerClaimCents: 5_500,
    });
    // MA capitation: c2 $80 per visit, every dollar out of the margin; nets $20.
    expect(t.contracts[1]).toMatchObject({
      contractId: 'MA1',
      spendPerClaimCents: 8_000,
      marginalRate: 1,
      costPerClaimCents: 8_000,
      netPerClaimCents: 2_000,
    });
  });
});

describe('PMPM, high-cost members and leakage', () => {
  it('gives PMPM by category and month', () => {
    const rows = pmpmByCategory(rollUps, 'MSSP1', ['2025-03'], '2026-03');
    // March: 2 member-months; c1 $100 professional → $50 PMPM.
    expect(rows.find((r) => r.category === 'professional')).toMatchObject({
      memberMonths: 2,
      paidCents: 10_000,
      paidPmpmCents: 5_000,
    });
    expect(rows.find((r) => r.category === 'inpatient')?.paidPmpmCents).toBe(0);
  });

  it('lists the highest-cost members', () => {
    expect(highCostMembers(rollUps, 'MA1', 2025)).toEqual([
      // $10,080 over 7 months → $17,280 annualised.
      {
        memberId: 'M1',
        paidCents: 1_008_000,
        claims: 2,
        months: 7,
        annualisedCents: 1_728_000,
        types: ['agedNonDual'],
      },
    ]);
  });

  it('measures primary-care leakage with the attribution engine’s rules', () => {
    const l = leakage(rollUps, 'MSSP1', monthsOfYear(2025));
    // In: c1 $125 (March) + c2 $100 (June); out: c7 $100 (May). M3's visit is nobody's patient.
    expect(l.inCents).toBe(22_500);
    expect(l.outCents).toBe(10_000);
    expect(l.leakage).toBeCloseTo(10_000 / 32_500, 12);
    expect(l.months.find((m) => m.month === '2025-05')?.leakage).toBe(1);
  });
});
