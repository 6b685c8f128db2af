/**
 * A FHIR Encounter that is an ADT notification (encounter-adt.ts), as the ADT core matches it to a member — or parks
 * it for review when none matches, as an HL7 message is (ingest/hl7/adt-settle): its events without their member,
 * and the identifiers its subject carries in place of PID-3:
 *   - the MBI (`subject.identifier` in http://hl7.org/fhir/sid/us-mbi): type MC, authority CMS — a member id that is
 *     not in the MBI's format (BCDA's synthetic MBIs) is type MB, matched as a member id;
 *   - the Patient it references (`Patient/<id>`, also absolute or versioned): its logical id, authority
 *     `fhir:Patient` — the FHIR patient crosswalk's key, so a person linking it teaches every later reference;
 *   - another `subject.identifier` (an MRN): its value, authority its system (else the facility); national numbers
 *     (SSN, type SS, DL, PPN, TAX, NI, NNxxx) and BFD's mbi-hash are never kept.
 * A subject the mapping resolved through its reference (the caller's crosswalk, or a Bundle's own Patient) comes with
 * that link, as a crosswalk entry the request already knows.
 *
 * Pure: no I/O.
 */
import type { AdtEvent, CanonicalEvent, FieldIssue } from '@benchline/shared';
import { MBI_PATTERN } from '@benchline/shared';
import {
  type AdtNotification,
  FHIR_PATIENT_AUTHORITY,
  identifierKey,
  isNeverUsed,
  type MemberlessEvent,
  type PatientIdentifier,
  type ReviewDemographics,
} from '../hl7/map-adt.js';
import { SYSTEM } from './code-systems.js';
import { codingsOf, isObject, type JsonObject, objectAt, stringAt } from './fhir-json.js';
import { mapFhirResource } from './map-fhir.js';
import { mbiAmong, patientIdOf, patientKeyOf } from './member-reference.js';
import type { FhirMappingContext, FhirMappingResult } from './types.js';

/** The member id an Encounter whose subject is not resolved is mapped with: a valid id no member can have. */
export const UNMATCHED_MEMBER = 'unmatched-patient';

/** An Encounter's ADT notification waiting for its member (ingest/hl7/adt-settle's AdtItem). */
export interface EncounterAdt {
  notification: AdtNotification;
  /** The Encounter's other events (a typed Encounter's clinical event), stored with the notification. */
  companions: MemberlessEvent[];
  identifiers: PatientIdentifier[];
  patient: ReviewDemographics;
  /** The member the mapping resolved the subject's reference to, as the crosswalk entry of its identifier. */
  resolved?: readonly [key: string, memberId: string];
}

const NEVER_KEPT_SYSTEMS = new Set(['http://hl7.org/fhir/sid/us-ssn', 'urn:oid:2.16.840.1.113883.4.1']);
const mbiFormat = new RegExp(MBI_PATTERN);
/** Longer identifier values are no one's identifier: not kept. */
const MAX_IDENTIFIER_LENGTH = 128;
const MAX_DISPLAY_LENGTH = 100;

/**
 * The Encounter at `resource` as an ADT notification to match, when it is one: an Encounter whose mapping (`mapped`,
 * with issue paths under `base` — `/entry/<i>/resource` in a Bundle) gave an `adt` event, or failed only because its
 * subject could not be resolved (`unresolved-patient` at /subject) and gives one mapped with a placeholder member.
 * Undefined for anything else — other resources, an Encounter with other problems (refused as ever), one that is no
 * notification, and one whose subject carries no identifier to match or link it by.
 */
export function encounterAdtOf(
  resource: unknown,
  mapped: FhirMappingResult,
  context: FhirMappingContext,
  base = '',
): EncounterAdt | undefined {
  if (!isObject(resource) || resource.resourceType !== 'Encounter') {
    return undefined;
  }
  const subject = objectAt(resource, 'subject');
  if (subject === undefined) {
    return undefined;
  }
  let events: CanonicalEvent[];
  if (mapped.ok) {
    events = mapped.events;
  } else {
    if (!onlyUnresolvedSubject(mapped.issues, `${base}/subject`)) {
      return undefined;
    }
    // Everything else about the Encounter is readable: map it for a member to be named later.
    const placeholder = { identifier: { system: SYSTEM.mbi, value: UNMATCHED_MEMBER } };
    const again = mapFhirResource({ ...resource, subject: placeholder }, context);
    if (!again.ok) {
      return undefined;
    }
    events = again.events;
  }
  const adt = events.find((event): event is AdtEvent => event.kind === 'adt');
  if (adt === undefined) {
    return undefined;
  }
  const { memberId: _member, ...notification } = adt;
  const identifiers = subjectIdentifiers(subject, adt.facility.id);
  let resolved: EncounterAdt['resolved'];
  const reference = stringAt(subject, 'reference');
  if (mapped.ok && reference !== undefined && subjectMbi(subject) === undefined) {
    // Resolved through the reference: the caller's crosswalk, or a Bundle's own Patient (`urn:uuid:` included).
    const identifier = { value: patientKeyOf(reference), authority: FHIR_PATIENT_AUTHORITY, type: 'PI' };
    if (!identifiers.some((known) => identifierKey(known) === identifierKey(identifier))) {
      identifiers.push(identifier);
    }
    resolved = [identifierKey(identifier), adt.memberId];
  }
  if (identifiers.length === 0) {
    return undefined;
  }
  const display = stringAt(subject, 'display')?.trim().slice(0, MAX_DISPLAY_LENGTH);
  return {
    notification,
    companions: events.filter((event) => event !== adt).map(withoutMember),
    identifiers,
    patient: display === undefined || display === '' ? {} : { display },
    ...(resolved === undefined ? {} : { resolved }),
  };
}

/** The patient identifiers a subject Reference carries (see the file's comment). */
export function subjectIdentifiers(subject: JsonObject, facility: string): PatientIdentifier[] {
  const found: PatientIdentifier[] = [];
  const identifier = objectAt(subject, 'identifier');
  const mbi = subjectMbi(subject);
  if (mbi !== undefined) {
    const normalised = mbi.replace(/-/g, '').toUpperCase();
    found.push({ value: mbi, authority: 'CMS', type: mbiFormat.test(normalised) ? 'MC' : 'MB' });
  } else if (identifier !== undefined) {
    const other = otherIdentifier(identifier, facility);
    if (other !== undefined) {
      found.push(other);
    }
  }
  const reference = stringAt(subject, 'reference');
  const patientId = reference === undefined ? undefined : patientIdOf(reference);
  if (patientId !== undefined) {
    found.push({ value: patientId, authority: FHIR_PATIENT_AUTHORITY, type: 'PI' });
  }
  return found;
}

function subjectMbi(subject: JsonObject): string | undefined {
  const identifier = objectAt(subject, 'identifier');
  return identifier === undefined ? undefined : mbiAmong([{ node: identifier, path: '' }])?.mbi;
}

function otherIdentifier(identifier: JsonObject, facility: string): PatientIdentifier | undefined {
  const value = stringAt(identifier, 'value')?.trim() ?? '';
  const system = stringAt(identifier, 'system')?.trim();
  const type = (codingsOf(objectAt(identifier, 'type'), '').find((coding) => coding.code !== undefined)?.code ?? '')
    .trim()
    .toUpperCase();
  if (
    value === '' ||
    value.length > MAX_IDENTIFIER_LENGTH ||
    system === SYSTEM.mbi ||
    (system !== undefined && (NEVER_KEPT_SYSTEMS.has(system) || system.endsWith('/mbi-hash'))) ||
    isNeverUsed(type)
  ) {
    return undefined;
  }
  return { value, authority: system === undefined || system === '' ? facility : system, type };
}

function onlyUnresolvedSubject(issues: readonly FieldIssue[], path: string): boolean {
  return issues.length > 0 && issues.every((issue) => issue.reason === 'unresolved-patient' && issue.path === path);
}

function withoutMember(event: CanonicalEvent): MemberlessEvent {
  const { memberId: _member, ...rest } = event as CanonicalEvent & { memberId: string };
  return rest as MemberlessEvent;
}
