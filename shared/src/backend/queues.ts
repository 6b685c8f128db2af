/**
 * Queue names and job payloads. Jobs carry ids only, never PHI: BullMQ stores job data in clear text, and a
 * job's data shows up in dashboards and logs. The worker reads the event itself from the event store.
 */
import { Type, type Static } from 'typebox';
import { TenantId } from '../tenant.js';

export const APPLY_EVENTS_QUEUE = 'apply-events';
export const APPLY_EVENT_JOB = 'apply-event';

export const ApplyEventJob = Type.Object(
  {
    tenantId: TenantId,
    eventId: Type.String({ pattern: '^[0-9]+-[0-9]+$', description: 'Stream id in the tenant event store' }),
  },
  { additionalProperties: false },
);
export type ApplyEventJob = Static<typeof ApplyEventJob>;

/**
 * One job per stored event: adding it twice (a client retry after a lost response) is a no-op while the job
 * is known to BullMQ, and a harmless duplicate apply after that (the fold is idempotent).
 */
export function applyEventJobId(job: ApplyEventJob): string {
  return `${job.tenantId}_${job.eventId}`;
}
