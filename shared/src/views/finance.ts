import { Type, type Static, type TSchema } from 'typebox';

/**
 * Spend against each value-based contract's benchmark and the projected settlement, beside the organisation's
 * fee-for-service revenue: what an ACO leader watches. Computed by the finance engine from the tenant's roll-up
 * cells (and, for the MSSP quality gate, the live measure counters), coalesced a few times a second at most. Money
 * in integer cents; rates as fractions unless a field says percent.
 *
 * A PATIENT VIEW: each contract lists its highest-cost members (member ids and dollars, at most
 * HIGH_COST_MEMBER_LIMIT), so every read of it is audited like the gap queue's, and the wall never receives it (the
 * wall's own view is projected from it on the server, aggregates only).
 */
const Cents = Type.Integer();
const NullableCents = Type.Union([Type.Integer(), Type.Null()]);
const NullableRate = Type.Union([Type.Number(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Month = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });

export const ENROLLMENT_TYPE_IDS = ['esrd', 'disabled', 'agedDual', 'agedNonDual'] as const;
export type EnrollmentTypeId = (typeof ENROLLMENT_TYPE_IDS)[number];
const ByEnrollmentType = <T extends TSchema>(value: T) =>
  Type.Object({ esrd: value, disabled: value, agedDual: value, agedNonDual: value });

/** Where Medicare's Part A and B dollars go (the MSSP public-use file's split), in that order. */
export const SERVICE_CATEGORY_IDS = [
  'inpatient',
  'outpatient',
  'snf',
  'hha',
  'hospice',
  'professional',
  'dme',
  'ambulance',
] as const;
export type ServiceCategoryId = (typeof SERVICE_CATEGORY_IDS)[number];

/** The MSSP quality performance standard an ACO meets (42 CFR 425.512(a)(5)). */
export const QUALITY_STANDARDS = ['met', 'alternative', 'not-met'] as const;
const QualityStandard = Type.Enum([...QUALITY_STANDARDS]);

/** The most high-cost members a contract lists: the view stays bounded whatever the population. */
export const HIGH_COST_MEMBER_LIMIT = 20;

export const FinanceMonth = Type.Object({
  month: Month,
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

/** One enrolment type's spend to date and its benchmark for the same member-months. */
export const TypeToDate = Type.Object({
  paidCents: Cents,
  completedCents: Cents,
  truncatedCents: Cents,
  /**
   * The benchmark for this type's member-months to date: MSSP UB_t × months ÷ 12 (each type rounded on its own, so
   * the four may differ from the weighted total by a cent); a PMPM target or capitation × months. Null when unknown.
   */
  benchmarkCents: NullableCents,
  /** The benchmark per person-year for this type: MSSP UB_t; a PMPM target or capitation × 12. */
  benchmarkPerCapitaCents: NullableCents,
});
export type TypeToDate = Static<typeof TypeToDate>;

/**
 * Spend by service category and month of service, each category's months aligned with `months` (the year's months
 * through the as-of month): paid through the as-of month, and completed — paid grossed up by the category's claim
 * family's completion factor for the month's lag. PMPM = cents ÷ the month's member-months (`months` of the
 * contract); completeness = paid ÷ completed. Categories with no spend in the year are left out.
 */
export const CategorySpend = Type.Object({
  category: Type.Enum([...SERVICE_CATEGORY_IDS]),
  paidCents: Type.Array(Cents),
  completedCents: Type.Array(Cents),
});
export type CategorySpend = Static<typeof CategorySpend>;
export const CategoryMonths = Type.Object({ months: Type.Array(Month), rows: Type.Array(CategorySpend) });
export type CategoryMonths = Static<typeof CategoryMonths>;

/** Patient-level: a member with the most paid spend in the contract-year. */
export const HighCostMember = Type.Object({
  memberId: Type.String(),
  paidCents: Cents,
  claims: Type.Integer({ minimum: 0 }),
  /** Eligible member-months in the contract-year. */
  months: Type.Integer({ minimum: 0 }),
  /** Paid ÷ months × 12: the annualised spend truncation compares with its thresholds; null without months. */
  annualisedCents: NullableCents,
  types: Type.Array(Type.Enum([...ENROLLMENT_TYPE_IDS])),
});
export type HighCostMember = Static<typeof HighCostMember>;

/** Primary-care leakage: allowed dollars for primary care of attributed patients, inside and outside the entity. */
export const Leakage = Type.Object({
  inCents: Cents,
  outCents: Cents,
  /** out ÷ (in + out); null with no primary-care dollars. */
  share: NullableRate,
  months: Type.Array(Type.Object({ month: Month, inCents: Cents, outCents: Cents })),
});
export type Leakage = Static<typeof Leakage>;

/** One measure of the contract's set as the quality score reads it (MIPS points against the SSP benchmark). */
export const QualityMeasure = Type.Object({
  /** The QPP quality id ("001"), and the eCQM Benchline evaluates for it ("CMS122"). */
  measureId: Type.String(),
  ecqmId: Type.String(),
  outcome: Type.Boolean(),
  inverse: Type.Boolean(),
  /** Patients the rate is over (met + not met) and in the numerator (inverse: the bad outcome). */
  eligible: Type.Integer({ minimum: 0 }),
  met: Type.Integer({ minimum: 0 }),
  /** Open gaps: patients not meeting the measure (inverse: in its numerator). */
  open: Type.Integer({ minimum: 0 }),
  /** Percent (0–100), as the benchmark is published. */
  rate: NullableNumber,
  decile: Type.Union([Type.Integer(), Type.Null()]),
  points: Type.Number(),
  maxPoints: Type.Number(),
  /** The benchmark is published flat (10th percentile = 10 %, …): a "decile" that is no peer comparison. */
  flatBenchmark: Type.Boolean(),
});
export type QualityMeasure = Static<typeof QualityMeasure>;

/** The quality score and gate the domain computes from the live measure rates. */
export const QualityEstimate = Type.Object({
  mipsScore: Type.Number(),
  /** MIPS score + the health equity bonus (0 here: its inputs are CMS's), at most 100. */
  heaScore: Type.Number(),
  healthEquityBonus: Type.Number(),
  /** The year's 40th-percentile MIPS Quality score from configuration; null when none is configured. */
  threshold40th: NullableNumber,
  standard: QualityStandard,
  effectiveScore: NullableNumber,
  reason: Type.String(),
  measures: Type.Array(QualityMeasure),
  /** Measures of the contract's set left out of the score, each with why (scored by CMS, no benchmark, …). */
  notScored: Type.Array(Type.Object({ measureId: Type.String(), reason: Type.String() })),
});
export type QualityEstimate = Static<typeof QualityEstimate>;

/** MSSP: the quality gate (42 CFR 425.512) the settlement used, and the estimate from live rates beside it. */
export const ContractQuality = Type.Object({
  settlement: Type.Object({
    standard: QualityStandard,
    heaScore: NullableNumber,
    /** Where it came from: "contract year", "assumed met", … */
    source: Type.String(),
  }),
  /** Null when none of the contract's measures is one Benchline computes. */
  estimate: Type.Union([QualityEstimate, Type.Null()]),
});
export type ContractQuality = Static<typeof ContractQuality>;

/** The year end re-projected with the months still to come at (1 + change) × their run rate. */
export const TrendScenario = Type.Object({
  /** −0.05 = 5 % below the run rate; 0 is the projection above. */
  change: Type.Number(),
  spendCents: Cents,
  perCapitaCents: NullableCents,
  lowPerCapitaCents: NullableCents,
  highPerCapitaCents: NullableCents,
  savingsRate: NullableRate,
  probabilityClearingMsr: NullableRate,
  /** What the organisation is paid (+) or owes (−) at the re-projection, and the change from the projection. */
  settlementCents: NullableCents,
  deltaCents: NullableCents,
});
export type TrendScenario = Static<typeof TrendScenario>;

/** Closing some of a measure's open gaps: the quality score, the gate and the settlement under it. */
export const GapStep = Type.Object({
  gaps: Type.Integer({ minimum: 0 }),
  rate: NullableNumber,
  mipsScore: Type.Number(),
  heaScore: Type.Number(),
  standard: QualityStandard,
  effectiveScore: NullableNumber,
  /** The expected settlement under this gate (the estimate's, not the contract year's), and the change from 0 gaps. */
  settlementCents: NullableCents,
  deltaCents: NullableCents,
});
export type GapStep = Static<typeof GapStep>;

export const GapWhatIf = Type.Object({
  measureId: Type.String(),
  ecqmId: Type.String(),
  open: Type.Integer({ minimum: 0 }),
  /** Gaps closed 0 (the estimate as it stands), then a few steps up to every open gap. */
  steps: Type.Array(GapStep),
});
export type GapWhatIf = Static<typeof GapWhatIf>;

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
    byType: ByEnrollmentType(TypeToDate),
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
  categories: CategoryMonths,
  highCostMembers: Type.Array(HighCostMember, { maxItems: HIGH_COST_MEMBER_LIMIT }),
  /** Null for contracts attributed by a payer's roster (leakage is measured for claims-attributed ones). */
  leakage: Type.Union([Leakage, Type.Null()]),
  /** Null for contracts other than MSSP (no quality gate on their settlement). */
  quality: Type.Union([ContractQuality, Type.Null()]),
  /** The engine's what-ifs, computed on the workers for a fixed grid (the page picks among them). */
  whatIf: Type.Object({
    trend: Type.Array(TrendScenario),
    closeGaps: Type.Array(GapWhatIf),
  }),
  explanation: Type.Array(Type.String()),
  assumptions: Type.Array(FinanceNote),
  /** Contract fields the evaluation needed and did not find (then no settlement is shown). */
  missing: Type.Array(Type.String()),
});
export type ContractFinance = Static<typeof ContractFinance>;

export const LAN_CATEGORY_IDS = ['1', '2', '3A', '3B', '4'] as const;
const ByLanCategory = <T extends TSchema>(value: T) =>
  Type.Object({ '1': value, '2': value, '3A': value, '3B': value, '4': value });

const FinanceHeader = {
  year: Type.Union([Type.Integer(), Type.Null()]),
  /** The paid-through month the projection is as of: "claims paid through …". */
  asOfMonth: Type.Union([Type.String(), Type.Null()]),
  combined: Type.Object({
    ffsRevenueCents: Cents,
    lossesCents: Cents,
    revenueByCategoryCents: ByLanCategory(Type.Number()),
    shares: ByLanCategory(Type.Number()),
  }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};

export const FinanceSnapshot = Type.Object({ ...FinanceHeader, contracts: Type.Array(ContractFinance) });
export type FinanceSnapshot = Static<typeof FinanceSnapshot>;

/**
 * A contract's top-level fields that changed, with its id. A contract the receiver did not hold comes whole (every
 * field), so the patch is complete wherever it lands on the version it was computed against.
 */
export const ContractFinancePatch = Type.Intersect([
  Type.Object({ contractId: Type.String() }),
  Type.Partial(Type.Omit(ContractFinance, ['contractId'])),
]);
export type ContractFinancePatch = Pick<ContractFinance, 'contractId'> & Partial<Omit<ContractFinance, 'contractId'>>;

/**
 * A change: the small header whole, the contracts in force in their order (`contractIds`; one not listed has left
 * the view), and for each contract only the top-level fields that moved — a claim moves the projection and the
 * what-ifs but seldom the quality estimate or leakage, and the change feed keeps every change for fifteen minutes.
 */
export const FinanceChange = Type.Object({
  ...FinanceHeader,
  contractIds: Type.Array(Type.String()),
  contracts: Type.Array(ContractFinancePatch),
});
export type FinanceChange = Omit<FinanceSnapshot, 'contracts'> & {
  contractIds: string[];
  contracts: ContractFinancePatch[];
};

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

/** Two values compared as the JSON they travel as. */
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The change that takes `before` (null: nothing held, so every contract goes whole) to `after`: its header, the
 * order of its contracts, and each contract's fields that differ.
 */
export function financeChangeBetween(before: FinanceSnapshot | null, after: FinanceSnapshot): FinanceChange {
  const held = new Map((before?.contracts ?? []).map((c) => [c.contractId, c]));
  const contracts: ContractFinancePatch[] = [];
  for (const contract of after.contracts) {
    const previous = held.get(contract.contractId);
    if (previous === undefined) {
      contracts.push(contract);
      continue;
    }
    const patch: Record<string, unknown> = { contractId: contract.contractId };
    for (const [field, value] of Object.entries(contract)) {
      if (!sameJson(value, (previous as Record<string, unknown>)[field])) {
        patch[field] = value;
      }
    }
    if (Object.keys(patch).length > 1) {
      contracts.push(patch as ContractFinancePatch);
    }
  }
  const { contracts: _contracts, ...header } = after;
  return { ...header, contractIds: after.contracts.map((c) => c.contractId), contracts };
}

export function applyFinanceChange(snapshot: FinanceSnapshot, change: FinanceChange): FinanceSnapshot {
  const held = new Map(snapshot.contracts.map((c) => [c.contractId, c]));
  const patches = new Map(change.contracts.map((p) => [p.contractId, p]));
  return {
    year: change.year,
    asOfMonth: change.asOfMonth,
    contracts: change.contractIds.flatMap((id) => {
      const base = held.get(id);
      const patch = patches.get(id);
      if (base === undefined) {
        // A contract new to this holder comes whole; a bare id without one cannot be shown (a resync brings it).
        return patch === undefined ? [] : [patch as ContractFinance];
      }
      return [patch === undefined ? base : { ...base, ...patch }];
    }),
    combined: change.combined,
    updatedAt: change.updatedAt,
  };
}

/** Two consecutive changes as one: the later header and order, each contract's fields from both, later winning. */
export function mergeFinanceChanges(earlier: FinanceChange, later: FinanceChange): FinanceChange {
  const first = new Map(earlier.contracts.map((p) => [p.contractId, p]));
  const second = new Map(later.contracts.map((p) => [p.contractId, p]));
  const contracts = later.contractIds.flatMap((id): ContractFinancePatch[] => {
    const a = first.get(id);
    const b = second.get(id);
    if (a === undefined && b === undefined) {
      return [];
    }
    // A contract that left the view in `earlier` and came back in `later` comes whole in `later`.
    const stillHeld = earlier.contractIds.includes(id);
    return [stillHeld ? { ...a, ...b, contractId: id } : (b ?? { ...a, contractId: id })];
  });
  return { ...later, contracts };
}
