import { Type, type Static } from 'typebox';
import { CCN_PATTERN, ICD10_CM_PATTERN, NPI_PATTERN } from '../codes.js';
import { EventSource, FreeText, IsoDateTime, MemberId } from './common.js';

/**
 * A hospital's admission, discharge or transfer notification (ADT), from an HL7 v2 feed (A01, A02, A03, A04, A08,
 * A11, A13) or a FHIR Encounter, as a canonical event. Each notification is one event, never replaced: a stay's
 * state (admitted, discharged, cancelled; its class, facility, times, disposition, diagnoses) is derived from all of
 * its notifications ordered by when they happened (workers/src/domain/adt.ts), so any arrival order, duplicates and
 * cancels end the same.
 *
 *   { kind: 'adt', sender, messageId, memberId, event, eventAt, occurredAt?, visitNumber, visitAssigner,
 *     patientClass, admitAt?, dischargeAt?, facility: { id, name?, ccn?, npi? }, location?, attendingNpi?,
 *     dischargeDisposition?: { system, code }, diagnoses?: [{ code, type? }], source? }
 *
 * Identity: `sender` (HL7: MSH-3 and MSH-4, `<application>^<facility>`; FHIR: `fhir`) and `messageId` (HL7: the
 * message control id, MSH-10; FHIR: `Encounter/<id>/_history/<version>`): a message sent again is a duplicate. The
 * stay a notification belongs to is `visitAssigner` + `visitNumber` (PV1-19, which ties an admission to its transfers
 * and discharge).
 * Times keep the sender's UTC offset, so the local calendar day of an admission or discharge (which transitional
 * care counts business days from) is the first ten characters.
 */

/**
 * What the notification says happened: HL7 A01 admit, A04 register (an emergency or outpatient visit), A02
 * transfer, A08 update, A03 discharge, A11 cancel admit (or register), A13 cancel discharge.
 */
export const ADT_EVENT_TYPES = [
  'admit',
  'register',
  'transfer',
  'update',
  'discharge',
  'cancel-admit',
  'cancel-discharge',
] as const;
export const AdtEventType = Type.Enum([...ADT_EVENT_TYPES]);
export type AdtEventType = Static<typeof AdtEventType>;

/**
 * The patient's class in the stay (HL7 PV1-2, table 0004; FHIR Encounter.class). Observation is its own class
 * because Medicare treats an observation stay as outpatient: it does not count as an inpatient admission.
 */
export const PATIENT_CLASSES = [
  'inpatient',
  'observation',
  'emergency',
  'outpatient',
  'preadmit',
  'recurring',
  'obstetrics',
  'other',
] as const;
export const PatientClass = Type.Enum([...PATIENT_CLASSES]);
export type PatientClass = Static<typeof PatientClass>;

/**
 * An identifier as an HL7 feed writes it: printable ASCII without the field separator `|` (which also separates
 * the parts of the keys built from these), and no leading or trailing space.
 */
export const HL7_IDENTIFIER_PATTERN = '^[!-{}~]([ -{}~]*[!-{}~])?$';
export function Hl7Identifier(maxLength: number, description?: string) {
  return Type.String({
    minLength: 1,
    maxLength,
    pattern: HL7_IDENTIFIER_PATTERN,
    ...(description === undefined ? {} : { description }),
  });
}

/** Where the patient is: the facility's own id, and its name, CCN and NPI when the feed carries them. */
export const AdtFacility = Type.Object(
  {
    /** The facility's id in the feed (PV1-3.4, else PV1-39, else MSH-4; FHIR: serviceProvider). */
    id: Hl7Identifier(180),
    name: Type.Optional(FreeText({ minLength: 1, maxLength: 200 })),
    /** Medicare CMS Certification Number, for matching the facility against claims and the participant list. */
    ccn: Type.Optional(Type.String({ pattern: CCN_PATTERN })),
    npi: Type.Optional(Type.String({ pattern: NPI_PATTERN })),
  },
  { additionalProperties: false },
);
export type AdtFacility = Static<typeof AdtFacility>;

/**
 * Where the patient went: NUBC patient discharge status (`nubc`, two digits: 01 home, 03 SNF, 06 home health, 20
 * expired, 50/51 hospice …, which US HL7 feeds send in PV1-36), HL7's FHIR discharge-disposition codes
 * (`hl7-fhir`: home, snf, hosp, exp …), or the sender's own code (`local`).
 */
export const DischargeDisposition = Type.Object(
  {
    system: Type.Enum(['nubc', 'hl7-fhir', 'local']),
    code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9._\\-]+$' }),
  },
  { additionalProperties: false },
);
export type DischargeDisposition = Static<typeof DischargeDisposition>;

/** An ICD-10-CM diagnosis of the stay (DG1-3; PV2-3 as admitting), with DG1-6's type when given. */
export const AdtDiagnosis = Type.Object(
  {
    code: Type.String({ pattern: ICD10_CM_PATTERN }),
    type: Type.Optional(Type.Enum(['admitting', 'working', 'final'])),
  },
  { additionalProperties: false },
);
export type AdtDiagnosis = Static<typeof AdtDiagnosis>;

export const AdtEvent = Type.Object(
  {
    kind: Type.Literal('adt'),
    /** The sending system: HL7 `<MSH-3>^<MSH-4>`, FHIR `fhir`. */
    sender: Hl7Identifier(180),
    /** The notification's id at its sender: the HL7 message control id (MSH-10). */
    messageId: Hl7Identifier(200),
    memberId: MemberId,
    event: AdtEventType,
    /** When the sender recorded the event (EVN-2, else MSH-7): notifications of a stay are ordered by it. */
    eventAt: IsoDateTime,
    /** When the event happened, if the sender says (EVN-6). */
    occurredAt: Type.Optional(IsoDateTime),
    /** The stay's number (PV1-19, else PID-18), unique within `visitAssigner`. */
    visitNumber: Hl7Identifier(100),
    /** Who numbered the stay (PV1-19.4, else the sending facility). */
    visitAssigner: Hl7Identifier(180),
    patientClass: PatientClass,
    /** Admission (or arrival) time, PV1-44: required on an admit or register. */
    admitAt: Type.Optional(IsoDateTime),
    /** Discharge time, PV1-45: required on a discharge. */
    dischargeAt: Type.Optional(IsoDateTime),
    facility: AdtFacility,
    /** Point of care, room and bed (PV1-3), as the facility names them. */
    location: Type.Optional(FreeText({ minLength: 1, maxLength: 100 })),
    /** The attending physician's NPI (PV1-7), when the feed gives one. */
    attendingNpi: Type.Optional(Type.String({ pattern: NPI_PATTERN })),
    dischargeDisposition: Type.Optional(DischargeDisposition),
    diagnoses: Type.Optional(Type.Array(AdtDiagnosis, { maxItems: 50 })),
    source: Type.Optional(EventSource),
  },
  { additionalProperties: false },
);
export type AdtEvent = Static<typeof AdtEvent>;
