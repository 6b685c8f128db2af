/**
 * The mapper's entry points: one FHIR resource → canonical events, and a Bundle → one result per entry, with
 * the bundle's Patient entries resolving `Patient/<id>` references of the others. Pure: no I/O, no clock, and it
 * never throws for bad input — every problem comes back as a field issue.
 */
import type { CanonicalEvent, FieldIssue } from '@benchline/shared';
import { mapClinical, CLINICAL_TYPE_BY_RESOURCE } from './clinical.js';
import { mapCoverage } from './coverage.js';
import { adtClassOf, adtEventOf, mapEncounterAdt } from './encounter-adt.js';
import { mapExplanationOfBenefit } from './explanation-of-benefit.js';
import { isObject, type JsonObject, objectAt, objectsAt, pointer, stringAt } from './fhir-json.js';
import { IssueList } from './mapping-scope.js';
import { mbiOfResource } from './member-reference.js';
import { mapPatient, patientCrosswalkOf } from './patient.js';
import type { FhirBundleMappingResult, FhirMappingContext, FhirMappingResult, PatientCrosswalk } from './types.js';

type ResourceMapper = (resource: JsonObject, context: FhirMappingContext, list: IssueList) => CanonicalEvent[];

const MAPPERS: Readonly<Record<string, ResourceMapper>> = {
  ExplanationOfBenefit: mapExplanationOfBenefit,
  Patient: mapPatient,
  Coverage: mapCoverage,
  ...Object.fromEntries(
    Object.keys(CLINICAL_TYPE_BY_RESOURCE).map((type) => [
      type,
      (resource: JsonObject, context: FhirMappingContext, list: IssueList) =>
        mapClinical(resource, type, context, list),
    ]),
  ),
  Encounter: mapEncounter,
};

/**
 * An Encounter is a clinical event (what the eCQMs read); one of a hospital stay or visit whose status says it
 * began, ended or was cancelled is also an ADT notification (encounter-adt.ts). A notification needs no coded type —
 * hospitals' admission feeds often send none — so an untyped one is the notification alone, and what it lacks (its
 * facility, its times) is reported. A typed one is clinical history first: it gives the notification too when it
 * can, and is never refused for what only a notification needs.
 */
function mapEncounter(resource: JsonObject, context: FhirMappingContext, list: IssueList): CanonicalEvent[] {
  const adtClass = adtClassOf(resource);
  const notifies = adtClass !== undefined && adtEventOf(resource, adtClass) !== undefined;
  if (!notifies) {
    return mapClinical(resource, 'Encounter', context, list);
  }
  if (objectsAt(resource, 'type').length === 0) {
    const notification = mapEncounterAdt(resource, context, list);
    return notification === undefined || list.issues.length > 0 ? [] : [notification];
  }
  const clinical = mapClinical(resource, 'Encounter', context, list);
  const notification = mapEncounterAdt(resource, context, new IssueList());
  return list.issues.length > 0 ? [] : [...clinical, ...(notification === undefined ? [] : [notification])];
}

/** The resource types the mapper takes (a Bundle goes through mapFhirBundle). */
export const SUPPORTED_RESOURCE_TYPES: readonly string[] = Object.keys(MAPPERS);

/** Bundle types whose entries are resources to ingest; searchset is what BFD's search endpoints return. */
const INGESTIBLE_BUNDLE_TYPES = ['batch', 'transaction', 'collection', 'searchset'];

export function mapFhirResource(resource: unknown, context: FhirMappingContext): FhirMappingResult {
  if (!isObject(resource)) {
    return failed([{ path: '', reason: 'type', message: 'a FHIR resource is a JSON object' }]);
  }
  const resourceType = resource.resourceType;
  if (typeof resourceType !== 'string') {
    return failed([{ path: '/resourceType', reason: 'required', message: 'is required' }]);
  }
  // Own keys only: a resourceType of "__proto__" or "constructor" names no mapper (found by the property test).
  const mapper = Object.hasOwn(MAPPERS, resourceType) ? MAPPERS[resourceType] : undefined;
  if (mapper === undefined) {
    return failed([
      {
        path: '/resourceType',
        reason: 'unsupported-resource',
        message:
          resourceType === 'Bundle'
            ? 'a Bundle is ingested entry by entry (mapFhirBundle)'
            : `${resourceType} is not ingested; Benchline takes ${SUPPORTED_RESOURCE_TYPES.join(', ')}`,
      },
    ]);
  }
  const oversized = oversizedArray(resource);
  if (oversized !== undefined) {
    return failed([
      { path: oversized, reason: 'maxItems', message: `must not have more than ${MAX_ARRAY_ITEMS} items` },
    ]);
  }
  const list = new IssueList();
  let events: CanonicalEvent[];
  try {
    events = mapper(resource, context, list);
  } catch (error) {
    // A mapper bug must not take the request down with it; the caller still gets an answer for this resource.
    return failed([{ path: '', reason: 'internal', message: `the mapper failed: ${String(error)}` }]);
  }
  return list.issues.length > 0 ? failed(list.issues) : { ok: true, events };
}

/**
 * Maps every entry of a batch, transaction, collection (or searchset) Bundle. Patient entries that carry an MBI
 * are read first, so entries referencing them — by `Patient/<id>` or by the entry's fullUrl — resolve to the
 * member; the caller's crosswalk (context.patients) covers Patients sent earlier. Only a Patient entry that is
 * itself valid is learnt (and returned in `crosswalk`): a refused entry changes nothing.
 */
export function mapFhirBundle(bundle: unknown, context: FhirMappingContext): FhirBundleMappingResult {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    return {
      ok: false,
      issues: [{ path: '', reason: 'type', message: 'a FHIR Bundle (resourceType "Bundle") is required' }],
    };
  }
  if (!Array.isArray(bundle.entry)) {
    return { ok: false, issues: [{ path: '', reason: 'required', message: 'the Bundle has no entry array' }] };
  }
  const type = stringAt(bundle, 'type');
  if (type === undefined || !INGESTIBLE_BUNDLE_TYPES.includes(type)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          reason: 'unsupported-bundle',
          message: `a ${INGESTIBLE_BUNDLE_TYPES.join(', ')} Bundle is required (type "${type ?? ''}")`,
        },
      ],
    };
  }
  const patients = new Map(context.patients);
  const crosswalk: PatientCrosswalk[] = [];
  const patientResults = new Map<number, FhirMappingResult>();
  for (const { node: entry, index } of objectsAt(bundle, 'entry')) {
    const resource = objectAt(entry, 'resource');
    const found = resource?.resourceType === 'Patient' ? mbiOfResource(resource) : undefined;
    if (resource === undefined || found === undefined) {
      continue;
    }
    // A Patient with an MBI maps without the crosswalk; its result is its entry's answer below.
    const result = mapFhirResource(resource, context);
    patientResults.set(index, result);
    if (!result.ok) {
      continue;
    }
    const link = patientCrosswalkOf(resource);
    if (link !== undefined) {
      crosswalk.push(link);
      patients.set(link.patientId, link.memberId);
    }
    // A transaction's new Patient has no id yet; the others reference it by its fullUrl (urn:uuid:…).
    const fullUrl = stringAt(entry, 'fullUrl');
    if (fullUrl !== undefined) {
      patients.set(fullUrl, found.mbi);
    }
  }
  const entryContext: FhirMappingContext = { ...context, patients };
  const entries = (bundle.entry as unknown[]).map((entry, index): FhirMappingResult => {
    const base = pointer('', 'entry', index);
    if (!isObject(entry)) {
      return failed([{ path: base, reason: 'type', message: 'a Bundle entry is a JSON object' }]);
    }
    if (entry.resource === undefined) {
      return failed([
        { path: pointer(base, 'resource'), reason: 'required', message: 'the entry carries no resource' },
      ]);
    }
    const result = patientResults.get(index) ?? mapFhirResource(entry.resource, entryContext);
    return result.ok
      ? result
      : failed(result.issues.map((issue) => ({ ...issue, path: `${base}/resource${issue.path}` })));
  });
  return { ok: true, entries, crosswalk };
}

/**
 * The longest list a resource may hold: a claim has at most 450 lines, and BFD's longest lists (extensions,
 * supporting info) are far shorter. A resource with 100,000 items took the mappers seconds to refuse line by line;
 * it is refused at once.
 */
const MAX_ARRAY_ITEMS = 1000;

/**
 * The pointer to the first array in the resource longer than MAX_ARRAY_ITEMS. Walked with a list, not recursion,
 * and without building pointers (every resource pays for this walk); the one found is located afterwards.
 */
function oversizedArray(resource: JsonObject): string | undefined {
  const pending: unknown[] = [resource];
  while (pending.length > 0) {
    const node = pending.pop() as object;
    const items: unknown[] = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
    if (Array.isArray(node) && items.length > MAX_ARRAY_ITEMS) {
      return pointerTo(resource, node);
    }
    for (const item of items) {
      if (item !== null && typeof item === 'object') {
        pending.push(item);
      }
    }
  }
  return undefined;
}

function pointerTo(root: unknown, target: unknown): string {
  const pending: { node: unknown; path: string }[] = [{ node: root, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.node === target) {
      return next.path;
    }
    if (next.node !== null && typeof next.node === 'object') {
      for (const [key, item] of Object.entries(next.node)) {
        pending.push({ node: item, path: pointer(next.path, key) });
      }
    }
  }
  return '';
}

function failed(issues: FieldIssue[]): FhirMappingResult {
  return { ok: false, issues };
}
