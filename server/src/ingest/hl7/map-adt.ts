/**
 * An HL7 v2 ADT message (A01, A02, A03, A04, A08, A11, A13; v2.3 to v2.9) → an `adt` notification waiting for its
 * member, the patient identifiers to find the member by, and the demographics a person needs to match it by hand.
 * Pure: the caller matches the patient and stores the event. server/src/ingest/hl7/README.md lists the fields read.
 *
 * What decides the ACK:
 *   - AR (rejected whatever its content): not ADT, a trigger other than those, a version before 2.3, a processing id
 *     other than P (production) — training and debugging messages must not change real patients' state;
 *   - AE (its content is wrong; nothing is stored): a required field missing or unreadable — MSH-10, the event time
 *     (EVN-2 or MSH-7), PID-3, PV1-2, the visit number (PV1-19 or PID-18), the facility;
 *   - AA with W warnings: a secondary field that cannot be read (a diagnosis code, the disposition, the attending's
 *     NPI, EVN-6, PV1-44/45 on a message that is not the admission or discharge itself) is left out and named — an
 *     admission is not lost to a typo in its diagnosis list.
 */
import type {
  AdtDiagnosis,
  AdtEvent,
  CanonicalEvent,
  AdtEventType,
  AdtFacility,
  DischargeDisposition,
  PatientClass,
} from '@benchline/shared';
import {
  CCN_PATTERN,
  ICD10_CM_PATTERN,
  isValidNpi,
  MBI_PATTERN,
  normalizeIcd10,
  SourceId,
  validateEvent,
} from '@benchline/shared';
import { Compile } from 'typebox/compile';
import type { Hl7ErrorCode, Hl7Issue, SegmentRef } from './hl7-message.js';
import { ReadableHl7 } from './hl7-message.js';
import { parseHl7Time, type SenderClock } from './hl7-time.js';

/** HL7 trigger events taken, and what each says happened. */
export const ADT_TRIGGERS: Readonly<Record<string, AdtEventType>> = {
  A01: 'admit',
  A04: 'register',
  A02: 'transfer',
  A08: 'update',
  A03: 'discharge',
  A11: 'cancel-admit',
  A13: 'cancel-discharge',
};

/** HL7 versions whose ADT segments carry these fields at these positions. */
const SUPPORTED_VERSION = /^2\.([3-9])(\.\d+)?$/;

/** A patient identifier of PID-3, with its assigning authority (CX-4) and identifier type (CX-5). */
export interface PatientIdentifier {
  value: string;
  /** CX-4 (its namespace, else its universal id), else the sending facility: what makes the value unique. */
  authority: string;
  /** CX-5, upper case (MR, MC, MB, PI …); '' when not given. */
  type: string;
}

/**
 * What a person reviewing an unmatched message sees of the patient (PID-5, PID-7, PID-8; a FHIR Encounter's
 * `subject.display`). Never used to match.
 */
export interface ReviewDemographics {
  familyName?: string;
  givenName?: string;
  birthDate?: string;
  sex?: string;
  /** The name a FHIR reference gives the patient, as the feed wrote it (FHIR Encounters only). */
  display?: string;
}

/** The message's header as the ACK needs it. */
export interface MessageHeader {
  controlId: string;
  trigger: string;
  version: string;
}

/** An adt event without its member, who is found from `identifiers`. */
export type AdtNotification = Omit<AdtEvent, 'memberId'>;

type WithoutMember<E> = E extends { memberId: string } ? Omit<E, 'memberId'> : never;

/** Any event about a member, without its member (a FHIR Encounter's clinical event, parked with its notification). */
export type MemberlessEvent = WithoutMember<CanonicalEvent>;

/**
 * The assigning authority of a FHIR Patient's logical id as a patient identifier (a FHIR Encounter's
 * `subject.reference`): its crosswalk entry is the FHIR patient crosswalk's (see patient-match). PID-3 identifiers
 * of this authority are never read from HL7 messages.
 */
export const FHIR_PATIENT_AUTHORITY = 'fhir:Patient';

export type AdtReading =
  | { status: 'refused'; ack: 'AE' | 'AR'; message: ReadableHl7 | null; header: MessageHeader; issues: Hl7Issue[] }
  | {
      status: 'read';
      message: ReadableHl7;
      header: MessageHeader;
      notification: AdtNotification;
      identifiers: PatientIdentifier[];
      patient: ReviewDemographics;
      warnings: Hl7Issue[];
    };

export interface ReadOptions {
  /** The sender's IANA time zone, for times without an offset (see hl7-time). */
  timeZone?: string | undefined;
}

/**
 * Identifier types never used to match nor kept: social security, driver's licence, passport, tax and national
 * numbers (NI, and NNxxx: a country's national number).
 */
const NEVER_USED_TYPES = new Set(['SS', 'SSN', 'DL', 'PPN', 'TAX', 'NI']);
export const isNeverUsed = (type: string): boolean => NEVER_USED_TYPES.has(type) || /^NN[A-Z]{3}$/.test(type);

/** Assigning authorities that mean CMS's Medicare Beneficiary Identifier (namespace or its OID). */
const MBI_AUTHORITIES = new Set(['CMS', 'MBI', 'MEDICARE', '2.16.840.1.113883.4.927']);

/** More PID-3 repetitions than any patient has identifiers: a message with more is refused, not searched. */
const MAX_IDENTIFIERS = 50;

/** Coding systems (CWE-3) that mean ICD-10-CM. */
const ICD10_SYSTEMS = new Set(['I10', 'I10C', 'ICD10', 'ICD-10', 'ICD10CM', 'ICD-10-CM', '2.16.840.1.113883.6.90']);

const NPI_MARKS = new Set(['NPI', '2.16.840.1.113883.4.6']);

const icd10 = new RegExp(ICD10_CM_PATTERN);
const ccn = new RegExp(CCN_PATTERN);
const mbi = new RegExp(MBI_PATTERN);
const isSourceId = Compile(SourceId);

/** The placeholder member a notification is validated with before matching (a valid id no member can have). */
const UNMATCHED = 'unmatched-patient';

export function readAdtMessage(text: string, options: ReadOptions = {}): AdtReading {
  const message = ReadableHl7.parse(text);
  if (message === null) {
    return {
      status: 'refused',
      ack: 'AR',
      message: null,
      header: { controlId: '', trigger: '', version: '' },
      issues: [
        issue('MSH', 1, 2, 102, 'the message header is not readable: MSH must begin with its five encoding characters'),
      ],
    };
  }
  const msh = message.first('MSH')!;
  const header: MessageHeader = {
    controlId: message.text(msh, 10),
    trigger: message.text(msh, 9, 2).toUpperCase() || message.text(message.first('EVN'), 1).toUpperCase(),
    version: message.text(msh, 12),
  };
  const refuse = (ack: 'AE' | 'AR', issues: Hl7Issue[]): AdtReading => ({
    status: 'refused',
    ack,
    message,
    header,
    issues,
  });

  // Whether the message is one this endpoint takes at all.
  const messageType = message.text(msh, 9).toUpperCase();
  if (messageType !== 'ADT') {
    return refuse('AR', [issue('MSH', 1, 9, 200, 'only ADT messages are taken here', 1)]);
  }
  const event = Object.hasOwn(ADT_TRIGGERS, header.trigger) ? ADT_TRIGGERS[header.trigger] : undefined;
  if (event === undefined) {
    return refuse('AR', [
      issue('MSH', 1, 9, 201, `the trigger event is not taken; send ${Object.keys(ADT_TRIGGERS).join(', ')}`, 2),
    ]);
  }
  if (!SUPPORTED_VERSION.test(header.version)) {
    return refuse('AR', [issue('MSH', 1, 12, 203, 'HL7 versions 2.3 to 2.9 are taken')]);
  }
  const processing = message.text(msh, 11).toUpperCase();
  if (processing !== 'P') {
    return refuse('AR', [
      issue('MSH', 1, 11, 202, 'only production messages (P) are taken; training and debugging ones change nothing'),
    ]);
  }

  const errors: Hl7Issue[] = [];
  const warnings: Hl7Issue[] = [];
  if (header.controlId === '') {
    errors.push(issue('MSH', 1, 10, 101, 'the message control id is required'));
  }
  const application = firstOf(message.text(msh, 3), message.text(msh, 3, 2));
  const sendingFacility = firstOf(message.text(msh, 4), message.text(msh, 4, 2));
  const sender = [application, sendingFacility].filter((part) => part !== '').join('^');
  if (sender === '') {
    errors.push(issue('MSH', 1, 4, 101, 'the sending application or facility is required'));
  }

  const pid = message.first('PID');
  const pv1 = message.first('PV1');
  if (pid === undefined) {
    errors.push(issue('PID', 1, 0, 100, 'the PID segment is required'));
  }
  if (pv1 === undefined) {
    errors.push(issue('PV1', 1, 0, 100, 'the PV1 segment is required'));
  }

  // Times: the message's own offset is the sender's zone when none is configured.
  const messageTime = message.text(msh, 7);
  const messageOffset = /([+-]\d{4})$/.exec(messageTime)?.[1];
  const clock: SenderClock = { timeZone: options.timeZone, messageOffset };
  let unzoned = false;
  const time = (ref: SegmentRef | undefined, field: number, severity: 'E' | 'W'): string | undefined => {
    const raw = message.text(ref, field);
    if (raw === '' || ref === undefined) {
      return undefined;
    }
    const reading = parseHl7Time(raw, clock);
    if (!reading.ok) {
      if (severity === 'E') {
        errors.push(issue(ref.name, ref.sequence, field, 102, reading.message));
      } else {
        warnings.push(warning(ref.name, ref.sequence, field, 102, `${reading.message}; left out`));
      }
      return undefined;
    }
    unzoned ||= !reading.zoned;
    return reading.iso;
  };
  const evn = message.first('EVN');
  let recorded: string | undefined;
  if (message.text(evn, 2) !== '') {
    recorded = time(evn, 2, 'E');
  } else if (messageTime !== '') {
    recorded = time(msh, 7, 'E');
  } else {
    errors.push(issue('EVN', 1, 2, 101, 'the event time (EVN-2, else MSH-7) is required'));
  }
  const occurredAt = time(evn, 6, 'W');

  if (message.count(pid, 3) > MAX_IDENTIFIERS) {
    errors.push(issue('PID', 1, 3, 102, `more than ${MAX_IDENTIFIERS} patient identifiers`));
  }
  const identifiers =
    pid === undefined || message.count(pid, 3) > MAX_IDENTIFIERS
      ? []
      : patientIdentifiers(message, pid, sendingFacility);
  if (pid !== undefined && identifiers.length === 0 && message.count(pid, 3) <= MAX_IDENTIFIERS) {
    errors.push(issue('PID', 1, 3, 101, 'at least one patient identifier (other than a national one) is required'));
  }

  const patientClass = pv1 === undefined ? undefined : patientClassOf(message, pv1, errors);
  const visit = pv1 === undefined || pid === undefined ? undefined : visitOf(message, pv1, pid, sendingFacility);
  if (pv1 !== undefined && pid !== undefined && visit === undefined) {
    errors.push(issue('PV1', 1, 19, 101, 'the visit number (PV1-19, else PID-18) is required'));
  }
  const facility = pv1 === undefined ? undefined : facilityOf(message, msh, pv1, warnings);
  if (pv1 !== undefined && facility === undefined) {
    errors.push(issue('PV1', 1, 3, 101, 'the facility (PV1-3.4, PV1-39 or MSH-4) is required', 4));
  }

  // Admission and discharge times: the message's own event time stands in on the admit or discharge itself.
  const arrives = event === 'admit' || event === 'register';
  const leaves = event === 'discharge';
  let admitAt = pv1 === undefined ? undefined : time(pv1, 44, arrives ? 'E' : 'W');
  let dischargeAt = pv1 === undefined ? undefined : time(pv1, 45, leaves ? 'E' : 'W');
  if (arrives) {
    admitAt ??= occurredAt ?? recorded;
  }
  if (leaves) {
    dischargeAt ??= occurredAt ?? recorded;
  }
  if (admitAt !== undefined && dischargeAt !== undefined && Date.parse(dischargeAt) < Date.parse(admitAt)) {
    if (leaves) {
      errors.push(issue('PV1', 1, 45, 102, 'the discharge is before the admission (PV1-44)'));
    } else {
      warnings.push(issue('PV1', 1, 45, 102, 'the discharge is before the admission (PV1-44); left out'));
    }
    dischargeAt = undefined;
  }

  if (errors.length > 0) {
    return refuse('AE', errors);
  }
  if (unzoned) {
    warnings.push(
      warning('MSH', 1, 7, 102, "times without a UTC offset were read as UTC: configure the sender's time zone (tz)"),
    );
  }

  const notification: AdtNotification = {
    kind: 'adt',
    sender,
    messageId: header.controlId,
    event,
    eventAt: recorded!,
    ...(occurredAt === undefined ? {} : { occurredAt }),
    visitNumber: visit!.number,
    visitAssigner: visit!.assigner,
    patientClass: patientClass!,
    ...(admitAt === undefined ? {} : { admitAt }),
    ...(dischargeAt === undefined || event === 'cancel-discharge' ? {} : { dischargeAt }),
    facility: facility!,
    ...optional('location', locationOf(message, pv1!)),
    ...optional('attendingNpi', attendingNpiOf(message, pv1!, warnings)),
    // A cancelled discharge carries the discharge it cancels: its time and disposition are not the stay's.
    ...optional(
      'dischargeDisposition',
      event === 'cancel-discharge' ? undefined : dispositionOf(message, pv1!, warnings),
    ),
    ...optional('diagnoses', diagnosesOf(message, warnings)),
    source: 'hl7',
  };
  // The canonical rules last (lengths, characters): a field the feed filled that no event may hold is named.
  const validation = validateEvent({ ...notification, memberId: UNMATCHED });
  if (!validation.ok) {
    return refuse(
      'AE',
      validation.issues.map((problem) => {
        const [segment, sequence, field, component] = ORIGIN[problem.path.split('/')[1] ?? ''] ?? ['MSH', 1, 0];
        return issue(segment, sequence, field, 102, `${problem.message} (${problem.reason})`, component);
      }),
    );
  }
  const { memberId: _placeholder, ...normalised } = validation.event as AdtEvent;
  return {
    status: 'read',
    message,
    header,
    notification: normalised,
    identifiers,
    patient: demographicsOf(message, pid!),
    warnings: capped(warnings),
  };
}

/** The most ERR segments an ACK carries: an answer never grows with the hostility of what was sent. */
const MAX_WARNINGS = 20;

function capped(warnings: Hl7Issue[]): Hl7Issue[] {
  if (warnings.length <= MAX_WARNINGS) {
    return warnings;
  }
  const rest = warnings.length - (MAX_WARNINGS - 1);
  return [...warnings.slice(0, MAX_WARNINGS - 1), warning('MSH', 1, 0, 102, `and ${rest} more fields left out`)];
}

/** Where each canonical field comes from, for naming a field the canonical rules refused. */
const ORIGIN: Readonly<Record<string, [string, number, number, number?]>> = {
  sender: ['MSH', 1, 4],
  messageId: ['MSH', 1, 10],
  eventAt: ['EVN', 1, 2],
  occurredAt: ['EVN', 1, 6],
  visitNumber: ['PV1', 1, 19],
  visitAssigner: ['PV1', 1, 19, 4],
  patientClass: ['PV1', 1, 2],
  admitAt: ['PV1', 1, 44],
  dischargeAt: ['PV1', 1, 45],
  facility: ['PV1', 1, 3, 4],
  location: ['PV1', 1, 3],
  attendingNpi: ['PV1', 1, 7],
  dischargeDisposition: ['PV1', 1, 36],
  diagnoses: ['DG1', 1, 3],
};

function issue(
  segment: string,
  sequence: number,
  field: number,
  code: Hl7ErrorCode,
  message: string,
  component?: number,
): Hl7Issue {
  return { segment, sequence, field, ...(component === undefined ? {} : { component }), code, severity: 'E', message };
}

function warning(segment: string, sequence: number, field: number, code: Hl7ErrorCode, message: string): Hl7Issue {
  return { ...issue(segment, sequence, field, code, message), severity: 'W' };
}

function firstOf(...values: string[]): string {
  return values.find((value) => value !== '') ?? '';
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** PID-3's identifiers, national numbers left out; an identifier's authority defaults to the sending facility. */
function patientIdentifiers(message: ReadableHl7, pid: SegmentRef, sendingFacility: string): PatientIdentifier[] {
  const found: PatientIdentifier[] = [];
  const seen = new Set<string>();
  for (let repetition = 0; repetition < message.count(pid, 3); repetition += 1) {
    const value = message.text(pid, 3, 1, undefined, repetition);
    const type = message.text(pid, 3, 5, undefined, repetition).toUpperCase();
    if (value === '' || isNeverUsed(type)) {
      continue;
    }
    const authority = firstOf(
      message.text(pid, 3, 4, 1, repetition),
      message.text(pid, 3, 4, 2, repetition),
      sendingFacility,
    );
    const key = `${authority}|${value}`;
    if (!seen.has(key) && authority !== FHIR_PATIENT_AUTHORITY) {
      seen.add(key);
      found.push({ value, authority, type });
    }
  }
  return found;
}

/**
 * The identifier's MBI, when it is one: a Medicare number (type MC) or one assigned by CMS, in the MBI's format
 * (dashes, as MBIs are often printed, removed; upper case).
 */
export function mbiOf(identifier: PatientIdentifier): string | undefined {
  if (identifier.type !== 'MC' && !MBI_AUTHORITIES.has(identifier.authority.toUpperCase())) {
    return undefined;
  }
  const value = identifier.value.replace(/-/g, '').toUpperCase();
  return mbi.test(value) ? value : undefined;
}

/** The identifier as a member id, when it is a plan's member number (type MB) a member id could be. */
export function memberNumberOf(identifier: PatientIdentifier): string | undefined {
  return identifier.type === 'MB' && isSourceId.Check(identifier.value) ? identifier.value : undefined;
}

/** The crosswalk's key for an identifier. */
export function identifierKey(identifier: PatientIdentifier): string {
  return `${identifier.authority}|${identifier.value}`;
}

const CLASS_OF_CODE: Readonly<Record<string, PatientClass>> = {
  I: 'inpatient',
  E: 'emergency',
  O: 'outpatient',
  P: 'preadmit',
  R: 'recurring',
  B: 'obstetrics',
  C: 'other',
  N: 'other',
  U: 'other',
};

/**
 * PV1-2 (table 0004); observation when PV1-2 says so (OBS…) or the patient type, PV1-18, does — feeds mark an
 * observation stay as an outpatient or emergency class with an OBS patient type.
 */
function patientClassOf(message: ReadableHl7, pv1: SegmentRef, errors: Hl7Issue[]): PatientClass | undefined {
  const code = message.text(pv1, 2).toUpperCase();
  if (code === '') {
    errors.push(issue('PV1', 1, 2, 101, 'the patient class is required'));
    return undefined;
  }
  if (code.startsWith('OBS') || /^OBS/.test(message.text(pv1, 18).toUpperCase())) {
    return 'observation';
  }
  const patientClass = Object.hasOwn(CLASS_OF_CODE, code) ? CLASS_OF_CODE[code] : undefined;
  if (patientClass === undefined) {
    errors.push(issue('PV1', 1, 2, 103, 'the patient class is not one of HL7 table 0004 (I, E, O, P, R, B, C, N, U)'));
  }
  return patientClass;
}

/** PV1-19 (else PID-18, where some feeds number the stay), with its assigning authority or the sending facility. */
function visitOf(
  message: ReadableHl7,
  pv1: SegmentRef,
  pid: SegmentRef,
  sendingFacility: string,
): { number: string; assigner: string } | undefined {
  for (const [ref, field] of [
    [pv1, 19],
    [pid, 18],
  ] as const) {
    const number = message.text(ref, field);
    if (number !== '') {
      const assigner = firstOf(message.text(ref, field, 4, 1), message.text(ref, field, 4, 2), sendingFacility);
      return { number, assigner };
    }
  }
  return undefined;
}

/**
 * The facility: its id from PV1-3.4 (the assigned location's facility), else PV1-39, else MSH-4; a CCN or NPI from
 * any of those given as a universal id of that type (HD-3 `CCN` / `NPI`), or from PV2-23's organisation identifier
 * (XON-10 with type XON-7); its name from PV2-23.
 */
function facilityOf(
  message: ReadableHl7,
  msh: SegmentRef,
  pv1: SegmentRef,
  warnings: Hl7Issue[],
): AdtFacility | undefined {
  const id = firstOf(
    message.text(pv1, 3, 4, 1),
    message.text(pv1, 3, 4, 2),
    message.text(pv1, 39),
    message.text(msh, 4),
    message.text(msh, 4, 2),
  );
  if (id === '') {
    return undefined;
  }
  const pv2 = message.first('PV2');
  const typed: { type: string; value: string; at: [string, number, number] }[] = [
    { type: message.text(pv1, 3, 4, 3), value: message.text(pv1, 3, 4, 2), at: ['PV1', 3, 4] },
    { type: message.text(msh, 4, 3), value: message.text(msh, 4, 2), at: ['MSH', 4, 2] },
    { type: message.text(pv2, 23, 7), value: message.text(pv2, 23, 10), at: ['PV2', 23, 10] },
  ];
  let facilityCcn: string | undefined;
  let facilityNpi: string | undefined;
  for (const { type, value, at } of typed) {
    const kind = type.toUpperCase();
    if (value === '' || (kind !== 'CCN' && kind !== 'NPI')) {
      continue;
    }
    if (kind === 'CCN' && facilityCcn === undefined) {
      if (ccn.test(value.toUpperCase())) {
        facilityCcn = value.toUpperCase();
      } else {
        warnings.push(warning(at[0], 1, at[1], 102, 'the facility CCN is not six letters or digits; left out'));
      }
    } else if (kind === 'NPI' && facilityNpi === undefined) {
      if (/^[12][0-9]{9}$/.test(value) && isValidNpi(value)) {
        facilityNpi = value;
      } else {
        warnings.push(warning(at[0], 1, at[1], 102, 'the facility NPI is not a valid NPI; left out'));
      }
    }
  }
  const name = message.text(pv2, 23, 1);
  return {
    id,
    ...(name === '' ? {} : { name }),
    ...(facilityCcn === undefined ? {} : { ccn: facilityCcn }),
    ...(facilityNpi === undefined ? {} : { npi: facilityNpi }),
  };
}

/** PV1-3's point of care, room and bed, as the facility names them. */
function locationOf(message: ReadableHl7, pv1: SegmentRef): string | undefined {
  const parts = [1, 2, 3].map((component) => message.text(pv1, 3, component)).filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** PV1-7's first attending, when it is identified as an NPI (XCN-13 type, or XCN-9 authority) and is a valid one. */
function attendingNpiOf(message: ReadableHl7, pv1: SegmentRef, warnings: Hl7Issue[]): string | undefined {
  const id = message.text(pv1, 7, 1);
  const marked = [message.text(pv1, 7, 13), message.text(pv1, 7, 9, 1), message.text(pv1, 7, 9, 2)].some((mark) =>
    NPI_MARKS.has(mark.toUpperCase()),
  );
  if (id === '' || !marked) {
    return undefined;
  }
  if (/^[12][0-9]{9}$/.test(id) && isValidNpi(id)) {
    return id;
  }
  warnings.push(warning('PV1', 1, 7, 102, "the attending's NPI is not a valid NPI; left out"));
  return undefined;
}

/** PV1-36: NUBC patient status (one or two digits, as US feeds send it), else the sender's own code. */
function dispositionOf(message: ReadableHl7, pv1: SegmentRef, warnings: Hl7Issue[]): DischargeDisposition | undefined {
  const code = message.text(pv1, 36);
  if (code === '') {
    return undefined;
  }
  if (/^[0-9]{1,2}$/.test(code)) {
    return { system: 'nubc', code: code.padStart(2, '0') };
  }
  if (/^[A-Za-z0-9._-]{1,20}$/.test(code)) {
    return { system: 'local', code };
  }
  warnings.push(warning('PV1', 1, 36, 102, 'the discharge disposition is not a code; left out'));
  return undefined;
}

const DIAGNOSIS_TYPES: Readonly<Record<string, AdtDiagnosis['type']>> = { A: 'admitting', W: 'working', F: 'final' };
const MAX_DIAGNOSES = 50;

/**
 * ICD-10-CM diagnoses from DG1-3 (with DG1-6's type), and PV2-3's admit reason as the admitting diagnosis when it is
 * ICD-10-CM coded. Codes in other systems are not carried (Benchline reads ICD-10-CM); a malformed ICD-10-CM code
 * is left out with a warning.
 */
function diagnosesOf(message: ReadableHl7, warnings: Hl7Issue[]): AdtDiagnosis[] | undefined {
  const diagnoses: AdtDiagnosis[] = [];
  const seen = new Set<string>();
  const add = (ref: SegmentRef, field: number, type: AdtDiagnosis['type'] | undefined): void => {
    const system = message.text(ref, field, 3).toUpperCase();
    const raw = message.text(ref, field, 1);
    if (raw === '' || !ICD10_SYSTEMS.has(system)) {
      return;
    }
    const code = normalizeIcd10(raw);
    if (!icd10.test(code)) {
      warnings.push(warning(ref.name, ref.sequence, field, 102, 'is not an ICD-10-CM code; left out'));
      return;
    }
    if (seen.has(code)) {
      return;
    }
    seen.add(code);
    diagnoses.push(type === undefined ? { code } : { code, type });
  };
  const pv2 = message.first('PV2');
  if (pv2 !== undefined) {
    add(pv2, 3, 'admitting');
  }
  for (const dg1 of message.all('DG1')) {
    if (diagnoses.length === MAX_DIAGNOSES) {
      // One warning for all the rest: an answer never grows with the number of segments sent.
      warnings.push(warning(dg1.name, dg1.sequence, 3, 102, `more than ${MAX_DIAGNOSES} diagnoses; the rest left out`));
      break;
    }
    const type = message.text(dg1, 6).toUpperCase();
    add(dg1, 3, Object.hasOwn(DIAGNOSIS_TYPES, type) ? DIAGNOSIS_TYPES[type] : undefined);
  }
  return diagnoses.length === 0 ? undefined : diagnoses;
}

/** PID-5's first name, PID-7's date and PID-8, for a person matching by hand; nothing here is ever matched on. */
function demographicsOf(message: ReadableHl7, pid: SegmentRef): ReviewDemographics {
  const birth = parseHl7Time(message.text(pid, 7).slice(0, 8));
  const birthDate = birth.ok ? birth.iso.slice(0, 10) : undefined;
  const limit = (text: string): string => text.slice(0, 100);
  const familyName = limit(message.text(pid, 5, 1, 1));
  const givenName = limit(message.text(pid, 5, 2));
  const sex = message.text(pid, 8).toUpperCase().slice(0, 1);
  return {
    ...(familyName === '' ? {} : { familyName }),
    ...(givenName === '' ? {} : { givenName }),
    ...(birthDate === undefined ? {} : { birthDate }),
    ...(sex === '' ? {} : { sex }),
  };
}
