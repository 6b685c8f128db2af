/**
 * The patient panel's hospital stays and transitional care in words: each stay's heading, times, disposition and
 * readmission; each discharge's TCM checklist (contact within 2 business days; a face-to-face visit within 7 days for
 * 99496 or 14 for 99495; billed; status). Pure: "today" is the panel's `asOf`.
 * Times are the hospital's local times as sent (the first 16 characters), as transitional care counts days by them.
 */
import type { PanelStay, PanelTcm } from '@benchline/shared';
import { formatDay } from '../format.js';

const CLASS_LABELS: Readonly<Record<string, string>> = {
  inpatient: 'Inpatient',
  observation: 'Observation',
  emergency: 'Emergency',
  outpatient: 'Outpatient',
  preadmit: 'Pre-admission',
  recurring: 'Recurring outpatient',
  obstetrics: 'Obstetrics',
  other: 'Other',
};

/** The patient's class in the stay: "inpatient" → "Inpatient". */
export function patientClassLabel(patientClass: string): string {
  return CLASS_LABELS[patientClass] ?? patientClass.replace(/-/g, ' ');
}

const isEd = (stay: Pick<PanelStay, 'patientClass'>): boolean => stay.patientClass === 'emergency';

/** "Inpatient stay at General Hospital", "ED visit at County ED", "Observation stay at …". */
export function stayHeading(stay: Pick<PanelStay, 'patientClass' | 'facility'>): string {
  if (isEd(stay)) {
    return `ED visit at ${stay.facility}`;
  }
  const kind = stay.patientClass === 'inpatient' || stay.patientClass === 'observation' ? 'stay' : 'visit';
  return `${patientClassLabel(stay.patientClass)} ${kind} at ${stay.facility}`;
}

/** "outside ACO" for a facility not on the participant list; null when it is on it or nobody knows. */
export const facilityMarker = (stay: Pick<PanelStay, 'facilityInAco'>): string | null =>
  stay.facilityInAco === false ? 'outside ACO' : null;

/** Where the stay is: "In hospital now", "In the ED now", "Discharged", "Cancelled by the hospital". */
export function stayStatusLabel(stay: Pick<PanelStay, 'status' | 'patientClass'>): string {
  switch (stay.status) {
    case 'active':
      return isEd(stay) ? 'In the ED now' : 'In hospital now';
    case 'discharged':
      return isEd(stay) ? 'Left the ED' : 'Discharged';
    case 'cancelled':
      return 'Cancelled by the hospital';
  }
}

/** A hospital's time as it sent it: "2026-11-26T08:15:00-05:00" → "Nov 26, 2026 08:15"; a bare day stays a day. */
export function hospitalTime(iso: string): string {
  const day = iso.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    return iso;
  }
  const time = /^T\d{2}:\d{2}/.test(iso.slice(10, 16)) ? ` ${iso.slice(11, 16)}` : '';
  return `${formatDay(day)}${time}`;
}

/** "Admitted Nov 26, 2026 08:15 · discharged Nov 28, 2026 14:00" (ED: arrived, left). */
export function stayTimes(stay: Pick<PanelStay, 'patientClass' | 'admitAt' | 'dischargeAt' | 'status'>): string {
  const ed = isEd(stay);
  const parts = [
    stay.admitAt === null
      ? `${ed ? 'Arrival' : 'Admission'} time not sent`
      : `${ed ? 'Arrived' : 'Admitted'} ${hospitalTime(stay.admitAt)}`,
  ];
  if (stay.dischargeAt !== null) {
    parts.push(`${ed ? 'left' : 'discharged'} ${hospitalTime(stay.dischargeAt)}`);
  } else if (stay.status === 'discharged') {
    parts.push(`${ed ? 'departure' : 'discharge'} time not sent`);
  }
  return parts.join(' · ');
}

/** "Discharged to home"; null before a discharge says where. */
export const dispositionText = (stay: Pick<PanelStay, 'disposition'>): string | null =>
  stay.disposition === null || stay.disposition === '' ? null : `Discharged to ${stay.disposition}`;

/** "Diagnoses: I50.9, E11.9"; null without any. */
export const diagnosesText = (stay: Pick<PanelStay, 'diagnoses'>): string | null =>
  stay.diagnoses.length === 0
    ? null
    : `Diagnos${stay.diagnoses.length === 1 ? 'is' : 'es'}: ${stay.diagnoses.join(', ')}`;

/**
 * "Readmission: 12 days after discharge from General Hospital on Nov 14, 2026" — the earlier stay named when the
 * panel lists it; null for a stay that is not a readmission.
 */
export function readmissionNote(stay: Pick<PanelStay, 'readmission'>, stays: readonly PanelStay[]): string | null {
  if (stay.readmission === null) {
    return null;
  }
  const { afterStayId, daysAfterDischarge } = stay.readmission;
  const days = `${daysAfterDischarge} day${daysAfterDischarge === 1 ? '' : 's'}`;
  const before = stays.find((s) => s.stayId === afterStayId);
  if (before === undefined) {
    return `Readmission: ${days} after an earlier discharge`;
  }
  const on = before.dischargeAt === null ? '' : ` on ${formatDay(before.dischargeAt.slice(0, 10))}`;
  return `Readmission: ${days} after discharge from ${before.facility}${on}`;
}

export const TCM_STATUS_LABELS: Record<PanelTcm['status'], string> = {
  pending: 'In progress',
  completed: 'Completed',
  missed: 'Missed',
  declined: 'Declined by the patient',
};

/** done: in time; due: still possible; missed: the deadline passed without it; none: not needed or not recorded. */
export type TcmStepState = 'done' | 'due' | 'missed' | 'none';

export interface TcmStep {
  id: 'contact' | 'visit' | 'billed';
  /** What the step is, with its deadline rule. */
  label: string;
  /** By when, in words. */
  due: string | null;
  state: TcmStepState;
  /** Whether and when it was done, and by what. */
  text: string;
}

const CONTACT_BY: Record<NonNullable<PanelTcm['contactBy']>, string> = {
  outreach: 'the patient was reached by outreach',
  attempts: 'two timely attempts to reach the patient (CMS accepts two)',
};
const VISIT_BY: Record<NonNullable<PanelTcm['visitBy']>, string> = {
  claim: 'office or home visit on a claim',
  encounter: 'visit in the EHR',
  outreach: 'seen in person at an outreach',
};

function contactStep(tcm: PanelTcm, today: string): TcmStep {
  const step = {
    id: 'contact' as const,
    label: 'Interactive contact within 2 business days',
    due: `by ${formatDay(tcm.contactDue)}`,
  };
  if (tcm.contactOn !== null) {
    const by = tcm.contactBy === null ? '' : ` — ${CONTACT_BY[tcm.contactBy]}`;
    return { ...step, state: 'done', text: `Done ${formatDay(tcm.contactOn)}${by}` };
  }
  if (tcm.billedOn !== null) {
    return { ...step, state: 'none', text: 'Not recorded — the TCM claim covers it' };
  }
  if (tcm.status === 'declined') {
    return { ...step, state: 'none', text: 'Not done — the patient declined' };
  }
  if (today > tcm.contactDue) {
    return { ...step, state: 'missed', text: `Not done by ${formatDay(tcm.contactDue)}` };
  }
  return { ...step, state: 'due', text: today === tcm.contactDue ? 'Not yet — due today' : 'Not yet' };
}

function visitStep(tcm: PanelTcm, today: string): TcmStep {
  const step = {
    id: 'visit' as const,
    label: 'Face-to-face visit within 7 days (99496) or 14 days (99495)',
    due: `by ${formatDay(tcm.highComplexityVisitDue)} (99496) or ${formatDay(tcm.visitDue)} (99495)`,
  };
  if (tcm.visitOn !== null) {
    const by = tcm.visitBy === null ? '' : ` — ${VISIT_BY[tcm.visitBy]}`;
    const fits = tcm.visitOn <= tcm.highComplexityVisitDue ? 'in time for 99496 or 99495' : 'in time for 99495';
    return { ...step, state: 'done', text: `Done ${formatDay(tcm.visitOn)}${by} (${fits})` };
  }
  if (tcm.billedOn !== null) {
    return { ...step, state: 'none', text: 'Not recorded — the TCM claim covers it' };
  }
  if (tcm.status === 'declined') {
    return { ...step, state: 'none', text: 'Not done — the patient declined' };
  }
  if (today > tcm.visitDue) {
    return { ...step, state: 'missed', text: `Not done by ${formatDay(tcm.visitDue)}` };
  }
  if (today > tcm.highComplexityVisitDue) {
    return { ...step, state: 'due', text: 'Not yet — too late for 99496, still in time for 99495' };
  }
  return { ...step, state: 'due', text: 'Not yet' };
}

/** A TCM episode's checklist: the contact, the face-to-face visit and the claim, each done, due or missed. */
export function tcmChecklist(tcm: PanelTcm, today: string): TcmStep[] {
  const billed: TcmStep = {
    id: 'billed',
    label: 'TCM billed (99495 or 99496)',
    due: null,
    state: tcm.billedOn === null ? 'none' : 'done',
    text: tcm.billedOn === null ? 'Not billed yet' : `Billed, date of service ${formatDay(tcm.billedOn)}`,
  };
  return [contactStep(tcm, today), visitStep(tcm, today), billed];
}

/** "Completed", "In progress", … with the readmission that cut the episode short when there was one. */
export function tcmSummary(tcm: PanelTcm): string {
  const status = TCM_STATUS_LABELS[tcm.status];
  return tcm.readmittedOn === null ? status : `${status} · readmitted ${formatDay(tcm.readmittedOn)}`;
}
