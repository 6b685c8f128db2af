/** Posting FHIR to the ingest endpoint: a resource or Bundle as JSON, or bulk-data NDJSON answered line by line. */
import type { BulkAnswer } from './ndjson.js';
import { parseBulkAnswer } from './ndjson.js';

/** What the JSON form answers: a 202 for one resource, a per-entry summary for a Bundle, or an error. */
export interface FhirJsonAnswer {
  status?: 'accepted' | 'duplicate';
  eventIds?: string[];
  summary?: { entries: number; accepted: number; duplicate: number; rejected: number };
  results?: {
    entry: number;
    status: string;
    eventIds?: string[];
    error?: { code: string; issues?: { path: string; reason: string }[] };
  }[];
  error?: { code: string; message?: string; issues?: { path: string; reason: string }[] };
}

export async function postFhirJson(
  url: string,
  apiKey: string,
  body: unknown,
): Promise<{ status: number; body: FhirJsonAnswer }> {
  const response = await fetch(`${url}/api/v1/fhir`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as FhirJsonAnswer };
}

export async function postFhirNdjson(url: string, apiKey: string, resources: unknown[]): Promise<BulkAnswer> {
  const response = await fetch(`${url}/api/v1/fhir`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+ndjson', authorization: `Bearer ${apiKey}` },
    body: resources.map((r) => JSON.stringify(r)).join('\n'),
  });
  return parseBulkAnswer(response.status, await response.text());
}

/** An inpatient admission (or, finished, its discharge) from a hospital's FHIR feed: an ADT Encounter. */
export function fhirAdmission(id: string, subject: Record<string, unknown>, change: Record<string, unknown> = {}) {
  return {
    resourceType: 'Encounter',
    id,
    meta: { versionId: '1', lastUpdated: '2026-04-01T08:30:00Z' },
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject,
    period: { start: '2026-04-01T08:00:00-04:00' },
    serviceProvider: { reference: 'Organization/stmarys', display: "St Mary's" },
    ...change,
  };
}
