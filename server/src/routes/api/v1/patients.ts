/**
 * The patient panel, one patient at a time:
 *   GET /api/v1/patients/:memberId/panel
 * What a care coordinator sees on opening a patient — gaps with their evidence, HCCs with their coding and
 * recapture status, attribution with its reason, spend by month, a facts summary (the PatientPanel contract). It is
 * computed in the workers from the member's facts (evidence is not stored per member): this route checks the
 * member exists, queues one `patient-panel` job (tenant and member ids only), waits for it and takes the panel the
 * worker left under its expiring key; 504 with Retry-After when no worker answers in time, 503 when Redis is away.
 * Every call by a valid key is audited — a panel is sent only once its read is in the audit trail, and a failed
 * call is recorded with its outcome.
 */
import { ErrorBody, MemberId, PatientPanel } from '@benchline/shared';
import type { PatientPanelJob, PatientPanelReply } from '@benchline/shared/backend';
import { PATIENT_PANEL_JOB, PATIENT_PANEL_QUEUE } from '@benchline/shared/backend';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { HttpError, serviceUnavailable } from '../../../http/errors.js';
import { createRequestReply } from '../../../jobs/request-reply.js';
import type { AuditEntry } from '../../../plugins/app/audit.js';
import { outcomeOfStatus } from '../../../plugins/app/audit.js';

export const DEFAULT_PANEL_TIMEOUT_MS = 10_000;

export interface PatientsOptions {
  redisUrl: string;
  /** How long a request waits for the workers before answering 504. */
  panelTimeoutMs?: number | undefined;
}

/** HL7 PurposeOfUse: care management — a coordinator working with one patient. */
const PURPOSE = 'CAREMGT';

const Params = Type.Object({ memberId: MemberId }, { additionalProperties: false });
type Params = Static<typeof Params>;

/** What a call's audit entry says so far; written on success by the handler, else by the onError hook. */
interface Trail {
  entry: Omit<AuditEntry, 'outcome'>;
  audited: boolean;
}

const patients: FastifyPluginAsync<PatientsOptions> = async (app, options) => {
  const timeoutMs = options.panelTimeoutMs ?? DEFAULT_PANEL_TIMEOUT_MS;
  const { redis, keys } = app;
  const panels = await createRequestReply<PatientPanelJob, PatientPanelReply>(app, {
    redisUrl: options.redisUrl,
    prefix: keys.bullPrefix,
    queueName: PATIENT_PANEL_QUEUE,
    jobName: PATIENT_PANEL_JOB,
    timeoutMs,
    resultKey: keys.patientPanel,
  });
  const trails = new WeakMap<FastifyRequest, Trail>();
  const trailOf = (request: FastifyRequest): Trail => {
    let trail = trails.get(request);
    if (trail === undefined) {
      trail = {
        entry: {
          action: 'patient-panel-read',
          resource: 'PatientPanel',
          patients: { memberIds: [] },
          purpose: PURPOSE,
        },
        audited: false,
      };
      trails.set(request, trail);
    }
    return trail;
  };

  // A failed call by a valid key is audited too, with what it asked for once that was a valid id (a malformed one
  // is not copied into the trail). A call without a valid key has no actor: audit() refuses it.
  app.addHook('onError', async (request, _reply, error) => {
    const trail = trailOf(request);
    if (trail.audited) {
      return;
    }
    trail.audited = true;
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    await request.audit({ ...trail.entry, outcome: outcomeOfStatus(status) }).catch(() => undefined);
  });

  app.get<{ Params: Params }>(
    '/patients/:memberId/panel',
    {
      schema: {
        summary: "One patient's panel: gaps with evidence, HCCs, attribution with its reason, spend, facts",
        description:
          'Computed on demand by the workers from the member’s facts with the engines the live pipeline runs, so ' +
          'its gaps, states and priorities are those of the gap queue. 404 for a member the tenant has no facts ' +
          'for; 504 with Retry-After when no worker answers within the configured wait. Audited (purpose CAREMGT).',
        tags: ['patients'],
        params: Params,
        response: { 200: PatientPanel, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 503: ErrorBody, 504: ErrorBody },
      },
      // Authentication first: a caller without a valid key learns nothing, not even whether an id is well formed.
      preValidation: async (request) => {
        app.tenantOfApiKey(request);
      },
    },
    async (request, reply) => {
      const tenantId = app.tenantOfApiKey(request);
      const { memberId } = request.params;
      const trail = trailOf(request);
      trail.entry.subject = memberId;
      let known: boolean;
      try {
        known = (await redis.sismember(keys.members(tenantId), memberId)) === 1;
      } catch {
        throw serviceUnavailable();
      }
      if (!known) {
        throw new HttpError(404, 'NOT_FOUND', `no member ${memberId} for this tenant`);
      }
      trail.entry.patients = { memberIds: [memberId] };
      const answer = await panels.ask(tenantId, { tenantId, memberId });
      let panel: string;
      switch (answer.kind) {
        case 'answered':
          panel = answer.result;
          break;
        case 'unavailable':
          throw serviceUnavailable();
        case 'failed':
          throw new HttpError(500, 'INTERNAL', 'the panel could not be computed');
        case 'no-result':
          throw new HttpError(500, 'INTERNAL', 'the workers left no panel');
        case 'timeout':
          throw new HttpError(504, 'TIMEOUT', `the workers did not answer within ${timeoutMs} ms; retry later`, {
            'retry-after': '5',
          });
      }
      // The panel goes out only once its read is in the audit trail.
      trail.audited = true;
      try {
        await request.audit({ ...trail.entry, outcome: 'success' });
      } catch {
        throw serviceUnavailable('the audit trail cannot be written; the panel was not returned');
      }
      // Sent as the worker wrote it (JSON already): the response schema documents it.
      return reply.code(200).type('application/json; charset=utf-8').send(panel);
    },
  );
};

export default patients;
