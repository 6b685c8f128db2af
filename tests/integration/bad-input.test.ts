/**
 * The bad-input corpus: every case is a valid event (or request) with one thing wrong. Each must be answered
 * with a 4xx (or, in a bulk body, a rejected line) naming the field by JSON pointer and the rule it broke —
 * never a 5xx, never a partial store.
 */
import type { EventKind } from '@benchline/shared';
import { EVENT_KINDS } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES as FHIR_CASES, patient } from '../../server/src/ingest/fhir/__fixtures__/bad-fhir-cases.js';
import { VALID_EVENTS } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { postFhirJson, postFhirNdjson } from '../support/fhir.js';
import { postBulk } from '../support/ndjson.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ workers: false });
});
afterAll(async () => {
  await stack.close();
});

const ENDPOINT: Record<EventKind, string> = {
  claim: '/api/v1/claims',
  member: '/api/v1/members',
  provider: '/api/v1/providers',
  clinical: '/api/v1/clinical',
  contract: '/api/v1/contracts',
  roster: '/api/v1/rosters',
  // Coordinators' actions come by the socket's commands; over HTTP they take the any-kind endpoint.
  worklist: '/api/v1/events',
  // ADT comes as HL7 v2 (POST /api/v1/adt) or FHIR; a canonical notification takes the any-kind endpoint.
  adt: '/api/v1/events',
};

type Mutation = [name: string, mutate: (event: Record<string, unknown>) => unknown, path: string, reason: string];

/** One thing wrong at a time, per kind. */
const MUTATIONS: Record<EventKind, Mutation[]> = {
  claim: [
    ['missing claim id', (e) => omit(e, 'claimId'), '/claimId', 'required'],
    ['missing member', (e) => omit(e, 'memberId'), '/memberId', 'required'],
    ['missing lines', (e) => omit(e, 'lines'), '/lines', 'required'],
    ['unknown field', (e) => ({ ...e, colour: 'blue' }), '/colour', 'unknown-field'],
    ['version as a string', (e) => ({ ...e, version: '2' }), '/version', 'type'],
    ['version zero', (e) => ({ ...e, version: 0 }), '/version', 'minimum'],
    ['unknown adjustment', (e) => ({ ...e, adjustment: 'void' }), '/adjustment', 'enum'],
    ['unknown claim type', (e) => ({ ...e, claimType: 'dental' }), '/claimType', 'enum'],
    ['impossible from date', (e) => ({ ...e, fromDate: '2026-02-30' }), '/fromDate', 'format'],
    ['month 13', (e) => ({ ...e, paidDate: '2026-13-01' }), '/paidDate', 'format'],
    ['through before from', (e) => ({ ...e, throughDate: '2026-01-01' }), '/throughDate', 'date-order'],
    ['paid before service', (e) => ({ ...e, paidDate: '2025-12-31' }), '/paidDate', 'date-order'],
    ['ICD-10 too short', (e) => ({ ...e, diagnoses: ['I50'.slice(0, 2)] }), '/diagnoses/0', 'pattern'],
    ['ICD-10 starting with a digit', (e) => ({ ...e, diagnoses: ['I5023', '5023'] }), '/diagnoses/1', 'pattern'],
    ['ICD-10 as a number', (e) => ({ ...e, diagnoses: [250] }), '/diagnoses/0', 'type'],
    [
      'too many diagnoses',
      (e) => ({ ...e, diagnoses: Array.from({ length: 26 }, () => 'I5023') }),
      '/diagnoses',
      'maxItems',
    ],
    ['ICD-10-PCS of six characters', (e) => ({ ...e, procedures: ['5A1955'] }), '/procedures/0', 'pattern'],
    ['billing NPI check digit', (e) => ({ ...e, billingNpi: '1234567890' }), '/billingNpi', 'npi-check-digit'],
    ['billing NPI of nine digits', (e) => ({ ...e, billingNpi: '123456789' }), '/billingNpi', 'pattern'],
    ['TIN with a dash', (e) => ({ ...e, billingTin: '12-3456789' }), '/billingTin', 'pattern'],
    ['CCN of five characters', (e) => ({ ...e, facilityCcn: '33010' }), '/facilityCcn', 'pattern'],
    ['type of bill with letters', (e) => ({ ...e, typeOfBill: '11A' }), '/typeOfBill', 'pattern'],
    ['DRG of four digits', (e) => ({ ...e, drg: '2910' }), '/drg', 'pattern'],
    ['negative paid amount', (e) => ({ ...e, paidAmount: -1 }), '/paidAmount', 'minimum'],
    ['paid amount out of range', (e) => ({ ...e, paidAmount: 1e9 }), '/paidAmount', 'maximum'],
    ['paid amount as text', (e) => ({ ...e, paidAmount: '10911.87' }), '/paidAmount', 'type'],
    ['line HCPCS malformed', (e) => ({ ...e, lines: [{ ...line(e), hcpcs: '9921' }] }), '/lines/0/hcpcs', 'pattern'],
    [
      'line HCPCS with a letter in the wrong place',
      (e) => ({ ...e, lines: [{ ...line(e), hcpcs: '99Z13' }] }),
      '/lines/0/hcpcs',
      'pattern',
    ],
    [
      'line modifier of three characters',
      (e) => ({ ...e, lines: [{ ...line(e), modifiers: ['255'] }] }),
      '/lines/0/modifiers/0',
      'pattern',
    ],
    [
      'line rendering NPI check digit',
      (e) => ({ ...e, lines: [{ ...line(e), renderingNpi: '1234567894' }] }),
      '/lines/0/renderingNpi',
      'npi-check-digit',
    ],
    ['line without units', (e) => ({ ...e, lines: [omit(line(e), 'units')] }), '/lines/0/units', 'required'],
    [
      'line negative allowed',
      (e) => ({ ...e, lines: [{ ...line(e), allowedAmount: -3 }] }),
      '/lines/0/allowedAmount',
      'minimum',
    ],
    [
      'line dates reversed',
      (e) => ({ ...e, lines: [{ ...line(e), throughDate: '2026-02-01' }] }),
      '/lines/0/throughDate',
      'date-order',
    ],
    [
      'line revenue code of three digits',
      (e) => ({ ...e, lines: [{ ...line(e), revenueCode: '120' }] }),
      '/lines/0/revenueCode',
      'pattern',
    ],
    [
      'line place of service with a letter',
      (e) => ({ ...e, lines: [{ ...line(e), placeOfService: '1A' }] }),
      '/lines/0/placeOfService',
      'pattern',
    ],
    ['line unknown field', (e) => ({ ...e, lines: [{ ...line(e), ndc: '123' }] }), '/lines/0/ndc', 'unknown-field'],
    ['line number used twice', (e) => ({ ...e, lines: [line(e), line(e)] }), '/lines/1/lineNumber', 'duplicate'],
    ['claim id with a space', (e) => ({ ...e, claimId: 'A 1' }), '/claimId', 'pattern'],
    ['claim id too long', (e) => ({ ...e, claimId: 'x'.repeat(65) }), '/claimId', 'maxLength'],
    ['unknown source', (e) => ({ ...e, source: 'fax' }), '/source', 'enum'],
  ],
  member: [
    ['missing member id', (e) => omit(e, 'memberId'), '/memberId', 'required'],
    ['missing as-of date', (e) => omit(e, 'asOf'), '/asOf', 'required'],
    ['impossible birth date', (e) => ({ ...e, birthDate: '1949-02-29' }), '/birthDate', 'format'],
    ['death before birth', (e) => ({ ...e, deathDate: '1940-01-01' }), '/deathDate', 'date-order'],
    ['unknown sex', (e) => ({ ...e, sex: 'X' }), '/sex', 'enum'],
    ['lower-case state', (e) => ({ ...e, stateCode: 'oh' }), '/stateCode', 'pattern'],
    ['county of three digits', (e) => ({ ...e, countyFips: '049' }), '/countyFips', 'pattern'],
    ['unknown OREC', (e) => ({ ...e, orec: '4' }), '/orec', 'enum'],
    [
      'enrolment month malformed',
      (e) => ({ ...e, enrollment: [{ month: '2026-1' }] }),
      '/enrollment/0/month',
      'pattern',
    ],
    [
      'unknown dual status',
      (e) => ({ ...e, enrollment: [{ month: '2026-01', dualStatus: '07' }] }),
      '/enrollment/0/dualStatus',
      'enum',
    ],
    [
      'part A as text',
      (e) => ({ ...e, enrollment: [{ month: '2026-01', partA: 'yes' }] }),
      '/enrollment/0/partA',
      'type',
    ],
    [
      'enrolment month twice',
      (e) => ({ ...e, enrollment: [{ month: '2026-01', partA: true }, { month: '2026-02' }, { month: '2026-01' }] }),
      '/enrollment/2/month',
      'duplicate',
    ],
    [
      'voluntary alignment NPI check digit',
      (e) => ({ ...e, voluntaryAlignment: { npi: '1234567890', tin: '123456789', effectiveDate: '2025-11-01' } }),
      '/voluntaryAlignment/npi',
      'npi-check-digit',
    ],
    ['empty given name', (e) => ({ ...e, givenName: '' }), '/givenName', 'minLength'],
    ['unknown field', (e) => ({ ...e, ssn: '000-00-0000' }), '/ssn', 'unknown-field'],
  ],
  provider: [
    ['missing NPI', (e) => omit(e, 'npi'), '/npi', 'required'],
    ['NPI check digit', (e) => ({ ...e, npi: '1234567890' }), '/npi', 'npi-check-digit'],
    ['NPI starting with 3', (e) => ({ ...e, npi: '3234567893' }), '/npi', 'pattern'],
    ['missing TIN', (e) => omit(e, 'tin'), '/tin', 'required'],
    ['unknown entity', (e) => ({ ...e, entity: 'group' }), '/entity', 'enum'],
    ['specialty of three characters', (e) => ({ ...e, specialtyCode: '008' }), '/specialtyCode', 'pattern'],
    ['participant as text', (e) => ({ ...e, participant: 'true' }), '/participant', 'type'],
    ['effective to before from', (e) => ({ ...e, effectiveTo: '2024-12-31' }), '/effectiveTo', 'date-order'],
    ['missing as-of date', (e) => omit(e, 'asOf'), '/asOf', 'required'],
    ['unknown field', (e) => ({ ...e, email: 'a@b' }), '/email', 'unknown-field'],
  ],
  clinical: [
    ['missing clinical id', (e) => omit(e, 'clinicalId'), '/clinicalId', 'required'],
    ['unknown type', (e) => ({ ...e, type: 'allergy' }), '/type', 'enum'],
    ['unknown code system', (e) => ({ ...e, code: { system: 'icd9', code: '250.00' } }), '/code/system', 'enum'],
    ['missing code', (e) => ({ ...e, code: { system: 'loinc' } }), '/code/code', 'required'],
    ['code with a space', (e) => ({ ...e, code: { system: 'loinc', code: '4548 4' } }), '/code/code', 'pattern'],
    ['unknown status', (e) => ({ ...e, status: 'done' }), '/status', 'enum'],
    ['impossible effective date', (e) => ({ ...e, effectiveDate: '2026-04-31' }), '/effectiveDate', 'format'],
    ['end before start', (e) => ({ ...e, endDate: '2026-01-01' }), '/endDate', 'date-order'],
    ['quantity as text', (e) => ({ ...e, value: { quantity: '7.4', unit: '%' } }), '/value/quantity', 'type'],
    [
      'ICD-9 code filed as ICD-10-CM',
      (e) => ({ ...e, type: 'condition', status: 'active', code: { system: 'icd10cm', code: '250.00' } }),
      '/code/code',
      'pattern',
    ],
    [
      'other code in CPT of four digits',
      (e) => ({ ...e, additionalCodes: [{ system: 'cpt', code: '9921' }] }),
      '/additionalCodes/0/code',
      'pattern',
    ],
    [
      'coded value in HCPCS malformed',
      (e) => ({ ...e, value: { coding: { system: 'hcpcs', code: 'E113' } } }),
      '/value/coding/code',
      'pattern',
    ],
    [
      'body site in ICD-10-CM too short',
      (e) => ({ ...e, bodySite: [{ system: 'icd10cm', code: 'C5' }] }),
      '/bodySite/0/code',
      'pattern',
    ],
    [
      'reason ICD-10-CM starting with a digit',
      (e) => ({ ...e, reason: [{ system: 'icd10cm', code: '532' }] }),
      '/reason/0/code',
      'pattern',
    ],
    ['missing source', (e) => omit(e, 'source'), '/source', 'required'],
  ],
  contract: [
    ['missing contract id', (e) => omit(e, 'contractId'), '/contractId', 'required'],
    ['unknown program', (e) => ({ ...e, program: 'medigap' }), '/program', 'enum'],
    ['unknown APM category', (e) => ({ ...e, apmCategory: '3C' }), '/apmCategory', 'enum'],
    ['unknown attribution', (e) => ({ ...e, attribution: 'coin-flip' }), '/attribution', 'enum'],
    ['year out of range', (e) => ({ ...e, years: [{ year: 1999 }] }), '/years/0/year', 'minimum'],
    ['the same year twice', (e) => ({ ...e, years: [{ year: 2026 }, { year: 2026 }] }), '/years/1/year', 'duplicate'],
    ['unknown level', (e) => ({ ...e, years: [{ year: 2026, level: 'F' }] }), '/years/0/level', 'enum'],
    ['unknown MSR choice', (e) => ({ ...e, years: [{ year: 2026, msrMlr: '3' }] }), '/years/0/msrMlr', 'enum'],
    [
      'sharing rate above 1',
      (e) => ({ ...e, years: [{ year: 2026, sharingRate: 1.5 }] }),
      '/years/0/sharingRate',
      'maximum',
    ],
    [
      'negative benchmark',
      (e) => ({
        ...e,
        years: [{ year: 2026, benchmark: { perCapita: { esrd: -1, disabled: 1, agedDual: 1, agedNonDual: 1 } } }],
      }),
      '/years/0/benchmark/perCapita/esrd',
      'minimum',
    ],
    [
      'completion factor of zero',
      (e) => ({ ...e, years: [{ year: 2026, completion: { runOutMonths: 3, method: 'fixed', fixedFactor: 0 } }] }),
      '/years/0/completion/fixedFactor',
      'exclusiveMinimum',
    ],
    ['participant TIN malformed', (e) => ({ ...e, participantTins: ['12345678'] }), '/participantTins/0', 'pattern'],
    [
      'capitation without its rate',
      (e) => ({ ...e, apmCategory: '4', benchmarkType: 'capitation' }),
      '/years/0/benchmark/capitationPmpm',
      'required',
    ],
    [
      'fixed completion without its factor',
      (e) => ({ ...e, years: [{ year: 2026, completion: { runOutMonths: 3, method: 'fixed' } }] }),
      '/years/0/completion/fixedFactor',
      'required',
    ],
  ],
  roster: [
    ['missing contract', (e) => omit(e, 'contractId'), '/contractId', 'required'],
    ['month malformed', (e) => ({ ...e, months: ['2026-13'] }), '/months/0', 'pattern'],
    ['month twice', (e) => ({ ...e, months: ['2026-01', '2026-01'] }), '/months', 'uniqueItems'],
    ['attributed NPI check digit', (e) => ({ ...e, attributedNpi: '1234567890' }), '/attributedNpi', 'npi-check-digit'],
    ['impossible as-of date', (e) => ({ ...e, asOf: '2026-02-29' }), '/asOf', 'format'],
  ],
  worklist: [
    ['missing action id', (e) => omit(e, 'actionId'), '/actionId', 'required'],
    ['time without an offset', (e) => ({ ...e, at: '2026-03-04T14:05:00' }), '/at', 'format'],
    ['user id with a space', (e) => ({ ...e, by: 'coord rivera' }), '/by', 'pattern'],
    ['unknown action type', (e) => ({ ...e, action: { ...action(e), type: 'snooze' } }), '/action/type', 'enum'],
    ['unknown channel', (e) => ({ ...e, action: { ...action(e), channel: 'fax' } }), '/action/channel', 'enum'],
    [
      'next attempt before the action',
      (e) => ({ ...e, action: { ...action(e), nextAttemptOn: '2026-03-01' } }),
      '/action/nextAttemptOn',
      'date-order',
    ],
    [
      'close without a gap',
      (e) => ({ ...e, action: { type: 'close', reason: 'completed-elsewhere' } }),
      '/action/gapId',
      'required',
    ],
    [
      'close for another reason without a note',
      (e) => ({ ...e, action: { type: 'close', gapId: 'g-1', reason: 'other' } }),
      '/action/note',
      'required',
    ],
    [
      'exclude with a close reason',
      (e) => ({ ...e, action: { type: 'exclude', gapId: 'g-1', reason: 'scheduled' } }),
      '/action/reason',
      'enum',
    ],
  ],
  adt: [
    ['missing message id', (e) => omit(e, 'messageId'), '/messageId', 'required'],
    ['event time without an offset', (e) => ({ ...e, eventAt: '2026-03-02T21:14:00' }), '/eventAt', 'format'],
    ['unknown event', (e) => ({ ...e, event: 'A01' }), '/event', 'enum'],
    ['admit without its time', (e) => omit(e, 'admitAt'), '/admitAt', 'required'],
    [
      'discharge before the admission',
      (e) => ({ ...e, dischargeAt: '2026-03-01T08:00:00-05:00' }),
      '/dischargeAt',
      'date-order',
    ],
    [
      'facility NPI check digit',
      (e) => ({ ...e, facility: { id: 'GENHOSP', npi: '1234567890' } }),
      '/facility/npi',
      'npi-check-digit',
    ],
    ['diagnosis not ICD-10-CM', (e) => ({ ...e, diagnoses: [{ code: '428.0' }] }), '/diagnoses/0/code', 'pattern'],
  ],
};

/**
 * The FHIR mapper's own table of bad resources (one thing wrong each). Over HTTP the server supplies the request
 * date as the default as-of date, so the cases about a missing meta.lastUpdated do not apply, and a Bundle is
 * read as a Bundle rather than refused as a resource.
 */
const fhirCases = FHIR_CASES.filter(
  ([, make, expected]) =>
    !expected.some((issue) => issue.endsWith('/meta/lastUpdated')) &&
    (make() as { resourceType?: unknown } | null)?.resourceType !== 'Bundle',
);

const cases = EVENT_KINDS.flatMap((kind) =>
  MUTATIONS[kind].map(([name, mutate, path, reason]) => ({ kind, name, mutate, path, reason })),
);

describe('the bad-input corpus', () => {
  it('has at least a hundred cases across JSON, NDJSON, FHIR and transport', () => {
    expect(cases.length * 2 + fhirCases.length * 2 + TRANSPORT_CASES.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases)('$kind: $name → 400 naming $path ($reason)', async ({ kind, mutate, path, reason }) => {
    const response = await stack.post(ENDPOINT[kind], mutate({ ...VALID_EVENTS[kind] }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string; reason: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((i) => [i.path, i.reason])).toContainEqual([path, reason]);
  });

  it('answers every case again as a rejected NDJSON line, with the valid lines between them stored', async () => {
    const lines: string[] = [];
    cases.forEach(({ kind, mutate }, i) => {
      lines.push(JSON.stringify(mutate({ ...VALID_EVENTS[kind] })));
      lines.push(JSON.stringify({ ...VALID_EVENTS.roster, memberId: `GOOD-${i}` }));
    });
    const answer = await postBulk(stack.url, stack.apiKey, lines.join('\n'));
    expect(answer.status).toBe(200);
    cases.forEach(({ path, reason }, i) => {
      const bad = answer.results[i * 2];
      expect(bad?.status).toBe('rejected');
      expect(bad?.error?.issues?.map((issue) => [issue.path, issue.reason])).toContainEqual([path, reason]);
      expect(answer.results[i * 2 + 1]?.status).toBe('accepted');
    });
    expect(answer.summary).toEqual({
      lines: cases.length * 2,
      accepted: cases.length,
      duplicate: 0,
      rejected: cases.length,
    });
  });

  it.each(TRANSPORT_CASES)('$name → $status $code', async ({ request, status, code }) => {
    const response = await fetch(`${stack.url}${request.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, ...request.headers },
      body: request.body,
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('answers bad NDJSON lines one by one', async () => {
    const tooLong = JSON.stringify({ ...VALID_EVENTS.roster, memberId: 'x'.repeat(70 * 1024) });
    const answer = await postBulk(
      stack.url,
      stack.apiKey,
      ['{', '[1,2]', 'null', '"claim"', tooLong, '{"kind":"claim"'].join('\n'),
    );
    expect(answer.results.map((r) => r.error?.code)).toEqual([
      'MALFORMED_JSON',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'PAYLOAD_TOO_LARGE',
      'MALFORMED_JSON',
    ]);
  });

  describe('FHIR', () => {
    beforeAll(async () => {
      // The cases' resources point at Patient/p1: the server learns who that is from the Patient resource.
      expect((await postFhirJson(stack.url, stack.apiKey, patient())).status).toBe(202);
    });

    it.each(fhirCases)('%s → 400 with exactly these issues', async (_name, make, expected) => {
      const answer = await postFhirJson(stack.url, stack.apiKey, make());
      expect(answer.status).toBe(400);
      const issues = (answer.body as { error: { issues: { reason: string; path: string }[] } }).error.issues;
      expect(issues.map((issue) => `${issue.reason} ${issue.path}`).sort()).toEqual(expected);
    });

    it('answers the same cases as rejected bulk-data lines', async () => {
      const answer = await postFhirNdjson(
        stack.url,
        stack.apiKey,
        fhirCases.map(([, make]) => make()),
      );
      expect(answer.summary).toEqual({
        lines: fhirCases.length,
        accepted: 0,
        duplicate: 0,
        rejected: fhirCases.length,
      });
      fhirCases.forEach(([, , expected], i) => {
        expect(answer.results[i]?.error?.issues?.map((issue) => `${issue.reason} ${issue.path}`).sort()).toEqual(
          expected,
        );
      });
    });
  });

  it('stores nothing from a refused request', async () => {
    // Everything above was refused, or is a GOOD-* roster line or the FHIR cases' Patient.
    expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(cases.length + 1);
  });
});

const json = { 'content-type': 'application/json' };
const TRANSPORT_CASES: {
  name: string;
  request: { path: string; headers: Record<string, string>; body?: string };
  status: number;
  code: string;
}[] = [
  {
    name: 'malformed JSON',
    request: { path: '/api/v1/claims', headers: json, body: '{"kind":' },
    status: 400,
    code: 'MALFORMED_JSON',
  },
  {
    name: 'empty JSON body',
    request: { path: '/api/v1/claims', headers: json, body: '' },
    status: 400,
    code: 'MALFORMED_JSON',
  },
  {
    name: 'a JSON array instead of an event',
    request: { path: '/api/v1/events', headers: json, body: '[]' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a JSON string instead of an event',
    request: { path: '/api/v1/events', headers: json, body: '"claim"' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'text/plain',
    request: { path: '/api/v1/claims', headers: { 'content-type': 'text/plain' }, body: 'hello' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'XML',
    request: { path: '/api/v1/claims', headers: { 'content-type': 'application/xml' }, body: '<claim/>' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'NDJSON sent to a single-event endpoint',
    request: { path: '/api/v1/claims', headers: { 'content-type': 'application/x-ndjson' }, body: '{}\n' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'JSON sent to the bulk endpoint',
    request: { path: '/api/v1/events/bulk', headers: json, body: '{}' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a body over the limit',
    request: { path: '/api/v1/claims', headers: json, body: `{"x":"${'a'.repeat(6 * 1024 * 1024)}"}` },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a wrong kind on a per-kind endpoint',
    request: { path: '/api/v1/members', headers: json, body: JSON.stringify(VALID_EVENTS.claim) },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'an unknown route',
    request: { path: '/api/v1/invoices', headers: json, body: '{}' },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'no API key',
    request: {
      path: '/api/v1/claims',
      headers: { ...json, authorization: '' },
      body: JSON.stringify(VALID_EVENTS.claim),
    },
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'a wrong API key',
    request: {
      path: '/api/v1/claims',
      headers: { ...json, authorization: 'Bearer nope-nope-nope-nope' },
      body: JSON.stringify(VALID_EVENTS.claim),
    },
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'a Basic authorization header',
    request: {
      path: '/api/v1/claims',
      headers: { ...json, authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify(VALID_EVENTS.claim),
    },
    status: 401,
    code: 'UNAUTHORIZED',
  },
];

function omit(event: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _omitted, ...rest } = event;
  return rest;
}

function line(event: Record<string, unknown>): Record<string, unknown> {
  return (event.lines as Record<string, unknown>[])[0] as Record<string, unknown>;
}

function action(event: Record<string, unknown>): Record<string, unknown> {
  return event.action as Record<string, unknown>;
}
