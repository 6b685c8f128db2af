import { describe, expect, it } from 'vitest';
import { assignBeneficiaries, assignmentConfig } from './assignment.js';
import {
  ACO_CARDIOLOGIST,
  ACO_ID,
  ACO_NP,
  ACO_PCP,
  ACO_PCP_2,
  ACO_PROVIDERS,
  ACO_TIN,
  ACO_TIN_2,
  OTHER_ACO_PCP,
  OTHER_ACO_TIN,
  OUTSIDE_CARDIOLOGIST,
  OUTSIDE_NP,
  OUTSIDE_PCP,
  OUTSIDE_PCP_2,
  OUTSIDE_TIN,
  OUTSIDE_TIN_2,
  SPECIALTY,
  TABLES,
  assignOne,
  member,
  npi,
  provider,
  visit,
  withMonths,
} from './__fixtures__/builders.js';

const M = 'M1';
const PY2024 = { performanceYear: 2024 } as const;

const acoPcp = (claimId: string, date: string, allowed: number, code = '99213') =>
  visit({ claimId, memberId: M, tin: ACO_TIN, npi: ACO_PCP, specialty: SPECIALTY.familyPractice, date, allowed, code });
const outsidePcp = (claimId: string, date: string, allowed: number, tin = OUTSIDE_TIN) =>
  visit({ claimId, memberId: M, tin, npi: OUTSIDE_PCP, specialty: SPECIALTY.familyPractice, date, allowed });
const acoNp = (claimId: string, date: string, allowed: number) =>
  visit({ claimId, memberId: M, tin: ACO_TIN, npi: ACO_NP, specialty: SPECIALTY.nursePractitioner, date, allowed });

describe('step 1: plurality of PCP and NPP primary care dollars', () => {
  it('pools the ACO TINs against each outside TIN alone: a plurality, not a majority', () => {
    // ACO: 130.00 + 95.50 = 225.50 across two TINs. Outside: 180.25 and 100.00 at two TINs (280.25 together).
    const result = assignOne(
      member(M),
      [
        visit({
          claimId: 'c1',
          memberId: M,
          tin: ACO_TIN,
          npi: ACO_PCP,
          specialty: '08',
          date: '2024-03-05',
          code: '99214',
          allowed: 130,
        }),
        visit({
          claimId: 'c2',
          memberId: M,
          tin: ACO_TIN_2,
          npi: ACO_PCP_2,
          specialty: '11',
          date: '2024-06-10',
          allowed: 95.5,
        }),
        visit({
          claimId: 'c3',
          memberId: M,
          tin: OUTSIDE_TIN,
          npi: OUTSIDE_PCP,
          specialty: '08',
          date: '2024-08-01',
          code: '99215',
          allowed: 180.25,
        }),
        visit({
          claimId: 'c4',
          memberId: M,
          tin: OUTSIDE_TIN_2,
          npi: OUTSIDE_PCP_2,
          specialty: '08',
          date: '2024-09-01',
          allowed: 100,
        }),
      ],
      PY2024,
    );
    expect(result).toMatchObject({
      contractId: ACO_ID,
      memberId: M,
      performanceYear: 2024,
      attribution: 'mssp-claims',
      status: 'attributed',
      step: 'step-1',
      reason: null,
      basis: { step: 'step-1', window: { from: '2024-01-01', through: '2024-12-31' } },
      // The NPI with the most dollars inside the ACO: ACO_PCP (130.00) over ACO_PCP_2 (95.50).
      home: { tin: ACO_TIN, npi: ACO_PCP, ccn: null },
      lastPrimaryCareVisit: { date: '2024-09-01', competitor: { kind: 'tin', id: OUTSIDE_TIN_2 }, npi: OUTSIDE_PCP_2 },
    });
    expect(result.competitors).toEqual([
      { kind: 'this-aco', id: ACO_ID, primaryCareCents: 22550, services: 2, lastServiceDate: '2024-06-10' },
      { kind: 'tin', id: OUTSIDE_TIN, primaryCareCents: 18025, services: 1, lastServiceDate: '2024-08-01' },
      { kind: 'tin', id: OUTSIDE_TIN_2, primaryCareCents: 10000, services: 1, lastServiceDate: '2024-09-01' },
    ]);
  });

  it('is not assigned when one outside TIN has more', () => {
    const result = assignOne(member(M), [acoPcp('c1', '2024-02-01', 100), outsidePcp('c2', '2024-03-01', 150)], PY2024);
    expect(result).toMatchObject({ status: 'not-attributed', step: null, reason: 'plurality-elsewhere', home: null });
    expect(result.competitors.map((c) => [c.kind, c.primaryCareCents])).toEqual([
      ['tin', 15000],
      ['this-aco', 10000],
    ]);
  });

  it('surfaces a tie for review instead of breaking it', () => {
    const result = assignOne(member(M), [acoPcp('c1', '2024-02-01', 100), outsidePcp('c2', '2024-03-01', 100)], PY2024);
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'tie' });
    expect(result.tiedWith).toEqual([
      { kind: 'this-aco', id: ACO_ID },
      { kind: 'tin', id: OUTSIDE_TIN },
    ]);
  });

  it('reads the specialty from the provider record when the claim line has none', () => {
    const line = visit({
      claimId: 'c1',
      memberId: M,
      tin: ACO_TIN,
      npi: ACO_PCP,
      specialty: null,
      date: '2024-02-01',
      allowed: 100,
    });
    const result = assignOne(member(M), [line, outsidePcp('c2', '2024-03-01', 80)], PY2024);
    expect(result).toMatchObject({ status: 'attributed', step: 'step-1' });
  });

  it('ignores practitioners with no assignment role (a general surgeon billing an office visit)', () => {
    const surgeon = visit({
      claimId: 'c1',
      memberId: M,
      tin: ACO_TIN,
      npi: ACO_PCP,
      specialty: SPECIALTY.generalSurgery,
      date: '2024-02-01',
      allowed: 500,
    });
    const result = assignOne(member(M), [surgeon], PY2024);
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'no-primary-care', basis: null, competitors: [] });
  });

  it('reads each claim at its latest version and drops cancelled claims', () => {
    const original = acoPcp('c1', '2024-02-01', 300);
    const lowered = { ...acoPcp('c1', '2024-02-01', 50), version: 2, adjustment: 'adjustment' as const };
    const cancelled = { ...acoPcp('c3', '2024-04-01', 400), version: 2, adjustment: 'cancel' as const };
    const result = assignOne(
      member(M),
      [lowered, original, acoPcp('c3', '2024-04-01', 400), cancelled, outsidePcp('c2', '2024-03-01', 80)],
      PY2024,
    );
    // Only c1 v2 (50.00) is current for the ACO: 50.00 < 80.00.
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'plurality-elsewhere' });
    expect(result.competitors.find((c) => c.kind === 'this-aco')?.primaryCareCents).toBe(5000);
  });
});

describe('pre-step: a primary care service from an ACO physician (PCP or step-2 specialist)', () => {
  it('is not met by ACO nurse practitioner services alone (before step 3 exists)', () => {
    const result = assignOne(member(M), [acoNp('c1', '2024-02-01', 300), outsidePcp('c2', '2024-03-01', 50)], PY2024);
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'pre-step-not-met' });
    // The 12-month comparison is still shown, for leakage work.
    expect(result.competitors.map((c) => [c.kind, c.primaryCareCents])).toEqual([
      ['this-aco', 30000],
      ['tin', 5000],
    ]);
  });

  it('met through an ACO specialist still compares PCP/NPP dollars when there are any (step 1, not step 2)', () => {
    const cardiology = visit({
      claimId: 'c1',
      memberId: M,
      tin: ACO_TIN,
      npi: ACO_CARDIOLOGIST,
      specialty: SPECIALTY.cardiology,
      date: '2024-02-01',
      code: '99214',
      allowed: 200,
    });
    const outsideNp = visit({
      claimId: 'c2',
      memberId: M,
      tin: OUTSIDE_TIN,
      npi: OUTSIDE_NP,
      specialty: SPECIALTY.nursePractitioner,
      date: '2024-03-01',
      allowed: 40,
    });
    const result = assignOne(member(M), [cardiology, outsideNp], PY2024);
    expect(result).toMatchObject({
      status: 'not-attributed',
      reason: 'plurality-elsewhere',
      basis: { step: 'step-1' },
    });
    expect(result.competitors).toEqual([
      { kind: 'tin', id: OUTSIDE_TIN, primaryCareCents: 4000, services: 1, lastServiceDate: '2024-03-01' },
    ]);
  });
});

describe('step 2: specialists, only without any PCP/NPP primary care service', () => {
  const acoCardiology = (allowed: number) =>
    visit({
      claimId: 'c1',
      memberId: M,
      tin: ACO_TIN,
      npi: ACO_CARDIOLOGIST,
      specialty: SPECIALTY.cardiology,
      date: '2024-02-01',
      code: '99214',
      allowed,
    });
  const outsideCardiology = (allowed: number) =>
    visit({
      claimId: 'c2',
      memberId: M,
      tin: OUTSIDE_TIN,
      npi: OUTSIDE_CARDIOLOGIST,
      specialty: SPECIALTY.cardiology,
      date: '2024-05-01',
      allowed,
    });

  it('assigns on the specialists’ plurality', () => {
    const result = assignOne(member(M), [acoCardiology(200), outsideCardiology(150)], PY2024);
    expect(result).toMatchObject({
      status: 'attributed',
      step: 'step-2',
      basis: { step: 'step-2' },
      home: { tin: ACO_TIN, npi: ACO_CARDIOLOGIST, ccn: null },
    });
    expect(result.competitors.map((c) => [c.kind, c.primaryCareCents])).toEqual([
      ['this-aco', 20000],
      ['tin', 15000],
    ]);
  });

  it('does not run when the beneficiary saw an NPP anywhere', () => {
    const outsideNp = visit({
      claimId: 'c3',
      memberId: M,
      tin: OUTSIDE_TIN_2,
      npi: OUTSIDE_NP,
      specialty: SPECIALTY.nursePractitioner,
      date: '2024-06-01',
      allowed: 10,
    });
    const result = assignOne(member(M), [acoCardiology(200), outsideCardiology(150), outsideNp], PY2024);
    expect(result).toMatchObject({
      status: 'not-attributed',
      reason: 'plurality-elsewhere',
      basis: { step: 'step-1' },
    });
  });

  it('is not assigned when an outside specialist has more', () => {
    const result = assignOne(member(M), [acoCardiology(100), outsideCardiology(150)], PY2024);
    expect(result).toMatchObject({
      status: 'not-attributed',
      reason: 'plurality-elsewhere',
      basis: { step: 'step-2' },
    });
  });
});

describe('step 3: ACO NPP services and the 24-month expanded window (PY2025+)', () => {
  it('assigns on PCP + NPP + specialist dollars over the expanded window', () => {
    // PY2025 retrospective: 12 months = 2025, expanded = 2024–2025. No ACO physician in 2025 (pre-step fails).
    const result = assignOne(
      member(M),
      [acoNp('c1', '2025-04-01', 90), acoPcp('c2', '2024-05-01', 120), outsidePcp('c3', '2025-06-01', 150)],
      { performanceYear: 2025 },
    );
    expect(result).toMatchObject({
      status: 'attributed',
      step: 'step-3',
      basis: { step: 'step-3', window: { from: '2024-01-01', through: '2025-12-31' } },
      home: { tin: ACO_TIN, npi: ACO_PCP, ccn: null },
    });
    expect(result.competitors.map((c) => [c.kind, c.primaryCareCents])).toEqual([
      ['this-aco', 21000],
      ['tin', 15000],
    ]);
  });

  it('does not exist before PY2025: the same facts a year earlier fail the pre-step', () => {
    const result = assignOne(
      member(M),
      [acoNp('c1', '2024-04-01', 90), acoPcp('c2', '2023-05-01', 120), outsidePcp('c3', '2024-06-01', 150)],
      PY2024,
    );
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'pre-step-not-met', basis: { step: 'step-1' } });
  });

  it('needs an ACO physician service somewhere in the expanded window', () => {
    const result = assignOne(member(M), [acoNp('c1', '2025-04-01', 90), outsidePcp('c3', '2025-06-01', 50)], {
      performanceYear: 2025,
    });
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'pre-step-not-met' });
  });

  it('counts outside dollars over the expanded window too', () => {
    const result = assignOne(
      member(M),
      [
        acoNp('c1', '2025-04-01', 90),
        acoPcp('c2', '2024-05-01', 120),
        outsidePcp('c3', '2025-06-01', 150),
        outsidePcp('c4', '2024-02-01', 100),
      ],
      { performanceYear: 2025 },
    );
    // ACO 210.00 < outside TIN 250.00 over 2024–2025.
    expect(result).toMatchObject({
      status: 'not-attributed',
      reason: 'plurality-elsewhere',
      basis: { step: 'step-3' },
    });
  });
});

describe('voluntary alignment (42 CFR 425.402(e))', () => {
  const designating = (npi: string, tin: string, effectiveDate = '2023-06-01') =>
    member(M, { voluntaryAlignment: { npi, tin, effectiveDate } });

  it('assigns to the ACO of the designated clinician whatever the claims say', () => {
    const result = assignOne(designating(ACO_PCP_2, ACO_TIN_2), [outsidePcp('c1', '2024-03-01', 500)], PY2024);
    expect(result).toMatchObject({
      status: 'attributed',
      step: 'voluntary-alignment',
      home: { tin: ACO_TIN_2, npi: ACO_PCP_2, ccn: null },
    });
    expect(result.competitors.map((c) => c.kind)).toEqual(['tin']);
  });

  it('assigns with no claims at all', () => {
    expect(assignOne(designating(ACO_PCP, ACO_TIN), [], PY2024)).toMatchObject({ step: 'voluntary-alignment' });
  });

  it('keeps a beneficiary who designated an outside clinician from claims assignment', () => {
    const result = assignOne(designating(OUTSIDE_PCP, OUTSIDE_TIN), [acoPcp('c1', '2024-03-01', 500)], PY2024);
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'aligned-elsewhere' });
  });

  it('needs the designated clinician to be an ACO professional, not just the designated TIN a participant', () => {
    // OUTSIDE_PCP has no record under ACO_TIN: naming ACO_TIN with them does not make them an ACO professional.
    const result = assignOne(designating(OUTSIDE_PCP, ACO_TIN), [acoPcp('c1', '2024-03-01', 500)], PY2024);
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'aligned-elsewhere', home: null });
  });

  it('does not count a clinician who left the participant TIN before the list date', () => {
    const departed = npi(5);
    const providers = [
      ...ACO_PROVIDERS,
      provider({ npi: departed, tin: ACO_TIN, participant: true, effectiveTo: '2023-12-31' }),
    ];
    const result = assignOne(designating(departed, ACO_TIN), [acoPcp('c1', '2024-03-01', 500)], PY2024, {
      providers,
    });
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'aligned-elsewhere' });
  });

  it('assigns when the designated clinician is an ACO professional, homed at the participant TIN they bill through', () => {
    // ACO_PCP bills through ACO_TIN only; the designation names an outside TIN.
    const result = assignOne(designating(ACO_PCP, OUTSIDE_TIN), [outsidePcp('c1', '2024-03-01', 500)], PY2024);
    expect(result).toMatchObject({
      status: 'attributed',
      step: 'voluntary-alignment',
      home: { tin: ACO_TIN, npi: ACO_PCP, ccn: null },
    });
  });

  it('reads the contract’s participant TINs for who is an ACO professional', () => {
    // ACO_PCP_2's record is flagged, but a contract listing only ACO_TIN leaves ACO_TIN_2 (and them) outside.
    const designated = designating(ACO_PCP_2, ACO_TIN_2);
    const aco = { acoId: ACO_ID, participantTins: [ACO_TIN] };
    expect(assignOne(designated, [], PY2024, { aco })).toMatchObject({ reason: 'aligned-elsewhere' });
    expect(assignOne(designated, [], PY2024, { aco: { ...aco, participantTins: [ACO_TIN, ACO_TIN_2] } })).toMatchObject(
      { step: 'voluntary-alignment', home: { tin: ACO_TIN_2, npi: ACO_PCP_2, ccn: null } },
    );
  });

  it('still requires eligibility', () => {
    const profile = withMonths(designating(ACO_PCP, ACO_TIN), { '2024-05': { medicareAdvantage: true } });
    expect(assignOne(profile, [], PY2024)).toMatchObject({
      reason: 'ineligible',
      failedScreens: ['medicare-advantage-month'],
    });
  });

  it('ignores a designation that takes effect after the cut-off', () => {
    const result = assignOne(
      designating(OUTSIDE_PCP, OUTSIDE_TIN, '2025-02-01'),
      [acoPcp('c1', '2024-03-01', 100)],
      PY2024,
    );
    expect(result).toMatchObject({ status: 'attributed', step: 'step-1' });
  });
});

describe('eligibility screens (42 CFR 425.401)', () => {
  const claims = [acoPcp('c1', '2024-03-01', 100)];

  it('excludes a beneficiary with a Medicare Advantage month in the window', () => {
    const result = assignOne(withMonths(member(M), { '2024-05': { medicareAdvantage: true } }), claims, PY2024);
    expect(result).toMatchObject({
      status: 'not-attributed',
      reason: 'ineligible',
      failedScreens: ['medicare-advantage-month'],
    });
    // The claims comparison is still reported.
    expect(result.competitors).toHaveLength(1);
  });

  it('excludes a beneficiary with a Part A-only month', () => {
    const result = assignOne(withMonths(member(M), { '2024-07': { partB: false } }), claims, PY2024);
    expect(result).toMatchObject({ reason: 'ineligible', failedScreens: ['part-a-or-b-only-month'] });
  });

  it('excludes a beneficiary with no month of both Parts in the window', () => {
    const profile = member(M, { months: [] });
    expect(assignOne(profile, claims, PY2024)).toMatchObject({ failedScreens: ['no-part-a-and-b-month'] });
  });

  it('looks only at the months of the window', () => {
    const profile = withMonths(member(M), { '2023-05': { medicareAdvantage: true }, '2025-01': { partA: false } });
    expect(assignOne(profile, claims, PY2024)).toMatchObject({ status: 'attributed' });
  });

  it('excludes residence outside the United States and territories, and members of another initiative', () => {
    expect(assignOne(member(M, { stateCode: 'ZZ' }), claims, PY2024)).toMatchObject({
      failedScreens: ['outside-united-states'],
    });
    expect(assignOne(member(M, { stateCode: 'PR' }), claims, PY2024)).toMatchObject({ status: 'attributed' });
    expect(assignOne(member(M), claims, { ...PY2024, otherInitiativeMembers: new Set([M]) })).toMatchObject({
      failedScreens: ['other-shared-savings-initiative'],
    });
  });

  it('removes a prospectively assigned beneficiary for an MA month during the performance year', () => {
    const acoVisit = acoPcp('c1', '2025-03-01', 100); // in the PY2026 prospective window (Oct 2024 – Sep 2025)
    const prospective = { performanceYear: 2026, method: 'prospective' } as const;
    expect(assignOne(member(M), [acoVisit], prospective)).toMatchObject({ status: 'attributed', step: 'step-1' });
    const result = assignOne(
      withMonths(member(M), { '2026-03': { medicareAdvantage: true } }),
      [acoVisit],
      prospective,
    );
    expect(result).toMatchObject({ reason: 'ineligible', failedScreens: ['medicare-advantage-month'] });
  });
});

describe('other ACOs and TINs in more than one ACO', () => {
  it('pools another ACO’s TINs as one competitor', () => {
    const otherAcoTins = new Map([
      [OTHER_ACO_TIN, new Set(['A2002'])],
      ['333333332', new Set(['A2002'])],
    ]);
    const otherVisit = (claimId: string, tin: string, allowed: number) =>
      visit({ claimId, memberId: M, tin, npi: OTHER_ACO_PCP, specialty: '08', date: '2024-05-01', allowed });
    const result = assignOne(
      member(M),
      [acoPcp('c1', '2024-02-01', 100), otherVisit('c2', OTHER_ACO_TIN, 60), otherVisit('c3', '333333332', 60)],
      { ...PY2024, otherAcoTins },
    );
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'plurality-elsewhere' });
    expect(result.competitors.map((c) => [c.kind, c.id, c.primaryCareCents])).toEqual([
      ['other-aco', 'A2002', 12000],
      ['this-aco', ACO_ID, 10000],
    ]);
  });

  it('leaves out services billed through a TIN that participates in two ACOs (42 CFR 425.400(a)(2)(iii))', () => {
    const claims = [
      acoPcp('c1', '2024-02-01', 500),
      visit({
        claimId: 'c2',
        memberId: M,
        tin: ACO_TIN_2,
        npi: ACO_PCP_2,
        specialty: '11',
        date: '2024-03-01',
        allowed: 50,
      }),
      outsidePcp('c3', '2024-04-01', 100),
    ];
    expect(assignOne(member(M), claims, PY2024)).toMatchObject({ status: 'attributed', excludedMultiAcoTins: [] });
    const result = assignOne(member(M), claims, { ...PY2024, otherAcoTins: new Map([[ACO_TIN, new Set(['A2002'])]]) });
    expect(result).toMatchObject({
      status: 'not-attributed',
      reason: 'plurality-elsewhere',
      excludedMultiAcoTins: [ACO_TIN],
    });
    expect(result.competitors.map((c) => [c.kind, c.primaryCareCents])).toEqual([
      ['tin', 10000],
      ['this-aco', 5000],
    ]);
  });

  it('leaves out services billed through a TIN on two other ACOs’ lists, crediting neither ACO', () => {
    const otherVisit = visit({
      claimId: 'c2',
      memberId: M,
      tin: OTHER_ACO_TIN,
      npi: OTHER_ACO_PCP,
      specialty: '08',
      date: '2024-05-01',
      allowed: 150,
    });
    const claims = [acoPcp('c1', '2024-02-01', 100), otherVisit];
    // Listed by one other ACO only, its 150.00 beats the ACO's 100.00.
    const single = assignOne(member(M), claims, {
      ...PY2024,
      otherAcoTins: new Map([[OTHER_ACO_TIN, new Set(['A2002'])]]),
    });
    expect(single).toMatchObject({ status: 'not-attributed', reason: 'plurality-elsewhere', excludedMultiAcoTins: [] });
    // Listed by two other ACOs, its services count for nobody: the ACO's 100.00 is then the plurality.
    const result = assignOne(member(M), claims, {
      ...PY2024,
      otherAcoTins: new Map([[OTHER_ACO_TIN, new Set(['A2002', 'A3003'])]]),
    });
    expect(result).toMatchObject({
      status: 'attributed',
      step: 'step-1',
      excludedMultiAcoTins: [OTHER_ACO_TIN],
    });
    expect(result.competitors.map((c) => [c.kind, c.id, c.primaryCareCents])).toEqual([['this-aco', ACO_ID, 10000]]);
  });
});

describe('prospective and retrospective windows', () => {
  // PY2026: an ACO visit in March 2025, an outside visit in April 2026.
  const claims = [acoPcp('c1', '2025-03-10', 100), outsidePcp('c2', '2026-04-10', 150)];

  it('prospective reads Oct 1 2024 – Sep 30 2025 by default', () => {
    const result = assignOne(member(M), claims, { performanceYear: 2026, method: 'prospective' });
    expect(result).toMatchObject({
      status: 'attributed',
      step: 'step-1',
      basis: { window: { from: '2024-10-01', through: '2025-09-30' } },
    });
    expect(result.competitors.map((c) => c.kind)).toEqual(['this-aco']);
  });

  it('retrospective reads the performance year itself by default', () => {
    const result = assignOne(member(M), claims, { performanceYear: 2026, method: 'retrospective' });
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'pre-step-not-met' });
    expect(result.competitors.map((c) => c.kind)).toEqual(['tin']);
  });

  it('takes any window the caller gives instead', () => {
    const windows = {
      assignment: { from: '2025-05-01', through: '2026-04-30' },
      expanded: { from: '2024-05-01', through: '2026-04-30' },
      exclusion: null,
    };
    const result = assignOne(member(M), claims, { performanceYear: 2026, windows });
    expect(result).toMatchObject({ status: 'not-attributed', reason: 'pre-step-not-met' });
    expect(result.lastPrimaryCareVisit).toMatchObject({ date: '2026-04-10' });
  });
});

describe('answers for every member', () => {
  it('returns one result per profile, in member id order, each with its own claims', () => {
    const config = assignmentConfig({ performanceYear: 2024, method: 'retrospective', tables: TABLES });
    const results = assignBeneficiaries(
      {
        aco: { acoId: ACO_ID },
        members: [member('M3'), member('M1'), member('M2')],
        claims: [acoPcp('c1', '2024-02-01', 100), { ...outsidePcp('c2', '2024-02-01', 100), memberId: 'M2' }],
        providers: ACO_PROVIDERS,
      },
      config,
    );
    expect(results.map((r) => [r.memberId, r.status, r.reason])).toEqual([
      ['M1', 'attributed', null],
      ['M2', 'not-attributed', 'pre-step-not-met'],
      ['M3', 'not-attributed', 'no-primary-care'],
    ]);
  });

  it('refuses a performance year the code list does not cover', () => {
    expect(() => assignOne(member(M), [], { performanceYear: 2020 })).toThrow(RangeError);
  });
});
