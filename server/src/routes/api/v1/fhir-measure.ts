/**
 * FHIR clinical reasoning: `$evaluate-measure` on the measures the engine evaluates.
 *   GET  /api/v1/fhir/Measure/{id}/$evaluate-measure?periodStart=…&periodEnd=…[&subject=Patient/…][&reportType=…]
 *   POST the same, with the parameters in the query string or as a FHIR Parameters resource (application/fhir+json)
 * Answers a MeasureReport (individual for a subject, summary for the population); every error is an
 * OperationOutcome naming the parameter. The evaluation runs in the workers: this route queues one
 * `evaluate-measure` job (ids only), waits for it, and takes the report the worker left under its expiring key;
 * 504 when no worker answers in time. A subject is a FHIR Patient id the tenant sent (translated through the
 * patient crosswalk) or a member id; an unknown one is a 404. Every call by a valid key is audited, and a report is
 * returned only once its read is in the audit trail.
 */
import { PEOPLE } from '../../../plugins/app/auth.js';
import type { EvaluateMeasureJob, EvaluateMeasureReply } from '@benchline/shared/backend';
import { EVALUABLE_MEASURE_IDS, EVALUATE_MEASURE_JOB, EVALUATE_MEASURE_QUEUE } from '@benchline/shared/backend';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { serviceUnavailable } from '../../../http/errors.js';
import {
  FHIR_JSON,
  OperationError,
  OperationOutcome,
  installOperationOutcomeErrors,
} from '../../../http/operation-outcome.js';
import type { EvaluateMeasureRequest } from '../../../fhir-operations/evaluate-measure-request.js';
import { parseEvaluateMeasure } from '../../../fhir-operations/evaluate-measure-request.js';
import { createPatientCrosswalkStore } from '../../../ingest/patient-crosswalk.js';
import { createRequestReply } from '../../../jobs/request-reply.js';
import type { AuditEntry } from '../../../plugins/app/audit.js';
import { outcomeOfStatus } from '../../../plugins/app/audit.js';

export const DEFAULT_EVALUATE_TIMEOUT_MS = 30_000;

export interface FhirMeasureOptions {
  redisUrl: string;
  /** How long a request waits for the workers before answering 504. */
  evaluateTimeoutMs?: number;
}

/** HL7 PurposeOfUse: healthcare operations, which include quality assessment and improvement. */
const PURPOSE = 'HOPERAT';

const Params = Type.Object({
  id: Type.String({ description: `The measure: ${EVALUABLE_MEASURE_IDS.join(', ')}` }),
});

const Query = Type.Object({
  periodStart: Type.Optional(
    Type.String({ description: 'Start of the measurement period (date: 2026, 2026-01 or 2026-01-01). Required.' }),
  ),
  periodEnd: Type.Optional(
    Type.String({ description: 'End of the measurement period (date; 2026 means 2026-12-31). Required.' }),
  ),
  reportType: Type.Optional(
    Type.Enum(['subject', 'subject-list', 'population'], {
      description:
        'subject (individual report) or population (summary); default subject when a subject is given. ' +
        'subject-list is not supported.',
    }),
  ),
  subject: Type.Optional(
    Type.String({ description: 'Patient/<id>: a FHIR Patient id this tenant sent, or a member id (MBI)' }),
  ),
  measure: Type.Optional(Type.String({ description: 'Optional on an instance; must name the measure of the path' })),
  practitioner: Type.Optional(Type.String({ description: 'Not supported (400)' })),
  lastReceivedOn: Type.Optional(Type.String({ description: 'Not supported (400)' })),
});

const ParametersBody = Type.Object(
  {
    resourceType: Type.Literal('Parameters'),
    parameter: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String(),
            valueDate: Type.Optional(Type.String()),
            valueString: Type.Optional(Type.String()),
            valueCode: Type.Optional(Type.String()),
          },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  { description: 'FHIR Parameters: the same parameters as the query string (optional)' },
);

const MeasureReportDoc = Type.Object(
  {
    resourceType: Type.Literal('MeasureReport'),
    status: Type.Enum(['complete', 'error'], { description: 'error: the data cannot decide (see contained messages)' }),
    type: Type.Enum(['individual', 'summary']),
    measure: Type.String({ description: 'The measure canonical, with version' }),
    subject: Type.Optional(Type.Object({ reference: Type.String() })),
    date: Type.String(),
    period: Type.Object({ start: Type.String(), end: Type.String() }),
    group: Type.Array(Type.Unknown(), { description: 'Populations with counts, measureScore, age stratifier' }),
    evaluatedResource: Type.Optional(
      Type.Array(Type.Unknown(), { description: 'The evidence: FHIR resources received, or Benchline event ids' }),
    ),
  },
  { additionalProperties: true, description: 'FHIR R4 MeasureReport' },
);

/** Bodies and parameters are read by parseEvaluateMeasure (every parameter named); the schemas are for the docs. */
const documentedOnly = (): ((value: unknown) => { value: unknown }) => (value) => ({ value });
/** Answers are built whole (a report is sent as the worker wrote it); the response schemas are for the docs. */
const asJson = (): ((data: unknown) => string) => (data) => JSON.stringify(data);

const fhirMeasure: FastifyPluginAsync<FhirMeasureOptions> = async (app, options) => {
  installOperationOutcomeErrors(app, auditFailure);
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  const timeoutMs = options.evaluateTimeoutMs ?? DEFAULT_EVALUATE_TIMEOUT_MS;
  const { redis, keys } = app;
  const crosswalk = createPatientCrosswalkStore(redis, keys);
  const evaluations = await createRequestReply<EvaluateMeasureJob, EvaluateMeasureReply>(app, {
    redisUrl: options.redisUrl,
    prefix: keys.bullPrefix,
    queueName: EVALUATE_MEASURE_QUEUE,
    jobName: EVALUATE_MEASURE_JOB,
    timeoutMs,
    resultKey: keys.evaluation,
  });

  /** The member a Patient id stands for: the crosswalk's, else the id itself; null when the tenant has no such member. */
  async function memberOf(tenantId: string, patientId: string): Promise<string | null> {
    try {
      const memberId = (await crosswalk.lookup(tenantId, [patientId])).get(patientId) ?? patientId;
      return (await redis.sismember(keys.members(tenantId), memberId)) === 1 ? memberId : null;
    } catch {
      throw serviceUnavailable();
    }
  }

  /** Queues the evaluation, waits for a worker, takes the report it left. */
  async function evaluate(
    tenantId: string,
    ask: EvaluateMeasureRequest,
    subject: EvaluateMeasureJob['subject'],
  ): Promise<{ report: string; members: number }> {
    const data: EvaluateMeasureJob = {
      tenantId,
      measureId: ask.measureId,
      periodStart: ask.period.start,
      periodEnd: ask.period.end,
      reportType: ask.reportType,
      ...(subject === undefined ? {} : { subject }),
    };
    const answer = await evaluations.ask(tenantId, data, { measureId: ask.measureId });
    switch (answer.kind) {
      case 'answered':
        return { report: answer.result, members: answer.reply.members };
      case 'unavailable':
        throw serviceUnavailable();
      case 'failed':
        throw new OperationError(500, [{ code: 'exception', diagnostics: 'the evaluation failed' }]);
      case 'no-result':
        throw new OperationError(500, [{ code: 'exception', diagnostics: 'the evaluation left no report' }]);
      case 'timeout':
        throw new OperationError(
          504,
          [{ code: 'timeout', diagnostics: `the measure workers did not answer within ${timeoutMs} ms; retry later` }],
          { 'retry-after': '5' },
        );
    }
  }

  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/fhir/Measure/:id/$evaluate-measure',
      schema: {
        summary: 'FHIR $evaluate-measure: a MeasureReport for a patient or the population',
        description:
          'FHIR R4 Measure/[id]/$evaluate-measure. periodStart and periodEnd are required; with `subject` ' +
          '(Patient/<id>: a FHIR Patient id this tenant sent, or a member id) the report is individual, with the ' +
          'evidence in evaluatedResource; without it, a summary over every member. A result the data cannot ' +
          'decide is status `error` with a contained OperationOutcome (cqf-messages). Errors are ' +
          'OperationOutcomes naming the parameter. ' +
          (method === 'POST' ? 'Parameters may be sent as a FHIR Parameters resource instead of the query.' : ''),
        tags: ['fhir'],
        params: Params,
        querystring: Query,
        ...(method === 'POST' ? { body: ParametersBody, consumes: ['application/fhir+json', 'application/json'] } : {}),
        response: {
          200: MeasureReportDoc,
          400: OperationOutcome,
          401: OperationOutcome,
          404: OperationOutcome,
          415: OperationOutcome,
          500: OperationOutcome,
          503: OperationOutcome,
          504: OperationOutcome,
        },
      },
      config: { access: PEOPLE },
      validatorCompiler: documentedOnly,
      serializerCompiler: asJson,
      handler: async (request, reply) => {
        // An unauthenticated call is refused before anything is read (and has no actor to audit).
        const tenantId = app.tenantOf(request);
        const trail = trailOf(request);
        const parsed = parseEvaluateMeasure(trail.id, request.query as Record<string, unknown>, request.body);
        if (!parsed.ok) {
          throw new OperationError(parsed.status, parsed.issues);
        }
        const ask = parsed.request;
        let subject: EvaluateMeasureJob['subject'];
        if (ask.patientId !== undefined) {
          const reference = `Patient/${ask.patientId}`;
          trail.entry.subject = reference;
          const memberId = await memberOf(tenantId, ask.patientId);
          if (memberId === null) {
            throw new OperationError(404, [
              { code: 'not-found', diagnostics: `no patient ${reference} for this tenant`, expression: 'subject' },
            ]);
          }
          subject = { memberId, reference };
          trail.entry.patients = { memberIds: [memberId] };
        } else {
          trail.entry.patients = { population: 0 };
        }
        const { report, members } = await evaluate(tenantId, ask, subject);
        if (subject === undefined) {
          trail.entry.patients = { population: members };
        }
        // The report goes out only once its read is in the audit trail.
        trail.audited = true;
        try {
          await request.audit({ ...trail.entry, outcome: 'success' });
        } catch {
          throw serviceUnavailable('the audit trail cannot be written; the report was not returned');
        }
        return reply.code(200).type(FHIR_JSON).send(report);
      },
    });
  }
};

/** What a call's audit entry says so far, by request; written on success by the handler, else by the error handler. */
interface Trail {
  id: string;
  entry: Omit<AuditEntry, 'outcome'>;
  audited: boolean;
}
const trails = new WeakMap<FastifyRequest, Trail>();

function trailOf(request: FastifyRequest): Trail {
  let trail = trails.get(request);
  if (trail === undefined) {
    const id = (request.params as { id?: string } | undefined)?.id ?? '';
    trail = {
      id,
      entry: { action: 'evaluate-measure', resource: `Measure/${id}`, patients: { memberIds: [] }, purpose: PURPOSE },
      audited: false,
    };
    trails.set(request, trail);
  }
  return trail;
}

/** A failed call by a signed-in user is audited too (one without a session has no actor); a trail that cannot be
 * written is logged as the alarm it is. */
async function auditFailure(request: FastifyRequest, status: number): Promise<void> {
  const trail = trailOf(request);
  if (!trail.audited && request.principal !== null) {
    trail.audited = true;
    await request.audit({ ...trail.entry, outcome: outcomeOfStatus(status) }).catch((error: unknown) => {
      request.log.error({ err: (error as Error).message }, 'a failed evaluation could not be audited');
    });
  }
}

export default fhirMeasure;
