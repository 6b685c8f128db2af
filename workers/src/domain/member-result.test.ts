import type { AdtEvent, ClaimEvent, ContractEvent, MemberEvent, ProviderEvent, WorklistEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { TEST_ENGINE_CONFIG } from './__fixtures__/engine-config.js';
import { VALID_CONTRACT } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco } from '../../../tools/src/demo/demo-data.js';
import { accumulate, emptyRollUps, keys as rollUpKeys, rebuildRollUps } from './finance/rollups.js';
import { evaluateContractYear } from './finance/evaluate.js';
import { TABLES as FINANCE_TABLES } from './finance/__fixtures__/builders.js';
import { attributedMonthsFromResults } from './finance/member-context.js';
import { contract as rosterContract, roster as rosterRow } from './attribution/__fixtures__/builders.js';
import { attributeContracts } from './attribution/contracts.js';
import { mergeMemberRecords, type MemberProfile } from './member-profile.js';
import type { MemberResult } from './member-result.js';
import { churnBaselineDate, computeMemberResult, contributions, diffResults } from './member-result.js';
import { tenantContextOf } from './tenant-context.js';

const config = TEST_ENGINE_CONFIG;

const aco = demoAco({ members: 40, months: 18, seed: 17, endMonth: '2026-06' });
// The ACO's MSSP agreement over the generated participant list.
const contract: ContractEvent = {
  ...VALID_CONTRACT,
  effectiveFrom: '2025-01-01',
  participantTins: [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort(),
};
const tenant = tenantContextOf(
  { contracts: [contract], providers: aco.providers },
  { year: 2026, tables: config.assignmentTables },
);
const bundles = [...aco.members()];
const results = bundles.map((bundle) =>
  computeMemberResult(
    {
      memberId: bundle.member.memberId,
      records: [bundle.member],
      claims: bundle.claims,
      clinical: bundle.clinical,
      rosters: [],
      worklist: [],
      adt: [],
    },
    tenant,
    config,
  ),
);

describe('computeMemberResult', () => {
  it('scores, measures and lists the gaps of every generated member', () => {
    expect(results.every((r) => r.risk !== null && 'rawScore' in r.risk)).toBe(true);
    expect(results.every((r) => Object.keys(r.quality).length === 5)).toBe(true);
    const open = results.flatMap((r) => r.gaps.filter((g) => g.state === 'open'));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((g) => g.priority > 0 && g.explanation.length > 0)).toBe(true);
    expect(results.flatMap((r) => r.gaps.filter((g) => g.state !== 'open')).every((g) => g.priority === 0)).toBe(true);
  });

  it('answers a member with no roster record with an empty result, not a guess', () => {
    const bundle = aco.member(0);
    const result = computeMemberResult(
      { memberId: 'unknown', records: [], claims: bundle.claims, clinical: [], rosters: [], worklist: [], adt: [] },
      tenant,
      config,
    );
    expect({ ...result, finance: [] }).toEqual({
      memberId: 'unknown',
      risk: null,
      quality: {},
      gaps: [],
      attribution: [],
      finance: [],
    });
    // Their claims still count in the tenant's lag triangle, and nowhere a contract's spend is kept.
    expect(result.finance.length).toBeGreaterThan(0);
    expect(result.finance.every((e) => e.table === 'triangle' || e.table === 'revenueByApm')).toBe(true);
  });

  it('attributes every member to the MSSP contract or says why not', () => {
    expect(results.every((r) => r.attribution.length === 1 && r.attribution[0]?.contractId === 'A1234')).toBe(true);
    const attributed = results.filter((r) => r.attribution[0]?.status === 'attributed');
    expect(attributed.length).toBeGreaterThan(0);
    expect(attributed.every((r) => r.attribution[0]?.step !== null && r.attribution[0]?.tin !== null)).toBe(true);
    expect(
      results.filter((r) => r.attribution[0]?.status !== 'attributed').every((r) => r.attribution[0]?.reason !== null),
    ).toBe(true);
  });

  it("sums to the finance engine's from-scratch roll-ups over the same members and claims", () => {
    const profiles = bundles.map((b) => mergeMemberRecords([b.member]) as MemberProfile);
    const attribution = attributeContracts(
      {
        contracts: [contract],
        rosters: [],
        members: profiles,
        claims: bundles.flatMap((b) => b.claims),
        providers: aco.providers,
      },
      { asOf: config.today, tables: config.assignmentTables },
    );
    const months = attributedMonthsFromResults(attribution);
    const expected = rebuildRollUps({
      claims: bundles.flatMap((b) => b.claims),
      members: profiles.map((profile, i) => ({
        profile,
        attributed: months.get(profile.memberId) ?? new Map(),
        scoresByYear: results[i]?.financeScores ?? {},
      })),
      contracts: [contract],
      own: tenant.own,
      leakageRules: tenant.leakageRules,
    });
    const summed = emptyRollUps();
    for (const result of results) {
      accumulate(summed, result.finance);
    }
    expect(summed).toEqual(expected);
    expect(expected.months.size).toBeGreaterThan(0);
    expect(expected.spend.size).toBeGreaterThan(0);
  });
});

describe('contributions and diffResults', () => {
  const someone = results.find((r) => r.gaps.some((g) => g.state === 'open')) as MemberResult;

  it('add up a member: one member, one outcome per measure, risk by segment in thousandths', () => {
    const counters = contributions(someone);
    expect(counters.get('members')).toBe(1);
    const outcomes = [...counters].filter(([key]) => key.startsWith('quality:'));
    expect(outcomes.reduce((sum, [, n]) => sum + n, 0)).toBe(5);
    const risk = someone.risk as { segment: string; rawScore: number };
    expect(counters.get(`risk:${risk.segment}:raw-milli`)).toBe(Math.round(risk.rawScore * 1000));
  });

  it('changes nothing between equal results, and everything from nothing', () => {
    expect(diffResults(someone, structuredClone(someone))).toEqual({
      counters: new Map(),
      finance: [],
      upsertOpenGaps: [],
      removeOpenGaps: [],
    });
    const fromNothing = diffResults(null, someone);
    expect(fromNothing.counters).toEqual(contributions(someone));
    expect(fromNothing.upsertOpenGaps.map((g) => g.gapId).sort()).toEqual(
      someone.gaps
        .filter((g) => g.state === 'open')
        .map((g) => g.gapId)
        .sort(),
    );
  });

  it('moves a closed gap between counters and out of the queue', () => {
    const gap = someone.gaps.find((g) => g.state === 'open')!;
    const closed: MemberResult = {
      ...someone,
      gaps: someone.gaps.map((g) => (g.gapId === gap.gapId ? { ...g, state: 'closed-confirmed', priority: 0 } : g)),
    };
    const delta = diffResults(someone, closed);
    expect(delta.counters).toEqual(
      new Map([
        [`gaps:${gap.kind}:open`, -1],
        [`gaps:${gap.kind}:closed-confirmed`, 1],
      ]),
    );
    expect(delta.removeOpenGaps).toEqual([gap.gapId]);
    expect(delta.upsertOpenGaps).toEqual([]);
  });
});

describe("hospital stays on a member's result", () => {
  // An attributed member with open gaps: the transition must outrank them.
  const bundle = bundles.find((b) => {
    const r = results.find((x) => x.memberId === b.member.memberId)!;
    return r.gaps.some((g) => g.state === 'open') && r.attribution.some((a) => a.status === 'attributed');
  })!;
  const notice = (id: string, event: AdtEvent['event'], at: string, extra: Partial<AdtEvent> = {}): AdtEvent => ({
    kind: 'adt',
    sender: 'EPICADT^GENHOSP',
    messageId: id,
    memberId: bundle.member.memberId,
    event,
    eventAt: at,
    visitNumber: 'V1',
    visitAssigner: 'GENHOSP',
    patientClass: 'inpatient',
    facility: { id: 'GENHOSP', ccn: '339999' },
    ...(event === 'admit' ? { admitAt: at } : {}),
    ...(event === 'discharge' ? { dischargeAt: at, dischargeDisposition: { system: 'nubc', code: '01' } } : {}),
    ...extra,
  });
  const facts = (adt: AdtEvent[]) => ({
    memberId: bundle.member.memberId,
    records: [bundle.member],
    claims: bundle.claims,
    clinical: bundle.clinical,
    rosters: [],
    worklist: [],
    adt,
  });

  it("puts a discharge's transitional care at the top of the queue, with what is due by when first", () => {
    // TEST_ENGINE_CONFIG's today is Monday 2026-06-15: discharged Friday the 12th, contact due Tuesday the 16th.
    const result = computeMemberResult(
      facts([
        notice('M1', 'admit', '2026-06-08T10:00:00-04:00'),
        notice('M2', 'discharge', '2026-06-12T15:00:00-04:00'),
      ]),
      tenant,
      config,
    );
    const open = result.gaps.filter((g) => g.state === 'open').sort((a, b) => b.priority - a.priority);
    expect(open[0]).toMatchObject({ kind: 'care-transition', subject: 'TCM', dueDate: '2026-06-16' });
    expect(open[0]!.explanation).toMatch(/^contact the patient by 2026-06-16 \(2 business days\)/);
    expect(open.slice(1).every((g) => g.kind !== 'care-transition' && g.priority < open[0]!.priority)).toBe(true);
    const counters = contributions(result);
    expect(counters.get('adt:admitted:2026-06-08')).toBe(1);
    expect(counters.get('adt:discharged:2026-06-12')).toBe(1);
    expect(counters.get('tcm:2026-06-12:pending')).toBe(1);
  });

  it('counts only the last 31 days of stays, and the patients at risk of leaving attribution', () => {
    const result = computeMemberResult(
      facts([
        notice('M1', 'admit', '2026-04-01T10:00:00-04:00', { visitNumber: 'OLD' }),
        notice('M2', 'discharge', '2026-04-03T10:00:00-04:00', { visitNumber: 'OLD' }),
        notice('M3', 'register', '2026-06-14T22:00:00-04:00', {
          visitNumber: 'ED1',
          patientClass: 'emergency',
          admitAt: '2026-06-14T22:00:00-04:00',
        }),
      ]),
      tenant,
      config,
    );
    const counters = contributions(result);
    expect([...counters.keys()].filter((k) => k.startsWith('adt:') || k.startsWith('tcm:'))).toEqual([
      'adt:ed-visit:2026-06-14',
    ]);
    // CCN 339999 is no participant's: an attributed patient's ED visit there puts their attribution at risk.
    expect(result.attribution.some((a) => a.status === 'attributed')).toBe(true);
    expect(counters.get('at-risk:facility-outside-aco')).toBe(1);
  });
});

describe("the coordinators' worklist on a member's result", () => {
  const index = results.findIndex((r) => r.gaps.filter((g) => g.state === 'open').length >= 2);
  const bundle = bundles[index]!;
  const before = results[index]!;
  const open = before.gaps.filter((g) => g.state === 'open');
  const [first, second] = open as [(typeof open)[number], (typeof open)[number]];
  const memberId = bundle.member.memberId;
  const at = (day: number) => `2026-06-${String(day).padStart(2, '0')}T10:00:00Z`;
  const event = (actionId: string, day: number, action: WorklistEvent['action']): WorklistEvent => ({
    kind: 'worklist',
    actionId,
    memberId,
    at: at(day),
    by: 'coord.lee',
    action,
  });
  // Every kind of action, on every gap the member has (open or not), and on one they do not.
  const worklist: WorklistEvent[] = [
    event('w-assign', 1, { type: 'assign', assignee: 'coord.lee' }),
    event('w-general', 2, { type: 'outreach', channel: 'phone', outcome: 'reached' }),
    ...before.gaps.map((gap, i) =>
      event(`w-close-${i}`, 3, { type: 'close', gapId: gap.gapId, reason: 'documentation-submitted' }),
    ),
    event('w-reopen', 4, { type: 'reopen', gapId: first.gapId }),
    event('w-exclude', 5, { type: 'exclude', gapId: second.gapId, reason: 'moved' }),
    event('w-elsewhere', 5, { type: 'close', gapId: 'NOBODY:CMS2:2026-01-01', reason: 'scheduled' }),
  ];
  const after = computeMemberResult(
    {
      memberId,
      records: [bundle.member],
      claims: bundle.claims,
      clinical: bundle.clinical,
      rosters: [],
      worklist,
      adt: [],
    },
    tenant,
    config,
  );

  it('never moves a measure outcome, a gap state or a roll-up counter', () => {
    expect(after.quality).toEqual(before.quality);
    expect(after.gaps.map((g) => [g.gapId, g.state])).toEqual(before.gaps.map((g) => [g.gapId, g.state]));
    expect(contributions(after)).toEqual(contributions(before));
    const delta = diffResults(before, after);
    expect(delta.counters).toEqual(new Map());
    expect(delta.removeOpenGaps).toEqual([]);
    // The queue rows change (status, rank, words) and nothing else does.
    expect(delta.upsertOpenGaps.map((g) => g.gapId).sort()).toEqual(open.map((g) => g.gapId).sort());
  });

  it('puts the worklist on every row: the reopened gap is worked now, the others rank after it', () => {
    const row = (gapId: string) => after.gaps.find((g) => g.gapId === gapId)!;
    expect(row(first.gapId)).toMatchObject({ status: 'attempted', coordinator: 'coord.lee', attempts: 1 });
    expect(row(second.gapId)).toMatchObject({ status: 'excluded', attempts: 1 });
    expect(after.gaps.every((g) => g.coordinator === 'coord.lee' && g.lastOutreachAt === at(2))).toBe(true);
    const rest = after.gaps.filter((g) => g.state === 'open' && g.gapId !== first.gapId);
    expect(rest.every((g) => g.priority < 0 && g.priority < row(first.gapId).priority)).toBe(true);
    expect(row(first.gapId).priority).toBeGreaterThan(0);
    // Not open: out of the queue whatever coordinators did.
    expect(after.gaps.filter((g) => g.state !== 'open').every((g) => g.priority === 0)).toBe(true);
  });
});

describe('quarter-to-date attribution churn', () => {
  it('measures from the last day of the previous quarter, or the period start in the first quarter', () => {
    expect(churnBaselineDate('2026-06-15', '2026-01-01')).toBe('2026-03-31');
    expect(churnBaselineDate('2026-04-01', '2026-01-01')).toBe('2026-03-31');
    expect(churnBaselineDate('2026-12-31', '2026-01-01')).toBe('2026-09-30');
    expect(churnBaselineDate('2026-02-10', '2026-01-01')).toBe('2026-01-01');
    expect(churnBaselineDate('2026-01-01', '2026-01-01')).toBeNull();
  });
});

describe('quarter-to-date churn on a payer roster', () => {
  it('shows a member whose roster ends with the first quarter leaving, and one whose roster starts after it joining', () => {
    const ma = rosterContract({
      contractId: 'H1234',
      name: 'MA shared savings',
      payer: 'Plan',
      program: 'medicare-advantage',
      attribution: 'payer-roster',
      benchmarkType: 'pmpm-target',
    });
    const withMa = tenantContextOf(
      { contracts: [contract, ma], providers: aco.providers },
      { year: 2026, tables: config.assignmentTables },
    );
    const churnOf = (bundle: (typeof bundles)[number], months: string[]) =>
      computeMemberResult(
        {
          memberId: bundle.member.memberId,
          records: [bundle.member],
          claims: bundle.claims,
          clinical: bundle.clinical,
          rosters: [rosterRow({ contractId: 'H1234', memberId: bundle.member.memberId, asOf: '2026-01-05', months })],
          worklist: [],
          adt: [],
        },
        withMa,
        config,
      ).churn?.filter((row) => row.contractId === 'H1234');
    expect(churnOf(bundles[0]!, ['2026-01', '2026-02', '2026-03'])).toEqual([
      { contractId: 'H1234', change: 'left', reason: 'not-on-roster-this-month', since: '2026-03-31' },
    ]);
    expect(churnOf(bundles[1]!, ['2026-04', '2026-05', '2026-06'])).toEqual([
      { contractId: 'H1234', change: 'joined', reason: 'roster', since: '2026-03-31' },
    ]);
    expect(churnOf(bundles[2]!, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'])).toEqual([]);
  });

  it('counts each change in the roll-ups by contract, change and reason', () => {
    const result: MemberResult = {
      ...results[0]!,
      churn: [
        { contractId: 'H1234', change: 'left', reason: 'not-on-roster-this-month', since: '2026-03-31' },
        { contractId: 'A1', change: 'joined', reason: 'step-1', since: '2026-03-31' },
      ],
    };
    const counted = [...contributions(result)].filter(([key]) => key.startsWith('churn:'));
    expect(counted.sort()).toEqual([
      ['churn:A1:joined:step-1', 1],
      ['churn:H1234:left:not-on-roster-this-month', 1],
    ]);
  });
});

describe('measure rates by practice and clinician', () => {
  it("count each attributed member's met and not-met under their home TIN and NPI, adding up to the tenant's", () => {
    const totals = new Map<string, number>();
    for (const result of results) {
      for (const [key, value] of contributions(result)) {
        totals.set(key, (totals.get(key) ?? 0) + value);
      }
    }
    const sum = (prefix: string, measure: string, outcome: string) =>
      [...totals]
        .filter(([key]) => key.startsWith(`${prefix}:${measure}:`) && key.endsWith(`:${outcome}`))
        .reduce((a, [, v]) => a + v, 0);
    const attributed = results.filter((r) => r.attribution.some((a) => a.status === 'attributed' && a.tin !== null));
    expect(attributed.length).toBeGreaterThan(0);
    for (const measure of Object.keys(results[0]?.quality ?? {})) {
      for (const outcome of ['met', 'not-met']) {
        const expected = attributed.filter((r) => r.quality[measure as keyof typeof r.quality] === outcome).length;
        expect(sum('quality-tin', measure, outcome), `${measure} ${outcome}`).toBe(expected);
        expect(sum('quality-npi', measure, outcome), `${measure} ${outcome}`).toBe(expected);
      }
    }
  });
});

describe('the risk score each contract’s finance cells read', () => {
  // Reference §3.5's woman: 72 on 1 February 2026, community, non-dual, aged; 2025 diagnoses E11.9, I50.22, N18.4,
  // J44.9 → V28 raw 2.120 (payment year 2026 is 100% V28). MA: 2.120 ÷ 1.067 = 1.98688 → 1.987 (the MA-normalised
  // score), × (1 − 0.059) = 1.86977 → 1.870 (the MA payment score). MSSP applies neither: its score is the raw 2.120,
  // renormalised by the national assignable mean of the member's enrolment type (reference §1.4, §3.6).
  const TIN = '987654321';
  const PCP = '1234567893';
  const months = (year: number, fields: Partial<NonNullable<MemberEvent['enrollment']>[number]> = {}) =>
    Array.from({ length: 12 }, (_, i) => ({
      month: `${year}-${String(i + 1).padStart(2, '0')}`,
      partA: true,
      partB: true,
      medicareAdvantage: false,
      dualStatus: 'NA' as const,
      esrd: false,
      institutional: false,
      hospice: false,
      ...fields,
    }));
  const memberEvent = (memberId: string, in2026: Partial<NonNullable<MemberEvent['enrollment']>[number]>) =>
    ({
      kind: 'member',
      memberId,
      asOf: '2026-01-15',
      birthDate: '1953-06-12',
      sex: 'F',
      stateCode: 'OH',
      orec: '0',
      enrollment: [...months(2024), ...months(2025), ...months(2026, in2026)],
    }) satisfies MemberEvent;
  const officeVisit = (memberId: string, claimId: string, date: string, diagnoses: string[]): ClaimEvent => ({
    kind: 'claim',
    claimId,
    version: 1,
    adjustment: 'original',
    claimType: 'professional',
    memberId,
    fromDate: date,
    throughDate: date,
    paidDate: date,
    billingTin: TIN,
    diagnoses,
    lines: [
      {
        lineNumber: 1,
        hcpcs: '99213',
        renderingNpi: PCP,
        renderingSpecialty: '08',
        placeOfService: '11',
        units: 1,
        allowedAmount: 100,
        paidAmount: 80,
        fromDate: date,
        throughDate: date,
      },
    ],
    paidAmount: 80,
  });
  const provider: ProviderEvent = {
    kind: 'provider',
    npi: PCP,
    tin: TIN,
    asOf: '2025-01-01',
    name: 'Dr Example',
    entity: 'individual',
    specialtyCode: '08',
    participant: true,
    effectiveFrom: '2024-01-01',
  };
  const mssp: ContractEvent = {
    ...VALID_CONTRACT,
    contractId: 'A1',
    participantTins: [TIN],
    years: VALID_CONTRACT.years.map((y) => ({ ...y, assignment: 'retrospective' as const })),
  };
  const ma = rosterContract({
    contractId: 'H1',
    program: 'medicare-advantage',
    attribution: 'payer-roster',
    benchmarkType: 'capitation',
    apmCategory: '4',
    effectiveFrom: '2026-01-01',
  });
  const riskTenant = tenantContextOf(
    { contracts: [mssp, ma], providers: [provider] },
    {
      year: 2026,
      tables: config.assignmentTables,
    },
  );
  const DIAGNOSES = ['E119', 'I5022', 'N184', 'J449'];
  // Fee-for-service in 2026, attributed to the MSSP ACO by a 2026 visit.
  const ffs = computeMemberResult(
    {
      memberId: 'FFS1',
      records: [memberEvent('FFS1', {})],
      claims: [officeVisit('FFS1', 'f1', '2025-04-02', DIAGNOSES), officeVisit('FFS1', 'f2', '2026-03-10', ['I10'])],
      clinical: [],
      rosters: [],
      worklist: [],
      adt: [],
    },
    riskTenant,
    config,
  );
  // In the MA plan in 2026, on its roster January–June.
  const enrollee = computeMemberResult(
    {
      memberId: 'MA1',
      records: [memberEvent('MA1', { medicareAdvantage: true })],
      claims: [officeVisit('MA1', 'm1', '2025-04-02', DIAGNOSES)],
      clinical: [],
      rosters: [
        rosterRow({
          contractId: 'H1',
          memberId: 'MA1',
          months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'],
        }),
      ],
      worklist: [],
      adt: [],
    },
    riskTenant,
    config,
  );
  const monthCell = (result: MemberResult, contractId: string, month: string) =>
    result.finance.find((e) => e.table === 'months' && e.key === rollUpKeys.months(contractId, 'agedNonDual', month))
      ?.values;

  it('keeps the MSSP raw score and the MA payment score, apart from the MA-normalised one', () => {
    expect(ffs.risk).toMatchObject({ segment: 'CNA', rawScore: 2.12, paymentScore: 1.987 });
    expect(ffs.financeScores).toEqual({ 2026: { hcc: 2.12, maPayment: 1.87 } });
    expect(enrollee.financeScores).toEqual({ 2026: { hcc: 2.12, maPayment: 1.87 } });
  });

  it('fills an MSSP contract’s months with the raw score and an MA contract’s with the MA payment score', () => {
    expect(ffs.attribution).toMatchObject([{ contractId: 'A1', status: 'attributed', step: 'step-1' }]);
    expect(monthCell(ffs, 'A1', '2026-07')).toEqual({ memberMonths: 1, hccScoredMonths: 1, hccScoreThousandths: 2120 });
    expect(enrollee.attribution).toMatchObject([
      { contractId: 'A1', status: 'not-attributed' },
      { contractId: 'H1', status: 'attributed', step: 'roster' },
    ]);
    expect(monthCell(enrollee, 'H1', '2026-03')).toEqual({
      memberMonths: 1,
      hccScoredMonths: 1,
      hccScoreThousandths: 1870,
    });
  });

  it('gives the MSSP benchmark a risk ratio from the renormalised raw score', () => {
    const rollUps = accumulate(emptyRollUps(), ffs.finance);
    const baseline = { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.6 };
    const national = { esrd: 1, disabled: 1, agedDual: 1, agedNonDual: 1.06 };
    const evaluated = evaluateContractYear(rollUps, {
      contract: mssp,
      year: 2026,
      asOfMonth: '2026-05',
      tables: FINANCE_TABLES,
      riskBaseline: { hcc: baseline },
      nationalMeanScores: { hcc: national },
    });
    const finance = evaluated.finance;
    if (finance?.kind !== 'mssp') {
      throw new Error(`expected an MSSP result, got ${JSON.stringify(evaluated.missing)}`);
    }
    // 2.120 ÷ 1.060 = 2.000 renormalised; ÷ BY3 1.600 = 1.25. (The MA-normalised 1.987 would have given
    // 1.987 ÷ 1.060 ÷ 1.600 = 1.1716, the MA payment score 1.870 → 1.1026.)
    expect(finance.risk.pyRawMeans.agedNonDual).toBeCloseTo(2.12, 12);
    expect(finance.risk.pyMeans.agedNonDual).toBeCloseTo(2, 12);
    expect(finance.risk.uncapped.agedNonDual).toBeCloseTo(1.25, 12);
    expect(finance.risk.uncapped.disabled).toBe(1);
  });
});
