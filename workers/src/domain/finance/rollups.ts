/**
 * The finance roll-ups: sums of integer cells the pipeline keeps per tenant (one Redis hash per table, HINCRBY
 * on `<key>#<field>`) and the pure contributions that feed them. A claim contributes to spend (contract × type ×
 * incurred month × paid month × category), the tenant's lag triangle (family × incurred × paid), per-member annual
 * totals (what truncation needs) and own-TIN FFS revenue; a member contributes member-months (with risk-score
 * months) and per-member month counts; a member's claims together contribute primary-care leakage. Every cell
 * is a plain sum, so folding contributions in any order — and replacing one by its difference — equals a rebuild.
 */
import type { ClaimEvent, ContractEvent, ProviderEvent } from '@benchline/shared';
import type { ServiceRules } from '../attribution/services.js';
import { primaryCareServices } from '../attribution/index.js';
import { latestProviderRecords } from '../attribution/participants.js';
import type { MemberProfile } from '../member-profile.js';
import { latestVersions } from '../spend.js';
import type { ClaimForFinance } from './claim-spend.js';
import {
  allowedCents,
  claimFamilyOf,
  incurredMonthOf,
  msspPaidCents,
  paidCents,
  paidMonthOf,
  serviceCategoryOf,
} from './claim-spend.js';
import type { AttributedMonths, ContractTerms, MemberContext, UncountedReason } from './member-context.js';
import { apmCategoryOfMonth, memberContext } from './member-context.js';
import { monthNumber, yearOf } from './months.js';
import { roundHalfAway } from './money.js';
import type { FinancePolicy } from './policy.js';
import { DEFAULT_FINANCE_POLICY } from './policy.js';
import type { ClaimFamily, EnrollmentType, ServiceCategory } from './types.js';

export type RollUpTable =
  | 'spend'
  | 'triangle'
  | 'memberSpend'
  | 'months'
  | 'memberMonths'
  | 'uncounted'
  | 'revenue'
  | 'revenueByApm'
  | 'leakage';

export const ROLL_UP_TABLES: readonly RollUpTable[] = [
  'spend',
  'triangle',
  'memberSpend',
  'months',
  'memberMonths',
  'uncounted',
  'revenue',
  'revenueByApm',
  'leakage',
];

/** A cell's values: named integer sums. */
export type CellValues = Readonly<Record<string, number>>;

/** One contribution to (or change of) one cell. */
export interface RollUpEntry {
  readonly table: RollUpTable;
  readonly key: string;
  readonly values: CellValues;
}

/** Every table: key → values. Cells whose values are all zero are absent. */
export type RollUps = Record<RollUpTable, Map<string, Record<string, number>>>;

export function emptyRollUps(): RollUps {
  return Object.fromEntries(ROLL_UP_TABLES.map((t) => [t, new Map()])) as RollUps;
}

// Keys join ids with '|', which no canonical id can contain (SourceId, TIN and month patterns exclude it).
export const keys = {
  spend: (contractId: string, type: EnrollmentType, incurred: string, paid: string, category: ServiceCategory) =>
    `${contractId}|${type}|${incurred}|${paid}|${category}`,
  triangle: (family: ClaimFamily, incurred: string, paid: string) => `${family}|${incurred}|${paid}`,
  memberSpend: (contractId: string, year: number, type: EnrollmentType, memberId: string) =>
    `${contractId}|${year}|${type}|${memberId}`,
  months: (contractId: string, type: EnrollmentType, month: string) => `${contractId}|${type}|${month}`,
  memberMonths: (contractId: string, year: number, type: EnrollmentType, memberId: string) =>
    `${contractId}|${year}|${type}|${memberId}`,
  uncounted: (contractId: string, month: string, reason: UncountedReason) => `${contractId}|${month}|${reason}`,
  revenue: (contractId: string, serviceLine: string, incurred: string) => `${contractId}|${serviceLine}|${incurred}`,
  revenueByApm: (category: string, serviceLine: string, incurred: string) => `${category}|${serviceLine}|${incurred}`,
  leakage: (contractId: string, month: string) => `${contractId}|${month}`,
} as const;

/** A key's parts, in the order the key builder joined them. */
export function keyParts(key: string): string[] {
  return key.split('|');
}

/** Adds entries into the roll-ups in place, dropping fields and cells that come to zero. */
export function accumulate(rollUps: RollUps, entries: Iterable<RollUpEntry>, sign: 1 | -1 = 1): RollUps {
  for (const entry of entries) {
    const table = rollUps[entry.table];
    const cell = table.get(entry.key) ?? {};
    for (const [name, value] of Object.entries(entry.values)) {
      const next = (cell[name] ?? 0) + sign * value;
      if (next === 0) {
        delete cell[name]; // a zero field is an absent field, as in a rebuild
      } else {
        cell[name] = next;
      }
    }
    if (Object.keys(cell).length === 0) {
      table.delete(entry.key);
    } else {
      table.set(entry.key, cell);
    }
  }
  return rollUps;
}

/** Entries summed per cell, zero cells and zero values dropped: the canonical form of a contribution. */
export function mergeEntries(entries: Iterable<RollUpEntry>): RollUpEntry[] {
  const merged = new Map<string, { table: RollUpTable; key: string; values: Record<string, number> }>();
  addInto(merged, entries, 1);
  return canonical(merged);
}

/** The deltas that turn the `before` contribution into the `after` one. */
export function diffEntries(before: readonly RollUpEntry[], after: readonly RollUpEntry[]): RollUpEntry[] {
  const merged = new Map<string, { table: RollUpTable; key: string; values: Record<string, number> }>();
  addInto(merged, before, -1);
  addInto(merged, after, 1);
  return canonical(merged);
}

// Every member's recompute merges a few hundred entries: plain loops, no intermediate arrays.
function addInto(
  merged: Map<string, { table: RollUpTable; key: string; values: Record<string, number> }>,
  entries: Iterable<RollUpEntry>,
  sign: 1 | -1,
): void {
  for (const entry of entries) {
    const id = `${entry.table}\u0000${entry.key}`;
    let cell = merged.get(id);
    if (cell === undefined) {
      cell = { table: entry.table, key: entry.key, values: {} };
      merged.set(id, cell);
    }
    const values = cell.values;
    for (const name in entry.values) {
      values[name] = (values[name] ?? 0) + sign * (entry.values[name] as number);
    }
  }
}

function canonical(
  merged: Map<string, { table: RollUpTable; key: string; values: Record<string, number> }>,
): RollUpEntry[] {
  const out: RollUpEntry[] = [];
  for (const cell of merged.values()) {
    let kept: Record<string, number> | null = null;
    for (const name in cell.values) {
      const value = cell.values[name] as number;
      if (value !== 0) {
        (kept ??= {})[name] = value;
      }
    }
    if (kept !== null) {
      out.push({ table: cell.table, key: cell.key, values: kept });
    }
  }
  return out.sort((a, b) =>
    a.table === b.table ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.table < b.table ? -1 : 1,
  );
}

/** The organisation's own billing entities: whose FFS payments are its revenue. */
export interface OwnEntities {
  readonly tins: ReadonlySet<string>;
  readonly ccns: ReadonlySet<string>;
  /**
   * The service line a claim's revenue is reported under; by default its service category. Must not contain '|'.
   * Kept a pure function of the claim so contributions stay reproducible.
   */
  readonly serviceLineOf?: (claim: ClaimForFinance, category: ServiceCategory) => string;
}

/**
 * Own TINs: the participant TINs of every contract plus the TINs of provider records marked participant and in
 * effect on `date`; own CCNs: those records' facility CCNs. Reuses the attribution engine's latest-record rule.
 */
export function ownEntitiesOf(
  contracts: readonly Pick<ContractEvent, 'participantTins'>[],
  providers: Iterable<ProviderEvent>,
  date: string,
): OwnEntities {
  const tins = new Set(contracts.flatMap((c) => c.participantTins ?? []));
  const ccns = new Set<string>();
  for (const p of latestProviderRecords(providers)) {
    if (p.participant && p.effectiveFrom <= date && (p.effectiveTo === undefined || date <= p.effectiveTo)) {
      tins.add(p.tin);
      if (p.ccn !== undefined) {
        ccns.add(p.ccn);
      }
    }
  }
  return { tins, ccns };
}

function isOwn(claim: ClaimForFinance, own: OwnEntities): boolean {
  return (
    (claim.billingTin !== undefined && own.tins.has(claim.billingTin)) ||
    (claim.facilityCcn !== undefined && own.ccns.has(claim.facilityCcn))
  );
}

/**
 * Everything the current version of one claim contributes (nothing for a cancel). `context` is the member's
 * month context (null when the member is unknown: the claim then feeds only the tenant-wide lag triangle).
 */
export function claimEntries(claim: ClaimForFinance, context: MemberContext | null, own: OwnEntities): RollUpEntry[] {
  const category = serviceCategoryOf(claim);
  if (claim.adjustment === 'cancel' || category === null) {
    return [];
  }
  const cents = msspPaidCents(claim);
  const incurred = incurredMonthOf(claim);
  const paid = paidMonthOf(claim);
  const entries: RollUpEntry[] = [
    { table: 'triangle', key: keys.triangle(claimFamilyOf(category), incurred, paid), values: { cents, claims: 1 } },
  ];
  const month = context?.months.get(incurred);
  for (const contract of month?.contracts ?? []) {
    entries.push(
      {
        table: 'spend',
        key: keys.spend(contract.contractId, contract.type, incurred, paid, category),
        values: { cents, claims: 1 },
      },
      {
        table: 'memberSpend',
        key: keys.memberSpend(contract.contractId, yearOf(incurred), contract.type, claim.memberId),
        values: { cents, claims: 1 },
      },
    );
  }
  if (isOwn(claim, own)) {
    const line = own.serviceLineOf?.(claim, category) ?? category;
    const revenue = { paidCents: paidCents(claim), allowedCents: allowedCents(claim), msspPaidCents: cents, claims: 1 };
    for (const contract of month?.contracts ?? []) {
      entries.push({ table: 'revenue', key: keys.revenue(contract.contractId, line, incurred), values: revenue });
    }
    // Counted once, under the most advanced payment model the patient is in that month (HCP-LAN convention).
    entries.push({
      table: 'revenueByApm',
      key: keys.revenueByApm(apmCategoryOfMonth(month), line, incurred),
      values: revenue,
    });
  }
  return mergeEntries(entries);
}

/** What a claim id currently contributes; kept for cancels too, so an older version cannot come back. */
export interface ClaimState {
  readonly version: number;
  readonly cancelled: boolean;
  readonly entries: readonly RollUpEntry[];
}

export interface ClaimFold {
  readonly next: ClaimState;
  readonly deltas: RollUpEntry[];
}

/**
 * Folds one claim version into a claim's state: null when it changes nothing (a duplicate or stale version),
 * otherwise the new state and the deltas to add to the roll-ups — the same version rule as the live spend fold.
 */
export function foldClaim(
  current: ClaimState | null,
  claim: ClaimForFinance,
  context: MemberContext | null,
  own: OwnEntities,
): ClaimFold | null {
  if (current !== null && claim.version <= current.version) {
    return null;
  }
  return restateClaim(current, claim, context, own);
}

/**
 * Recomputes a claim's contribution against a changed member context (new attribution, eligibility or
 * enrolment type) or changed own entities, whatever its version; the pipeline calls it for a member's current
 * claims when the member's context changes. `claim` must be the version the state was built from.
 */
export function restateClaim(
  current: ClaimState | null,
  claim: ClaimForFinance,
  context: MemberContext | null,
  own: OwnEntities,
): ClaimFold {
  const entries = claimEntries(claim, context, own);
  return {
    next: { version: claim.version, cancelled: claim.adjustment === 'cancel', entries },
    deltas: diffEntries(current?.entries ?? [], entries),
  };
}

/**
 * A member's prospective CMS-HCC scores for a performance year (diagnoses from the year before), one per basis a
 * contract reads (`riskScoreBasis`, reference §1.4 and §3.6).
 */
export interface MemberScores {
  /**
   * MSSP: the blended raw score (the year's V24/V28 weights), with neither the MA FFS normalisation factor nor the
   * MA coding-pattern adjustment — 42 CFR 425.659(b)(2) removes them. MSSP renormalises by enrolment type to the
   * national assignable FFS mean instead; that divisor is CMS-supplied per type and year, so the cells keep raw
   * thousandths and the benchmark divides each type's mean (`renormalizedMeans`).
   */
  readonly hcc?: number;
  /** MSSP: the demographic-only score, raw in the same way. */
  readonly demographic?: number;
  /** Medicare Advantage: the MA payment score (round(round(raw ÷ FFS normalisation) × (1 − coding)), blended). */
  readonly maPayment?: number;
}

/** Scores as integer thousandths: CMS publishes them to three decimals, so the sums stay exact. */
function thousandths(score: number): number {
  return roundHalfAway(score * 1000);
}

/**
 * A member's member-month contribution: per counted contract month, one member-month in the contract × type ×
 * month cell (with its risk-score months when the year's score on the contract's basis is known — the MSSP raw
 * score for a per-capita benchmark, the MA payment score for an MA contract) and in the member's own year cell
 * (count and month bitmask — bit m−1 for month m — whose sum is exact because each month appears once);
 * attributed months that do not count, by reason.
 */
export function memberEntries(
  context: MemberContext,
  scoresByYear: Readonly<Record<number, MemberScores>> = {},
): RollUpEntry[] {
  const entries: RollUpEntry[] = [];
  for (const [month, ctx] of context.months) {
    const scores = scoresByYear[yearOf(month)];
    for (const contract of ctx.contracts) {
      const values: Record<string, number> = { memberMonths: 1 };
      const mssp = contract.riskBasis === 'mssp';
      const hcc = mssp ? scores?.hcc : contract.riskBasis === 'medicare-advantage' ? scores?.maPayment : undefined;
      if (hcc !== undefined) {
        values.hccScoredMonths = 1;
        values.hccScoreThousandths = thousandths(hcc);
      }
      if (mssp && scores?.demographic !== undefined) {
        values.demographicScoredMonths = 1;
        values.demographicScoreThousandths = thousandths(scores.demographic);
      }
      entries.push(
        { table: 'months', key: keys.months(contract.contractId, contract.type, month), values },
        {
          table: 'memberMonths',
          key: keys.memberMonths(contract.contractId, yearOf(month), contract.type, context.memberId),
          values: { months: 1, monthMask: 2 ** (monthNumber(month) - 1) },
        },
      );
    }
    for (const { contractId, reason } of ctx.uncounted) {
      entries.push({ table: 'uncounted', key: keys.uncounted(contractId, month, reason), values: { memberMonths: 1 } });
    }
  }
  return mergeEntries(entries);
}

/**
 * A member's primary-care leakage contribution: the attribution engine's primary care services (its code list,
 * roles, context rules and crediting — reused, not re-derived) per contract, split into allowed dollars credited
 * to the contract's own entity and dollars that went elsewhere, in months the member counts for the contract.
 * Needs all of the member's current claims (context rules look across claims), so it is a per-member contribution.
 */
export function leakageEntries(
  memberClaims: readonly ClaimEvent[],
  context: MemberContext,
  rulesByContract: ReadonlyMap<string, ServiceRules>,
): RollUpEntry[] {
  const entries: RollUpEntry[] = [];
  for (const [contractId, rules] of rulesByContract) {
    const { services } = primaryCareServices(memberClaims, rules);
    for (const service of services) {
      const month = service.date.slice(0, 7);
      if (!(context.months.get(month)?.contracts.some((c) => c.contractId === contractId) ?? false)) {
        continue;
      }
      const own = service.competitor.kind === 'this-aco';
      entries.push({
        table: 'leakage',
        key: keys.leakage(contractId, month),
        values: own ? { inCents: service.cents, services: 1 } : { outCents: service.cents, services: 1 },
      });
    }
  }
  return mergeEntries(entries);
}

/** One member as the from-scratch build reads them. */
export interface MemberInput {
  readonly profile: MemberProfile;
  readonly attributed: AttributedMonths;
  readonly scoresByYear?: Readonly<Record<number, MemberScores>>;
}

export interface RollUpInput {
  /** Every claim version received, in any order. */
  readonly claims: Iterable<ClaimEvent>;
  readonly members: readonly MemberInput[];
  readonly contracts: readonly ContractTerms[];
  readonly own: OwnEntities;
  /** Leakage rules per contract (see `leakageRulesFor`); leakage is skipped when absent. */
  readonly leakageRules?: ReadonlyMap<string, ServiceRules>;
  readonly policy?: Pick<FinancePolicy, 'dualStatusCodes'>;
}

/** The member contexts of a from-scratch build, by member id. */
export function memberContexts(
  input: Pick<RollUpInput, 'members' | 'contracts' | 'policy'>,
): Map<string, MemberContext> {
  const contracts = new Map(input.contracts.map((c) => [c.contractId, c]));
  return new Map(
    input.members.map((m) => [
      m.profile.memberId,
      memberContext(m.profile, m.attributed, contracts, input.policy ?? DEFAULT_FINANCE_POLICY),
    ]),
  );
}

/**
 * The roll-ups computed from scratch over the events: each claim's latest version (cancels contribute nothing),
 * each member's months, each member's leakage. What any order of incremental folds must equal.
 */
export function rebuildRollUps(input: RollUpInput): RollUps {
  const contexts = memberContexts(input);
  const rollUps = emptyRollUps();
  const claimsByMember = new Map<string, ClaimEvent[]>();
  for (const claim of latestVersions(input.claims).values()) {
    accumulate(rollUps, claimEntries(claim, contexts.get(claim.memberId) ?? null, input.own));
    if (claim.adjustment !== 'cancel') {
      const list = claimsByMember.get(claim.memberId) ?? [];
      list.push(claim);
      claimsByMember.set(claim.memberId, list);
    }
  }
  for (const member of input.members) {
    const context = contexts.get(member.profile.memberId);
    if (context === undefined) {
      continue;
    }
    accumulate(rollUps, memberEntries(context, member.scoresByYear));
    if (input.leakageRules !== undefined) {
      const claims = claimsByMember.get(member.profile.memberId) ?? [];
      accumulate(rollUps, leakageEntries(claims, context, input.leakageRules));
    }
  }
  return rollUps;
}

/**
 * The roll-ups as Redis hash fields: table → { `<key>#<field>`: integer }. HINCRBY on these fields is how the
 * pipeline applies deltas; `fromHashFields` reads them back for the projection.
 */
export function toHashFields(rollUps: RollUps): Record<RollUpTable, Record<string, number>> {
  return Object.fromEntries(
    ROLL_UP_TABLES.map((table) => [
      table,
      Object.fromEntries(
        [...rollUps[table]].flatMap(([key, values]) =>
          Object.entries(values).map(([name, v]) => [`${key}#${name}`, v]),
        ),
      ),
    ]),
  ) as Record<RollUpTable, Record<string, number>>;
}

export function fromHashFields(
  fields: Readonly<Partial<Record<RollUpTable, Readonly<Record<string, number>>>>>,
): RollUps {
  const rollUps = emptyRollUps();
  for (const table of ROLL_UP_TABLES) {
    const entries = Object.entries(fields[table] ?? {}).map(([field, value]): RollUpEntry => {
      const at = field.lastIndexOf('#');
      return { table, key: field.slice(0, at), values: { [field.slice(at + 1)]: value } };
    });
    accumulate(rollUps, entries);
  }
  return rollUps;
}
