/**
 * Finance view fixtures for the unit tests, taken from a real snapshot the workers computed for a generated ACO
 * (300 members, seed 7, claims paid through June 2026), so the tests check the page against numbers the engine
 * actually produces.
 */
import type { ContractFinance, FinanceSnapshot } from '@benchline/shared';

export function msspContract(overrides: Partial<ContractFinance> = {}): ContractFinance {
  return {
    contractId: 'A2930',
    name: 'Medicare Shared Savings Program ACO A2930, agreement 2026–2030',
    program: 'mssp',
    apmCategory: '3B',
    benchmarkType: 'mssp-per-capita',
    year: 2026,
    months: [
      {
        month: '2026-01',
        memberMonths: 185,
        paidCents: 12996351,
        completedCents: 13368118,
        truncatedCents: 13368118,
        completeness: 0.972190027047936,
      },
      {
        month: '2026-02',
        memberMonths: 185,
        paidCents: 18946131,
        completedCents: 19790596,
        truncatedCents: 19790596,
        completeness: 0.957329986423855,
      },
      {
        month: '2026-03',
        memberMonths: 184,
        paidCents: 16989015,
        completedCents: 17972691,
        truncatedCents: 17972691,
        completeness: 0.9452682962167435,
      },
      {
        month: '2026-04',
        memberMonths: 184,
        paidCents: 16031627,
        completedCents: 17993584,
        truncatedCents: 17993584,
        completeness: 0.8909635234425782,
      },
      {
        month: '2026-05',
        memberMonths: 184,
        paidCents: 23553311,
        completedCents: 39997562,
        truncatedCents: 39997562,
        completeness: 0.588868666545226,
      },
      {
        month: '2026-06',
        memberMonths: 184,
        paidCents: 3873841,
        completedCents: 24334628,
        truncatedCents: 24334628,
        completeness: 0.1591904753999116,
      },
    ],
    toDate: {
      memberMonths: { esrd: 6, disabled: 90, agedDual: 84, agedNonDual: 926 },
      paidCents: 92390276,
      completedCents: 133457179,
      truncatedCents: 133457179,
      benchmarkCents: 128953134,
    },
    projection: {
      memberMonths: 2210,
      spendCents: 236901616,
      perCapitaCents: 1286344,
      lowPerCapitaCents: 1212317,
      highPerCapitaCents: 1360371,
      benchmarkCents: 257691893,
      benchmarkPerCapitaCents: 1399232,
    },
    savingsRate: 0.08067854365823537,
    msr: 0.02,
    mlr: 0.02,
    probabilityClearingMsr: 0.9292053804923378,
    settlement: { expectedCents: 10187202, favourableCents: 16867522, unfavourableCents: 3506882 },
    ffsRevenueCents: 12717764,
    explanation: [
      'benchmark $13,992.32 pc, expenditure $12,863.44 pc: savings $1,128.88 pc = 8.07% of the benchmark',
      'savings rate 8.07% ≥ MSR 2.00%',
      'sharing rate 50.00% = 50.00%',
      'shared savings $103,951.04, less 2.00% sequestration $2,079.02',
    ],
    assumptions: [
      {
        item: 'completion',
        confidence: 'assumption',
        note: 'some lags use the fallback completion curve (the triangle is too thin there)',
      },
      { item: 'riskRatio', confidence: 'assumption', note: 'no BY3 risk baseline: r_t = 1' },
    ],
    missing: [],
    ...overrides,
  };
}

export function capitationContract(overrides: Partial<ContractFinance> = {}): ContractFinance {
  return {
    contractId: 'H4567-015',
    name: 'Stonebridge Medicare Advantage, global capitation',
    program: 'medicare-advantage',
    apmCategory: '4',
    benchmarkType: 'capitation',
    year: 2026,
    months: [],
    toDate: {
      memberMonths: { esrd: 0, disabled: 0, agedDual: 0, agedNonDual: 0 },
      paidCents: 0,
      completedCents: 0,
      truncatedCents: 0,
      benchmarkCents: 0,
    },
    projection: {
      memberMonths: 0,
      spendCents: 0,
      perCapitaCents: null,
      lowPerCapitaCents: null,
      highPerCapitaCents: null,
      benchmarkCents: 0,
      benchmarkPerCapitaCents: null,
    },
    savingsRate: null,
    msr: null,
    mlr: null,
    probabilityClearingMsr: null,
    settlement: { expectedCents: 0, favourableCents: null, unfavourableCents: null },
    ffsRevenueCents: 0,
    explanation: ['Capitation $929.83 PMPM × projected member-months = $0.00.', 'Projected spend $0.00; margin $0.00.'],
    assumptions: [],
    missing: [],
    ...overrides,
  };
}

export function financeSnapshot(overrides: Partial<FinanceSnapshot> = {}): FinanceSnapshot {
  return {
    year: 2026,
    asOfMonth: '2026-06',
    contracts: [capitationContract(), msspContract()],
    combined: {
      ffsRevenueCents: 14160985,
      lossesCents: 0,
      revenueByCategoryCents: { '1': 1443221, '2': 0, '3A': 0, '3B': 22904966, '4': 0 },
      shares: { '1': 0.05927426957908612, '2': 0, '3A': 0, '3B': 0.9407257304209139, '4': 0 },
    },
    updatedAt: '2026-07-02T10:00:00.000Z',
    ...overrides,
  };
}
