import { Type, type Static } from 'typebox';

/**
 * Spend against each value-based contract's benchmark and the projected settlement, beside the organisation's
 * fee-for-service revenue: what an ACO leader watches. Computed by the finance engine from the tenant's roll-up
 * cells, coalesced a few times a second at most. Aggregates only — no member appears here — so it is safe for the
 * wall screen. Money in integer cents; rates as fractions.
 */
const Cents = Type.Integer();
const NullableCents = Type.Union([Type.Integer(), Type.Null()]);
const NullableRate = Type.Union([Type.Number(), Type.Null()]);

export const ENROLLMENT_TYPE_IDS = ['esrd', 'disabled', 'agedDual', 'agedNonDual'] as const;
const ByEnrollmentType = <T extends ReturnType<typeof Type.Integer>>(value: T) =>
  Type.Object({ esrd: value, disabled: value, agedDual: value, agedNonDual: value });

export const FinanceMonth = Type.Object({
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
  memberMonths: Type.Integer({ minimum: 0 }),
  paidCents: Cents,
  completedCents: Cents,
  truncatedCents: Cents,
  /** Paid ÷ completed: how much of the month's eventual spend has arrived. */
  completeness: Type.Number(),
});
export type FinanceMonth = Static<typeof FinanceMonth>;

export const FinanceNote = Type.Object({
  item: Type.String(),
  confidence: Type.String(),
  note: Type.String(),
});

export const ContractFinance = Type.Object({
  contractId: Type.String(),
  name: Type.String(),
  program: Type.String(),
  apmCategory: Type.String(),
  benchmarkType: Type.String(),
  year: Type.Integer(),
  months: Type.Array(FinanceMonth),
  toDate: Type.Object({
    memberMonths: ByEnrollmentType(Type.Integer({ minimum: 0 })),
    paidCents: Cents,
    completedCents: Cents,
    truncatedCents: Cents,
    benchmarkCents: NullableCents,
  }),
  projection: Type.Object({
    memberMonths: Type.Integer({ minimum: 0 }),
    spendCents: Cents,
    perCapitaCents: NullableCents,
    /** The band's favourable (low spend) and unfavourable ends, per capita. */
    lowPerCapitaCents: NullableCents,
    highPerCapitaCents: NullableCents,
    benchmarkCents: NullableCents,
    benchmarkPerCapitaCents: NullableCents,
  }),
  /** MSSP: (benchmark − spend) ÷ benchmark at the projection; MSR/MLR; P(clearing the MSR). */
  savingsRate: NullableRate,
  msr: NullableRate,
  mlr: NullableRate,
  probabilityClearingMsr: NullableRate,
  /** Shared savings paid (+) or losses owed (−), or capitation margin; at the projection and the band's ends. */
  settlement: Type.Object({
    expectedCents: NullableCents,
    favourableCents: NullableCents,
    unfavourableCents: NullableCents,
  }),
  ffsRevenueCents: Cents,
  explanation: Type.Array(Type.String()),
  assumptions: Type.Array(FinanceNote),
  /** Contract fields the evaluation needed and did not find (then no settlement is shown). */
  missing: Type.Array(Type.String()),
});
export type ContractFinance = Static<typeof ContractFinance>;

export const LAN_CATEGORY_IDS = ['1', '2', '3A', '3B', '4'] as const;
const ByLanCategory = <T extends ReturnType<typeof Type.Number>>(value: T) =>
  Type.Object({ '1': value, '2': value, '3A': value, '3B': value, '4': value });

export const FinanceSnapshot = Type.Object({
  year: Type.Union([Type.Integer(), Type.Null()]),
  /** The paid-through month the projection is as of: "claims paid through …". */
  asOfMonth: Type.Union([Type.String(), Type.Null()]),
  contracts: Type.Array(ContractFinance),
  combined: Type.Object({
    ffsRevenueCents: Cents,
    lossesCents: Cents,
    revenueByCategoryCents: ByLanCategory(Type.Number()),
    shares: ByLanCategory(Type.Number()),
  }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type FinanceSnapshot = Static<typeof FinanceSnapshot>;

/** The projection is recomputed whole from the cells, so a change is the new snapshot. */
export const FinanceChange = FinanceSnapshot;
export type FinanceChange = FinanceSnapshot;

export function emptyFinanceSnapshot(): FinanceSnapshot {
  const zero = { '1': 0, '2': 0, '3A': 0, '3B': 0, '4': 0 };
  return {
    year: null,
    asOfMonth: null,
    contracts: [],
    combined: { ffsRevenueCents: 0, lossesCents: 0, revenueByCategoryCents: { ...zero }, shares: { ...zero } },
    updatedAt: null,
  };
}

export function applyFinanceChange(_snapshot: FinanceSnapshot, change: FinanceChange): FinanceSnapshot {
  return change;
}

export function mergeFinanceChanges(_earlier: FinanceChange, later: FinanceChange): FinanceChange {
  return later;
}
