/**
 * A FHIR R4 Encounter of a hospital stay or visit — class IMP (ACUTE, NONAC), EMER or OBSENC — as the ADT
 * notification (`adt` event) HL7 feeds send, for feeds that send FHIR: one notification per version of the
 * Encounter, so a stay's state follows its versions as it follows A01 … A03.
 *
 *   status arrived / triaged / in-progress / onleave → admit (inpatient) or register (emergency, observation)
 *   status finished                                  → discharge (period.end required)
 *   status cancelled / entered-in-error              → cancel-admit
 *   planned, unknown                                 → no notification (nothing happened yet, or nothing known)
 *
 * Identity: sender `fhir`, message id `Encounter/<id>/_history/<meta.versionId>` (without a version id, the status
 * stands in: `Encounter/<id>/<status>`, so each status the Encounter passes through is one notification). The stay
 * is the Encounter's visit-number identifier (type VN) in its system, else `Encounter/<id>`. The event time is
 * meta.lastUpdated, else the period's end (finished) or start. A date without a time is that day at 00:00Z, so its
 * first ten characters stay the day the feed wrote.
 */
import type { AdtDiagnosis, AdtEvent, AdtEventType, DischargeDisposition, PatientClass } from '@benchline/shared';
import { CCN_PATTERN, ICD10_CM_PATTERN, normalizeIcd10 } from '@benchline/shared';
import { SYSTEM } from './code-systems.js';
import { codingsOf, type JsonObject, objectAt, objectsAt, pointer, stringAt } from './fhir-json.js';
import { EventScope, type IssueList } from './mapping-scope.js';
import { resolveMember } from './member-reference.js';
import type { FhirMappingContext } from './types.js';

/** Encounter classes (v3 ActCode) an ADT notification is about. */
export const ADT_ENCOUNTER_CLASSES: Readonly<Record<string, PatientClass>> = {
  IMP: 'inpatient',
  ACUTE: 'inpatient',
  NONAC: 'inpatient',
  EMER: 'emergency',
  OBSENC: 'observation',
};

const ARRIVED = new Set(['arrived', 'triaged', 'in-progress', 'onleave']);
const CANCELLED = new Set(['cancelled', 'entered-in-error']);

const DISPOSITION_SYSTEMS: Readonly<Record<string, DischargeDisposition['system']>> = {
  'http://terminology.hl7.org/CodeSystem/discharge-disposition': 'hl7-fhir',
  [SYSTEM.nubcDischargeStatus]: 'nubc',
};

const FHIR_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](?:0\d|1[0-4]):[0-5]\d))?$/;

/** The patient class an Encounter's class gives, when it is one an ADT notification is about. */
export function adtClassOf(resource: JsonObject): PatientClass | undefined {
  const code = stringAt(objectAt(resource, 'class'), 'code');
  return code === undefined ? undefined : ADT_ENCOUNTER_CLASSES[code.toUpperCase()];
}

/** The ADT event type an Encounter's status says, when it says one. */
export function adtEventOf(resource: JsonObject, patientClass: PatientClass): AdtEventType | undefined {
  const status = stringAt(resource, 'status') ?? '';
  if (ARRIVED.has(status)) {
    return patientClass === 'inpatient' ? 'admit' : 'register';
  }
  if (status === 'finished') {
    return 'discharge';
  }
  return CANCELLED.has(status) ? 'cancel-admit' : undefined;
}

/** The Encounter as an `adt` event, or undefined (and issues in `list`) when it cannot be one. */
export function mapEncounterAdt(
  resource: JsonObject,
  context: FhirMappingContext,
  list: IssueList,
): AdtEvent | undefined {
  const patientClass = adtClassOf(resource);
  const event = patientClass === undefined ? undefined : adtEventOf(resource, patientClass);
  if (patientClass === undefined || event === undefined) {
    return undefined;
  }
  const scope = new EventScope(list);
  const id = stringAt(resource, 'id');
  if (id === undefined) {
    scope.fail('/id', 'required', 'an Encounter notifying an admission or discharge needs an id', '/messageId');
  }
  const versionId = stringAt(objectAt(resource, 'meta'), 'versionId');
  const status = stringAt(resource, 'status') ?? '';
  scope.from('/messageId', versionId === undefined ? '/status' : '/meta/versionId');
  scope.from('/patientClass', '/class/code');
  scope.from('/event', '/status');

  const period = objectAt(resource, 'period');
  const start = dateTime(period?.start, '/period/start', '/admitAt', scope, event === 'admit' || event === 'register');
  const end = dateTime(period?.end, '/period/end', '/dischargeAt', scope, event === 'discharge');
  if (start !== undefined && end !== undefined && Date.parse(end) < Date.parse(start)) {
    scope.fail('/period/end', 'date-order', 'is before the start', '/dischargeAt');
  }
  const lastUpdated = dateTime(objectAt(resource, 'meta')?.lastUpdated, '/meta/lastUpdated', '/eventAt', scope, false);
  const eventAt = lastUpdated ?? (event === 'discharge' ? end : undefined) ?? start ?? end;
  if (eventAt === undefined) {
    scope.fail('/period/start', 'required', 'an admission or discharge needs a time', '/eventAt');
  }
  const visit = visitOf(resource, id, scope);
  const draft: Record<string, unknown> = {
    kind: 'adt',
    sender: 'fhir',
    messageId:
      id === undefined ? undefined : `Encounter/${id}/${versionId === undefined ? status : `_history/${versionId}`}`,
    memberId: resolveMember(objectAt(resource, 'subject'), '/subject', context.patients, scope),
    event,
    eventAt,
    visitNumber: visit.number,
    visitAssigner: visit.assigner,
    patientClass,
    ...(start === undefined || event === 'cancel-admit' ? {} : { admitAt: start }),
    ...(end === undefined || event !== 'discharge' ? {} : { dischargeAt: end }),
    facility: facilityOf(resource, scope),
    ...optional('location', locationOf(resource, scope)),
    ...optional('attendingNpi', attendingNpiOf(resource, scope)),
    ...optional('dischargeDisposition', event === 'discharge' ? dispositionOf(resource, scope) : undefined),
    ...optional('diagnoses', reasonsOf(resource, scope)),
    source: context.source,
  };
  return scope.finish('adt', draft);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A FHIR dateTime (at least a day) as RFC 3339; a date alone is that day at 00:00Z. */
function dateTime(
  value: unknown,
  path: string,
  canonicalPath: string,
  scope: EventScope,
  required: boolean,
): string | undefined {
  if (value === undefined) {
    if (required) {
      scope.fail(path, 'required', 'is required', canonicalPath);
    }
    return undefined;
  }
  const match = typeof value === 'string' ? FHIR_DATE_TIME.exec(value) : null;
  if (match === null) {
    scope.fail(path, 'format', 'is not a FHIR dateTime of at least a day', canonicalPath);
    return undefined;
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const valid = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    Number(year) < 1800 ||
    valid.getUTCMonth() !== Number(month) - 1 ||
    valid.getUTCDate() !== Number(day) ||
    Number(hour ?? 0) > 23 ||
    Number(minute ?? 0) > 59 ||
    Number(second ?? 0) > 59
  ) {
    scope.fail(path, 'impossible-date', 'is not a date that exists', canonicalPath);
    return undefined;
  }
  if (hour !== undefined && zone === undefined) {
    // FHIR requires the offset with a time: without it the instant is unknown.
    scope.fail(path, 'format', 'a time needs its UTC offset', canonicalPath);
    return undefined;
  }
  scope.from(canonicalPath, path);
  return hour === undefined
    ? `${year}-${month}-${day}T00:00:00Z`
    : `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${fraction?.slice(0, 4) ?? ''}${zone}`;
}

function visitOf(
  resource: JsonObject,
  id: string | undefined,
  scope: EventScope,
): { number?: string; assigner: string } {
  const visit = objectsAt(resource, 'identifier').find(({ node }) =>
    codingsOf(objectAt(node, 'type'), '').some((coding) => coding.code === 'VN'),
  );
  const value = visit === undefined ? undefined : stringAt(visit.node, 'value');
  if (visit !== undefined && value !== undefined) {
    scope.from('/visitNumber', pointer('/identifier', visit.index, 'value'));
    scope.from('/visitAssigner', pointer('/identifier', visit.index, 'system'));
    return { number: value, assigner: stringAt(visit.node, 'system') ?? 'fhir' };
  }
  scope.from('/visitNumber', '/id');
  return { ...(id === undefined ? {} : { number: `Encounter/${id}` }), assigner: 'fhir' };
}

/**
 * serviceProvider: its NPI and CCN identifiers, its name; its id is the Organization it references, else its NPI or
 * CCN, else its name — else the first location's. Without either the facility is unknown: an issue.
 */
function facilityOf(resource: JsonObject, scope: EventScope): Record<string, string> | undefined {
  const provider = objectAt(resource, 'serviceProvider');
  // Reference.identifier is one Identifier: the organisation's NPI or CCN.
  const identifier = objectAt(provider, 'identifier');
  const valueOf = (system: string): string | undefined =>
    stringAt(identifier, 'system') === system ? stringAt(identifier, 'value') : undefined;
  const npi = valueOf(SYSTEM.npi);
  const ccn = valueOf(SYSTEM.ccn);
  const name = stringAt(provider, 'display');
  const reference = stringAt(provider, 'reference');
  const location = objectAt(objectsAt(resource, 'location')[0]?.node, 'location');
  const id =
    (reference === undefined ? undefined : /([^/]+)$/.exec(reference)?.[1]) ??
    npi ??
    ccn ??
    name ??
    stringAt(location, 'reference') ??
    stringAt(location, 'display');
  if (id === undefined) {
    scope.fail('/serviceProvider', 'required', 'the facility (serviceProvider or location) is required', '/facility');
    return undefined;
  }
  scope.from('/facility', provider === undefined ? '/location/0/location' : '/serviceProvider');
  if (npi !== undefined) {
    scope.npi(npi, '/serviceProvider/identifier/value', '/facility/npi');
  }
  if (ccn !== undefined && !new RegExp(CCN_PATTERN).test(ccn)) {
    scope.fail('/serviceProvider/identifier/value', 'pattern', 'a CCN is six letters or digits', '/facility/ccn');
  }
  return {
    id,
    ...(name === undefined ? {} : { name }),
    ...(ccn === undefined ? {} : { ccn }),
    ...(npi === undefined ? {} : { npi }),
  };
}

function locationOf(resource: JsonObject, scope: EventScope): string | undefined {
  const location = objectsAt(resource, 'location')[0];
  const display = stringAt(objectAt(location?.node, 'location'), 'display');
  if (location !== undefined && display !== undefined) {
    scope.from('/location', pointer('/location', location.index, 'location', 'display'));
  }
  return display;
}

/** The participant of type ATND (attender) identified by an NPI. */
function attendingNpiOf(resource: JsonObject, scope: EventScope): string | undefined {
  for (const { node, index } of objectsAt(resource, 'participant')) {
    const attends = objectsAt(node, 'type').some(({ node: type }) =>
      codingsOf(type, '').some((coding) => coding.code === 'ATND'),
    );
    const identifier = objectAt(objectAt(node, 'individual'), 'identifier');
    const value = stringAt(identifier, 'value');
    if (attends && stringAt(identifier, 'system') === SYSTEM.npi && value !== undefined) {
      return scope.npi(value, pointer('/participant', index, 'individual', 'identifier', 'value'), '/attendingNpi');
    }
  }
  return undefined;
}

function dispositionOf(resource: JsonObject, scope: EventScope): DischargeDisposition | undefined {
  const path = '/hospitalization/dischargeDisposition';
  const codings = codingsOf(objectAt(objectAt(resource, 'hospitalization'), 'dischargeDisposition'), path);
  const known = codings.find((coding) => coding.system !== undefined && coding.system in DISPOSITION_SYSTEMS);
  const chosen = known ?? codings[0];
  if (chosen?.code === undefined) {
    return undefined;
  }
  scope.from('/dischargeDisposition', chosen.path);
  const system = known === undefined ? 'local' : DISPOSITION_SYSTEMS[known.system!]!;
  return { system, code: system === 'nubc' ? chosen.code.padStart(2, '0') : chosen.code };
}

/** reasonCode's ICD-10-CM codings: why the patient came, as admitting diagnoses. */
function reasonsOf(resource: JsonObject, scope: EventScope): AdtDiagnosis[] | undefined {
  const diagnoses: AdtDiagnosis[] = [];
  for (const { node, index } of objectsAt(resource, 'reasonCode')) {
    for (const coding of codingsOf(node, pointer('/reasonCode', index))) {
      if ((coding.system === SYSTEM.icd10cm || coding.system === SYSTEM.icd10) && coding.code !== undefined) {
        const code = normalizeIcd10(coding.code);
        if (!new RegExp(ICD10_CM_PATTERN).test(code)) {
          scope.fail(pointer(coding.path, 'code'), 'pattern', 'is not an ICD-10-CM code', '/diagnoses');
          continue;
        }
        if (!diagnoses.some((diagnosis) => diagnosis.code === code)) {
          diagnoses.push({ code, type: 'admitting' });
        }
      }
    }
  }
  if (diagnoses.length > 0) {
    scope.from('/diagnoses', '/reasonCode');
  }
  return diagnoses.length === 0 ? undefined : diagnoses.slice(0, 50);
}
