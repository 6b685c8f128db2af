/**
 * What a clinical event carries beyond its code, status, dates and value, per resource type — each field only
 * because an eCQM's CQL reads it (shared/src/events/clinical.ts says which): Condition and Observation category,
 * Condition verification status and body site, an Observation's encounter and not-done reason, Encounter class and
 * discharge disposition, and a request's intent (with a MedicationRequest's supply, medication-supply.ts).
 */
import type { Coding } from '@benchline/shared';
import { codingsIn } from './clinical-codings.js';
import { SYSTEM } from './code-systems.js';
import { codingsOf, extensionOf, type JsonObject, objectAt, objectsAt, pointer, stringAt } from './fhir-json.js';
import type { EventScope } from './mapping-scope.js';
import { medicationSupplyOf } from './medication-supply.js';

/** QI-Core's reason an Observation was not done (ObservationCancelled.notDoneReason). */
export const QICORE_NOT_DONE_REASON = 'http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDoneReason';

/** The R5 backport of DeviceRequest.doNotPerform, a modifier extension QI-Core's DeviceNotRequested uses. */
export const DEVICE_REQUEST_DO_NOT_PERFORM =
  'http://hl7.org/fhir/5.0/StructureDefinition/extension-DeviceRequest.doNotPerform';

/** The category code systems per resource: Condition's (HL7 and US Core's health-concern) and Observation's. */
const CATEGORY_SYSTEMS: Readonly<Record<string, readonly string[]>> = {
  Condition: [SYSTEM.conditionCategory, SYSTEM.usCoreConditionCategory],
  Observation: [SYSTEM.observationCategory],
};

/** The optional clinical fields of one resource (undefined ones are dropped with the rest of the draft). */
export function clinicalDetailsOf(
  resource: JsonObject,
  resourceType: string,
  scope: EventScope,
): Record<string, unknown> {
  switch (resourceType) {
    case 'Observation':
      return {
        category: categoryOf(resource, resourceType, scope),
        reason: notDoneReasonOf(resource, scope),
        encounterId: encounterIdOf(resource, scope),
      };
    case 'Condition':
      return {
        category: categoryOf(resource, resourceType, scope),
        verificationStatus: verificationStatusOf(resource, scope),
        bodySite: codingsIn(
          objectsAt(resource, 'bodySite').map(({ node, index }) => ({ node, path: pointer('/bodySite', index) })),
          '/bodySite',
          scope,
        ),
      };
    case 'Encounter':
      return {
        encounterClass: encounterClassOf(resource, scope),
        dischargeDisposition: codingsIn(
          [
            {
              node: objectAt(objectAt(resource, 'hospitalization'), 'dischargeDisposition'),
              path: '/hospitalization/dischargeDisposition',
            },
          ],
          '/dischargeDisposition',
          scope,
        ),
      };
    case 'MedicationRequest':
      return { intent: intentOf(resource, scope), supply: medicationSupplyOf(resource, scope) };
    case 'ServiceRequest':
    case 'DeviceRequest':
      return { intent: intentOf(resource, scope) };
    default:
      return {};
  }
}

/** Category codes in the resource's category systems, once each; an unknown code there fails the schema's enum. */
function categoryOf(resource: JsonObject, resourceType: string, scope: EventScope): string[] | undefined {
  const systems = CATEGORY_SYSTEMS[resourceType] ?? [];
  const codes: string[] = [];
  for (const { node, index } of objectsAt(resource, 'category')) {
    for (const coding of codingsOf(node, pointer('/category', index))) {
      if (coding.system === undefined || !systems.includes(coding.system) || coding.code === undefined) {
        continue;
      }
      if (!codes.includes(coding.code)) {
        scope.from(pointer('/category', codes.length), pointer(coding.path, 'code'));
        codes.push(coding.code);
      }
    }
  }
  if (codes.length === 0) {
    return undefined;
  }
  scope.from('/category', '/category');
  return codes;
}

/** Condition.verificationStatus, unless entered-in-error (the status says that). */
function verificationStatusOf(resource: JsonObject, scope: EventScope): string | undefined {
  const coding = codingsOf(objectAt(resource, 'verificationStatus'), '/verificationStatus').find(
    (found) =>
      found.code !== undefined && (found.system === undefined || found.system === SYSTEM.conditionVerification),
  );
  if (coding?.code === undefined || coding.code === 'entered-in-error') {
    return undefined;
  }
  scope.from('/verificationStatus', pointer(coding.path, 'code'));
  return coding.code;
}

/** QI-Core's notDoneReason on a cancelled Observation: every coding we read. */
function notDoneReasonOf(resource: JsonObject, scope: EventScope): Coding[] | undefined {
  const extension = extensionOf(resource, '', [QICORE_NOT_DONE_REASON]);
  if (extension === undefined) {
    return undefined;
  }
  const path = pointer(extension.path, 'valueCodeableConcept');
  return codingsIn([{ node: objectAt(extension.node, 'valueCodeableConcept'), path }], '/reason', scope);
}

/**
 * Observation.encounter as the encounter's clinical id (`Encounter/<id>`), from a literal reference, relative or
 * absolute (a version suffix dropped). Other references (a bundle's urn:uuid, a contained resource) name no
 * Encounter Benchline keys by id, so none is kept — as CQL's `getEncounter()` finds none.
 */
function encounterIdOf(resource: JsonObject, scope: EventScope): string | undefined {
  const reference = stringAt(objectAt(resource, 'encounter'), 'reference');
  const id =
    reference === undefined ? undefined : /(?:^|\/)Encounter\/([^/]+)(?:\/_history\/[^/]*)?$/.exec(reference)?.[1];
  if (id === undefined) {
    return undefined;
  }
  scope.from('/encounterId', '/encounter/reference');
  return `Encounter/${id}`;
}

/** Encounter.class (an R4 Coding): its code, which CMS165 compares with the inpatient and emergency classes. */
function encounterClassOf(resource: JsonObject, scope: EventScope): string | undefined {
  const code = stringAt(objectAt(resource, 'class'), 'code');
  if (code === undefined) {
    return undefined;
  }
  scope.from('/encounterClass', '/class/code');
  return code;
}

/** A request's intent (required by FHIR); an unknown value fails the schema's enum. */
function intentOf(resource: JsonObject, scope: EventScope): string | undefined {
  const intent = resource.intent;
  if (typeof intent !== 'string') {
    scope.fail('/intent', intent === undefined ? 'required' : 'type', 'is required (a code)', '/intent');
    return undefined;
  }
  scope.from('/intent', '/intent');
  return intent;
}
