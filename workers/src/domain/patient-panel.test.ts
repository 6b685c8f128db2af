/**
 * The patient panel: for generated members its gaps, states, priorities, risk and attribution rows are exactly the
 * member's computed result (what the live pipeline stores and the gap queue shows), every HCC's status agrees with
 * the risk engine's recapture answer; and for one hand-built patient the evidence of a gap, an HCC and an
 * attribution decision is what the claims say, checked by hand.
 */
import type {
  AdtEvent,
  ClaimEvent,
  ContractEvent,
  MemberEvent,
  ProviderEvent,
  WorklistAction,
  WorklistEvent,
} from '@benchline/shared';
import { PANEL_GAP_STATES, PANEL_SPEND_CATEGORIES } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { TEST_ENGINE_CONFIG } from './__fixtures__/engine-config.js';
import { VALID_CONTRACT } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco } from '../../../tools/src/demo/demo-data.js';
import { ACO_PCP, OUTSIDE_PCP, npi, provider, visit } from './attribution/__fixtures__/builders.js';
import { currentClaims } from './claims.js';
import { msspPaidCents, paidCents } from './finance/claim-spend.js';
import { SERVICE_CATEGORIES } from './finance/types.js';
import { GAP_STATES } from './measures/index.js';
import type { MemberFacts } from './member-result.js';
import { computeMemberResult } from './member-result.js';
import { dollars, patientPanel } from './patient-panel.js';
import { tenantContextOf } from './tenant-context.js';

const config = TEST_ENGINE_CONFIG;

describe('the patient panel of generated members', () => {
  const aco = demoAco({ members: 40, months: 18, seed: 17, endMonth: '2026-06' });
  const contract: ContractEvent = {
    ...VALID_CONTRACT,
    effectiveFrom: '2025-01-01',
    participantTins: [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort(),
  };
  const tenant = tenantContextOf(
    { contracts: [contract], providers: aco.providers },
    { year: 2026, tables: config.assignmentTables },
  );
  const members: MemberFacts[] = [...aco.members()].map((bundle) => ({
    memberId: bundle.member.memberId,
    records: [bundle.member],
    claims: bundle.claims,
    clinical: bundle.clinical,
    rosters: [],
    worklist: [],
    adt: [],
  }));
  const computed = members.map((facts) => ({
    facts,
    result: computeMemberResult(facts, tenant, config),
    panel: patientPanel(facts, tenant, config),
  }));

  it("shows exactly the member's computed gaps, states and priorities, open ones first by priority", () => {
    let open = 0;
    for (const { result, panel } of computed) {
      const rows = panel.gaps.map(
        ({
          reason: _reason,
          nextDueDate: _next,
          earliestDate: _earliest,
          evidence: _evidence,
          worklist: _worklist,
          ...row
        }) => row,
      );
      expect([...rows].sort((a, b) => a.gapId.localeCompare(b.gapId))).toEqual(result.gaps);
      const firstClosed = panel.gaps.findIndex((gap) => gap.state !== 'open');
      const opens = firstClosed < 0 ? panel.gaps : panel.gaps.slice(0, firstClosed);
      expect(opens.every((gap) => gap.state === 'open')).toBe(true);
      expect(panel.gaps.slice(opens.length).every((gap) => gap.state !== 'open')).toBe(true);
      expect(opens.map((gap) => gap.priority)).toEqual([...opens.map((gap) => gap.priority)].sort((a, b) => b - a));
      open += opens.length;
    }
    expect(open).toBeGreaterThan(20);
  });

  it('gives every closed or excluded gap the evidence that decided it, each record in words', () => {
    const decided = computed.flatMap(({ panel }) =>
      panel.gaps.filter((gap) => gap.state.startsWith('closed') || gap.state === 'excluded'),
    );
    expect(decided.length).toBeGreaterThan(10);
    for (const gap of decided) {
      expect(gap.evidence.length, gap.gapId).toBeGreaterThan(0);
    }
    const confirmed = decided.filter((gap) => gap.state === 'closed-confirmed');
    expect(confirmed.length).toBeGreaterThan(0);
    for (const gap of confirmed) {
      const claims = gap.evidence.filter((e) => e.source === 'claim');
      expect(claims.length, gap.gapId).toBeGreaterThan(0);
      expect(claims.every((e) => e.claimId !== null && e.claimVersion !== null && e.text.includes(e.claimId))).toBe(
        true,
      );
    }
  });

  it('keeps the score the result keeps, with the MA payment score beside it, and HCC statuses the recapture gaps agree with', () => {
    let hccs = 0;
    let maScored = 0;
    for (const { result, panel } of computed) {
      expect(panel.risk).toMatchObject(result.risk ?? {});
      if (panel.risk !== null && 'paymentScore' in panel.risk && panel.risk.paymentScore !== null) {
        // Payment year 2026 is V28 alone: the MA payment score is the normalised one less the 5.9% coding-pattern
        // adjustment, rounded to three places (reference §3.5).
        expect(panel.risk.maPaymentScore).not.toBeNull();
        expect(Math.abs((panel.risk.maPaymentScore ?? 0) - panel.risk.paymentScore * (1 - 0.059))).toBeLessThanOrEqual(
          0.0005 + 1e-9,
        );
        maScored += 1;
      }
      const recaptureGaps = result.gaps.filter((gap) => gap.kind === 'hcc-recapture' && gap.state === 'open');
      const open = panel.hccs.filter((hcc) => hcc.status === 'open');
      expect(open.map((hcc) => hcc.gapId).sort()).toEqual(recaptureGaps.map((gap) => gap.gapId).sort());
      expect(open.every((hcc) => hcc.uplift !== null && hcc.thisYearEvidence.length === 0)).toBe(true);
      for (const hcc of panel.hccs) {
        // Coded last year (open, recaptured, covered, not-chronic) has last year's claims; coded this year, this year's.
        expect(hcc.lastYearEvidence.length > 0, hcc.subject).toBe(hcc.status !== 'new');
        expect(hcc.thisYearEvidence.length > 0, hcc.subject).toBe(hcc.status === 'recaptured' || hcc.status === 'new');
        expect(hcc.lastYearEvidence.every((e) => e.date.startsWith('2025') && e.system === 'icd10cm')).toBe(true);
        expect(hcc.thisYearEvidence.every((e) => e.date.startsWith('2026'))).toBe(true);
      }
      hccs += panel.hccs.length;
    }
    expect(hccs).toBeGreaterThan(10);
    expect(maScored).toBeGreaterThan(10);
  });

  it('has the attribution rows the result has, each with its reason and the ranked dollars', () => {
    for (const { result, panel } of computed) {
      expect(
        panel.attribution.map(({ contractId, status, step, reason, tin, npi: n }) => ({
          contractId,
          status,
          step,
          reason,
          tin,
          npi: n,
        })),
      ).toEqual(result.attribution);
      for (const row of panel.attribution) {
        expect(row.explanation.length).toBeGreaterThan(20);
        expect(row.competitors.map((c) => c.rank)).toEqual(row.competitors.map((_, i) => i + 1));
        const cents = row.competitors.map((c) => c.allowedCents);
        expect(cents).toEqual([...cents].sort((a, b) => b - a));
      }
    }
    const assigned = computed.flatMap(({ panel }) => panel.attribution.filter((a) => a.step?.startsWith('step-')));
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.every((a) => a.basis !== null && a.competitors[0]?.kind === 'this-aco')).toBe(true);
  });

  it("sums the member's current claims into spend by month and category", () => {
    for (const { facts, panel } of computed) {
      const current = currentClaims(facts.claims);
      expect(panel.spend.totalPaidCents).toBe(current.reduce((sum, claim) => sum + paidCents(claim), 0));
      expect(panel.spend.totalMsspPaidCents).toBe(current.reduce((sum, claim) => sum + msspPaidCents(claim), 0));
      expect(panel.spend.months.reduce((sum, cell) => sum + cell.claims, 0)).toBe(current.length);
      expect(panel.summary.claims - panel.summary.cancelledClaims).toBe(current.length);
    }
    // The contract's categories are the finance engine's, and Part D; its gap states the measure engine's.
    expect([...PANEL_SPEND_CATEGORIES].sort()).toEqual([...SERVICE_CATEGORIES, 'partd'].sort());
    expect(PANEL_GAP_STATES).toEqual(GAP_STATES);
  });
});

describe('one patient, checked by hand', () => {
  const MEMBER = 'PANEL-1';
  const ACO_TIN = '111111111';
  const OUTSIDE_TIN = '222222221';
  const IMAGING_TIN = '555555551';
  const months = Array.from({ length: 36 }, (_, i) => {
    const index = 2024 * 12 + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
  const record: MemberEvent = {
    kind: 'member',
    memberId: MEMBER,
    asOf: '2026-05-01',
    birthDate: '1960-05-01',
    sex: 'F',
    stateCode: 'OH',
    orec: '0',
    enrollment: months.map((month) => ({ month, partA: true, partB: true, medicareAdvantage: false })),
  };
  const providers: ProviderEvent[] = [
    provider({ npi: ACO_PCP, tin: ACO_TIN, participant: true }),
    provider({ npi: OUTSIDE_PCP, tin: OUTSIDE_TIN }),
    provider({ npi: npi(41), tin: IMAGING_TIN, specialtyCode: '30' }),
  ];
  const contract: ContractEvent = { ...VALID_CONTRACT, contractId: 'A1001', participantTins: [ACO_TIN] };
  const dated = (claim: ClaimEvent, diagnoses: string[], paidDate: string): ClaimEvent => ({
    ...claim,
    diagnoses,
    paidDate,
    paidAmount: claim.lines.reduce((sum, line) => sum + line.paidAmount, 0),
  });
  const claims: ClaimEvent[] = [
    // Last year: diabetes with a chronic complication coded at the ACO's practice, not yet this year.
    dated(
      visit({
        claimId: 'C-PCP-1',
        memberId: MEMBER,
        tin: ACO_TIN,
        npi: ACO_PCP,
        specialty: '08',
        date: '2025-02-10',
        code: '99214',
        allowed: 150,
      }),
      ['E1122'],
      '2025-03-01',
    ),
    dated(
      visit({ claimId: 'C-PCP-2', memberId: MEMBER, tin: ACO_TIN, npi: ACO_PCP, specialty: '08', date: '2025-06-15' }),
      ['I10'],
      '2025-07-01',
    ),
    dated(
      visit({
        claimId: 'C-OUT-1',
        memberId: MEMBER,
        tin: OUTSIDE_TIN,
        npi: OUTSIDE_PCP,
        specialty: '08',
        date: '2025-04-01',
        allowed: 95,
      }),
      ['I10'],
      '2025-04-20',
    ),
    // The screening mammogram, at an imaging centre outside the ACO (not primary care).
    dated(
      visit({
        claimId: 'C-MAMMO',
        memberId: MEMBER,
        tin: IMAGING_TIN,
        npi: npi(41),
        specialty: '30',
        date: '2025-03-02',
        code: '77067',
        allowed: 120,
      }),
      ['Z1231'],
      '2025-03-20',
    ),
    // This year's office visit: the measures' qualifying encounter; hypertension only, so HCC 37 is not recaptured.
    dated(
      visit({ claimId: 'C-PCP-3', memberId: MEMBER, tin: ACO_TIN, npi: ACO_PCP, specialty: '08', date: '2026-02-20' }),
      ['I10'],
      '2026-03-05',
    ),
  ];
  const tenant = tenantContextOf({ contracts: [contract], providers }, { year: 2026, tables: config.assignmentTables });
  const facts: MemberFacts = {
    memberId: MEMBER,
    records: [record],
    claims,
    clinical: [],
    rosters: [],
    worklist: [],
    adt: [],
  };
  const panel = patientPanel(facts, tenant, config);

  it('lists hospital stays newest first with their transitional care, and the care outside the ACO', () => {
    const notice = (
      id: string,
      visitNumber: string,
      event: AdtEvent['event'],
      at: string,
      extra: Partial<AdtEvent> = {},
    ) =>
      ({
        kind: 'adt',
        sender: 'ADT^HOSP',
        messageId: id,
        memberId: MEMBER,
        event,
        eventAt: at,
        visitNumber,
        visitAssigner: 'HOSP',
        patientClass: 'inpatient',
        facility: { id: 'HOSP', name: 'Mercy Hospital', ccn: '360999' },
        ...(event === 'admit' || event === 'register' ? { admitAt: at } : {}),
        ...extra,
      }) as AdtEvent;
    const withStays = patientPanel(
      {
        ...facts,
        adt: [
          notice('1', 'V1', 'admit', '2026-06-05T08:00:00-04:00'),
          notice('2', 'V1', 'discharge', '2026-06-11T12:00:00-04:00', {
            dischargeAt: '2026-06-11T11:30:00-04:00',
            dischargeDisposition: { system: 'nubc', code: '06' },
            diagnoses: [{ code: 'J189', type: 'final' }],
          }),
          notice('3', 'E1', 'register', '2026-06-14T21:00:00-04:00', { patientClass: 'emergency' }),
        ],
      },
      tenant,
      config,
    );
    // TEST_ENGINE_CONFIG's today is 2026-06-15; discharged Thursday the 11th: contact due Monday the 15th.
    expect(withStays.transitions.stays.map((s) => [s.stayId, s.patientClass, s.status])).toEqual([
      ['HOSP|E1', 'emergency', 'active'],
      ['HOSP|V1', 'inpatient', 'discharged'],
    ]);
    expect(withStays.transitions.stays[1]).toMatchObject({
      facility: 'Mercy Hospital',
      facilityInAco: false,
      disposition: 'home with home health',
      diagnoses: ['J189'],
      notifications: 2,
      readmission: null,
      tcm: {
        contactDue: '2026-06-15',
        highComplexityVisitDue: '2026-06-18',
        visitDue: '2026-06-25',
        status: 'pending',
      },
    });
    expect(withStays.gaps.filter((g) => g.kind === 'care-transition').map((g) => g.subject)).toEqual(['TCM', 'ED']);
    expect(withStays.transitions.atRisk).toEqual([
      {
        reason: 'facility-outside-aco',
        where: '360999',
        date: '2026-06-14',
        cents: null,
        text: 'Hospital or ED care at 360999 (last 2026-06-14), outside the ACO',
      },
    ]);
  });

  it('closes breast cancer screening with the mammogram claim, and says so in words', () => {
    const gap = panel.gaps.find((g) => g.subject === 'CMS125');
    expect(gap).toMatchObject({
      gapId: 'PANEL-1:CMS125:2026-01-01',
      state: 'closed-confirmed',
      priority: 0,
      // A mammogram before October covers this year and no further.
      nextDueDate: '2026-12-31',
    });
    expect(gap?.evidence).toContainEqual({
      source: 'claim',
      eventId: 'C-MAMMO#line1',
      claimId: 'C-MAMMO',
      claimVersion: 1,
      system: 'cpt',
      code: '77067',
      date: '2025-03-02',
      value: null,
      role: 'mammography',
      text: 'mammography CPT 77067 on 2025-03-02, claim C-MAMMO',
    });
  });

  it("lists last year's diabetes HCC as open for recapture, with the claim that coded it", () => {
    expect(panel.hccs).toHaveLength(1);
    const [hcc] = panel.hccs;
    expect(hcc).toMatchObject({
      model: 'V28',
      hcc: 37,
      subject: 'V28 HCC 37',
      status: 'open',
      gapId: 'PANEL-1:V28 HCC 37:2026-01-01',
      thisYearEvidence: [],
    });
    expect(hcc?.label).toMatch(/Diabetes with Chronic Complications/i);
    expect(hcc?.uplift).toBeGreaterThan(0);
    expect(hcc?.lastYearEvidence).toEqual([
      {
        source: 'claim',
        eventId: 'C-PCP-1#v1',
        claimId: 'C-PCP-1',
        claimVersion: 1,
        system: 'icd10cm',
        code: 'E1122',
        date: '2025-02-10',
        value: null,
        role: '2025 coding (professional)',
        text: '2025 coding (professional) ICD-10-CM E1122 on 2025-02-10, claim C-PCP-1',
      },
    ]);
    // The same gap heads the gap list, open, with the same claim behind it.
    const gap = panel.gaps.find((g) => g.gapId === hcc?.gapId);
    expect(gap?.state).toBe('open');
    expect(gap?.evidence.map((e) => e.eventId)).toEqual(['C-PCP-1#v1']);
  });

  it('reaches back to the year before last with a two-year lookback: diabetes coded in 2024 alone is a gap', () => {
    const coded2024 = dated(
      visit({
        claimId: 'C-PCP-0',
        memberId: MEMBER,
        tin: ACO_TIN,
        npi: ACO_PCP,
        specialty: '08',
        date: '2024-09-12',
        code: '99214',
        allowed: 150,
      }),
      ['E1122'],
      '2024-10-01',
    );
    const only2024: MemberFacts = { ...facts, claims: [coded2024, ...claims.filter((c) => c.claimId !== 'C-PCP-1')] };
    // Last year's coding alone (what the prospective model reads): nothing to chase.
    const oneYear = patientPanel(only2024, tenant, { ...config, recaptureLookbackYears: 1 });
    expect(oneYear.risk).toMatchObject({ recaptureLookbackYears: 1 });
    expect(oneYear.hccs).toEqual([]);
    expect(oneYear.gaps.filter((gap) => gap.kind === 'hcc-recapture')).toEqual([]);

    const twoYears = patientPanel(only2024, tenant, { ...config, recaptureLookbackYears: 2 });
    expect(twoYears.risk).toMatchObject({ recaptureLookbackYears: 2, codingYear: 2026 });
    expect(twoYears.hccs).toHaveLength(1);
    const [hcc] = twoYears.hccs;
    expect(hcc).toMatchObject({
      hcc: 37,
      status: 'open',
      gapId: 'PANEL-1:V28 HCC 37:2026-01-01',
      lastYearEvidence: [],
      thisYearEvidence: [],
    });
    expect(hcc?.uplift).toBeGreaterThan(0);
    expect(hcc?.earlierYearEvidence.map((e) => [e.eventId, e.code, e.date, e.role])).toEqual([
      ['C-PCP-0#v1', 'E1122', '2024-09-12', '2024 coding (professional)'],
    ]);
    const gap = twoYears.gaps.find((g) => g.gapId === hcc?.gapId);
    expect(gap?.state).toBe('open');
    expect(gap?.evidence.map((e) => [e.eventId, e.role])).toEqual([['C-PCP-0#v1', '2024 coding']]);

    // Coded in both years: the gap carries last year's claim, the most recent coding; the panel shows both years'.
    const both = patientPanel({ ...facts, claims: [coded2024, ...claims] }, tenant, {
      ...config,
      recaptureLookbackYears: 2,
    });
    expect(
      both.hccs.map((h) => [
        h.status,
        h.lastYearEvidence.map((e) => e.eventId),
        h.earlierYearEvidence.map((e) => e.eventId),
      ]),
    ).toEqual([['open', ['C-PCP-1#v1'], ['C-PCP-0#v1']]]);
    expect(both.gaps.find((g) => g.gapId === hcc?.gapId)?.evidence.map((e) => [e.eventId, e.role])).toEqual([
      ['C-PCP-1#v1', '2025 coding'],
    ]);
  });

  it('attributes at step 1 by primary-care dollars: $250.00 at the ACO against $95.00 at the outside TIN', () => {
    expect(panel.attribution).toHaveLength(1);
    const [row] = panel.attribution;
    expect(row).toMatchObject({
      contractId: 'A1001',
      method: 'mssp-claims',
      performanceYear: 2026,
      status: 'attributed',
      step: 'step-1',
      reason: null,
      tin: ACO_TIN,
      npi: ACO_PCP,
      // Prospective assignment for 2026 reads the 12 months to the September before.
      basis: { step: 'step-1', from: '2024-10-01', through: '2025-09-30' },
      competitors: [
        { rank: 1, kind: 'this-aco', id: 'A1001', allowedCents: 25000, services: 2, lastServiceDate: '2025-06-15' },
        { rank: 2, kind: 'tin', id: OUTSIDE_TIN, allowedCents: 9500, services: 1, lastServiceDate: '2025-04-01' },
      ],
    });
    expect(row?.explanation).toBe(
      'Assigned at step 1 (primary care physicians): this ACO had the most primary-care allowed dollars, ' +
        '$250.00 over 2 services from 2024-10-01 to 2025-09-30; next, TIN 222222221 with $95.00 over 1 service. ' +
        `Home: TIN ${ACO_TIN}, NPI ${ACO_PCP}.`,
    );
  });

  it('sums spend by incurred month and category, and summarises the facts', () => {
    expect(panel.spend.months.map((cell) => [cell.month, cell.category, cell.paidCents, cell.claims])).toEqual([
      ['2025-02', 'professional', 12000, 1],
      ['2025-03', 'professional', 9600, 1],
      ['2025-04', 'professional', 7600, 1],
      ['2025-06', 'professional', 8000, 1],
      ['2026-02', 'professional', 8000, 1],
    ]);
    expect(panel.summary).toEqual({
      onFile: true,
      memberRecords: 1,
      claims: 5,
      cancelledClaims: 0,
      clinicalEvents: 0,
      rosterRows: 0,
      worklistActions: 0,
      latestClaimPaidDate: '2026-03-05',
      latestServiceDate: '2026-02-20',
      latestClinicalDate: null,
      enrollmentAsOf: '2026-05-01',
      rosterAsOf: null,
    });
  });

  describe("with the coordinators' worklist", () => {
    const crc = 'PANEL-1:CMS130:2026-01-01';
    const bp = 'PANEL-1:CMS165:2026-01-01';
    const act = (actionId: string, at: string, action: WorklistAction, by = 'coord.rivera'): WorklistEvent => ({
      kind: 'worklist',
      actionId,
      memberId: MEMBER,
      at,
      by,
      action,
    });
    // In arrival order, not the order they happened in.
    const worklist = [
      act('w-3', '2026-06-10T15:00:00Z', {
        type: 'outreach',
        gapId: crc,
        channel: 'phone',
        outcome: 'no-answer',
        nextAttemptOn: '2026-06-17',
        barrier: 'transportation',
      }),
      act('w-1', '2026-06-01T09:00:00Z', { type: 'assign', assignee: 'coord.rivera' }, 'lead.kim'),
      act('w-4', '2026-06-11T10:00:00Z', { type: 'close', gapId: bp, reason: 'other', note: 'Read at the pharmacy.' }),
      act('w-2', '2026-06-05T09:30:00Z', { type: 'outreach', channel: 'letter', outcome: 'no-answer' }),
    ];
    const worked = patientPanel({ ...facts, worklist }, tenant, config);
    const gap = (gapId: string) => worked.gaps.find((g) => g.gapId === gapId);

    it('lists every action newest first, each in words', () => {
      expect(worked.worklist.coordinator).toBe('coord.rivera');
      expect(worked.worklist.history.map((a) => [a.actionId, a.by, a.text])).toEqual([
        ['w-4', 'coord.rivera', 'Closed Controlling High Blood Pressure: other'],
        [
          'w-3',
          'coord.rivera',
          'Phone call: no answer; next attempt 2026-06-17; barrier: transportation — Colorectal Cancer Screening',
        ],
        ['w-2', 'coord.rivera', 'Letter: no answer — the patient in general'],
        ['w-1', 'lead.kim', 'Assigned to coord.rivera'],
      ]);
      expect(worked.worklist.history[0]).toMatchObject({
        type: 'close',
        gapId: bp,
        reason: 'other',
        note: 'Read at the pharmacy.',
        channel: null,
      });
      expect(worked.worklist.history[1]).toMatchObject({ channel: 'phone', outcome: 'no-answer', gapId: crc });
      expect(worked.summary.worklistActions).toBe(4);
    });

    it('gives each gap its status; a waiting gap and a closed one rank after the gaps to work now', () => {
      expect(gap(crc)).toMatchObject({
        state: 'open',
        status: 'attempted',
        coordinator: 'coord.rivera',
        // The letter to the patient counts for every gap, the call for this one.
        attempts: 2,
        lastOutreachAt: '2026-06-10T15:00:00Z',
        nextAttemptOn: '2026-06-17',
        // The next attempt is after today (2026-06-15): its score 5.5, a tier down.
        priority: -94.5,
        worklist: {
          lastOutreach: { at: '2026-06-10T15:00:00Z', channel: 'phone', outcome: 'no-answer' },
          scheduledOn: null,
          resolution: null,
        },
      });
      expect(gap(crc)?.explanation).toMatch(/^Next attempt on 2026-06-17: ranked after the gaps to work now\. /);
      expect(gap(bp)).toMatchObject({
        state: 'open',
        status: 'closed',
        attempts: 1,
        priority: 6.5 - 200,
        worklist: { resolution: { type: 'close', reason: 'other', at: '2026-06-11T10:00:00Z', by: 'coord.rivera' } },
      });
      expect(gap(bp)?.explanation).toMatch(/^Closed by coord\.rivera on 2026-06-11 \(other\): the measure stays open/);
      // The others are worked now, ranked as before, and first.
      const now = worked.gaps.filter((g) => g.state === 'open' && g.gapId !== crc && g.gapId !== bp);
      expect(now.map((g) => [g.gapId, g.priority, g.status])).toEqual(
        panel.gaps.filter((g) => now.some((n) => n.gapId === g.gapId)).map((g) => [g.gapId, g.priority, 'attempted']),
      );
      expect(worked.gaps.slice(0, now.length)).toEqual(now);
      // Measure states are the evidence's alone.
      const states = (gaps: typeof panel.gaps) => new Map(gaps.map((g) => [g.gapId, g.state]));
      expect(states(worked.gaps)).toEqual(states(panel.gaps));
    });
  });

  it('answers someone with no member record with the facts alone', () => {
    const orphan = patientPanel({ ...facts, records: [] }, tenant, config);
    expect(orphan).toMatchObject({ gaps: [], hccs: [], attribution: [], risk: null, summary: { onFile: false } });
    expect(orphan.spend.totalPaidCents).toBe(panel.spend.totalPaidCents);
  });

  it('writes dollars with separators', () => {
    expect([dollars(0), dollars(5), dollars(123456), dollars(100000000)]).toEqual([
      '$0.00',
      '$0.05',
      '$1,234.56',
      '$1,000,000.00',
    ]);
  });
});
