/**
 * A member's hospital stays, derived from their ADT notifications (admit, register, transfer, update, discharge and
 * the two cancels) — what transitional care, admission alerts and attribution-at-risk read. Pure.
 *
 * A stay is the notifications sharing a visit (`visitAssigner` + `visitNumber`). They are applied in the order they
 * happened — the instant of `eventAt` (whatever its offset), then, for notifications of the same instant, admit
 * and register before transfer, update, discharge, cancel-discharge and cancel-admit (a cancel sent in the same
 * second as what it cancels still cancels it), then the message's identity — so the stays are a function of the
 * set of notifications: any arrival order, and any number of duplicates, give the same stays, and a cancel that
 * arrives before the message it cancels still ends right.
 *
 * - admit / register: the stay is admitted (again, after a cancel-admit: a corrected admission).
 * - discharge: the stay is discharged at `dischargeAt`, with its disposition.
 * - cancel-discharge (A13): back to admitted; the discharge time and disposition are gone.
 * - cancel-admit (A11): the stay never happened — cancelled, whatever came between; a later admit restores it.
 * - transfer / update, and the fields of admit, register and discharge: the stay's class, facility, location,
 *   attending, admission time and diagnoses are the latest given (a field a notification leaves out keeps its
 *   value; diagnoses are replaced as a list). An update never discharges, but corrects the discharge time and
 *   disposition of a stay that is discharged. Cancels change no field: they carry the state they cancel.
 * A stay seen only through transfers or updates (its admit never arrived) is active: the feed says the patient is in.
 */
import type {
  AdtDiagnosis,
  AdtEvent,
  AdtEventType,
  AdtFacility,
  DischargeDisposition,
  PatientClass,
} from '@benchline/shared';

export type StayStatus = 'active' | 'discharged' | 'cancelled';

export interface HospitalStay {
  /** `<visitAssigner>|<visitNumber>`: the stay's identity. */
  stayId: string;
  visitNumber: string;
  visitAssigner: string;
  status: StayStatus;
  patientClass: PatientClass;
  facility: AdtFacility;
  /** Arrival, from the latest notification that gave it; null when none did. */
  admitAt: string | null;
  /** Departure, while discharged; null otherwise. */
  dischargeAt: string | null;
  dischargeDisposition: DischargeDisposition | null;
  location: string | null;
  attendingNpi: string | null;
  diagnoses: readonly AdtDiagnosis[];
  /** The latest notification's `eventAt`, as sent. */
  lastEventAt: string;
  /** How many distinct notifications the stay was built from. */
  notifications: number;
}

/** Within one instant, the order a sender would have sent them in (a cancel follows what it cancels). */
const PRECEDENCE: Readonly<Record<AdtEventType, number>> = {
  admit: 0,
  register: 0,
  transfer: 1,
  update: 2,
  discharge: 3,
  'cancel-discharge': 4,
  'cancel-admit': 5,
};

/** The identity of a notification, as its idempotency key names it. */
export function notificationIdOf(event: AdtEvent): string {
  return `${event.sender}|${event.messageId}`;
}

export function stayIdOf(event: AdtEvent): string {
  return `${event.visitAssigner}|${event.visitNumber}`;
}

interface Ordered {
  instant: number;
  rank: number;
  id: string;
  event: AdtEvent;
}

function compareOrdered(a: Ordered, b: Ordered): number {
  return a.instant - b.instant || a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The member's stays, earliest first (by arrival, else first notification), each with its current state. */
export function deriveStays(notifications: readonly AdtEvent[]): HospitalStay[] {
  const byStay = new Map<string, Map<string, Ordered>>();
  for (const event of notifications) {
    const stayId = stayIdOf(event);
    let stay = byStay.get(stayId);
    if (stay === undefined) {
      stay = new Map();
      byStay.set(stayId, stay);
    }
    const id = notificationIdOf(event);
    // A notification counts once, however often it arrived.
    if (!stay.has(id)) {
      stay.set(id, { instant: instantOf(event.eventAt), rank: PRECEDENCE[event.event], id, event });
    }
  }
  const stays: { first: number; stay: HospitalStay }[] = [];
  for (const [stayId, messages] of byStay) {
    const ordered = [...messages.values()].sort(compareOrdered);
    stays.push({ first: ordered[0]?.instant ?? 0, stay: foldStay(stayId, ordered) });
  }
  return stays
    .sort((a, b) => {
      const arrival = (entry: { first: number; stay: HospitalStay }): number =>
        entry.stay.admitAt === null ? entry.first : instantOf(entry.stay.admitAt);
      return arrival(a) - arrival(b) || (a.stay.stayId < b.stay.stayId ? -1 : 1);
    })
    .map((entry) => entry.stay);
}

function foldStay(stayId: string, ordered: readonly Ordered[]): HospitalStay {
  const first = ordered[0]!.event;
  const stay: HospitalStay = {
    stayId,
    visitNumber: first.visitNumber,
    visitAssigner: first.visitAssigner,
    status: 'active',
    patientClass: first.patientClass,
    facility: first.facility,
    admitAt: null,
    dischargeAt: null,
    dischargeDisposition: null,
    location: null,
    attendingNpi: null,
    diagnoses: [],
    lastEventAt: first.eventAt,
    notifications: ordered.length,
  };
  let admitCancelled = false;
  let discharged = false;
  for (const { event } of ordered) {
    stay.lastEventAt = event.eventAt;
    switch (event.event) {
      case 'cancel-admit':
        admitCancelled = true;
        continue;
      case 'cancel-discharge':
        discharged = false;
        stay.dischargeAt = null;
        stay.dischargeDisposition = null;
        continue;
      case 'admit':
      case 'register':
        admitCancelled = false;
        break;
      case 'discharge':
        discharged = true;
        break;
      case 'transfer':
      case 'update':
        break;
    }
    takeFields(stay, event, discharged);
  }
  stay.status = admitCancelled ? 'cancelled' : discharged ? 'discharged' : 'active';
  return stay;
}

/** The stay's fields as this notification gives them; what it leaves out keeps its value. */
function takeFields(stay: HospitalStay, event: AdtEvent, discharged: boolean): void {
  stay.patientClass = event.patientClass;
  stay.facility = {
    id: event.facility.id,
    ...optional(
      'name',
      event.facility.name ?? (event.facility.id === stay.facility.id ? stay.facility.name : undefined),
    ),
    ...optional('ccn', event.facility.ccn ?? (event.facility.id === stay.facility.id ? stay.facility.ccn : undefined)),
    ...optional('npi', event.facility.npi ?? (event.facility.id === stay.facility.id ? stay.facility.npi : undefined)),
  };
  stay.admitAt = event.admitAt ?? stay.admitAt;
  stay.location = event.location ?? stay.location;
  stay.attendingNpi = event.attendingNpi ?? stay.attendingNpi;
  if (event.diagnoses !== undefined && event.diagnoses.length > 0) {
    stay.diagnoses = event.diagnoses;
  }
  // Only a discharge discharges; once discharged, a later notification may correct when and where to.
  if (discharged) {
    stay.dischargeAt = event.dischargeAt ?? stay.dischargeAt;
    stay.dischargeDisposition = event.dischargeDisposition ?? stay.dischargeDisposition;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Milliseconds since 1970 of an RFC 3339 time (validated upstream); a leap second reads as the second before. */
function instantOf(time: string): number {
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? ms : Date.parse(time.replace(/:60(?=(\.\d+)?([Zz]|[+-]))/, ':59'));
}
