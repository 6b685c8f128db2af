/**
 * Transitions of care, from a member's hospital stays (domain/adt.ts), claims, EHR encounters and the coordinators'
 * outreach log: the rows the queue shows for them, the transitional care management (TCM) episode of each discharge,
 * readmissions and attribution at risk. Pure: today and the business calendar come in.
 *
 * Queue rows (care gaps of kind `care-transition`):
 * - Admission — an inpatient or observation stay in progress: open while the patient is in (coordinate the
 *   discharge). A stay with no notification for 30 days is left out: its discharge notice was probably lost.
 * - ED visit — an emergency visit: open until a follow-up (an outreach that reached the patient, or an office or
 *   home visit) on or after it, for 7 days after it (HEDIS FMC's 7-day follow-up after an ED visit).
 * - Transitional care — a discharge from an inpatient or observation stay to the community (home, home health,
 *   custodial care; not a transfer, death, hospice or another facility): CMS's TCM (CPT 99495/99496, MLN908628) asks
 *   for an interactive contact with the patient within 2 business days after discharge and a face-to-face visit
 *   within 14 calendar days (7 for high complexity); the 30-day service period starts on the discharge day.
 *   - contact: an outreach by phone, portal or in person that reached the patient (or booked the visit) from the
 *     discharge day to the deadline; CMS also accepts two or more timely, unsuccessful attempts.
 *   - visit: an office, home or domiciliary E/M (99202–99205, 99211–99215, 99341–99350) on a claim or an EHR
 *     encounter, or an in-person outreach that reached the patient, within 14 days after discharge.
 *   - a TCM claim (99495/99496) dated in the service period closes it as confirmed: the practice billed it.
 *   The episode is completed (contact and visit in time, or the claim), missed (a deadline passed without it),
 *   declined (the patient refused at an outreach) or pending. Its queue row is open while pending and the visit
 *   deadline has not passed — a late visit still matters for the patient even when TCM can no longer be billed.
 * Days are the local calendar days the hospital sent (the first ten characters of its times).
 *
 * Readmission: an inpatient admission within 30 days after the discharge from another inpatient stay (a discharge
 * to another hospital is a transfer, not a readmission), as the all-cause readmission measures count it.
 *
 * Attribution at risk, for a patient a claims-based contract attributes: an ED visit or hospital stay at a facility
 * outside the participant list (by CCN or NPI, when the feed carries one), or primary care billed by a TIN outside
 * the ACO in the last 12 months — the care that moves a patient's plurality elsewhere.
 */
import type {
  ClaimEvent,
  ClinicalEvent,
  DischargeDisposition,
  OutreachChannel,
  WorklistEvent,
} from '@benchline/shared';
import type { BusinessCalendar } from './business-days.js';
import { addBusinessDays } from './business-days.js';
import type { HospitalStay } from './adt.js';
import type { CareGap } from './measures/index.js';
import { addDays, addMonths, daysBetween } from './measures/dates.js';
import type { EvidenceRecord } from './measures/types.js';

/** Office or other outpatient (99202–99205, 99211–99215) and home or residence (99341–99350) E/M visits. */
const FOLLOW_UP_VISIT_CODES: ReadonlySet<string> = new Set([
  '99202',
  '99203',
  '99204',
  '99205',
  '99211',
  '99212',
  '99213',
  '99214',
  '99215',
  '99341',
  '99342',
  '99344',
  '99345',
  '99347',
  '99348',
  '99349',
  '99350',
]);
export const TCM_CODES: ReadonlySet<string> = new Set(['99495', '99496']);

/**
 * Discharges to the community (NUBC patient discharge status, FHIR discharge disposition): home or self care (01),
 * custodial or supportive care (04, as a domiciliary or assisted living), home health (06), left against advice (07,
 * home all the same), and their planned-readmission variants (81, 84, 86).
 */
const COMMUNITY_NUBC: ReadonlySet<string> = new Set(['01', '04', '06', '07', '81', '84', '86']);
const COMMUNITY_FHIR: ReadonlySet<string> = new Set(['home', 'alt-home', 'aadvice']);
/** Discharges to another acute hospital: the next admission is a transfer, not a readmission. */
const TRANSFER_NUBC: ReadonlySet<string> = new Set(['02', '05', '43', '65', '66', '82', '85', '88', '93', '94']);

export const TRANSITION_WINDOWS = {
  contactBusinessDays: 2,
  highComplexityVisitDays: 7,
  visitDays: 14,
  servicePeriodDays: 30,
  edFollowUpDays: 7,
  readmissionDays: 30,
  staleStayDays: 30,
} as const;

export type TcmStatus = 'pending' | 'completed' | 'missed' | 'declined';

export interface TcmEpisode {
  stayId: string;
  gapId: string;
  facility: string;
  dischargeDate: string;
  /** Last day for the interactive contact (2 business days after discharge). */
  contactDue: string;
  /** Last day for the face-to-face visit: 7 days (99496) and 14 days (99495) after discharge. */
  highComplexityVisitDue: string;
  visitDue: string;
  contactOn: string | null;
  /** 'attempts': two or more timely unsuccessful attempts, which CMS accepts in place of a contact. */
  contactBy: 'outreach' | 'attempts' | null;
  visitOn: string | null;
  visitBy: 'claim' | 'encounter' | 'outreach' | null;
  /** The TCM claim's date of service, when billed. */
  billedOn: string | null;
  status: TcmStatus;
  /** When the patient was admitted again within 30 days, that admission's day. */
  readmittedOn: string | null;
}

export interface Readmission {
  stayId: string;
  admitDate: string;
  /** The stay discharged from, and how many days before. */
  afterStayId: string;
  daysAfterDischarge: number;
}

export type AtRiskReason = 'facility-outside-aco' | 'primary-care-outside-aco';

export interface AtRiskFlag {
  reason: AtRiskReason;
  /** The facility (id, CCN or NPI) or the TIN the care went to. */
  where: string;
  date: string;
  /** Primary care: the allowed dollars (in cents) of the services outside the ACO in the last 12 months. */
  cents?: number;
}

/** One day's stays, for the wall and the roll-ups. */
export interface StayDay {
  stayId: string;
  patientClass: HospitalStay['patientClass'];
  admitDate: string | null;
  dischargeDate: string | null;
  status: HospitalStay['status'];
  readmission: boolean;
}

export interface TransitionsInput {
  memberId: string;
  stays: readonly HospitalStay[];
  /** The current version of each claim (cancelled ones left out). */
  claims: readonly ClaimEvent[];
  clinical: readonly ClinicalEvent[];
  /** The coordinators' actions about the member. */
  worklist: readonly WorklistEvent[];
  /** Whether a claims-based contract attributes the member today (attribution at risk is only for them). */
  attributedByClaims: boolean;
  /** Primary-care services billed outside the ACO: TIN, date and allowed cents (from the attribution rules). */
  primaryCareOutside: readonly { tin: string; date: string; cents: number }[];
  /** The participant facilities of the ACO, by CCN and NPI. */
  participantFacilities: { ccns: ReadonlySet<string>; npis: ReadonlySet<string> };
}

export interface TransitionsConfig {
  today: string;
  calendar: BusinessCalendar;
}

export interface Transitions {
  gaps: CareGap[];
  tcm: TcmEpisode[];
  readmissions: Readmission[];
  atRisk: AtRiskFlag[];
  stays: StayDay[];
}

const dayOf = (time: string | null): string | null => (time === null ? null : time.slice(0, 10));

const isHospitalStay = (stay: HospitalStay): boolean =>
  stay.patientClass === 'inpatient' || stay.patientClass === 'observation';

/** FNV-1a over the text, twice with different seeds: a short id for ids that may hold any printable character. */
function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * The gap id of a stay's queue row: the stay's identity (sender's visit numbers may hold characters a gap id may
 * not), so an update that corrects the times keeps the row — and the coordinators' actions on it.
 */
export function transitionGapId(memberId: string, subject: 'ADMIT' | 'ED' | 'TCM', stayId: string): string {
  return `${memberId}:${subject}:${shortHash(stayId)}`;
}

function isCommunityDischarge(disposition: DischargeDisposition | null): boolean {
  if (disposition === null || disposition.system === 'local') {
    // Unknown: assume home, so a discharge is never silently dropped; a coordinator can exclude it.
    return true;
  }
  return disposition.system === 'nubc'
    ? COMMUNITY_NUBC.has(disposition.code)
    : COMMUNITY_FHIR.has(disposition.code.toLowerCase());
}

function isTransfer(disposition: DischargeDisposition | null): boolean {
  if (disposition === null) {
    return false;
  }
  return disposition.system === 'nubc'
    ? TRANSFER_NUBC.has(disposition.code)
    : ['hosp', 'psy', 'other-hcf'].includes(disposition.code.toLowerCase());
}

const facilityName = (stay: HospitalStay): string => stay.facility.name ?? stay.facility.id;

interface Visit {
  date: string;
  by: 'claim' | 'encounter' | 'outreach';
  evidence: EvidenceRecord;
}

/** Office and home visits (claims, EHR encounters) and in-person outreach that reached the patient. */
function visitsOf(input: TransitionsInput): Visit[] {
  const visits: Visit[] = [];
  for (const claim of input.claims) {
    for (const line of claim.lines) {
      if (line.hcpcs !== undefined && (FOLLOW_UP_VISIT_CODES.has(line.hcpcs) || TCM_CODES.has(line.hcpcs))) {
        visits.push({
          date: line.fromDate,
          by: 'claim',
          evidence: {
            eventId: `${claim.claimId}#line${line.lineNumber}`,
            source: 'claim',
            system: 'hcpcs',
            code: line.hcpcs,
            date: line.fromDate,
            role: TCM_CODES.has(line.hcpcs) ? 'transitional care management' : 'follow-up visit',
          },
        });
      }
    }
  }
  for (const event of input.clinical) {
    const codes = [event.code, ...(event.additionalCodes ?? [])];
    const code = codes.find(
      (c) =>
        (c.system === 'cpt' || c.system === 'hcpcs') && (FOLLOW_UP_VISIT_CODES.has(c.code) || TCM_CODES.has(c.code)),
    );
    if (event.type === 'encounter' && event.status === 'completed' && code !== undefined) {
      visits.push({
        date: event.effectiveDate,
        by: 'encounter',
        evidence: {
          eventId: event.clinicalId,
          source: 'clinical',
          system: code.system,
          code: code.code,
          date: event.effectiveDate,
          role: 'follow-up visit',
        },
      });
    }
  }
  for (const action of input.worklist) {
    const a = action.action;
    if (a.type === 'outreach' && a.channel === 'in-person' && a.outcome === 'reached') {
      visits.push({
        date: action.at.slice(0, 10),
        by: 'outreach',
        evidence: outreachEvidence(action, 'in-person visit'),
      });
    }
  }
  return visits.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

function outreachEvidence(action: WorklistEvent, role: string): EvidenceRecord {
  const a = action.action;
  return {
    eventId: `worklist:${action.actionId}`,
    source: 'clinical',
    system: 'outreach',
    code: a.type === 'outreach' ? `${a.channel} ${a.outcome}` : a.type,
    date: action.at.slice(0, 10),
    role,
  };
}

const INTERACTIVE: ReadonlySet<OutreachChannel> = new Set(['phone', 'portal', 'in-person']);

interface Contact {
  date: string;
  kind: 'reached' | 'attempt' | 'refused';
  action: WorklistEvent;
}

function contactsOf(worklist: readonly WorklistEvent[]): Contact[] {
  const contacts: Contact[] = [];
  for (const action of worklist) {
    const a = action.action;
    if (a.type !== 'outreach' || !INTERACTIVE.has(a.channel)) {
      continue;
    }
    const kind =
      a.outcome === 'reached' || a.outcome === 'scheduled'
        ? 'reached'
        : a.outcome === 'refused'
          ? 'refused'
          : a.outcome === 'voicemail' || a.outcome === 'no-answer'
            ? 'attempt'
            : null;
    if (kind !== null) {
      contacts.push({ date: action.at.slice(0, 10), kind, action });
    }
  }
  return contacts.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

function tcmEpisode(
  memberId: string,
  stay: HospitalStay,
  discharge: string,
  contacts: readonly Contact[],
  visits: readonly Visit[],
  readmittedOn: string | null,
  config: TransitionsConfig,
): { episode: TcmEpisode; evidence: EvidenceRecord[] } {
  const w = TRANSITION_WINDOWS;
  const contactDue = addBusinessDays(discharge, w.contactBusinessDays, config.calendar);
  const visitDue = addDays(discharge, w.visitDays);
  const serviceEnd = addDays(discharge, w.servicePeriodDays - 1);
  const timely = contacts.filter((c) => c.date >= discharge && c.date <= contactDue);
  const reached = timely.find((c) => c.kind === 'reached');
  const attempts = timely.filter((c) => c.kind === 'attempt');
  const refused = contacts.find((c) => c.kind === 'refused' && c.date >= discharge && c.date <= visitDue);
  const visit = visits.find(
    (v) => v.date >= discharge && v.date <= visitDue && !(v.by === 'claim' && TCM_CODES.has(v.evidence.code)),
  );
  const billed = visits.find(
    (v) => v.by === 'claim' && TCM_CODES.has(v.evidence.code) && v.date >= discharge && v.date <= serviceEnd,
  );
  const contactOn = reached?.date ?? (attempts.length >= 2 ? (attempts[1]?.date ?? null) : null);
  const contactBy = reached !== undefined ? 'outreach' : attempts.length >= 2 ? 'attempts' : null;
  const evidence: EvidenceRecord[] = [];
  if (reached !== undefined) {
    evidence.push(outreachEvidence(reached.action, 'interactive contact'));
  } else if (attempts.length >= 2) {
    evidence.push(...attempts.map((a) => outreachEvidence(a.action, 'contact attempt')));
  }
  if (visit !== undefined) {
    evidence.push(visit.evidence);
  }
  if (billed !== undefined) {
    evidence.push(billed.evidence);
  }
  const status: TcmStatus =
    billed !== undefined || (contactOn !== null && visit !== undefined)
      ? 'completed'
      : refused !== undefined
        ? 'declined'
        : (contactOn === null && config.today > contactDue) || config.today > visitDue
          ? 'missed'
          : 'pending';
  return {
    episode: {
      stayId: stay.stayId,
      gapId: transitionGapId(memberId, 'TCM', stay.stayId),
      facility: facilityName(stay),
      dischargeDate: discharge,
      contactDue,
      highComplexityVisitDue: addDays(discharge, w.highComplexityVisitDays),
      visitDue,
      contactOn,
      contactBy,
      visitOn: visit?.date ?? null,
      visitBy: visit?.by ?? null,
      billedOn: billed?.date ?? null,
      status,
      readmittedOn,
    },
    evidence,
  };
}

function tcmGap(memberId: string, episode: TcmEpisode, evidence: EvidenceRecord[], today: string): CareGap {
  const base = {
    gapId: episode.gapId,
    kind: 'care-transition' as const,
    memberId,
    subject: 'TCM',
    title: `Transitional care after discharge from ${episode.facility} on ${episode.dischargeDate}`,
    period: {
      start: episode.dischargeDate,
      end: addDays(episode.dischargeDate, TRANSITION_WINDOWS.servicePeriodDays - 1),
    },
    earliestDate: null,
    evidence,
  };
  if (episode.status === 'completed') {
    return {
      ...base,
      state: episode.billedOn !== null ? 'closed-confirmed' : 'closed-provisional',
      reason: null,
      dueDate: null,
      nextDueDate: null,
    };
  }
  if (episode.status === 'declined') {
    return { ...base, state: 'excluded', reason: 'the patient declined follow-up', dueDate: null, nextDueDate: null };
  }
  if (today > episode.visitDue) {
    return {
      ...base,
      state: 'not-applicable',
      reason: `no face-to-face visit by ${episode.visitDue}: the TCM window has closed`,
      dueDate: null,
      nextDueDate: null,
    };
  }
  const contactPending = episode.contactOn === null && today <= episode.contactDue;
  return {
    ...base,
    state: 'open',
    reason: contactPending
      ? `contact the patient by ${episode.contactDue} (2 business days), see them by ${episode.highComplexityVisitDue} (99496) or ${episode.visitDue} (99495)`
      : episode.contactOn === null
        ? `no contact within 2 business days (TCM can no longer be billed); see them by ${episode.visitDue}`
        : `contacted ${episode.contactOn}; see them by ${episode.highComplexityVisitDue} (99496) or ${episode.visitDue} (99495)`,
    dueDate: contactPending ? episode.contactDue : episode.visitDue,
    nextDueDate: null,
  };
}

function admissionGap(
  memberId: string,
  stay: HospitalStay,
  readmission: Readmission | undefined,
  today: string,
): CareGap {
  const admitted = dayOf(stay.admitAt) ?? stay.lastEventAt.slice(0, 10);
  const kind = stay.patientClass === 'observation' ? 'in observation' : 'admitted';
  const stale = daysBetween(stay.lastEventAt.slice(0, 10), today) > TRANSITION_WINDOWS.staleStayDays;
  return {
    gapId: transitionGapId(memberId, 'ADMIT', stay.stayId),
    kind: 'care-transition',
    memberId,
    subject: 'ADMIT',
    title: `${kind === 'admitted' ? 'Admitted to' : 'In observation at'} ${facilityName(stay)} since ${admitted}`,
    period: { start: admitted, end: today < admitted ? admitted : today },
    state: stale ? 'not-applicable' : 'open',
    reason: stale
      ? `no notification since ${stay.lastEventAt.slice(0, 10)}: the discharge notice may be missing`
      : readmission !== undefined
        ? `readmitted ${readmission.daysAfterDischarge} days after a discharge — coordinate the discharge plan`
        : 'coordinate with the hospital before discharge',
    dueDate: stale ? null : today < admitted ? admitted : today,
    nextDueDate: null,
    earliestDate: null,
    evidence: [],
  };
}

function edGap(
  memberId: string,
  stay: HospitalStay,
  contacts: readonly Contact[],
  visits: readonly Visit[],
  today: string,
): CareGap {
  const arrived = dayOf(stay.admitAt) ?? stay.lastEventAt.slice(0, 10);
  const left = dayOf(stay.dischargeAt) ?? arrived;
  const due = addDays(left, TRANSITION_WINDOWS.edFollowUpDays);
  const reached = contacts.find((c) => c.kind === 'reached' && c.date >= arrived && c.date <= due);
  const visit = visits.find((v) => v.date >= arrived && v.date <= due);
  const base = {
    gapId: transitionGapId(memberId, 'ED', stay.stayId),
    kind: 'care-transition' as const,
    memberId,
    subject: 'ED',
    title: `ED visit at ${facilityName(stay)} on ${arrived}`,
    period: { start: arrived, end: due },
    earliestDate: null,
    nextDueDate: null,
  };
  if (visit !== undefined || reached !== undefined) {
    return {
      ...base,
      state: visit?.by === 'claim' ? 'closed-confirmed' : 'closed-provisional',
      reason: null,
      dueDate: null,
      evidence: [
        ...(reached === undefined ? [] : [outreachEvidence(reached.action, 'follow-up contact')]),
        ...(visit === undefined ? [] : [visit.evidence]),
      ],
    };
  }
  if (today > due) {
    return { ...base, state: 'not-applicable', reason: `no follow-up by ${due}`, dueDate: null, evidence: [] };
  }
  return { ...base, state: 'open', reason: `follow up by ${due} (7 days)`, dueDate: due, evidence: [] };
}

function readmissionsOf(stays: readonly HospitalStay[]): Readmission[] {
  const inpatient = stays.filter((s) => s.status !== 'cancelled' && s.patientClass === 'inpatient');
  const readmissions: Readmission[] = [];
  for (const stay of inpatient) {
    const admitted = dayOf(stay.admitAt);
    if (admitted === null) {
      continue;
    }
    // The latest discharge before this admission, from another stay.
    const before = inpatient
      .filter((s) => s !== stay && s.status === 'discharged' && s.dischargeAt !== null)
      .map((s) => ({ stay: s, discharged: s.dischargeAt!.slice(0, 10) }))
      .filter(
        (s) => s.discharged <= admitted && daysBetween(s.discharged, admitted) <= TRANSITION_WINDOWS.readmissionDays,
      )
      .sort((a, b) => (a.discharged < b.discharged ? 1 : a.discharged > b.discharged ? -1 : 0))[0];
    if (before !== undefined && !isTransfer(before.stay.dischargeDisposition)) {
      readmissions.push({
        stayId: stay.stayId,
        admitDate: admitted,
        afterStayId: before.stay.stayId,
        daysAfterDischarge: daysBetween(before.discharged, admitted),
      });
    }
  }
  return readmissions;
}

function atRiskOf(input: TransitionsInput, today: string): AtRiskFlag[] {
  if (!input.attributedByClaims) {
    return [];
  }
  const flags: AtRiskFlag[] = [];
  const since = addMonths(today, -12);
  // One flag per facility, with its latest visit.
  const facilities = new Map<string, string>();
  for (const stay of input.stays) {
    const day = dayOf(stay.admitAt) ?? stay.lastEventAt.slice(0, 10);
    const acute = isHospitalStay(stay) || stay.patientClass === 'emergency';
    const { ccn, npi } = stay.facility;
    const known = ccn !== undefined || npi !== undefined;
    const participant =
      (ccn !== undefined && input.participantFacilities.ccns.has(ccn)) ||
      (npi !== undefined && input.participantFacilities.npis.has(npi));
    if (acute && stay.status !== 'cancelled' && known && !participant && day >= since && day <= today) {
      const where = ccn ?? npi ?? stay.facility.id;
      const seen = facilities.get(where);
      facilities.set(where, seen === undefined || day > seen ? day : seen);
    }
  }
  for (const [where, date] of facilities) {
    flags.push({ reason: 'facility-outside-aco', where, date });
  }
  const byTin = new Map<string, { date: string; cents: number }>();
  for (const service of input.primaryCareOutside) {
    if (service.date < since || service.date > today) {
      continue;
    }
    const seen = byTin.get(service.tin);
    byTin.set(service.tin, {
      date: seen === undefined || service.date > seen.date ? service.date : seen.date,
      cents: (seen?.cents ?? 0) + service.cents,
    });
  }
  for (const [tin, { date, cents }] of byTin) {
    flags.push({ reason: 'primary-care-outside-aco', where: tin, date, cents });
  }
  return flags.sort((a, b) => a.date.localeCompare(b.date) || a.where.localeCompare(b.where));
}

export function deriveTransitions(input: TransitionsInput, config: TransitionsConfig): Transitions {
  const { today } = config;
  const contacts = contactsOf(input.worklist);
  const visits = visitsOf(input);
  const readmissions = readmissionsOf(input.stays);
  const readmissionOf = new Map(readmissions.map((r) => [r.stayId, r]));
  const readmittedAfter = new Map<string, string>();
  for (const r of readmissions) {
    readmittedAfter.set(r.afterStayId, r.admitDate);
  }
  const gaps: CareGap[] = [];
  const tcm: TcmEpisode[] = [];
  for (const stay of input.stays) {
    if (stay.status === 'cancelled') {
      continue;
    }
    if (stay.patientClass === 'emergency') {
      gaps.push(edGap(input.memberId, stay, contacts, visits, today));
      continue;
    }
    if (!isHospitalStay(stay)) {
      continue;
    }
    if (stay.status === 'active') {
      gaps.push(admissionGap(input.memberId, stay, readmissionOf.get(stay.stayId), today));
      continue;
    }
    const discharge = dayOf(stay.dischargeAt);
    if (discharge === null || !isCommunityDischarge(stay.dischargeDisposition) || discharge > today) {
      continue;
    }
    const { episode, evidence } = tcmEpisode(
      input.memberId,
      stay,
      discharge,
      contacts,
      visits,
      readmittedAfter.get(stay.stayId) ?? null,
      config,
    );
    tcm.push(episode);
    gaps.push(tcmGap(input.memberId, episode, evidence, today));
  }
  const stays: StayDay[] = input.stays.map((stay) => ({
    stayId: stay.stayId,
    patientClass: stay.patientClass,
    admitDate: dayOf(stay.admitAt),
    dischargeDate: stay.status === 'discharged' ? dayOf(stay.dischargeAt) : null,
    status: stay.status,
    readmission: readmissionOf.has(stay.stayId),
  }));
  return { gaps, tcm, readmissions, atRisk: atRiskOf(input, today), stays };
}
