/**
 * One patient's panel, asked of the workers (they compute it from the member's facts with the engines the pipeline
 * runs; evidence is not stored per member): `fastify.patientPanels.read(tenant, member)` checks the member exists,
 * queues one `patient-panel` job (ids only), waits for it and takes the panel the worker left under its expiring
 * key. Shared by the HTTP route and the socket command, which each audit the read their own way.
 */
import type { PatientPanelJob, PatientPanelReply } from '@benchline/shared/backend';
import { PATIENT_PANEL_JOB, PATIENT_PANEL_QUEUE } from '@benchline/shared/backend';
import fp from 'fastify-plugin';
import { HttpError, serviceUnavailable } from '../../http/errors.js';
import { createRequestReply } from '../../jobs/request-reply.js';

export const DEFAULT_PANEL_TIMEOUT_MS = 10_000;

export interface PatientPanels {
  /**
   * The panel as JSON, as the worker wrote it. Throws HttpError: 404 for a member the tenant has no facts for, 503
   * when Redis is away, 504 (Retry-After) when no worker answers in time, 500 when the workers failed.
   */
  read(tenantId: string, memberId: string): Promise<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    patientPanels: PatientPanels;
  }
}

export default fp<{ redisUrl: string; timeoutMs?: number | undefined }>(
  async (app, options) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_PANEL_TIMEOUT_MS;
    const { redis, keys } = app;
    const panels = await createRequestReply<PatientPanelJob, PatientPanelReply>(app, {
      redisUrl: options.redisUrl,
      prefix: keys.bullPrefix,
      queueName: PATIENT_PANEL_QUEUE,
      jobName: PATIENT_PANEL_JOB,
      timeoutMs,
      resultKey: keys.patientPanel,
    });
    app.decorate('patientPanels', {
      async read(tenantId, memberId) {
        let known: boolean;
        try {
          known = (await redis.sismember(keys.members(tenantId), memberId)) === 1;
        } catch {
          throw serviceUnavailable();
        }
        if (!known) {
          throw new HttpError(404, 'NOT_FOUND', `no member ${memberId} for this tenant`);
        }
        const answer = await panels.ask(tenantId, { tenantId, memberId });
        switch (answer.kind) {
          case 'answered':
            return answer.result;
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
      },
    } satisfies PatientPanels);
  },
  { name: 'patient-panels', dependencies: ['redis', 'keys'] },
);
