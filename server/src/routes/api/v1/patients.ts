/**
 * The patient panel, one patient at a time:
 *   GET /api/v1/patients/:memberId/panel
 * What a care coordinator sees on opening a patient — gaps with their evidence, HCCs with their coding and
 * recapture status, attribution with its reason, spend by month, a facts summary (the PatientPanel contract),
 * computed in the workers (plugins/app/patient-panels.ts); 404 for an unknown member, 504 with Retry-After when no
 * worker answers in time, 503 when Redis is away.
 * Every call by a signed-in user is audited — a panel is sent only once its read is in the audit trail, and a failed
 * call is recorded with its outcome.
 */
import { PEOPLE } from '../../../plugins/app/auth.js';
import { ErrorBody, MemberId, PatientPanel } from '@benchline/shared';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { HttpError, serviceUnavailable } from '../../../http/errors.js';
import type { AuditEntry } from '../../../plugins/app/audit.js';
import { outcomeOfStatus } from '../../../plugins/app/audit.js';

/** HL7 PurposeOfUse: care management — a coordinator working with one patient. */
const PURPOSE = 'CAREMGT';

const Params = Type.Object({ memberId: MemberId }, { additionalProperties: false });
type Params = Static<typeof Params>;

/** What a call's audit entry says so far; written on success by the handler, else by the onError hook. */
interface Trail {
  entry: Omit<AuditEntry, 'outcome'>;
  audited: boolean;
}

const patients: FastifyPluginAsync = async (app) => {
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

  // A failed call by a signed-in user is audited too, with what it asked for once that was a valid id (a malformed
  // one is not copied into the trail).
  app.addHook('onError', async (request, _reply, error) => {
    const trail = trailOf(request);
    if (trail.audited) {
      return;
    }
    trail.audited = true;
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    // A call without a session has no actor to audit (and none is expected); any other failure is an alarm.
    if (request.principal !== null) {
      await request.audit({ ...trail.entry, outcome: outcomeOfStatus(status) }).catch((auditError: unknown) => {
        request.log.error({ err: (auditError as Error).message }, 'a failed panel read could not be audited');
      });
    }
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
      // Authentication (onRequest) comes first: a caller without a session learns nothing, not even whether an id
      // is well formed.
      config: { access: PEOPLE },
    },
    async (request, reply) => {
      const tenantId = app.tenantOf(request);
      const { memberId } = request.params;
      const trail = trailOf(request);
      trail.entry.subject = memberId;
      let panel: string;
      try {
        panel = await app.patientPanels.read(tenantId, memberId);
      } catch (error) {
        // A read that got past "no such member" touched the member's data (or asked the workers to).
        if (!(error instanceof HttpError && error.statusCode === 404)) {
          trail.entry.patients = { memberIds: [memberId] };
        }
        throw error;
      }
      trail.entry.patients = { memberIds: [memberId] };
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
