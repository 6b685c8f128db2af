import type { ClaimEvent } from '@benchline/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TABLES as ASSIGNMENT_TABLES } from '../attribution/__fixtures__/builders.js';
import type { MemberProfile } from '../member-profile.js';
import {
  OTHER_TIN,
  OWN_TIN,
  attributed,
  claim,
  maContract,
  msspContract,
  profile,
  withMonths,
} from './__fixtures__/builders.js';
import { leakageRulesFor } from './analytics.js';
import { memberYearCells, spendCells } from './cells.js';
import type { ContractTerms, MemberContext } from './member-context.js';
import { memberContext } from './member-context.js';
import { monthsOfYear } from './months.js';
import type { ClaimState, MemberInput, OwnEntities, RollUpEntry, RollUps } from './rollups.js';
import {
  accumulate,
  claimEntries,
  diffEntries,
  emptyRollUps,
  foldClaim,
  fromHashFields,
  keys,
  leakageEntries,
  memberEntries,
  ownEntitiesOf,
  rebuildRollUps,
  restateClaim,
  toHashFields,
} from './rollups.js';

const MSSP = msspContract();
const MA = maContract();
const CONTRACTS: ContractTerms[] = [MSSP, MA];
const CONTRACT_MAP = new Map(CONTRACTS.map((c) => [c.contractId, c]));
const OWN: OwnEntities = { tins: new Set([OWN_TIN]), ccns: new Set() };
const YEAR = monthsOfYear(2025);

const line = (hcpcs: string, allowed: number, date: string) => ({
  lineNumber: 1,
  hcpcs,
  renderingSpecialty: '08',
  placeOfService: '11',
  units: 1,
  allowedAmount: allowed,
  paidAmount: Math.round(allowed * 80) / 100,
  fromDate: date,
  throughDate: date,
});

describe('claim contributions', () => {
  const ctx = memberContext(profile('M1'), attributed({ MSSP1: YEAR, MA1: ['2025-06'] }), CONTRACT_MAP);

  it('adds a claim to spend, the triangle, the member-year cell and own-TIN revenue, IME/DSH excluded', () => {
    const c = claim({
      claimId: 'I1',
      claimType: 'inpatient',
      throughDate: '2025-03-20',
      paidDate: '2025-04-15',
      paidAmount: 10_000,
      imeAmount: 600,
      dshAmount: 400,
      billingTin: OWN_TIN,
    });
    const rollUps = accumulate(emptyRollUps(), claimEntries(c, ctx, OWN));
    expect(rollUps.spend.get(keys.spend('MSSP1', 'agedNonDual', '2025-03', '2025-04', 'inpatient'))).toEqual({
      cents: 900_000,
      claims: 1,
    });
    expect(rollUps.triangle.get(keys.triangle('institutional', '2025-03', '2025-04'))).toEqual({
      cents: 900_000,
      claims: 1,
    });
    expect(rollUps.memberSpend.get(keys.memberSpend('MSSP1', 2025, 'agedNonDual', 'M1'))).toEqual({
      cents: 900_000,
      claims: 1,
    });
    // Revenue is what the hospital was paid, add-ons included; the benchmark sees the MSSP amount.
    expect(rollUps.revenue.get(keys.revenue('MSSP1', 'inpatient', '2025-03'))).toEqual({
      paidCents: 1_000_000,
      allowedCents: 1_000_000,
      msspPaidCents: 900_000,
      claims: 1,
    });
    expect(rollUps.revenueByApm.get(keys.revenueByApm('3B', 'inpatient', '2025-03'))?.paidCents).toBe(1_000_000);
  });

  it('contributes nothing for Part D or a cancel, and only to the triangle for an unknown member', () => {
    expect(claimEntries(claim({ claimId: 'D', claimType: 'partd' }), ctx, OWN)).toEqual([]);
    expect(claimEntries(claim({ claimId: 'X', adjustment: 'cancel', version: 2 }), ctx, OWN)).toEqual([]);
    expect(claimEntries(claim({ claimId: 'U', memberId: 'M9' }), null, OWN).map((e) => e.table)).toEqual(['triangle']);
  });

  it('counts a month attributed to two contracts in both, and its own-TIN revenue once under the higher APM category', () => {
    const c = claim({
      claimId: 'P',
      throughDate: '2025-06-05',
      paidDate: '2025-06-20',
      paidAmount: 90,
      billingTin: OWN_TIN,
    });
    const rollUps = accumulate(emptyRollUps(), claimEntries(c, ctx, OWN));
    expect(spendCells(rollUps, 'MSSP1').map((s) => s.cents)).toEqual([9_000]);
    expect(spendCells(rollUps, 'MA1').map((s) => s.cents)).toEqual([9_000]);
    expect([...rollUps.revenueByApm.keys()]).toEqual([keys.revenueByApm('4', 'professional', '2025-06')]);
  });

  it('places a claim by its incurred month’s attribution, whenever it is paid', () => {
    // Incurred in June (MSSP and MA), paid in August (MA no longer attributed): counts for both.
    const c = claim({ claimId: 'L', throughDate: '2025-06-28', paidDate: '2025-08-10', paidAmount: 40 });
    const rollUps = accumulate(emptyRollUps(), claimEntries(c, ctx, OWN));
    expect(spendCells(rollUps, 'MA1')).toMatchObject([
      { incurredMonth: '2025-06', paidMonth: '2025-08', cents: 4_000 },
    ]);
    // Incurred in May: MSSP only.
    const may = accumulate(emptyRollUps(), claimEntries({ ...c, throughDate: '2025-05-30' }, ctx, OWN));
    expect(spendCells(may, 'MA1')).toEqual([]);
  });

  it('moves a claim between months when a later version changes its dates, and ignores stale versions', () => {
    const v1 = foldClaim(null, claim({ claimId: 'A', throughDate: '2025-02-10', paidAmount: 100 }), ctx, OWN)!;
    const v2 = foldClaim(
      v1.next,
      claim({ claimId: 'A', version: 2, adjustment: 'adjustment', throughDate: '2025-03-01', paidAmount: 80 }),
      ctx,
      OWN,
    )!;
    const spend = v2.deltas.filter((d) => d.table === 'spend');
    expect(spend).toEqual([
      {
        table: 'spend',
        key: keys.spend('MSSP1', 'agedNonDual', '2025-02', '2025-04', 'professional'),
        values: { cents: -10_000, claims: -1 },
      },
      {
        table: 'spend',
        key: keys.spend('MSSP1', 'agedNonDual', '2025-03', '2025-04', 'professional'),
        values: { cents: 8_000, claims: 1 },
      },
    ]);
    expect(foldClaim(v2.next, claim({ claimId: 'A', version: 1 }), ctx, OWN)).toBeNull();
  });
});

describe('member contributions', () => {
  it('counts member-months by contract, type and month, with score months and a month bitmask', () => {
    // Turns 65 in April 2025: disabled Jan–Mar, aged after; MA (roster) months only Jun–Jul.
    const p = profile('M1', { birthDate: '1960-04-20' });
    const ctx = memberContext(p, attributed({ MSSP1: YEAR, MA1: ['2025-06', '2025-07'] }), CONTRACT_MAP);
    const rollUps = accumulate(emptyRollUps(), memberEntries(ctx, { 2025: { hcc: 1.234, demographic: 0.5 } }));
    expect(rollUps.months.get(keys.months('MSSP1', 'disabled', '2025-02'))).toEqual({
      memberMonths: 1,
      hccScoredMonths: 1,
      hccScoreThousandths: 1_234,
      demographicScoredMonths: 1,
      demographicScoreThousandths: 500,
    });
    const cells = memberYearCells(rollUps, 'MSSP1', 2025);
    expect(cells.map((c) => [c.type, c.months, c.monthMask])).toEqual([
      ['agedNonDual', 9, 0b111111111000],
      ['disabled', 3, 0b111],
    ]);
    expect(memberYearCells(rollUps, 'MA1', 2025).map((c) => c.months)).toEqual([2]);
  });

  it('fills each contract’s risk cells from its own basis: MSSP raw, MA payment score, none for commercial', () => {
    // Reference §3.5's V28 raw 2.120; MA payment score for 2026: 2.120 ÷ 1.067 → 1.987, × 0.941 → 1.870.
    const commercial = maContract({ contractId: 'COM1', program: 'commercial', benchmarkType: 'pmpm-target' });
    const contracts = new Map([...CONTRACT_MAP, ['COM1', commercial]]);
    const ctx = memberContext(
      profile('M1'),
      attributed({ MSSP1: ['2025-02'], MA1: ['2025-03'], COM1: ['2025-04'] }),
      contracts,
    );
    const scores = { 2025: { hcc: 2.12, demographic: 0.5, maPayment: 1.87 } };
    const rollUps = accumulate(emptyRollUps(), memberEntries(ctx, scores));
    expect(rollUps.months.get(keys.months('MSSP1', 'agedNonDual', '2025-02'))).toEqual({
      memberMonths: 1,
      hccScoredMonths: 1,
      hccScoreThousandths: 2_120,
      demographicScoredMonths: 1,
      demographicScoreThousandths: 500,
    });
    expect(rollUps.months.get(keys.months('MA1', 'agedNonDual', '2025-03'))).toEqual({
      memberMonths: 1,
      hccScoredMonths: 1,
      hccScoreThousandths: 1_870,
    });
    expect(rollUps.months.get(keys.months('COM1', 'agedNonDual', '2025-04'))).toEqual({ memberMonths: 1 });
  });

  it('records attributed months a contract does not count, by reason', () => {
    const p = withMonths(profile('M1'), { '2025-07': { medicareAdvantage: true } });
    const ctx = memberContext(p, attributed({ MSSP1: YEAR, MA1: ['2025-07'] }), CONTRACT_MAP);
    const rollUps = accumulate(emptyRollUps(), memberEntries(ctx));
    expect(rollUps.uncounted.get(keys.uncounted('MSSP1', '2025-07', 'medicare-advantage'))).toEqual({
      memberMonths: 1,
    });
    // The MA roster contract counts its month.
    expect(rollUps.months.get(keys.months('MA1', 'agedNonDual', '2025-07'))).toEqual({ memberMonths: 1 });
  });
});

// ---- Incremental accumulation in any order equals the from-scratch build (fast-check) ----

const PROFILES: MemberProfile[] = [
  profile('M1', { birthDate: '1960-07-15' }), // disabled → aged in July
  withMonths(profile('M2'), {
    '2025-03': { dualStatus: '02' },
    '2025-04': { esrd: true },
    '2025-09': { medicareAdvantage: true },
  }),
  profile('M3', { deathDate: '2025-08-03' }),
];
const CONTEXT_A: Record<string, Record<string, readonly string[]>> = {
  M1: { MSSP1: YEAR },
  M2: { MSSP1: YEAR, MA1: ['2025-09', '2025-10', '2025-11', '2025-12'] },
  M3: { MA1: YEAR },
};
// After an attribution refresh: M1 leaves MSSP for MA in the second half, M3 joins MSSP.
const CONTEXT_B: Record<string, Record<string, readonly string[]>> = {
  M1: { MSSP1: YEAR.slice(0, 6), MA1: YEAR.slice(6) },
  M2: { MSSP1: YEAR },
  M3: { MSSP1: YEAR, MA1: YEAR },
};
const SCORES = { 2025: { hcc: 1.1, demographic: 0.45 } };

function membersFor(ctx: Record<string, Record<string, readonly string[]>>): MemberInput[] {
  return PROFILES.map((p) => ({ profile: p, attributed: attributed(ctx[p.memberId] ?? {}), scoresByYear: SCORES }));
}

function contextsFor(ctx: Record<string, Record<string, readonly string[]>>): Map<string, MemberContext> {
  return new Map(PROFILES.map((p) => [p.memberId, memberContext(p, attributed(ctx[p.memberId] ?? {}), CONTRACT_MAP)]));
}

const LEAKAGE_RULES = new Map([['MSSP1', leakageRulesFor(MSSP, [], ASSIGNMENT_TABLES, 2025, '2025-01-01')]]);

const claimArb = fc
  .record({
    id: fc.integer({ min: 1, max: 8 }),
    version: fc.integer({ min: 1, max: 3 }),
    adjustment: fc.constantFrom('original', 'adjustment', 'cancel'),
    claimType: fc.constantFrom('inpatient', 'outpatient', 'snf', 'professional', 'dme', 'partd', 'hospice'),
    member: fc.constantFrom('M1', 'M2', 'M3', 'M4'),
    month: fc.integer({ min: 1, max: 12 }),
    lag: fc.integer({ min: 0, max: 5 }),
    cents: fc.integer({ min: 0, max: 5_000_000 }),
    ime: fc.integer({ min: 0, max: 50_000 }),
    own: fc.boolean(),
    code: fc.constantFrom('99213', '99214', 'A0427', '93000'),
  })
  .map((r): ClaimEvent => {
    const month = String(r.month).padStart(2, '0');
    const date = `2025-${month}-14`;
    const paidIndex = r.month - 1 + r.lag;
    const paidDate = `${2025 + Math.floor(paidIndex / 12)}-${String((paidIndex % 12) + 1).padStart(2, '0')}-20`;
    return claim({
      claimId: `C${r.id}`,
      version: r.version,
      adjustment: r.adjustment,
      claimType: r.claimType,
      memberId: r.member,
      fromDate: date,
      throughDate: date,
      paidDate,
      paidAmount: r.cents / 100,
      ...(r.claimType === 'inpatient' ? { imeAmount: r.ime / 100 } : {}),
      billingTin: r.own ? OWN_TIN : OTHER_TIN,
      lines: r.claimType === 'professional' ? [line(r.code, r.cents / 80, date)] : [],
    });
  });

/** The pipeline's way: fold claims one by one, re-derive the member's leakage each time, members once. */
class Incremental {
  readonly rollUps: RollUps = emptyRollUps();
  private readonly claims = new Map<string, { state: ClaimState; claim: ClaimEvent }>();
  private readonly memberState = new Map<string, readonly RollUpEntry[]>();
  private readonly leakageState = new Map<string, readonly RollUpEntry[]>();

  constructor(private contexts: Map<string, MemberContext>) {}

  foldClaim(event: ClaimEvent): void {
    const current = this.claims.get(event.claimId);
    const fold = foldClaim(current?.state ?? null, event, this.contexts.get(event.memberId) ?? null, OWN);
    if (fold === null) {
      return;
    }
    accumulate(this.rollUps, fold.deltas);
    this.claims.set(event.claimId, { state: fold.next, claim: event });
    this.refreshLeakage(event.memberId);
    if (current !== undefined && current.claim.memberId !== event.memberId) {
      this.refreshLeakage(current.claim.memberId);
    }
  }

  setMember(memberId: string, context: MemberContext, scores: MemberInput['scoresByYear']): void {
    const next = memberEntries(context, scores);
    accumulate(this.rollUps, diffEntries(this.memberState.get(memberId) ?? [], next));
    this.memberState.set(memberId, next);
  }

  /** An attribution or eligibility change: new contexts, every claim of the changed members restated. */
  changeContexts(contexts: Map<string, MemberContext>, scores: MemberInput['scoresByYear']): void {
    this.contexts = contexts;
    for (const [memberId, context] of contexts) {
      this.setMember(memberId, context, scores);
      for (const [id, { state, claim: event }] of this.claims) {
        if (event.memberId === memberId) {
          const fold = restateClaim(state, event, context, OWN);
          accumulate(this.rollUps, fold.deltas);
          this.claims.set(id, { state: fold.next, claim: event });
        }
      }
      this.refreshLeakage(memberId);
    }
  }

  private refreshLeakage(memberId: string): void {
    const context = this.contexts.get(memberId);
    const current = [...this.claims.values()]
      .filter(({ claim: c, state }) => c.memberId === memberId && !state.cancelled)
      .map(({ claim: c }) => c);
    const next = context === undefined ? [] : leakageEntries(current, context, LEAKAGE_RULES);
    accumulate(this.rollUps, diffEntries(this.leakageState.get(memberId) ?? [], next));
    this.leakageState.set(memberId, next);
  }
}

const scratch = (claims: readonly ClaimEvent[], ctx: Record<string, Record<string, readonly string[]>>): RollUps =>
  rebuildRollUps({ claims, members: membersFor(ctx), contracts: CONTRACTS, own: OWN, leakageRules: LEAKAGE_RULES });

/** Claim versions as ingest accepts them: one content per claim id and version (a different one is a 409). */
const claimsArb = (maxLength: number) =>
  fc.uniqueArray(claimArb, { maxLength, selector: (c) => `${c.claimId}|${c.version}` }).chain((claims) =>
    // Duplicates re-delivered: some versions arrive twice.
    fc.tuple(fc.constant(claims), fc.shuffledSubarray(claims)).map(([all, again]) => [...all, ...again]),
  );

describe('incremental accumulation equals the from-scratch build', () => {
  it('in any arrival order of claim versions, duplicates and cancels included', () => {
    fc.assert(
      fc.property(
        claimsArb(30).chain((claims) =>
          fc.tuple(fc.constant(claims), fc.shuffledSubarray(claims, { minLength: claims.length })),
        ),
        fc.boolean(),
        ([claims, arrival], membersFirst) => {
          const inc = new Incremental(contextsFor(CONTEXT_A));
          const addMembers = () => {
            for (const m of membersFor(CONTEXT_A)) {
              inc.setMember(m.profile.memberId, contextsFor(CONTEXT_A).get(m.profile.memberId)!, m.scoresByYear);
            }
          };
          if (membersFirst) {
            addMembers();
          }
          arrival.forEach((c) => inc.foldClaim(c));
          if (!membersFirst) {
            addMembers();
          }
          expect(toHashFields(inc.rollUps)).toEqual(toHashFields(scratch(claims, CONTEXT_A)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('after an attribution change, restating members’ claims equals a rebuild with the new attribution', () => {
    fc.assert(
      fc.property(claimsArb(30), fc.nat(60), (claims, split) => {
        const inc = new Incremental(contextsFor(CONTEXT_A));
        for (const m of membersFor(CONTEXT_A)) {
          inc.setMember(m.profile.memberId, contextsFor(CONTEXT_A).get(m.profile.memberId)!, m.scoresByYear);
        }
        claims.slice(0, split).forEach((c) => inc.foldClaim(c));
        inc.changeContexts(contextsFor(CONTEXT_B), SCORES);
        claims.slice(split).forEach((c) => inc.foldClaim(c));
        expect(toHashFields(inc.rollUps)).toEqual(toHashFields(scratch(claims, CONTEXT_B)));
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips through the Redis hash layout', () => {
    fc.assert(
      fc.property(claimsArb(20), (claims) => {
        const built = scratch(claims, CONTEXT_A);
        expect(toHashFields(fromHashFields(toHashFields(built)))).toEqual(toHashFields(built));
      }),
      { numRuns: 50 },
    );
  });
});

describe('own entities', () => {
  it('are the contracts’ participant TINs plus participant provider records in effect, with their CCNs', () => {
    const providers = [
      {
        kind: 'provider',
        npi: '1000000004',
        tin: '333333333',
        asOf: '2025-01-01',
        name: 'FQHC',
        entity: 'organization',
        specialtyCode: '70',
        participant: true,
        ccn: '361850',
        effectiveFrom: '2020-01-01',
      },
      {
        kind: 'provider',
        npi: '1000000012',
        tin: '444444444',
        asOf: '2025-01-01',
        name: 'Left',
        entity: 'individual',
        specialtyCode: '08',
        participant: true,
        effectiveFrom: '2020-01-01',
        effectiveTo: '2024-12-31',
      },
      {
        kind: 'provider',
        npi: '1000000020',
        tin: '555555555',
        asOf: '2025-01-01',
        name: 'Outside',
        entity: 'individual',
        specialtyCode: '08',
        participant: false,
        effectiveFrom: '2020-01-01',
      },
    ] as const;
    const own = ownEntitiesOf([MSSP], providers, '2025-06-30');
    expect([...own.tins].sort()).toEqual([OWN_TIN, '333333333']);
    expect([...own.ccns]).toEqual(['361850']);
  });
});
