/**
 * Canonical ids for FHIR records. A FHIR id is unique only within its resource type, so clinical events and
 * member records are named by the relative reference: `Observation/<id>`, `Patient/<id>`, `Coverage/<id>`, and
 * `Observation/<id>#<loinc>` for one component of a blood-pressure panel.
 */

export function recordIdOf(resourceType: string, id: string, component?: string): string {
  return component === undefined ? `${resourceType}/${id}` : `${resourceType}/${id}#${component}`;
}
