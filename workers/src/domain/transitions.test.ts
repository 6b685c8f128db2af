import type { AdtEvent, ClaimEvent, ClinicalEvent, WorklistEvent } from '@benchline/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VALID_CLAIM, VALID_CLINICAL } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { deriveStays } from './adt.js';
import { DEFAULT_BUSINESS_CALENDAR } from './business-days.js';
import type { TransitionsInput } from './transitions.js';
import { deriveTransitions, transitionGapId } from './transitions.js';

const MEMBER = '1EG4TE5MK73';
const HOSPITAL = { id: 'GENHOSP', name: 'General Hospital', ccn: '330101' };

let messages = 0;
/** A notification of stay `visit` at local time `at` (Eastern, written with its offset). */
function adt(visit: string, event: AdtEvent['event'], at: string, extra: Partial<AdtEvent> = {}): AdtEvent {
  messages += 1;
  const time = `${at}:00-05:00`;
  return {
    kind: 'adt',
    sender: 'EPICADT^GENHOSP',
    messageId: `M${messages}`,
    memberId: MEMBER,
    event,
    eventAt: time,
    visitNumber: visit,
    visitAssigner: 'GENHOSP',
    patientClass: 'inpatient',
    facility: HOSPITAL,
    ...(event === 'admit' || event === 'register' ? { admitAt: time } : {}),
    ...(event === 'discharge' ? { dischargeAt: time, dischargeDisposition: { system: 'nubc', code: '01' } } : {}),
    source: 'hl7',
    ...extra,
  };
}

function outreach(
  id: string,
  at: string,
  outcome: 'reached' | 'voicemail' | 'no-answer' | 'refused' | 'scheduled',
  channel: 'phone' | 'portal' | 'letter' | 'in-person' = 'phone',
): WorklistEvent {
  return {
    kind: 'worklist',
    actionId: id,
    memberId: MEMBER,
    at: `${at}T10:00:00-05:00`,
    by: 'alice',
    action: { type: 'outreach', channel, outcome },
  };
}

function visitClaim(id: string, date: string, hcpcs: string): ClaimEvent {
  const line = VALID_CLAIM.lines[0]!;
  return {
    ...VALID_CLAIM,
    claimId: id,
    memberId: MEMBER,
    fromDate: date,
    throughDate: date,
    lines: [{ ...line, lineNumber: 1, hcpcs, fromDate: date, throughDate: date }],
  };
}

/** A Friday-to-Friday inpatient stay, discharged home on Friday 2026-11-20. */
const stay = [adt('V1', 'admit', '2026-11-13T09:00'), adt('V1', 'discharge', '2026-11-20T14:00')];

function input(adtEvents: readonly AdtEvent[], extra: Partial<TransitionsInput> = {}): TransitionsInput {
  return {
    memberId: MEMBER,
    stays: deriveStays(adtEvents),
    claims: [],
    clinical: [],
    worklist: [],
    attributedByClaims: true,
    primaryCareOutside: [],
    participantFacilities: { ccns: new Set(['330101']), npis: new Set() },
    ...extra,
  };
}

const on = (today: string) => ({ today, calendar: DEFAULT_BUSINESS_CALENDAR });

describe('transitional care after a discharge home', () => {
  it('asks for a contact within 2 business days (Friday → Tuesday) and a visit within 7 or 14 days', () => {
    const { tcm, gaps } = deriveTransitions(input(stay), on('2026-11-23'));
    expect(tcm).toEqual([
      expect.objectContaining({
        dischargeDate: '2026-11-20',
        contactDue: '2026-11-24',
        highComplexityVisitDue: '2026-11-27',
        visitDue: '2026-12-04',
        status: 'pending',
        contactOn: null,
        visitOn: null,
      }),
    ]);
    expect(gaps).toEqual([
      expect.objectContaining({
        kind: 'care-transition',
        subject: 'TCM',
        gapId: transitionGapId(MEMBER, 'TCM', 'GENHOSP|V1'),
        state: 'open',
        dueDate: '2026-11-24',
        title: 'Transitional care after discharge from General Hospital on 2026-11-20',
      }),
    ]);
    expect(gaps[0]!.reason).toMatch(/contact the patient by 2026-11-24/);
  });

  it('moves the due date to the visit once the patient is reached, and completes with the visit', () => {
    const reached = [outreach('o1', '2026-11-23', 'reached')];
    const contacted = deriveTransitions(input(stay, { worklist: reached }), on('2026-11-23'));
    expect(contacted.tcm[0]).toMatchObject({ contactOn: '2026-11-23', contactBy: 'outreach', status: 'pending' });
    expect(contacted.gaps[0]).toMatchObject({ state: 'open', dueDate: '2026-12-04' });

    const seen = deriveTransitions(
      input(stay, { worklist: reached, claims: [visitClaim('C-V', '2026-12-01', '99214')] }),
      on('2026-12-02'),
    );
    expect(seen.tcm[0]).toMatchObject({ status: 'completed', visitOn: '2026-12-01', visitBy: 'claim', billedOn: null });
    expect(seen.gaps[0]).toMatchObject({ state: 'closed-provisional', dueDate: null });
    expect(seen.gaps[0]!.evidence.map((e) => e.role)).toEqual(['interactive contact', 'follow-up visit']);
  });

  it('is confirmed by the TCM claim, dated at the visit, whatever the outreach log says', () => {
    const billed = deriveTransitions(
      input(stay, { claims: [visitClaim('C-T', '2026-11-26', '99496')] }),
      on('2026-12-20'),
    );
    expect(billed.tcm[0]).toMatchObject({ status: 'completed', billedOn: '2026-11-26' });
    expect(billed.gaps[0]!.state).toBe('closed-confirmed');
  });

  it('accepts two timely unsuccessful attempts in place of a contact, but not one, and not a letter', () => {
    const two = [outreach('a1', '2026-11-23', 'voicemail'), outreach('a2', '2026-11-24', 'no-answer')];
    expect(deriveTransitions(input(stay, { worklist: two }), on('2026-11-25')).tcm[0]).toMatchObject({
      contactOn: '2026-11-24',
      contactBy: 'attempts',
      status: 'pending',
    });
    const one = deriveTransitions(input(stay, { worklist: two.slice(0, 1) }), on('2026-11-25'));
    expect(one.tcm[0]).toMatchObject({ contactOn: null, status: 'missed' });
    const letter = [outreach('l1', '2026-11-23', 'reached', 'letter')];
    expect(deriveTransitions(input(stay, { worklist: letter }), on('2026-11-23')).tcm[0]!.contactOn).toBeNull();
  });

  it('is missed once the contact deadline passes, yet stays on the queue until the visit deadline', () => {
    const late = deriveTransitions(input(stay), on('2026-11-25'));
    expect(late.tcm[0]!.status).toBe('missed');
    expect(late.gaps[0]).toMatchObject({ state: 'open', dueDate: '2026-12-04' });
    expect(late.gaps[0]!.reason).toMatch(/no contact within 2 business days/);
    const gone = deriveTransitions(input(stay), on('2026-12-05'));
    expect(gone.gaps[0]).toMatchObject({ state: 'not-applicable' });
  });

  it('counts the contact window over Thanksgiving: discharged Wednesday, contact due Monday', () => {
    const wednesday = [adt('V2', 'admit', '2026-11-20T09:00'), adt('V2', 'discharge', '2026-11-25T16:00')];
    const { tcm } = deriveTransitions(input(wednesday), on('2026-11-27'));
    expect(tcm[0]).toMatchObject({ contactDue: '2026-11-30', status: 'pending' });
    const closedFriday = { ...DEFAULT_BUSINESS_CALENDAR, extraHolidays: ['2026-11-27'] };
    expect(
      deriveTransitions(input(wednesday), { today: '2026-11-27', calendar: closedFriday }).tcm[0]!.contactDue,
    ).toBe('2026-12-01');
  });

  it('is excluded when the patient refuses, and counts an EHR office visit and an in-person outreach as the visit', () => {
    const refused = deriveTransitions(
      input(stay, { worklist: [outreach('r', '2026-11-23', 'refused')] }),
      on('2026-11-24'),
    );
    expect(refused.tcm[0]!.status).toBe('declined');
    expect(refused.gaps[0]!.state).toBe('excluded');

    const encounter: ClinicalEvent = {
      ...VALID_CLINICAL,
      clinicalId: 'Encounter/e1',
      memberId: MEMBER,
      type: 'encounter',
      status: 'completed',
      code: { system: 'cpt', code: '99213' },
      effectiveDate: '2026-11-30',
    };
    const ehr = deriveTransitions(
      input(stay, { clinical: [encounter], worklist: [outreach('o', '2026-11-23', 'reached')] }),
      on('2026-12-01'),
    );
    expect(ehr.tcm[0]).toMatchObject({ status: 'completed', visitBy: 'encounter' });
    const home = deriveTransitions(
      input(stay, {
        worklist: [outreach('o', '2026-11-23', 'reached'), outreach('h', '2026-11-27', 'reached', 'in-person')],
      }),
      on('2026-11-28'),
    );
    expect(home.tcm[0]).toMatchObject({ status: 'completed', visitBy: 'outreach', visitOn: '2026-11-27' });
  });

  it('is not opened for a discharge to a skilled nursing facility, a transfer or a death', () => {
    for (const code of ['03', '02', '20', '51']) {
      const notHome = [
        adt('V3', 'admit', '2026-11-10T09:00'),
        adt('V3', 'discharge', '2026-11-20T14:00', { dischargeDisposition: { system: 'nubc', code } }),
      ];
      expect(deriveTransitions(input(notHome), on('2026-11-21')).tcm, code).toEqual([]);
    }
  });

  it('keeps its row when an update corrects the discharge time, so the coordinators keep their work on it', () => {
    const corrected = [...stay, adt('V1', 'update', '2026-11-20T18:00', { dischargeAt: '2026-11-21T01:00:00-05:00' })];
    const before = deriveTransitions(input(stay), on('2026-11-21')).gaps[0]!;
    const after = deriveTransitions(input(corrected), on('2026-11-21')).gaps[0]!;
    expect(after.gapId).toBe(before.gapId);
    expect(after.period.start).toBe('2026-11-21');
  });
});

describe('admissions and ED visits on the queue', () => {
  it('shows an inpatient stay in progress, and drops it when the discharge notice is a month overdue', () => {
    const admitted = [adt('V4', 'admit', '2026-11-26T23:30')];
    const { gaps } = deriveTransitions(input(admitted), on('2026-11-27'));
    expect(gaps).toEqual([
      expect.objectContaining({
        subject: 'ADMIT',
        state: 'open',
        title: 'Admitted to General Hospital since 2026-11-26',
      }),
    ]);
    expect(deriveTransitions(input(admitted), on('2026-12-30')).gaps[0]!.state).toBe('not-applicable');
  });

  it('shows an ED visit until the patient is reached or seen, for 7 days', () => {
    const ed = [adt('E1', 'register', '2026-11-26T20:00', { patientClass: 'emergency' })];
    expect(deriveTransitions(input(ed), on('2026-11-27')).gaps[0]).toMatchObject({
      subject: 'ED',
      state: 'open',
      dueDate: '2026-12-03',
    });
    const followed = deriveTransitions(
      input(ed, { worklist: [outreach('o', '2026-11-27', 'reached')] }),
      on('2026-11-27'),
    );
    expect(followed.gaps[0]!.state).toBe('closed-provisional');
    expect(deriveTransitions(input(ed), on('2026-12-04')).gaps[0]!.state).toBe('not-applicable');
  });

  it('shows nothing for a cancelled admission', () => {
    const cancelled = [adt('V5', 'admit', '2026-11-26T10:00'), adt('V5', 'cancel-admit', '2026-11-26T11:00')];
    expect(deriveTransitions(input(cancelled), on('2026-11-27')).gaps).toEqual([]);
  });
});

describe('readmissions', () => {
  it('flags an inpatient admission within 30 days of a discharge, and records it on the earlier TCM episode', () => {
    const events = [...stay, adt('V6', 'admit', '2026-12-09T08:00')];
    const result = deriveTransitions(input(events), on('2026-12-10'));
    expect(result.readmissions).toEqual([
      { stayId: 'GENHOSP|V6', admitDate: '2026-12-09', afterStayId: 'GENHOSP|V1', daysAfterDischarge: 19 },
    ]);
    expect(result.tcm[0]!.readmittedOn).toBe('2026-12-09');
    expect(result.gaps.find((g) => g.subject === 'ADMIT')!.reason).toMatch(/readmitted 19 days after a discharge/);
    expect(result.stays.map((s) => s.readmission)).toEqual([false, true]);
  });

  it('does not count a transfer to another hospital, an admission 31 days later, or an ED visit', () => {
    const transfer = [
      adt('V7', 'admit', '2026-11-01T09:00'),
      adt('V7', 'discharge', '2026-11-05T09:00', { dischargeDisposition: { system: 'nubc', code: '02' } }),
      adt('V8', 'admit', '2026-11-05T11:00'),
    ];
    expect(deriveTransitions(input(transfer), on('2026-11-06')).readmissions).toEqual([]);
    const later = [...stay, adt('V9', 'admit', '2026-12-21T08:00')];
    expect(deriveTransitions(input(later), on('2026-12-22')).readmissions).toEqual([]);
    const ed = [...stay, adt('E2', 'register', '2026-11-25T08:00', { patientClass: 'emergency' })];
    expect(deriveTransitions(input(ed), on('2026-11-26')).readmissions).toEqual([]);
  });
});

describe('attribution at risk', () => {
  const outside = { id: 'OTHERHOSP', name: 'Other Hospital', ccn: '330999' };

  it('flags an attributed patient seen at a facility outside the participant list, or primary care elsewhere', () => {
    const ed = [adt('E3', 'register', '2026-11-20T20:00', { patientClass: 'emergency', facility: outside })];
    const primary = [
      { tin: '999999999', date: '2026-03-01', cents: 12_000 },
      { tin: '999999999', date: '2026-09-01', cents: 9_000 },
      { tin: '999999999', date: '2025-09-01', cents: 50_000 }, // more than 12 months ago
    ];
    const { atRisk } = deriveTransitions(input(ed, { primaryCareOutside: primary }), on('2026-11-21'));
    expect(atRisk).toEqual([
      { reason: 'primary-care-outside-aco', where: '999999999', date: '2026-09-01', cents: 21_000 },
      { reason: 'facility-outside-aco', where: '330999', date: '2026-11-20' },
    ]);
  });

  it('does not flag a participant hospital, a facility the feed names no CCN or NPI for, or an unattributed patient', () => {
    const own = [adt('E4', 'register', '2026-11-20T20:00', { patientClass: 'emergency' })];
    expect(deriveTransitions(input(own), on('2026-11-21')).atRisk).toEqual([]);
    const unnamed = [adt('E5', 'register', '2026-11-20T20:00', { patientClass: 'emergency', facility: { id: 'X' } })];
    expect(deriveTransitions(input(unnamed), on('2026-11-21')).atRisk).toEqual([]);
    const elsewhere = [adt('E6', 'register', '2026-11-20T20:00', { patientClass: 'emergency', facility: outside })];
    expect(deriveTransitions(input(elsewhere, { attributedByClaims: false }), on('2026-11-21')).atRisk).toEqual([]);
  });
});

describe('any arrival order', () => {
  it('gives the same transitions for any order and duplication of the notifications and actions', () => {
    const events = [
      ...stay,
      adt('V6', 'admit', '2026-12-09T08:00'),
      adt('E7', 'register', '2026-12-01T20:00', { patientClass: 'emergency' }),
    ];
    const actions = [outreach('o1', '2026-11-23', 'voicemail'), outreach('o2', '2026-11-24', 'voicemail')];
    const expected = deriveTransitions(input(events, { worklist: actions }), on('2026-12-10'));
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...events, ...events], { minLength: events.length * 2 }),
        fc.shuffledSubarray(actions, { minLength: actions.length }),
        (shuffled, shuffledActions) => {
          expect(deriveTransitions(input(shuffled, { worklist: shuffledActions }), on('2026-12-10'))).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});
