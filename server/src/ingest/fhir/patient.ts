/**
 * Patient → a member record: who the member is (MBI), names, birth and death dates, sex, and state/county from
 * the home address, as of `meta.lastUpdated`. Also the Patient-id → MBI crosswalk the ingest route stores, so
 * later claims and clinical resources that reference `Patient/<id>` resolve to the member.
 */
import type { CanonicalEvent } from '@benchline/shared';
import { asOfOf, dropUndefined } from './common-fields.js';
import { type JsonObject, objectsAt, pointer, stringAt } from './fhir-json.js';
import { EventScope, type IssueList } from './mapping-scope.js';
import { mbiOfResource } from './member-reference.js';
import { recordIdOf } from './record-ids.js';
import { uspsOfSsaState } from './ssa-state-codes.js';
import type { FhirMappingContext, PatientCrosswalk } from './types.js';

export function mapPatient(patient: JsonObject, context: FhirMappingContext, list: IssueList): CanonicalEvent[] {
  const scope = new EventScope(list);
  const id = stringAt(patient, 'id');
  const draft: Record<string, unknown> = {
    kind: 'member',
    memberId: memberIdOfPatient(patient, context, scope),
    asOf: asOfOf(patient, context, scope),
    recordId: id === undefined ? undefined : recordIdOf('Patient', id),
    ...namesOf(patient, scope),
    birthDate: scope.date(patient.birthDate, '/birthDate', '/birthDate', false),
    sex: sexOf(patient, scope),
    ...residenceOf(patient, scope),
    deathDate: scope.date(patient.deceasedDateTime, '/deceasedDateTime', '/deathDate', false),
    source: context.source,
  };
  if (id !== undefined) {
    scope.from('/recordId', '/id');
  }
  const { birthDate, deathDate } = draft as { birthDate?: string; deathDate?: string };
  if (birthDate !== undefined && deathDate !== undefined && deathDate < birthDate) {
    scope.fail('/deceasedDateTime', 'date-order', 'is before the birth date', '/deathDate');
  }
  const event = scope.finish('member', dropUndefined(draft));
  return event === undefined ? [] : [event];
}

/** The Patient's id and MBI, when it has both; what the caller stores to resolve later references. */
export function patientCrosswalkOf(resource: unknown): PatientCrosswalk | undefined {
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
    return undefined;
  }
  const patient = resource as JsonObject;
  const patientId = stringAt(patient, 'id');
  const found = mbiOfResource(patient);
  if (stringAt(patient, 'resourceType') !== 'Patient' || patientId === undefined || found === undefined) {
    return undefined;
  }
  return { patientId, memberId: found.mbi };
}

function memberIdOfPatient(patient: JsonObject, context: FhirMappingContext, scope: EventScope): string | undefined {
  const found = mbiOfResource(patient);
  if (found !== undefined) {
    scope.from('/memberId', found.path);
    return found.mbi;
  }
  const id = stringAt(patient, 'id');
  const known = id === undefined ? undefined : context.patients.get(id);
  if (known !== undefined) {
    scope.from('/memberId', '/id');
    return known;
  }
  scope.fail(
    '/identifier',
    'required',
    'the Patient has no MBI identifier (http://hl7.org/fhir/sid/us-mbi) and is not in the crosswalk',
    '/memberId',
  );
  return undefined;
}

/** The official (else usual, else first) name: first given name and family name. */
function namesOf(patient: JsonObject, scope: EventScope): { givenName?: string; familyName?: string } {
  const names = objectsAt(patient, 'name');
  const chosen =
    names.find(({ node }) => stringAt(node, 'use') === 'official') ??
    names.find(({ node }) => stringAt(node, 'use') === 'usual') ??
    names.find(({ node }) => stringAt(node, 'use') !== 'old') ??
    names[0];
  if (chosen === undefined) {
    return {};
  }
  const path = pointer('', 'name', chosen.index);
  const out: { givenName?: string; familyName?: string } = {};
  const family = stringAt(chosen.node, 'family')?.trim();
  if (family) {
    out.familyName = family;
    scope.from('/familyName', pointer(path, 'family'));
  }
  const given = chosen.node.given;
  const first = Array.isArray(given) && typeof given[0] === 'string' ? given[0].trim() : undefined;
  if (first) {
    out.givenName = first;
    scope.from('/givenName', pointer(path, 'given', 0));
  }
  return out;
}

function sexOf(patient: JsonObject, scope: EventScope): 'F' | 'M' | undefined {
  const gender = patient.gender;
  switch (gender) {
    case undefined:
    case 'other':
    case 'unknown':
      // The canonical model records F and M only; other administrative genders leave the field out.
      return undefined;
    case 'female':
      return 'F';
    case 'male':
      return 'M';
    default:
      scope.fail('/gender', 'enum', 'must be one of "male", "female", "other", "unknown"', '/sex');
      return undefined;
  }
}

/** USPS state (BFD v1's SSA state codes are translated) and a 5-digit county FIPS code in `district`. */
function residenceOf(patient: JsonObject, scope: EventScope): { stateCode?: string; countyFips?: string } {
  const addresses = objectsAt(patient, 'address');
  const home =
    addresses.find(({ node }) => stringAt(node, 'use') === 'home') ??
    addresses.find(({ node }) => stringAt(node, 'use') !== 'old') ??
    addresses[0];
  if (home === undefined) {
    return {};
  }
  const path = pointer('', 'address', home.index);
  const out: { stateCode?: string; countyFips?: string } = {};
  const state = stringAt(home.node, 'state')?.trim();
  if (state !== undefined && state !== '') {
    const statePath = pointer(path, 'state');
    if (/^[0-9]{2}$/.test(state)) {
      const usps = uspsOfSsaState(state);
      if (usps === undefined) {
        scope.fail(statePath, 'enum', 'is neither a USPS state nor an SSA state code', '/stateCode');
      } else if (usps !== null) {
        out.stateCode = usps;
      }
    } else {
      out.stateCode = state.toUpperCase();
    }
    scope.from('/stateCode', statePath);
  }
  const district = stringAt(home.node, 'district')?.trim();
  if (district !== undefined && /^[0-9]{5}$/.test(district)) {
    // A district that is a 5-digit code is the state + county FIPS code; a county name is not mapped.
    out.countyFips = district;
    scope.from('/countyFips', pointer(path, 'district'));
  }
  return out;
}
