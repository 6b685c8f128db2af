/**
 * worklist:record — a coordinator's action on the queue becomes a `worklist` event by the signed-in user and takes
 * the path every event takes (event store → facts → member result → queue and feed), so every screen and the audit
 * trail agree. Stored only under the caller's current lease (the fence is checked inside the same Lua step that
 * appends the event), except a supervisor assigning the patient.
 */
import type { Ack, CanonicalEvent, WorklistRecorded } from '@benchline/shared';
import { canReassign, validateEvent, WorklistCommand } from '@benchline/shared';
import { Compile } from 'typebox/compile';
import type { FastifyBaseLogger } from 'fastify';
import type { AuditTrail } from '../../plugins/app/audit.js';
import type { Ingest } from '../../plugins/app/ingest.js';
import type { BenchlineSocket } from '../socket-types.js';
import { commandArgs, failure, invalid } from './acks.js';

const isWorklistCommand = Compile(WorklistCommand);

/** How far ahead of the server's clock a client may stamp an action (clock skew), and no further. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export function registerWorklistHandlers(
  socket: BenchlineSocket,
  deps: { ingest: Ingest; auditTrail: AuditTrail; logger: FastifyBaseLogger },
): void {
  const { tenantId, userId, role } = socket.data;
  /** Every write is in the audit trail: the action, on which patient, by whom, and how it ended. */
  const audit = (memberId: string, action: string, outcome: string) =>
    deps.auditTrail
      .append(tenantId, {
        actor: `user:${userId}`,
        action: `worklist-${action}`,
        resource: `Patient/${memberId}`,
        patients: { memberIds: [memberId] },
        outcome,
        purpose: 'CAREMGT',
        request: `socket:${socket.id}`,
      })
      .catch((error: unknown) => {
        deps.logger.error({ err: (error as Error).message }, 'a worklist write could not be audited');
      });

  socket.on('worklist:record', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<WorklistRecorded>>(args);
    if (ack === null) {
      return;
    }
    if (!isWorklistCommand.Check(raw)) {
      return ack(invalid(isWorklistCommand.Errors(raw)));
    }
    const { commandId, memberId, token, at, action } = raw;
    const checked = validateEvent(
      { kind: 'worklist', actionId: commandId, memberId, at, by: userId, action, source: 'api' },
      'worklist',
    );
    if (!checked.ok) {
      return ack({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: checked.issues.map((i) => `${i.path} ${i.message}`).join('; '),
          issues: checked.issues,
        },
      });
    }
    if (Date.parse(at) > Date.now() + MAX_CLOCK_SKEW_MS) {
      return ack({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: '/at is in the future',
          issues: [{ path: '/at', reason: 'future', message: 'is in the future' }],
        },
      });
    }
    const unfenced = action.type === 'assign' && canReassign(role);
    if (token === undefined && !unfenced) {
      return ack({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: '/token is required: claim the patient first',
          issues: [{ path: '/token', reason: 'required', message: 'is required: claim the patient first' }],
        },
      });
    }
    try {
      const event: CanonicalEvent = checked.event;
      const [outcome] = await deps.ingest.units(
        tenantId,
        [[event]],
        unfenced || token === undefined ? {} : { fence: { memberId, userId, token } },
      );
      await audit(
        memberId,
        action.type,
        outcome === undefined ? 'error' : outcome.status === 'rejected' ? outcome.code.toLowerCase() : 'success',
      );
      if (outcome === undefined || outcome.status === 'rejected') {
        return ack({
          ok: false,
          error: { code: outcome?.code ?? 'SERVICE_UNAVAILABLE', message: outcome?.message ?? 'try again' },
        });
      }
      const recorded: WorklistRecorded = { status: outcome.status, eventId: outcome.eventIds[0] ?? '' };
      ack({ ok: true, data: recorded });
    } catch (error) {
      ack(failure(error));
    }
  });
}
