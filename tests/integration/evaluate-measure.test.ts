/**
 * FHIR `$evaluate-measure` against the real stack: eCQM development bundles ingested through `POST /api/v1/fhir`
 * (each Patient given an MBI, the expected MeasureReport taken out) and applied by the pipeline, then evaluated in
 * the workers through the operation — each patient's populations as the bundle's published MeasureReport counts
 * them, whether the subject is named by its FHIR Patient id (through the crosswalk) or by its member id; a summary
 * equal to the sum of the individual reports; every 4xx an OperationOutcome naming the parameter; an audit entry
 * for every call, carrying member ids and nothing else about the patient; and a 504 when no worker answers.
 */
import { readFileSync } from 'node:fs';
import type { ServerConfig } from '@benchline/server';
import { FHIR_RESOURCE_TYPES, buildApp } from '@benchline/server';
import { EVALUATE_MEASURE_QUEUE, createKeySpace } from '@benchline/shared/backend';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFhirJson } from '../support/fhir.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { startStack, type TestSession, type TestStack } from '../support/start-stack.js';

interface Resource {
  resourceType: string;
  id?: string;
  name?: { family?: string; given?: string[] }[];
  birthDate?: string;
  identifier?: { system?: string; value?: string }[];
  group?: { population?: { code?: { coding?: { code?: string }[] }; count?: number }[] }[];
  [field: string]: unknown;
}
interface Bundle {
  resourceType: 'Bundle';
  type: string;
  entry: { resource: Resource; request?: unknown; fullUrl?: string }[];
}

interface Report {
  resourceType: string;
  status: string;
  type: string;
  measure: string;
  subject?: { reference?: string };
  period: { start: string; end: string };
  group: {
    population: { id: string; code: { coding: { code: string }[] }; count?: number }[];
    measureScore?: { value: number };
  }[];
  evaluatedResource?: { reference?: string; identifier?: { value: string } }[];
}
interface Outcome {
  resourceType: string;
  issue: { severity: string; code: string; diagnostics?: string; expression?: string[] }[];
}

const FIXTURES = [
  'CMS122FHIR-v0.5.000-NUMPass-HbA1cGreaterThan9.json',
  'CMS125FHIR-v0.4.000-DENEXPass-AdvIllnessDxWithin2Yrs.json',
  'CMS125FHIR-v0.4.000-DENEXFail-UniMastRightProcOnJan1AfterMP.json',
  'CMS130FHIR-v0.4.000-NUMERPass-Colonoscopy9YearsPrior.json',
  'CMS130FHIR-v0.4.000-DENEXPass-HospiceDischargeDuringMP.json',
  'CMS165FHIR-v0.5.000-NUMERFail-SBP140DBP89DuringMP.json',
  'CMS2FHIR-v0.4.001-DENEXCEPPass-AdolescentMedicalReasonForNoDepressionScreenAge17.json',
  'CMS2FHIR-v0.4.001-NUMERPass-12yoPosAdolDepScreenandFollowUpPrescription.json',
] as const;
const MEASURES = ['CMS122', 'CMS125', 'CMS130', 'CMS165', 'CMS2'] as const;
const PERIOD = { periodStart: '2026-01-01', periodEnd: '2026-12-31' };
const MBI_SYSTEM = 'http://hl7.org/fhir/sid/us-mbi';

interface Case {
  file: string;
  measureId: string;
  patientId: string;
  memberId: string;
  bundle: Bundle;
  /** population code → count, from the published MeasureReport. */
  expected: Record<string, number>;
  /** Every resource of the bundle, as `Type/id`. */
  resources: Set<string>;
  /** Names and birth date of the patient: what must never reach the audit trail. */
  phi: string[];
}

function loadCase(file: string, index: number): Case {
  const bundle = JSON.parse(
    readFileSync(new URL(`../../server/src/ingest/fhir/__fixtures__/ecqm-2026/${file}`, import.meta.url), 'utf8'),
  ) as Bundle;
  const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;
  const report = bundle.entry.find((e) => e.resource.resourceType === 'MeasureReport')!.resource;
  const memberId = `9EG4TE5MK${String(index).padStart(2, '0')}`;
  const expected = Object.fromEntries(
    (report.group?.[0]?.population ?? []).map((p) => [p.code?.coding?.[0]?.code ?? '', p.count ?? 0]),
  );
  // eCQM test patients carry no MBI; the member gets one, as an ACO's Patient resources do.
  const withMbi = { ...patient, identifier: [...(patient.identifier ?? []), { system: MBI_SYSTEM, value: memberId }] };
  // What the operation is to compute is taken out; so are the resources ingest does not map (Organization …) and
  // the test patients' commercial Coverage, which ingest refuses (a member's enrolment is Medicare's) and no
  // measure reads.
  const ingestible: Bundle = {
    ...bundle,
    entry: bundle.entry
      .filter((e) => FHIR_RESOURCE_TYPES.includes(e.resource.resourceType) && e.resource.resourceType !== 'Coverage')
      .map((e) => (e.resource === patient ? { ...e, resource: withMbi } : e)),
  };
  return {
    file,
    measureId: /^(CMS[0-9]+)FHIR/.exec(file)![1]!,
    patientId: patient.id!,
    memberId,
    bundle: ingestible,
    expected,
    resources: new Set(bundle.entry.map((e) => `${e.resource.resourceType}/${e.resource.id}`)),
    phi: [patient.birthDate ?? '', ...(patient.name ?? []).flatMap((n) => [n.family ?? '', ...(n.given ?? [])])].filter(
      (text) => text.length > 2,
    ),
  };
}

const CASES = FIXTURES.map(loadCase);

let stack: TestStack;
let analyst: TestSession;
/** Calls made with a valid key: each must leave one audit entry. */
let authenticatedCalls = 0;

beforeAll(async () => {
  stack = await startStack();
  analyst = await stack.signIn({ userId: 'user-quality', role: 'quality' });
  for (const c of CASES) {
    const answer = await postFhirJson(stack.url, stack.apiKey, c.bundle);
    expect(answer.status, `${c.file} ${JSON.stringify(answer.body).slice(0, 600)}`).toBe(200);
    expect(answer.body.summary?.rejected, c.file).toBe(0);
  }
  await stack.drained();
});
afterAll(async () => {
  await stack.close();
});

async function evaluate(
  measureId: string,
  parameters: Record<string, string>,
  options: { method?: 'GET' | 'POST'; body?: unknown; contentType?: string; as?: 'anonymous' | 'ingest-key' } = {},
): Promise<{ status: number; contentType: string; body: Report & Outcome }> {
  const method = options.method ?? 'GET';
  const query = new URLSearchParams(parameters).toString();
  const headers: Record<string, string> = {};
  if (options.as === 'ingest-key') {
    headers.authorization = `Bearer ${stack.apiKey}`;
  } else if (options.as === undefined) {
    headers.cookie = analyst.cookie;
    headers['x-csrf-token'] = analyst.csrfToken;
    authenticatedCalls += 1;
  }
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/fhir+json';
  }
  const response = await fetch(
    `${stack.url}/api/v1/fhir/Measure/${measureId}/$evaluate-measure${query === '' ? '' : `?${query}`}`,
    {
      method,
      headers,
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    },
  );
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: (await response.json()) as Report & Outcome,
  };
}

function countsOf(report: Report): Record<string, number | undefined> {
  return Object.fromEntries((report.group[0]?.population ?? []).map((p) => [p.code.coding[0]?.code ?? '', p.count]));
}

describe('$evaluate-measure for a patient', () => {
  it('counts each ingested test patient’s populations as its published MeasureReport does', async () => {
    for (const [index, c] of CASES.entries()) {
      // Alternately by the Patient id the bundle used (through the crosswalk) and by the member id; GET and POST.
      const subject = `Patient/${index % 2 === 0 ? c.patientId : c.memberId}`;
      const answer =
        index % 3 === 0
          ? await evaluate(
              c.measureId,
              {},
              {
                method: 'POST',
                body: {
                  resourceType: 'Parameters',
                  parameter: [
                    { name: 'periodStart', valueDate: PERIOD.periodStart },
                    { name: 'periodEnd', valueDate: PERIOD.periodEnd },
                    { name: 'subject', valueString: subject },
                  ],
                },
              },
            )
          : await evaluate(c.measureId, { ...PERIOD, subject }, { method: index % 2 === 0 ? 'GET' : 'POST' });
      expect(answer.status, `${c.file} ${JSON.stringify(answer.body).slice(0, 600)}`).toBe(200);
      expect(answer.contentType, c.file).toContain('application/fhir+json');
      const report = answer.body;
      expect(report, c.file).toMatchObject({
        resourceType: 'MeasureReport',
        status: 'complete',
        type: 'individual',
        subject: { reference: subject },
        period: { start: '2026-01-01', end: '2026-12-31' },
      });
      expect(report.measure, c.file).toMatch(new RegExp(`^https://madie\\.cms\\.gov/Measure/${c.measureId}FHIR`));
      expect(countsOf(report), c.file).toEqual(c.expected);
      // The evidence: resources of this patient's bundle, each once.
      const references = (report.evaluatedResource ?? []).map((r) => r.reference ?? `id:${r.identifier?.value}`);
      expect(references.length, c.file).toBeGreaterThan(0);
      expect(new Set(references).size, c.file).toBe(references.length);
      for (const reference of references) {
        expect(c.resources.has(reference), `${c.file}: ${reference}`).toBe(true);
      }
    }
  });

  it('evaluates any measure for any member, not only the one a bundle was written for', async () => {
    const c = CASES.find((x) => x.measureId === 'CMS2')!;
    const answer = await evaluate('CMS130', { ...PERIOD, subject: `Patient/${c.memberId}` });
    expect(answer.status).toBe(200);
    // A 12-to-17-year-old is outside colorectal screening's 46–75.
    expect(countsOf(answer.body)['initial-population']).toBe(0);
    expect(answer.body.group[0]).not.toHaveProperty('measureScore');
  });
});

describe('$evaluate-measure for the population', () => {
  it('gives, for each measure, a summary equal to the sum of every member’s individual report', async () => {
    for (const measureId of MEASURES) {
      const sums: Record<string, number> = {};
      for (const c of CASES) {
        const answer = await evaluate(measureId, { ...PERIOD, subject: `Patient/${c.memberId}` });
        expect(answer.status, `${measureId} ${c.file}`).toBe(200);
        expect(answer.body.status, `${measureId} ${c.file}`).toBe('complete');
        for (const [code, count] of Object.entries(countsOf(answer.body))) {
          sums[code] = (sums[code] ?? 0) + (count ?? 0);
        }
      }
      const summary = await evaluate(measureId, { ...PERIOD, reportType: 'population' }, { method: 'POST' });
      expect(summary.status, measureId).toBe(200);
      expect(summary.body, measureId).toMatchObject({ resourceType: 'MeasureReport', type: 'summary' });
      expect(summary.body, measureId).not.toHaveProperty('subject');
      expect(summary.body, measureId).not.toHaveProperty('evaluatedResource');
      expect(countsOf(summary.body), measureId).toEqual(sums);
      // The patients the measure's bundles were written for are among those counted.
      const own = CASES.filter((c) => c.measureId === measureId);
      expect(sums['initial-population'], measureId).toBeGreaterThanOrEqual(own.length);
    }
  });
});

describe('$evaluate-measure errors', () => {
  it('answers bad requests with an OperationOutcome naming the parameter', async () => {
    const subject = `Patient/${CASES[0]!.memberId}`;
    const cases: [string, Record<string, string>, number, string, string][] = [
      ['CMS130', { periodEnd: '2026-12-31' }, 400, 'required', 'periodStart'],
      ['CMS130', { periodStart: '2026-13-01', periodEnd: '2026-12-31' }, 400, 'value', 'periodStart'],
      ['CMS130', { periodStart: '2026-06-01', periodEnd: '2026-01-31' }, 400, 'invalid', 'periodEnd'],
      ['CMS999', { ...PERIOD }, 404, 'not-found', 'Measure.id'],
      ['CMS130', { ...PERIOD, reportType: 'subject-list' }, 400, 'not-supported', 'reportType'],
      ['CMS130', { ...PERIOD, reportType: 'subject' }, 400, 'required', 'subject'],
      ['CMS130', { ...PERIOD, practitioner: 'Practitioner/1' }, 400, 'not-supported', 'practitioner'],
      ['CMS130', { ...PERIOD, lastReceivedOn: '2026-06-01' }, 400, 'not-supported', 'lastReceivedOn'],
      ['CMS130', { ...PERIOD, subject, verbose: 'true' }, 400, 'not-supported', 'verbose'],
      ['CMS130', { ...PERIOD, subject: 'Patient/no-such-patient' }, 404, 'not-found', 'subject'],
    ];
    for (const [measureId, parameters, status, code, expression] of cases) {
      const answer = await evaluate(measureId, parameters);
      const label = `${measureId} ${JSON.stringify(parameters)}`;
      expect(answer.status, label).toBe(status);
      expect(answer.contentType, label).toContain('application/fhir+json');
      expect(answer.body.resourceType, label).toBe('OperationOutcome');
      expect(answer.body.issue, label).toContainEqual(
        expect.objectContaining({ severity: 'error', code, expression: [expression] }),
      );
    }
  });

  it('refuses a body that is not a Parameters resource, and other media types', async () => {
    const notParameters = await evaluate('CMS130', PERIOD, { method: 'POST', body: { resourceType: 'Patient' } });
    expect(notParameters.status).toBe(400);
    expect(notParameters.body.issue[0]).toMatchObject({ code: 'structure' });
    const malformed = await evaluate('CMS130', PERIOD, { method: 'POST', body: '{"resourceType":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.resourceType).toBe('OperationOutcome');
    const text = await evaluate('CMS130', PERIOD, {
      method: 'POST',
      body: 'periodStart=2026',
      contentType: 'text/plain',
    });
    expect(text.status).toBe(415);
    expect(text.body.issue[0]).toMatchObject({ code: 'not-supported' });
  });

  it('needs a signed-in person: nobody is asked to sign in, and an ingest key may only send data', async () => {
    const anonymous = await evaluate('CMS130', PERIOD, { as: 'anonymous' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.issue[0]).toMatchObject({ code: 'login' });
    const ingestKey = await evaluate('CMS130', PERIOD, { as: 'ingest-key' });
    expect(ingestKey.status).toBe(401);
    expect(ingestKey.body.resourceType).toBe('OperationOutcome');
  });
});

describe('the audit trail', () => {
  it('holds one entry per call, with who, what, which members and the outcome — and no other patient data', async () => {
    const keys = createKeySpace(stack.prefix);
    const entries = (await stack.redis.xrange(keys.audit(stack.tenantId), '-', '+')).map(([, fields]) => {
      const record: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) {
        record[fields[i]!] = fields[i + 1]!;
      }
      return record;
    });
    // The test data came in through ingest, each write audited under the key that sent it.
    const writes = entries.filter((entry) => entry.action === 'ingest');
    expect(writes).toHaveLength(CASES.length);
    expect(writes.every((entry) => /^api-key:env-[0-9a-f]{16}$/.test(entry.actor ?? ''))).toBe(true);
    const reads = entries.filter((entry) => entry.action !== 'ingest');
    expect(reads).toHaveLength(authenticatedCalls);
    const memberIds = new Set(CASES.map((c) => c.memberId));
    for (const entry of reads) {
      expect(Object.keys(entry).sort()).toEqual(
        ['action', 'actor', 'count', 'outcome', 'patients', 'purpose', 'request', 'resource', 'subject', 'time'].sort(),
      );
      expect(entry.action).toBe('evaluate-measure');
      expect(entry.actor).toBe('user:user-quality');
      expect(entry.resource).toMatch(/^Measure\/CMS[0-9]+$/);
      expect(entry.purpose).toBe('HOPERAT');
      expect(entry.request).not.toBe('');
      expect(Number.isNaN(Date.parse(entry.time!))).toBe(false);
      expect(['success', 'invalid', 'not-found']).toContain(entry.outcome);
      if (entry.patients === 'population') {
        expect(Number(entry.count)).toBeGreaterThanOrEqual(0);
      } else {
        const read = entry.patients === '' ? [] : entry.patients!.split(',');
        expect(
          read.every((id) => memberIds.has(id)),
          entry.patients,
        ).toBe(true);
        expect(Number(entry.count)).toBe(read.length);
      }
      // Nothing about the patient beyond ids, and never the key itself.
      const text = JSON.stringify(entry);
      for (const c of CASES) {
        for (const phi of c.phi) {
          expect(text.includes(phi), `${phi} in ${text}`).toBe(false);
        }
      }
      expect(text.includes(stack.apiKey)).toBe(false);
    }
    // The reads themselves: a patient by member id, the population with its size.
    const success = reads.filter((e) => e.outcome === 'success');
    expect(success.some((e) => e.patients === CASES[1]!.memberId && e.count === '1')).toBe(true);
    expect(
      success.some((e) => e.patients === 'population' && e.count === String(CASES.length) && e.subject === ''),
    ).toBe(true);
    // A read through the crosswalk names the member read and the subject as asked.
    expect(
      success.some((e) => e.patients === CASES[0]!.memberId && e.subject === `Patient/${CASES[0]!.patientId}`),
    ).toBe(true);
    expect(entries.some((e) => e.outcome === 'not-found' && e.subject === 'Patient/no-such-patient')).toBe(true);
  });
});

describe('the OpenAPI description', () => {
  it('lists the operation with its parameters', async () => {
    const spec = (await (await fetch(`${stack.url}/docs/json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const path = spec.paths['/api/v1/fhir/Measure/{id}/$evaluate-measure'];
    expect(path?.get).toBeDefined();
    expect(path?.post).toBeDefined();
    expect(path?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['id', 'periodStart', 'periodEnd', 'subject', 'reportType']),
    );
  });
});

describe('$evaluate-measure without workers', () => {
  it('answers 504 with an OperationOutcome once the configured wait is over, and withdraws the job', async () => {
    const redisUrl = testRedisUrl();
    const prefix = uniquePrefix();
    const apiKey = `key-${prefix}-0123456789`;
    const config: ServerConfig = {
      host: '127.0.0.1',
      port: 0,
      redisUrl,
      keyPrefix: prefix,
      apiKeys: [{ tenantId: 'lonely-aco', key: apiKey }],
      clientDist: '/nonexistent',
      fanoutTickMs: 20,
      bodyLimitBytes: 1024 * 1024,
      maxLineBytes: 64 * 1024,
      bulkLimitBytes: 1024 * 1024,
      logLevel: 'silent',
      evaluateTimeoutMs: 300,
    };
    const app = await buildApp(config);
    const queue = new Queue(EVALUATE_MEASURE_QUEUE, {
      connection: { url: redisUrl },
      prefix: createKeySpace(prefix).bullPrefix,
    });
    const redis = new Redis(redisUrl);
    try {
      const token = await app.identity.startUserSession({
        tenantId: 'lonely-aco',
        userId: 'user-quality',
        name: 'Quality lead',
        role: 'quality',
      });
      const started = Date.now();
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/fhir/Measure/CMS130/$evaluate-measure?periodStart=2026&periodEnd=2026',
        headers: { cookie: `benchline_session=${token}` },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(response.statusCode).toBe(504);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'timeout' }],
      });
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
      const [[, fields] = ['', []]] = await redis.xrange(createKeySpace(prefix).audit('lonely-aco'), '-', '+');
      expect(fields).toEqual(expect.arrayContaining(['outcome', 'timeout', 'patients', 'population']));
    } finally {
      await app.close();
      await queue.close();
      redis.disconnect();
      await deleteKeysWithPrefix(redisUrl, prefix);
    }
  });
});
