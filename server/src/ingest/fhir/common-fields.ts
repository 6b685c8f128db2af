/**
 * Fields every resource mapper reads the same way: the as-of date of a member record (meta.lastUpdated's date,
 * else the caller's default), the record version (a numeric meta.versionId, else 1), and dropping the fields a
 * draft event left undefined so the canonical schema sees only what was set.
 */
import { type JsonObject, objectAt, stringAt } from './fhir-json.js';
import type { EventScope } from './mapping-scope.js';
import type { FhirMappingContext } from './types.js';

export function asOfOf(resource: JsonObject, context: FhirMappingContext, scope: EventScope): string | undefined {
  const lastUpdated = objectAt(resource, 'meta')?.lastUpdated;
  if (lastUpdated !== undefined) {
    return scope.date(lastUpdated, '/meta/lastUpdated', '/asOf');
  }
  if (context.defaultAsOf !== undefined) {
    return context.defaultAsOf;
  }
  scope.fail('/meta/lastUpdated', 'required', 'is required to date the record (or pass a default as-of date)', '/asOf');
  return undefined;
}

/** meta.versionId when it is a positive integer (a FHIR server's version counter), else undefined. */
export function versionIdOf(resource: JsonObject, scope: EventScope, canonicalPath = '/version'): number | undefined {
  const versionId = stringAt(objectAt(resource, 'meta'), 'versionId');
  if (versionId === undefined || !/^[0-9]{1,10}$/.test(versionId) || Number(versionId) < 1) {
    return undefined;
  }
  scope.from(canonicalPath, '/meta/versionId');
  return Number(versionId);
}

export function dropUndefined(draft: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined));
}
