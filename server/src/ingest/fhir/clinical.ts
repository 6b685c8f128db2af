/**
 * QI-Core / US Core Observation, Condition, Procedure, Encounter, Immunization, MedicationRequest, ServiceRequest
 * and DeviceRequest → clinical events: every coding in a system Benchline reads (the first as the code), the
 * resource's status, its clinically relevant date, an Observation's value, and what the eCQMs read beyond those
 * (clinical-details.ts); a blood-pressure panel becomes one event per systolic/diastolic component, as CMS165
 * reads them. README.md lists the rules per resource.
 */
import type { CanonicalEvent, ClinicalType } from '@benchline/shared';
import { type ConceptAt, conceptOf } from './clinical-codings.js';
import { clinicalDetailsOf, DEVICE_REQUEST_DO_NOT_PERFORM } from './clinical-details.js';
import { SYSTEM } from './code-systems.js';
import { dropUndefined, versionIdOf } from './common-fields.js';
import { codingsOf, type JsonObject, numberAt, objectAt, objectsAt, pointer, stringAt } from './fhir-json.js';
import { EventScope, type IssueList } from './mapping-scope.js';
import { resolveMember } from './member-reference.js';
import { recordIdOf } from './record-ids.js';
import type { FhirMappingContext } from './types.js';

export const CLINICAL_TYPE_BY_RESOURCE: Readonly<Record<string, ClinicalType>> = {
  Observation: 'observation',
  Condition: 'condition',
  Procedure: 'procedure',
  Encounter: 'encounter',
  Immunization: 'immunization',
  MedicationRequest: 'medication',
  ServiceRequest: 'service-request',
  DeviceRequest: 'device-request',
};

/** Systolic and diastolic blood pressure, the components CMS165 reads from a blood-pressure panel. */
export const BLOOD_PRESSURE_COMPONENTS: readonly string[] = ['8480-6', '8462-4'];

/** The longest valueString carried (the measures ask only whether there is a value). */
const MAX_STRING_VALUE = 2048;

export function mapClinical(
  resource: JsonObject,
  resourceType: string,
  context: FhirMappingContext,
  list: IssueList,
): CanonicalEvent[] {
  const type = CLINICAL_TYPE_BY_RESOURCE[resourceType];
  if (type === undefined) {
    return [];
  }
  const scope = new EventScope(list);
  const subject = resourceType === 'Immunization' ? 'patient' : 'subject';
  const clinicalIdBase = baseIdOf(resource, scope);
  const common = {
    version: versionIdOf(resource, scope) ?? 1,
    memberId: resolveMember(objectAt(resource, subject), `/${subject}`, context.patients, scope),
    type,
  };
  const tail = {
    status: statusOf(resource, resourceType, scope),
    ...datesOf(resource, resourceType, scope),
    ...clinicalDetailsOf(resource, resourceType, scope),
  };
  const components = resourceType === 'Observation' ? bloodPressureComponents(resource) : [];
  if (components.length > 0) {
    const events: CanonicalEvent[] = [];
    for (const { node, index, loinc } of components) {
      const componentScope = scope.fork();
      const path = pointer('/component', index);
      const concept = conceptOf(
        [{ node: objectAt(node, 'code'), path: pointer(path, 'code') }],
        '/code',
        '/additionalCodes',
        componentScope,
      );
      componentScope.from('/code/code', pointer(path, 'code'));
      const draft = dropUndefined({
        kind: 'clinical',
        clinicalId: clinicalIdBase === undefined ? undefined : recordIdOf(resourceType, clinicalIdBase, loinc),
        ...common,
        // The component's LOINC code, whichever coding comes first; its other codings alongside.
        code: { system: 'loinc', code: loinc },
        additionalCodes: concept === undefined ? undefined : otherCodes(concept, { system: 'loinc', code: loinc }),
        ...tail,
        value: valueOf(node, path, componentScope),
        source: context.source,
      });
      const event = componentScope.finish('clinical', draft);
      if (event !== undefined) {
        events.push(event);
      }
    }
    return list.issues.length === 0 ? events : [];
  }
  const concept = codeOf(resource, resourceType, scope);
  const draft = dropUndefined({
    kind: 'clinical',
    clinicalId: clinicalIdBase === undefined ? undefined : recordIdOf(resourceType, clinicalIdBase),
    ...common,
    code: concept?.coding,
    additionalCodes: concept?.additionalCodes,
    ...tail,
    value: resourceType === 'Observation' ? valueOf(resource, '', scope) : undefined,
    source: context.source,
  });
  const event = scope.finish('clinical', draft);
  return event === undefined ? [] : [event];
}

/** The resource id; a resource being created (no id yet) is named by its first identifier. */
function baseIdOf(resource: JsonObject, scope: EventScope): string | undefined {
  const id = stringAt(resource, 'id');
  if (id !== undefined) {
    scope.from('/clinicalId', '/id');
    return id;
  }
  const identifier = objectsAt(resource, 'identifier').find(({ node }) => stringAt(node, 'value') !== undefined);
  if (identifier !== undefined) {
    scope.from('/clinicalId', pointer('/identifier', identifier.index, 'value'));
    return stringAt(identifier.node, 'value');
  }
  scope.fail('/id', 'required', 'the resource needs an id or an identifier', '/clinicalId');
  return undefined;
}

function statusOf(resource: JsonObject, resourceType: string, scope: EventScope): string | undefined {
  if (resourceType === 'Condition') {
    const verification = codingsOf(objectAt(resource, 'verificationStatus'), '/verificationStatus').find(
      (coding) => coding.code === 'entered-in-error',
    );
    if (verification !== undefined) {
      scope.from('/status', pointer(verification.path, 'code'));
      return 'entered-in-error';
    }
    const clinical = codingsOf(objectAt(resource, 'clinicalStatus'), '/clinicalStatus')[0];
    if (clinical?.code === undefined) {
      return 'unknown'; // an encounter diagnosis may omit its clinical status
    }
    scope.from('/status', pointer(clinical.path, 'code'));
    return clinical.code;
  }
  if ((resourceType === 'MedicationRequest' || resourceType === 'ServiceRequest') && resource.doNotPerform === true) {
    scope.from('/status', '/doNotPerform');
    return 'not-done';
  }
  if (resourceType === 'DeviceRequest') {
    const doNotPerform = objectsAt(resource, 'modifierExtension').find(
      ({ node }) => stringAt(node, 'url') === DEVICE_REQUEST_DO_NOT_PERFORM && node.valueBoolean === true,
    );
    if (doNotPerform !== undefined) {
      scope.from('/status', pointer('/modifierExtension', doNotPerform.index, 'valueBoolean'));
      return 'not-done';
    }
  }
  const status = resource.status;
  if (typeof status !== 'string') {
    scope.fail('/status', status === undefined ? 'required' : 'type', 'is required', '/status');
    return undefined;
  }
  scope.from('/status', '/status');
  // R4 calls a completed encounter "finished"; the canonical status (and FHIR R5) says "completed".
  return resourceType === 'Encounter' && status === 'finished' ? 'completed' : status;
}

function datesOf(
  resource: JsonObject,
  resourceType: string,
  scope: EventScope,
): { effectiveDate?: string; endDate?: string } {
  const start = (value: unknown, path: string): string | undefined => scope.date(value, path, '/effectiveDate');
  const end = (value: unknown, path: string): string | undefined =>
    value === undefined ? undefined : scope.date(value, path, '/endDate');
  const period = (name: string): { effectiveDate?: string; endDate?: string } => {
    const node = objectAt(resource, name);
    return { effectiveDate: start(node?.start, `/${name}/start`), endDate: end(node?.end, `/${name}/end`) };
  };
  let out: { effectiveDate?: string; endDate?: string };
  let endPath = '';
  switch (resourceType) {
    case 'Observation':
      if (resource.effectiveDateTime !== undefined) {
        out = { effectiveDate: start(resource.effectiveDateTime, '/effectiveDateTime') };
      } else if (resource.effectivePeriod !== undefined) {
        out = period('effectivePeriod');
        endPath = '/effectivePeriod/end';
      } else if (resource.effectiveInstant !== undefined) {
        out = { effectiveDate: start(resource.effectiveInstant, '/effectiveInstant') };
      } else {
        // QI-Core's cancelled (not-done) observation carries only the date it was recorded: `issued`.
        out = {
          effectiveDate: start(resource.issued, resource.issued === undefined ? '/effectiveDateTime' : '/issued'),
        };
      }
      break;
    case 'Condition': {
      const onset =
        resource.onsetDateTime !== undefined
          ? start(resource.onsetDateTime, '/onsetDateTime')
          : resource.onsetPeriod !== undefined
            ? start(objectAt(resource, 'onsetPeriod')?.start, '/onsetPeriod/start')
            : start(resource.recordedDate, resource.recordedDate === undefined ? '/onsetDateTime' : '/recordedDate');
      const abatement =
        resource.abatementDateTime !== undefined
          ? end(resource.abatementDateTime, '/abatementDateTime')
          : end(objectAt(resource, 'abatementPeriod')?.end, '/abatementPeriod/end');
      endPath = resource.abatementDateTime !== undefined ? '/abatementDateTime' : '/abatementPeriod/end';
      out = { effectiveDate: onset, endDate: abatement };
      break;
    }
    case 'Procedure':
      if (resource.performedPeriod !== undefined) {
        out = period('performedPeriod');
        endPath = '/performedPeriod/end';
      } else {
        out = { effectiveDate: start(resource.performedDateTime, '/performedDateTime') };
      }
      break;
    case 'Encounter':
      out = period('period');
      endPath = '/period/end';
      break;
    case 'Immunization':
      out = { effectiveDate: start(resource.occurrenceDateTime, '/occurrenceDateTime') };
      break;
    default:
      out = { effectiveDate: start(resource.authoredOn, '/authoredOn') };
  }
  if (out.effectiveDate !== undefined && out.endDate !== undefined && out.endDate < out.effectiveDate) {
    scope.fail(endPath, 'date-order', 'is before the start', '/endDate');
  }
  return out;
}

type Concept = NonNullable<ReturnType<typeof conceptOf>>;

function codeOf(resource: JsonObject, resourceType: string, scope: EventScope): Concept | undefined {
  const concept = (name: string): ConceptAt[] => [{ node: objectAt(resource, name), path: `/${name}` }];
  switch (resourceType) {
    case 'Encounter': {
      const types = objectsAt(resource, 'type');
      if (types.length === 0) {
        scope.fail('/type', 'required', 'an encounter needs a coded type', '/code');
        return undefined;
      }
      // The first coding in a system Benchline reads, of whichever type has one (QI-Core lists several); the
      // codings of every type are kept, as `[Encounter: "Office Visit"]` matches any of them.
      return conceptOf(
        types.map(({ node, index }) => ({ node, path: pointer('/type', index) })),
        '/code',
        '/additionalCodes',
        scope,
      );
    }
    case 'Immunization':
      return conceptOf(concept('vaccineCode'), '/code', '/additionalCodes', scope);
    case 'MedicationRequest':
      if (resource.medicationCodeableConcept === undefined && resource.medicationReference !== undefined) {
        scope.fail('/medicationReference', 'unsupported', 'send the medication as medicationCodeableConcept', '/code');
        return undefined;
      }
      return conceptOf(concept('medicationCodeableConcept'), '/code', '/additionalCodes', scope);
    case 'DeviceRequest':
      if (resource.codeCodeableConcept === undefined && resource.codeReference !== undefined) {
        scope.fail('/codeReference', 'unsupported', 'send the device as codeCodeableConcept', '/code');
        return undefined;
      }
      return conceptOf(concept('codeCodeableConcept'), '/code', '/additionalCodes', scope);
    default:
      return conceptOf(concept('code'), '/code', '/additionalCodes', scope);
  }
}

/** A concept's codings other than `code` (undefined when there are none). */
function otherCodes(concept: Concept, code: { system: string; code: string }): Concept['additionalCodes'] {
  const others = [concept.coding, ...(concept.additionalCodes ?? [])].filter(
    (coding) => !(coding.system === code.system && coding.code === code.code),
  );
  return others.length === 0 ? undefined : others;
}

/**
 * Observation (or component) value: a quantity with its UCUM unit, a coded value, an integer score, a boolean or a
 * string.
 */
function valueOf(node: JsonObject, path: string, scope: EventScope): unknown {
  const quantity = objectAt(node, 'valueQuantity');
  if (quantity !== undefined) {
    const quantityPath = pointer(path, 'valueQuantity');
    const value = numberAt(quantity, 'value');
    if (value === undefined) {
      scope.fail(
        pointer(quantityPath, 'value'),
        quantity.value === undefined ? 'required' : 'type',
        'must be a number',
        '/value',
      );
      return undefined;
    }
    // The UCUM code (mm[Hg]) is the machine-readable unit; `unit` is its display (mmHg).
    const unitField = stringAt(quantity, 'code') !== undefined ? 'code' : 'unit';
    const unit = stringAt(quantity, unitField);
    if (unit === undefined || unit.trim() === '') {
      scope.fail(pointer(quantityPath, 'unit'), 'required', 'a quantity needs its unit', '/value');
      return undefined;
    }
    scope.from('/value/quantity', pointer(quantityPath, 'value'));
    scope.from('/value/unit', pointer(quantityPath, unitField));
    scope.from('/value', quantityPath);
    return { quantity: value, unit: unit.trim() };
  }
  const concept = objectAt(node, 'valueCodeableConcept');
  if (concept !== undefined) {
    const conceptPath = pointer(path, 'valueCodeableConcept');
    scope.from('/value', conceptPath);
    return conceptOf([{ node: concept, path: conceptPath }], '/value/coding', '/value/additionalCodes', scope);
  }
  const integer = node.valueInteger;
  if (typeof integer === 'number' && Number.isInteger(integer)) {
    // A score (PHQ-9 total): a dimensionless quantity, UCUM unity.
    scope.from('/value/quantity', pointer(path, 'valueInteger'));
    return { quantity: integer, unit: '1' };
  }
  if (typeof node.valueBoolean === 'boolean') {
    scope.from('/value', pointer(path, 'valueBoolean'));
    return { boolean: node.valueBoolean };
  }
  const text = node.valueString;
  if (typeof text === 'string') {
    const stringPath = pointer(path, 'valueString');
    if (text.trim() === '' || text.length > MAX_STRING_VALUE) {
      const empty = text.trim() === '';
      scope.fail(
        stringPath,
        empty ? 'required' : 'maxLength',
        empty ? 'is empty' : `is over ${MAX_STRING_VALUE} characters`,
        '/value',
      );
      return undefined;
    }
    scope.from('/value', stringPath);
    return { string: text };
  }
  // Range, Ratio, SampledData, time and period values are not carried (no eCQM here reads one).
  return undefined;
}

/** The systolic/diastolic components of an Observation, if it is a blood-pressure panel. */
function bloodPressureComponents(observation: JsonObject): { node: JsonObject; index: number; loinc: string }[] {
  return objectsAt(observation, 'component').flatMap(({ node, index }) => {
    const loinc = codingsOf(objectAt(node, 'code'), '').find(
      (coding) => coding.system === SYSTEM.loinc && BLOOD_PRESSURE_COMPONENTS.includes(coding.code ?? ''),
    )?.code;
    return loinc === undefined ? [] : [{ node, index, loinc }];
  });
}
