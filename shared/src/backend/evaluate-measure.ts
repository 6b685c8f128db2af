/**
 * The FHIR `$evaluate-measure` operation as a request/reply job: the server validates the request, queues one
 * job and waits for it; a worker evaluates the measure and leaves the MeasureReport under a short-lived key
 * (`keys.evaluation(tenant, jobId)`) for the server to take. The job and its return value carry ids only — tenant,
 * measure, period, member id — never PHI: BullMQ keeps both in clear text (job hash and event stream) and shows
 * them in dashboards, while the report (which lists a patient's evidence) lives only under its expiring key.
 */
import { Type, type Static } from 'typebox';
import { IsoDate, MemberId } from '../events/common.js';
import { TenantId } from '../tenant.js';

export const EVALUATE_MEASURE_QUEUE = 'evaluate-measure';
export const EVALUATE_MEASURE_JOB = 'evaluate-measure';

/**
 * The measures the workers evaluate (`MEASURE_IDS` of the measure engine; a workers unit test keeps the two
 * equal), listed here so the server can answer an unknown measure with a 404 without a round trip.
 */
export const EVALUABLE_MEASURE_IDS = ['CMS122', 'CMS125', 'CMS130', 'CMS165', 'CMS2'] as const;
export type EvaluableMeasureId = (typeof EVALUABLE_MEASURE_IDS)[number];

export function isEvaluableMeasureId(value: string): value is EvaluableMeasureId {
  return (EVALUABLE_MEASURE_IDS as readonly string[]).includes(value);
}

/** How long a finished evaluation's report waits for the server to take it (it normally takes it at once). */
export const EVALUATION_RESULT_TTL_SECONDS = 120;

/** A FHIR Patient reference as the report's subject: `Patient/<logical id>`. */
const PatientReference = Type.String({ pattern: '^Patient/[A-Za-z0-9\\-.]{1,64}$' });

export const EvaluateMeasureJob = Type.Object(
  {
    tenantId: TenantId,
    measureId: Type.Enum([...EVALUABLE_MEASURE_IDS]),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    /** `individual`: one member's report with its evidence; `summary`: counts over the members evaluated. */
    reportType: Type.Enum(['individual', 'summary']),
    /**
     * The one member to evaluate, and the reference the report names them by (the Patient id the client used).
     * Without it, a summary over every member the tenant has facts for.
     */
    subject: Type.Optional(Type.Object({ memberId: MemberId, reference: PatientReference })),
  },
  { additionalProperties: false },
);
export type EvaluateMeasureJob = Static<typeof EvaluateMeasureJob>;

/** What the job returns (ids and counts only): the report itself is under `keys.evaluation(tenant, jobId)`. */
export interface EvaluateMeasureReply {
  /** Members evaluated (for the audit trail). */
  members: number;
}
