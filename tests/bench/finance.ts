/**
 * Finance (issue 6): the time to recompute a tenant's projection from its roll-up cells — which must not scan
 * claims — beside the time to rebuild those cells from scratch over every event and evaluate, the incremental
 * cost of folding one claim version's delta into the cells, and how many cells a tenant keeps against how many
 * claims it has. Two generated tenants: the shared population (common.ts) and a larger one whose first members are
 * the same people. Generation, attribution and risk scoring (inputs to the finance engine, each its own engine)
 * are not timed. As a sanity check, not a timing, the projection from incrementally folded cells must equal the
 * one from rebuilt cells — the bench fails if it does not.
 *
 * The projection and the fold of one claim version are timed in a child process (finance-cells.ts) that holds
 * only the cells and what the fold reads, as a pipeline job would; the rebuild in this process, which holds every
 * claim version. Cost: per tenant, RUNS rebuilds and one incremental build over every claim version (the latter
 * for the check), and no further pass over the claims — no separate warm-up — to keep the section near three
 * minutes on two cores.
 */
import type { SectionResult } from './results.js';
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { ClaimEvent, ContractEvent, ProviderEvent, RosterEvent } from '@benchline/shared';
import type {
  ClaimState,
  ContractYearInputs,
  GapWhatIfInput,
  MeasureQualityInput,
  MemberContext,
  MemberInput,
  MemberProfile,
  MemberScores,
  OwnEntities,
  RollUpInput,
  RollUps,
  RollUpTable,
} from '@benchline/workers';
import {
  DEFAULT_FINANCE_POLICY,
  ROLL_UP_TABLES,
  SERVICE_CATEGORIES,
  accumulate,
  attributeContracts,
  attributedMonthsFromResults,
  emptyRollUps,
  findBenchmark,
  foldClaim,
  fromHashFields,
  highCostMembers,
  leakage,
  leakageEntries,
  leakageRulesFor,
  loadAssignmentSpecialtyCodes,
  loadBenchmarks,
  loadCmsHccTables,
  loadFinanceTables,
  loadPrimaryCareServiceCodes,
  memberContexts,
  memberEntries,
  memberMonthsByType,
  mergeMemberRecords,
  monthsOfYear,
  ownEntitiesOf,
  paymentWorlds,
  pmpmByCategory,
  readReferenceText,
  rebuildRollUps,
  scoreMember,
  serviceLineTension,
  toHashFields,
  whatIfCloseGaps,
  whatIfSpendTrend,
} from '@benchline/workers';
import { demoAco } from '../../tools/src/demo/demo-data.js';
import { benchPopulation, formatSeconds, median, POPULATION, RUNS } from './common.js';

/** The larger tenant: the shared population plus as many members again, from the same generator options. */
const LARGER_MEMBERS = 2 * POPULATION.members;
/** The performance year projected and the paid-through month: the generated window's last month. */
const YEAR = 2026;
const AS_OF_MONTH = POPULATION.endMonth;
/** The generator's as-of date: the last day of its window. */
const AS_OF = new Date(Date.UTC(Number(AS_OF_MONTH.slice(0, 4)), Number(AS_OF_MONTH.slice(5, 7)), 0))
  .toISOString()
  .slice(0, 10);

/** The roll-ups as the pipeline keeps them in Redis: table → `<key>#<field>` → integer (one hash per table). */
export type CellFields = Readonly<Record<RollUpTable, Readonly<Record<string, number>>>>;

/**
 * Everything the projection reads besides the cells: contract terms and the numbers CMS or a payer supplies.
 * Nothing here is a claim, a member or an event — `projectTenant` has no parameter through which one could
 * reach it.
 */
export interface TenantTerms {
  readonly year: number;
  readonly asOfMonth: string;
  /** One per contract; the MSSP one first. */
  readonly contracts: readonly ContractYearInputs[];
  readonly quality: Omit<GapWhatIfInput, 'measureId' | 'gaps'>;
  readonly closeGaps: { readonly measureId: string; readonly gaps: number };
  readonly trendChange: number;
}

/**
 * The tenant's projection from its roll-up cells alone: every contract's year (payment worlds and the combined
 * view), the MSSP what-ifs (closing gaps, a lower spend trend), and the dashboard's analytics (PMPM by category,
 * member-months by type, high-cost members, leakage, FFS-vs-contract tension per service line).
 */
function projectTenant(cells: RollUps, terms: TenantTerms) {
  const [msspTerms, ...others] = terms.contracts;
  if (msspTerms === undefined) {
    throw new Error('the tenant has no contract');
  }
  // The quality score and gate as the gap what-if computes them (its "before" scenario), so every MSSP
  // evaluation below settles under the same quality outcome.
  const gapWhatIf = whatIfCloseGaps(cells, msspTerms, { ...terms.quality, ...terms.closeGaps });
  const { gate } = gapWhatIf.before;
  const mssp: ContractYearInputs = {
    ...msspTerms,
    quality: { standard: gate.standard, heaScore: gate.effectiveScore },
  };
  const worlds = paymentWorlds(cells, [mssp, ...others], terms.year);
  const months = monthsOfYear(terms.year).filter((m) => m <= terms.asOfMonth);
  const analytics = worlds.contracts.map((view) => {
    const id = view.result.contractId;
    return {
      pmpm: pmpmByCategory(cells, id, months, terms.asOfMonth, view.result.completion),
      memberMonths: memberMonthsByType(cells, id, terms.year),
      highCost: highCostMembers(cells, id, terms.year),
      leakage: leakage(cells, id, months),
    };
  });
  return {
    worlds,
    analytics,
    tension: SERVICE_CATEGORIES.map((line) => serviceLineTension(cells, worlds.contracts, line, terms.year)),
    gapWhatIf,
    trendWhatIf: whatIfSpendTrend(cells, mssp, terms.trendChange),
  };
}

export type Projection = ReturnType<typeof projectTenant>;

/** A generated tenant with everything the finance engine takes in. */
export interface Tenant {
  readonly label: string;
  readonly members: readonly MemberInput[];
  /** Every claim version, in arrival order (paid date, then claim id and version). */
  readonly claims: readonly ClaimEvent[];
  readonly input: RollUpInput;
  readonly contexts: ReadonlyMap<string, MemberContext>;
  readonly enrolledMonths: number;
}

interface GeneratedMember {
  readonly profile: MemberProfile;
  readonly claims: readonly ClaimEvent[];
}

// ---------------------------------------------------------------------------------------------------------------
// The tenant's contracts and terms. The generator makes Medicare members (fee-for-service, with a small share of
// Medicare Advantage spells) and a participant list, but no contract events: the bench gives the tenant an MSSP
// ACO (claims-assigned, participant list = the generator's participant providers) and two MA plan contracts whose
// rosters are the generated MA months — capitation for half the MA members, a PMPM target for the other half.

const MSSP_HB = { esrd: 98_000, disabled: 13_800, agedDual: 21_500, agedNonDual: 11_900 }; // reference §1.10

export const MSSP: ContractEvent = {
  kind: 'contract',
  contractId: 'MSSP-ACO',
  version: 1,
  name: 'Generated ACO',
  payer: 'CMS',
  program: 'mssp',
  apmCategory: '3B',
  attribution: 'mssp-claims',
  benchmarkType: 'mssp-per-capita',
  measureSet: ['001', '112', '113', '134', '236'],
  effectiveFrom: '2024-01-01',
  years: [
    { year: 2025, track: 'BASIC', level: 'E', assignment: 'retrospective', msrMlr: 'variable' },
    { year: 2026, track: 'BASIC', level: 'E', assignment: 'prospective', msrMlr: 'variable' },
  ].map((y) => ({ ...y, benchmark: { perCapita: MSSP_HB } })) as ContractEvent['years'],
};

const MA_CAPITATION: ContractEvent = {
  kind: 'contract',
  contractId: 'MA-CAP',
  version: 1,
  name: 'MA plan, capitation',
  payer: 'Plan A',
  program: 'medicare-advantage',
  apmCategory: '4',
  attribution: 'payer-roster',
  benchmarkType: 'capitation',
  measureSet: ['CMS122'],
  effectiveFrom: '2025-01-01',
  years: [2025, 2026].map((year) => ({ year, benchmark: { capitationPmpm: 1_100 } })),
};

const MA_TARGET: ContractEvent = {
  kind: 'contract',
  contractId: 'MA-TARGET',
  version: 1,
  name: 'MA plan, PMPM target with shared savings',
  payer: 'Plan B',
  program: 'medicare-advantage',
  apmCategory: '3A',
  attribution: 'payer-roster',
  benchmarkType: 'pmpm-target',
  measureSet: ['CMS122'],
  effectiveFrom: '2025-01-01',
  years: [2025, 2026].map((year) => ({ year, benchmark: { pmpmTarget: 1_050 }, sharingRate: 0.5, lossRate: 0 })),
};

const CONTRACTS = [MSSP, MA_CAPITATION, MA_TARGET];

/** Assumed BY3 mean HCC scores (raw V28, as scored below) and 99th-percentile truncation thresholds. */
const RISK_BASELINE = { hcc: { esrd: 1, disabled: 0.85, agedDual: 1, agedNonDual: 0.75 } };
const TRUNCATION = { esrd: 500_000, disabled: 100_000, agedDual: 100_000, agedNonDual: 100_000 };
const GROWTH = {
  twoWay: { esrd: 0.06, disabled: 0.075, agedDual: 0.08, agedNonDual: 0.084 },
  acpt: { esrd: 0.054, disabled: 0.069, agedDual: 0.072, agedNonDual: 0.076 },
}; // reference §1.10

/**
 * Assumed quality counts per 10,000 members — fixed inputs near the rates the measures section reports for the
 * shared population (not recomputed here: that engine is its own section) — scored against the vendored SSP
 * benchmarks; CAHPS at fixed points.
 */
const QUALITY_PER_10K: readonly { qualityId: string; outcome: boolean; eligible: number; met: number }[] = [
  { qualityId: '001', outcome: true, eligible: 1_550, met: 140 }, // CMS122, inverse
  { qualityId: '112', outcome: false, eligible: 2_770, met: 2_200 }, // CMS125
  { qualityId: '113', outcome: false, eligible: 5_075, met: 4_100 }, // CMS130
  { qualityId: '236', outcome: true, eligible: 4_790, met: 3_725 }, // CMS165
  { qualityId: '134', outcome: false, eligible: 9_730, met: 7_600 }, // CMS2
];

/** The 40th-percentile MIPS Quality score: the policy table's for the year, else its latest earlier one. */
const QUALITY_THRESHOLD_40TH =
  Object.entries(DEFAULT_FINANCE_POLICY.qualityThreshold40th)
    .filter(([year]) => Number(year) <= YEAR)
    .sort(([a], [b]) => Number(b) - Number(a))[0]?.[1] ?? null;

function termsFor(members: number): TenantTerms {
  const tables = loadFinanceTables();
  const benchmarks = loadBenchmarks(readReferenceText);
  const scale = members / 10_000;
  const measures: MeasureQualityInput[] = [
    ...QUALITY_PER_10K.map((q) => {
      const benchmark = findBenchmark(benchmarks, q.qualityId);
      return {
        measureId: q.qualityId,
        outcome: q.outcome,
        inverse: benchmark?.inverse ?? q.qualityId === '001',
        eligible: Math.round(q.eligible * scale),
        met: Math.round(q.met * scale),
        ...(benchmark === undefined ? {} : { benchmark }),
      };
    }),
    { measureId: 'CAHPS', outcome: false, inverse: false, eligible: 0, met: 0, fixedPoints: 7, fixedDecile: 7 },
  ];
  const common = { year: YEAR, asOfMonth: AS_OF_MONTH, tables };
  return {
    year: YEAR,
    asOfMonth: AS_OF_MONTH,
    contracts: [
      {
        ...common,
        contract: MSSP,
        growth: GROWTH,
        riskBaseline: RISK_BASELINE,
        demographicGrowth: 0.006,
        truncationThresholds: TRUNCATION,
      },
      { ...common, contract: MA_CAPITATION },
      { ...common, contract: MA_TARGET },
    ],
    quality: { measures, healthEquityBonus: 0, gate: { threshold40th: QUALITY_THRESHOLD_40TH } },
    closeGaps: { measureId: '236', gaps: Math.round(50 * scale) },
    trendChange: -0.02,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tenants: members, claims, attribution (MSSP for PY2025 and PY2026, rosters) and PY2026 risk scores.

function generatedMembers(upTo: number): GeneratedMember[] {
  const shared: GeneratedMember[] = benchPopulation().map((m) => ({ profile: m.profile, claims: m.claims }));
  const aco = demoAco({ ...POPULATION, members: Math.max(upTo, POPULATION.members) });
  // Members are generated one at a time from their own sub-seed: the larger tenant's first members are the
  // shared population's. Checked, so the two tenants are known to nest.
  for (const index of [0, POPULATION.members - 1]) {
    const again = aco.member(index);
    if (!isDeepStrictEqual(again.claims, shared[index]?.claims)) {
      throw new Error(
        `bench finance: member ${index} differs between the ${POPULATION.members} and larger populations`,
      );
    }
  }
  const more: GeneratedMember[] = [];
  for (let index = POPULATION.members; index < upTo; index += 1) {
    const bundle = aco.member(index);
    const profile = mergeMemberRecords([bundle.member]);
    if (profile !== null) {
      more.push({ profile, claims: bundle.claims });
    }
  }
  return [...shared, ...more];
}

/** Each member's MA months in the window, as a payer roster row; alternate MA members to the two plans. */
function rostersOf(members: readonly GeneratedMember[]): RosterEvent[] {
  const rosters: RosterEvent[] = [];
  let maMembers = 0;
  for (const { profile } of members) {
    const months = profile.months.filter((m) => m.medicareAdvantage === true).map((m) => m.month);
    if (months.length > 0) {
      const contractId = maMembers % 2 === 0 ? MA_CAPITATION.contractId : MA_TARGET.contractId;
      rosters.push({ kind: 'roster', contractId, memberId: profile.memberId, asOf: AS_OF, months });
      maMembers += 1;
    }
  }
  return rosters;
}

/**
 * The generated members (the shared population, and more up to `upTo`), attributed and scored once; `tenantOf(n)`
 * is the tenant of the first n of them.
 */
export function buildTenants(upTo = LARGER_MEMBERS): { tenantOf: (members: number) => Tenant; generated: number } {
  const started = performance.now();
  const generated = generatedMembers(upTo);
  const aco = demoAco(POPULATION);
  const providers: readonly ProviderEvent[] = aco.providers;
  const log = (what: string) =>
    process.stderr.write(`bench: finance — ${what} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  log(`${generated.length} members generated`);

  const assignmentTables = {
    primaryCareCodes: loadPrimaryCareServiceCodes(),
    specialties: loadAssignmentSpecialtyCodes(),
  };
  const rosters = rostersOf(generated);
  const profiles = generated.map((m) => m.profile);
  const allClaims = generated.flatMap((m) => m.claims);
  const results = ['2025-12-31', AS_OF].flatMap((asOf) =>
    attributeContracts(
      { contracts: CONTRACTS, rosters, members: profiles, claims: allClaims, providers },
      { asOf, tables: assignmentTables },
    ),
  );
  const attributed = attributedMonthsFromResults(results);
  log(`attribution (PY2025, PY2026), ${results.filter((r) => r.status === 'attributed').length} answers attributed`);

  const hccTables = loadCmsHccTables();
  const scores = new Map<string, MemberScores>();
  for (const { profile, claims } of generated) {
    const result = scoreMember({ profile, claims }, hccTables, { paymentYear: YEAR });
    scores.set(profile.memberId, { hcc: result.payment?.blendedRawScore ?? result.models[0]?.rawScore ?? 0 });
  }
  log('risk scores (PY2026)');

  const own: OwnEntities = ownEntitiesOf(CONTRACTS, providers, AS_OF);
  const leakageRules = new Map([
    [MSSP.contractId, leakageRulesFor(MSSP, providers, assignmentTables, YEAR, `${YEAR}-01-01`)],
  ]);
  const tenantOf = (size: number): Tenant => {
    const slice = generated.slice(0, size);
    const members: MemberInput[] = slice.map(({ profile }) => ({
      profile,
      attributed: attributed.get(profile.memberId) ?? new Map(),
      scoresByYear: { [YEAR]: scores.get(profile.memberId) ?? {} },
    }));
    const claims = slice
      .flatMap((m) => m.claims)
      .sort(
        (a, b) =>
          a.paidDate.localeCompare(b.paidDate) ||
          (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0) ||
          a.version - b.version,
      );
    const input: RollUpInput = { claims, members, contracts: CONTRACTS, own, leakageRules };
    return {
      label: `${slice.length.toLocaleString('en-US')} members`,
      members,
      claims,
      input,
      contexts: memberContexts(input),
      enrolledMonths: slice.reduce((s, m) => s + m.profile.months.length, 0),
    };
  };
  return { tenantOf, generated: generated.length };
}
// ---------------------------------------------------------------------------------------------------------------
// The cells two ways — folded as the pipeline folds them, rebuilt from scratch — and the checks.

/** The incremental fold's working state: the cells, and each claim's current contribution and version. */
interface Fold {
  readonly cells: RollUps;
  readonly states: Map<string, ClaimState>;
  readonly current: Map<string, ClaimEvent>;
  /** Cell deltas applied so far, and the field increments (HINCRBYs in Redis) they amount to. */
  cellDeltas: number;
  fieldIncrements: number;
}

/** What folding a claim version reads besides the claim's state: the member's month context and own entities. */
interface FoldInputs {
  readonly contexts: ReadonlyMap<string, MemberContext>;
  readonly own: OwnEntities;
}

/** Live order begins with every member's months (member-months, risk-score months, uncounted months). */
function startFold(tenant: Tenant): Fold {
  const cells = emptyRollUps();
  for (const member of tenant.members) {
    const context = tenant.contexts.get(member.profile.memberId);
    if (context !== undefined) {
      accumulate(cells, memberEntries(context, member.scoresByYear));
    }
  }
  return { cells, states: new Map(), current: new Map(), cellDeltas: 0, fieldIncrements: 0 };
}

/** Each claim version as it arrives: `foldClaim` against the claim's current state, its deltas added to the cells. */
function foldClaims(inputs: FoldInputs, claims: readonly ClaimEvent[], fold: Fold): void {
  for (const claim of claims) {
    const folded = foldClaim(
      fold.states.get(claim.claimId) ?? null,
      claim,
      inputs.contexts.get(claim.memberId) ?? null,
      inputs.own,
    );
    if (folded !== null) {
      fold.states.set(claim.claimId, folded.next);
      fold.current.set(claim.claimId, claim);
      accumulate(fold.cells, folded.deltas);
      fold.cellDeltas += folded.deltas.length;
      for (const delta of folded.deltas) {
        fold.fieldIncrements += Object.keys(delta.values).length;
      }
    }
  }
}

/** Leakage last: a per-member contribution over the member's current claims (context rules look across claims). */
function foldLeakage(tenant: Tenant, fold: Fold): void {
  const rules = tenant.input.leakageRules;
  if (rules === undefined) {
    return;
  }
  const byMember = new Map<string, ClaimEvent[]>();
  for (const claim of fold.current.values()) {
    if (claim.adjustment !== 'cancel') {
      const list = byMember.get(claim.memberId) ?? [];
      list.push(claim);
      byMember.set(claim.memberId, list);
    }
  }
  for (const member of tenant.members) {
    const context = tenant.contexts.get(member.profile.memberId);
    if (context !== undefined) {
      accumulate(fold.cells, leakageEntries(byMember.get(member.profile.memberId) ?? [], context, rules));
    }
  }
}

function copyRollUps(rollUps: RollUps): RollUps {
  const copy = emptyRollUps();
  for (const table of ROLL_UP_TABLES) {
    for (const [key, values] of rollUps[table]) {
      copy[table].set(key, { ...values });
    }
  }
  return copy;
}

/** Hash fields with their fields sorted: what two roll-ups are compared by (Redis keeps no order). */
function canonical(fields: CellFields): Record<string, [string, number][]> {
  return Object.fromEntries(
    ROLL_UP_TABLES.map((t) => [t, Object.entries(fields[t]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]),
  );
}

const sameCells = (a: RollUps, b: RollUps): boolean =>
  isDeepStrictEqual(canonical(toHashFields(a)), canonical(toHashFields(b)));

function fail(message: string): never {
  throw new Error(`bench finance: ${message}`);
}

const seconds = (since: number): number => (performance.now() - since) / 1000;
const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`;
const heapMb = (): number => process.memoryUsage().heapUsed / 2 ** 20;

// ---------------------------------------------------------------------------------------------------------------
// (1) and (3) run in a child process that holds what a pipeline job holds — the cells, the terms, the claim
// versions being folded with their claims' states and members' contexts — and not the tenant's millions of claim
// versions, whose heap the parent's garbage collector would otherwise walk during every timed run.

const CELLS_CHILD = fileURLToPath(new URL('./finance-cells.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the child is sent (v8-serialised on its stdin). */
export interface CellsJob {
  readonly members: number;
  /** The rebuilt cells as Redis keeps them. */
  readonly fields: CellFields;
  /** The cells and states before the last paid month, and that month's versions with what folding them reads. */
  readonly before: RollUps;
  readonly states: ReadonlyMap<string, ClaimState>;
  readonly contexts: ReadonlyMap<string, MemberContext>;
  readonly own: OwnEntities;
  readonly claims: readonly ClaimEvent[];
}

/** What the child answers (v8-serialised on its stdout). */
export interface CellsResult {
  readonly decode: number[];
  readonly fromCells: number[];
  readonly projection: Projection;
  readonly fold: number[];
  readonly folded: RollUps;
  readonly cellDeltas: number;
  readonly fieldIncrements: number;
  /** The child's heap once the job is read, MiB. */
  readonly heapMb: number;
}

/** The child's work: (1) decode and project, one warm-up run and RUNS timed; (3) the month's folds, likewise. */
export function runCellsJob(job: CellsJob): CellsResult {
  const held = heapMb();
  const terms = termsFor(job.members);
  const decode: number[] = [];
  const fromCells: number[] = [];
  let projection: Projection | undefined;
  for (let run = -1; run < RUNS; run += 1) {
    const started = performance.now();
    const cells = fromHashFields(job.fields);
    const decoded = seconds(started);
    projection = projectTenant(cells, terms);
    if (run >= 0) {
      decode.push(decoded);
      fromCells.push(seconds(started));
    }
  }
  const fold: number[] = [];
  let folded: Fold | undefined;
  for (let run = -1; run < RUNS; run += 1) {
    const state: Fold = {
      cells: copyRollUps(job.before),
      states: new Map(job.states),
      current: new Map(),
      cellDeltas: 0,
      fieldIncrements: 0,
    };
    const started = performance.now();
    foldClaims(job, job.claims, state);
    if (run >= 0) {
      fold.push(seconds(started));
    }
    folded = state;
  }
  if (projection === undefined || folded === undefined) {
    return fail('the child ran nothing');
  }
  return {
    decode,
    fromCells,
    projection,
    fold,
    folded: folded.cells,
    cellDeltas: folded.cellDeltas,
    fieldIncrements: folded.fieldIncrements,
    heapMb: held,
  };
}

function inChild(job: CellsJob): Promise<CellsResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@benchline/source', CELLS_CHILD], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) {
        resolve(deserialize(Buffer.concat(chunks)) as CellsResult);
      } else {
        reject(new Error(`bench finance: the cells child exited with ${code}`));
      }
    });
    child.stdin.end(serialize(job));
  });
}

// ---------------------------------------------------------------------------------------------------------------

/** A tenant after its incremental build: the folded cells and what the child's fold needs. */
interface Folded {
  readonly tenant: Tenant;
  readonly terms: TenantTerms;
  readonly cells: RollUps;
  /** The whole incremental build, one run, in the bench's process (members, every claim version, leakage). */
  readonly seconds: number;
  readonly claimIds: number;
  readonly currentClaims: number;
  /** The last paid month: its versions, the cells before and after them (before leakage), and the child's job. */
  readonly month: {
    readonly paidMonth: string;
    readonly versions: number;
    readonly replacing: number;
    readonly after: RollUps;
    readonly job: Omit<CellsJob, 'fields'>;
  };
}

/**
 * The whole incremental build, in arrival order, once (the sanity check needs it): members' months, every claim
 * version, leakage. Before the last paid month the cells, and the states and contexts that month's versions read,
 * are copied for the child's timed folds.
 */
function foldTenant(tenant: Tenant, terms: TenantTerms): Folded {
  const inputs: FoldInputs = { contexts: tenant.contexts, own: tenant.input.own };
  let started = performance.now();
  const fold = startFold(tenant);
  const paidMonth = tenant.claims.at(-1)?.paidDate.slice(0, 7) ?? fail(`${tenant.label}: no claims`);
  const split = tenant.claims.findIndex((c) => c.paidDate.slice(0, 7) === paidMonth);
  foldClaims(inputs, tenant.claims.slice(0, split), fold);
  let total = seconds(started);
  const monthClaims = tenant.claims.slice(split);
  const before = copyRollUps(fold.cells);
  const states = new Map<string, ClaimState>();
  const contexts = new Map<string, MemberContext>();
  for (const claim of monthClaims) {
    const state = fold.states.get(claim.claimId);
    const context = tenant.contexts.get(claim.memberId);
    if (state !== undefined) {
      states.set(claim.claimId, state);
    }
    if (context !== undefined) {
      contexts.set(claim.memberId, context);
    }
  }
  const seen = new Set(states.keys());
  let replacing = 0;
  for (const claim of monthClaims) {
    replacing += seen.has(claim.claimId) ? 1 : 0;
    seen.add(claim.claimId);
  }
  started = performance.now();
  foldClaims(inputs, monthClaims, fold);
  total += seconds(started);
  const after = copyRollUps(fold.cells);
  started = performance.now();
  foldLeakage(tenant, fold);
  total += seconds(started);
  process.stderr.write(`bench: finance — ${tenant.label}: folded incrementally (${total.toFixed(1)} s)\n`);
  return {
    tenant,
    terms,
    cells: fold.cells,
    seconds: total,
    claimIds: fold.states.size,
    currentClaims: [...fold.states.values()].filter((s) => !s.cancelled).length,
    month: {
      paidMonth,
      versions: monthClaims.length,
      replacing,
      after,
      job: { members: tenant.members.length, before, states, contexts, own: tenant.input.own, claims: monthClaims },
    },
  };
}

/** (2) From scratch, for one tenant: its RUNS rebuilds, each followed by the projection. */
interface Rebuilds {
  readonly rebuild: number[];
  readonly rebuildAndProject: number[];
  cells: RollUps;
  /** The projection from the last run's cells. */
  projection: Projection | undefined;
  /** The bench process's heap after the last rebuild, MiB. */
  heapMb: number;
}

interface Measured {
  readonly folded: Folded;
  readonly tenant: Tenant;
  readonly fields: CellFields;
  readonly projection: Projection;
  readonly rebuilds: Rebuilds;
  /** (1) and (3), from the child. */
  readonly cells: CellsResult;
}

/** The sanity checks (not timed), then (1) and (3) in the child, whose answers are checked against the bench's. */
async function finish(folded: Folded, rebuilds: Rebuilds): Promise<Measured> {
  const { tenant, terms } = folded;
  const fields = toHashFields(rebuilds.cells);
  if (!sameCells(folded.cells, rebuilds.cells)) {
    fail(`${tenant.label}: incrementally folded cells differ from rebuilt cells`);
  }
  const projection = rebuilds.projection ?? fail(`${tenant.label}: not rebuilt`);
  if (!isDeepStrictEqual(projectTenant(folded.cells, terms), projection)) {
    fail(`${tenant.label}: the projection from incrementally folded cells differs from the one from rebuilt cells`);
  }
  const cells = await inChild({ ...folded.month.job, fields });
  if (!isDeepStrictEqual(cells.projection, projection)) {
    fail(`${tenant.label}: the projection from the cells' hash fields differs from the one from the cells`);
  }
  if (!sameCells(cells.folded, folded.month.after)) {
    fail(`${tenant.label}: the child's fold of ${folded.month.paidMonth} differs from the bench's`);
  }
  process.stderr.write(
    `bench: finance — ${tenant.label}: projected from the cells (median ${median(cells.fromCells).toFixed(2)} s) and folded ${folded.month.paidMonth} in the child\n`,
  );
  return { folded, tenant, fields, projection, rebuilds, cells };
}

// ---------------------------------------------------------------------------------------------------------------

const dollars = (cents: number | null): string =>
  cents === null
    ? '–'
    : `${cents < 0 ? '−' : ''}$${Math.abs(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

function describeProjection(m: Measured, terms: TenantTerms): string {
  const [mssp, ...others] = m.projection.worlds.contracts;
  const finance = mssp?.result.finance;
  const outcome = finance?.kind === 'mssp' ? finance.settlement.expected.outcome : 'not evaluated';
  const plans = others.map((c) => `${c.result.contractId} ${dollars(c.projectedSettlementCents)}`).join(', ');
  return `${m.tenant.label}: MSSP PY${YEAR} projected spend ${dollars(mssp?.projectedSpendCents ?? null)} against a benchmark of ${dollars(mssp?.projectedBenchmarkCents ?? null)} (${outcome}, settlement ${dollars(mssp?.projectedSettlementCents ?? null)}); ${plans}; closing ${count(terms.closeGaps.gaps)} gaps of quality ID ${terms.closeGaps.measureId} changes the MSSP settlement by ${dollars(m.projection.gapWhatIf.deltaCents)}, a ${Math.abs(terms.trendChange * 100)}% lower trend by ${dollars(m.projection.trendWhatIf.deltaCents)}`;
}

export async function benchFinance(): Promise<SectionResult> {
  const load = [loadavg()[0] ?? 0];
  const cpuAtStart = process.cpuUsage();
  const startedAt = performance.now();
  const { tenantOf, generated } = buildTenants();
  const folds = [POPULATION.members, generated].map((members) => {
    const tenant = tenantOf(members);
    return foldTenant(tenant, termsFor(tenant.members.length));
  });
  // (2) The tenants' rebuilds alternate, so that a change in the machine's load during the section falls on both.
  const rebuilds: Rebuilds[] = folds.map(() => ({
    rebuild: [],
    rebuildAndProject: [],
    cells: emptyRollUps(),
    projection: undefined,
    heapMb: 0,
  }));
  for (let run = 0; run < RUNS; run += 1) {
    folds.forEach(({ tenant, terms }, index) => {
      const r = rebuilds[index] ?? fail('no rebuilds');
      const started = performance.now();
      r.cells = rebuildRollUps(tenant.input);
      r.rebuild.push(seconds(started));
      r.projection = projectTenant(r.cells, terms);
      r.rebuildAndProject.push(seconds(started));
      r.heapMb = heapMb();
    });
    process.stderr.write(`bench: finance — rebuild run ${run + 1} of ${RUNS} done for both tenants\n`);
  }
  const measured: { m: Measured; terms: TenantTerms }[] = [];
  for (const [index, folded] of folds.entries()) {
    measured.push({ m: await finish(folded, rebuilds[index] ?? fail('no rebuilds')), terms: folded.terms });
  }
  load.push(loadavg()[0] ?? 0);
  const cpu = process.cpuUsage(cpuAtStart);
  process.stderr.write(
    `bench: finance — done in ${seconds(startedAt).toFixed(0)} s (this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s)\n`,
  );

  const fieldsOf = (m: Measured, t: RollUpTable) => Object.keys(m.fields[t]).length;
  const cellsOf = (m: Measured, t: RollUpTable) =>
    new Set(Object.keys(m.fields[t]).map((f) => f.slice(0, f.lastIndexOf('#')))).size;
  const totalFields = (m: Measured) => ROLL_UP_TABLES.reduce((s, t) => s + fieldsOf(m, t), 0);
  const totalCells = (m: Measured) => ROLL_UP_TABLES.reduce((s, t) => s + cellsOf(m, t), 0);
  const perVersion = (m: Measured) => median(m.cells.fold) / m.folded.month.versions;
  const ms = measured.map(({ m }) => m);

  const lines = [
    `## Finance: projection from roll-ups vs from scratch (issue 6)`,
    '',
    `Two generated tenants from the demo generator (${POPULATION.months} months to ${POPULATION.endMonth}, seed ${POPULATION.seed}): the ${count(POPULATION.members)}-member population the other sections use, and ${count(LARGER_MEMBERS)} members whose first ${count(POPULATION.members)} are the same people. Contracts are the bench's own (finance.ts): an MSSP ACO (BASIC E, claims-assigned for PY2025 retrospectively and PY2026 prospectively from the generator's participant list; reference §1.10 benchmark, growth and truncation inputs) and two MA plans from the generated MA spells (capitation; a PMPM target with 50% sharing). Projected: performance year ${YEAR} paid through ${AS_OF_MONTH}. Generation, attribution and risk scores are inputs, not timed. Wall-clock seconds, median of ${RUNS} runs; 1-minute load average ${load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end, on ${availableParallelism()} cores.`,
    '',
    `**The projection does not scan claims.** \`projectTenant(cells, terms)\` (finance.ts) takes only the roll-up cells and the contract terms — no parameter carries a claim, member or event — and evaluates every contract's year (\`paymentWorlds\`: MSSP benchmark, truncation, completion, MSR and settlement band; capitation margin; PMPM-target sharing; the combined HCP-LAN view), the MSSP what-ifs (closing gaps, a lower spend trend: four more contract-year evaluations), PMPM by category, member-months by type, high-cost members, leakage and the FFS-vs-contract tension for every service line.`,
    '',
    `(1) decodes the cells from their Redis form (table → \`<key>#<field>\` → integer, what HGETALL returns) and projects; (3) folds claim versions as the pipeline does (\`foldClaim\`, its deltas added to the cells; Redis not included). Both run in a child process holding only what such a job holds — the cells and terms; the versions being folded, their claims' states and their members' contexts — so that its garbage collector does not walk the tenant's claim versions. (2) rebuilds the same cells with \`rebuildRollUps\` over every claim version and member, then projects, in the bench's process, which holds every claim version as a rebuild must read them; the two tenants' runs alternate.`,
    '',
    '| Tenant | Members | Enrolled member-months | Claim versions | Claim ids | Current claims (not cancelled) | Roll-up cells | Roll-up fields |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...ms.map(
      (m) =>
        `| ${m.tenant.label} | ${count(m.tenant.members.length)} | ${count(m.tenant.enrolledMonths)} | ${count(m.tenant.claims.length)} | ${count(m.folded.claimIds)} | ${count(m.folded.currentClaims)} | ${count(totalCells(m))} | ${count(totalFields(m))} |`,
    ),
    '',
    '| Measurement | Tenant | Work | Rate | Seconds per run |',
    '| --- | --- | --- | ---: | --- |',
  ];
  for (const m of ms) {
    const label = m.tenant.label;
    lines.push(
      `| (1) Projection from the roll-up cells (child process, ${count(m.cells.heapMb)} MiB heap) | ${label} | ${count(totalFields(m))} fields decoded (median ${median(m.cells.decode).toFixed(3)} s), 0 claims read | ${(1 / median(m.cells.fromCells)).toFixed(1)} projections/s | ${formatSeconds(m.cells.fromCells)} |`,
      `| (2) Rebuild the cells from scratch, then the projection (${count(m.rebuilds.heapMb)} MiB heap) | ${label} | ${count(m.tenant.claims.length)} claim versions, ${count(m.tenant.members.length)} members | ${count(m.tenant.claims.length / median(m.rebuilds.rebuildAndProject))} versions/s | ${formatSeconds(m.rebuilds.rebuildAndProject)} |`,
      `| (2) … of which the rebuild | ${label} | the same | ${count(m.tenant.claims.length / median(m.rebuilds.rebuild))} versions/s | ${formatSeconds(m.rebuilds.rebuild)} |`,
      `| (3) Fold one claim version's delta into the cells: the ${count(m.folded.month.versions)} versions paid in ${m.folded.month.paidMonth} (${count(m.folded.month.replacing)} replacing or cancelling an earlier one) into the cells of everything paid before (child process) | ${label} | ${count(m.cells.cellDeltas)} cell deltas, ${count(m.cells.fieldIncrements)} field increments | ${(perVersion(m) * 1e6).toFixed(1)} µs per version | ${formatSeconds(m.cells.fold)} |`,
      `| (3) Whole incremental build, one run, in the bench's process (members' months, every claim version in arrival order, leakage) | ${label} | ${count(m.tenant.claims.length)} claim versions | ${count(m.tenant.claims.length / m.folded.seconds)} versions/s | ${m.folded.seconds.toFixed(2)} (one run) |`,
    );
  }
  const [small, large] = ms;
  if (small !== undefined && large !== undefined) {
    const grows = (f: (m: Measured) => number) => ratio(f(large), f(small));
    lines.push(
      '',
      `From the cells vs from scratch: ${ms.map((m) => `${m.tenant.label} ${median(m.cells.fromCells).toFixed(2)} s vs ${median(m.rebuilds.rebuildAndProject).toFixed(2)} s (${ratio(median(m.rebuilds.rebuildAndProject), median(m.cells.fromCells))} faster)`).join('; ')}. From ${small.tenant.label} to ${large.tenant.label}: claim versions ×${(large.tenant.claims.length / small.tenant.claims.length).toFixed(2)}, rebuild + projection ${grows((m) => median(m.rebuilds.rebuildAndProject))}, roll-up fields ${grows(totalFields)}, projection from the cells ${grows((m) => median(m.cells.fromCells))}. One claim version folded: ${ms.map((m) => `${(perVersion(m) * 1e6).toFixed(1)} µs (${m.tenant.label}; ${(m.cells.cellDeltas / m.folded.month.versions).toFixed(1)} cell deltas each)`).join(', ')}, against ${ms.map((m) => `${median(m.rebuilds.rebuildAndProject).toFixed(1)} s`).join(' and ')} to rebuild and project.`,
    );
  }
  lines.push(
    '',
    '(4) Cells kept per table (cells = keys; fields = `<key>#<field>` integers, one Redis hash per table) against the claims they summarise:',
    '',
    `| Table | ${ms.map((m) => `Cells, ${m.tenant.label} | Fields, ${m.tenant.label}`).join(' | ')} |`,
    `| --- | ${ms.map(() => '---: | ---:').join(' | ')} |`,
    ...ROLL_UP_TABLES.map(
      (t) => `| \`${t}\` | ${ms.map((m) => `${count(cellsOf(m, t))} | ${count(fieldsOf(m, t))}`).join(' | ')} |`,
    ),
    `| All | ${ms.map((m) => `${count(totalCells(m))} | ${count(totalFields(m))}`).join(' | ')} |`,
    `| Per 1,000 current claims | ${ms.map((m) => `${((1000 * totalCells(m)) / m.folded.currentClaims).toFixed(0)} | ${((1000 * totalFields(m)) / m.folded.currentClaims).toFixed(0)}`).join(' | ')} |`,
    '',
    `Checked on every run of the bench, not timed: for both tenants the cells folded incrementally (claim versions in arrival order, each as its delta) equal the cells \`rebuildRollUps\` computes from scratch, field for field; \`projectTenant\` gives a deeply equal projection from the folded cells, the rebuilt cells and (in the child) the rebuilt cells' hash fields; and the child's fold of the last paid month ends in the same cells as the bench's — the bench fails otherwise.`,
    '',
    `Projected (bench inputs, for orientation only): ${measured.map(({ m, terms }) => describeProjection(m, terms)).join('. ')}.`,
    '',
  );
  const first = ms[0];
  return {
    id: 'finance',
    markdown: lines,
    metrics:
      first === undefined
        ? {}
        : {
            projectionFromCellsSeconds: median(first.cells.fromCells),
            rebuildAndProjectSeconds: median(first.rebuilds.rebuildAndProject),
            foldMicrosecondsPerVersion: perVersion(first) * 1e6,
          },
  };
}
