/**
 * Working the queue together: presence (who is on which page and patient), the heartbeat that keeps a screen
 * present and its user's leases alive, and claiming, releasing and reassigning patients. A disconnect releases
 * the socket's leases and presence at once; a socket that vanishes without one (killed tab, dead server) lapses
 * within the TTL through the sweep. Every payload is validated and every command answered with an ack.
 */
import type { Ack, HeartbeatReply, Lease, PresenceEntry } from '@benchline/shared';
import { canReassign, LeaseClaim, LeaseReassign, LeaseRelease, PresenceUpdate } from '@benchline/shared';
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { LeaseStore } from '../../collaboration/lease-store.js';
import type { PresenceStore } from '../../collaboration/presence-store.js';
import type { AuditTrail } from '../../plugins/app/audit.js';
import type { CollaborationSettings } from '../../plugins/app/collaboration.js';
import type { BenchlineSocket } from '../socket-types.js';
import { commandArgs, failure, invalid } from './acks.js';

const isLeaseClaim = Compile(LeaseClaim);
const isLeaseRelease = Compile(LeaseRelease);
const isLeaseReassign = Compile(LeaseReassign);
const isPresenceUpdate = Compile(PresenceUpdate);
/** The heartbeat carries nothing: `{}`. */
const isHeartbeat = Compile(Type.Object({}, { additionalProperties: false }));

export interface CollaborationHandlerDeps {
  leases: LeaseStore;
  presence: PresenceStore;
  settings: CollaborationSettings;
  auditTrail: AuditTrail;
  logger: FastifyBaseLogger;
}

/** Beats per TTL: a lease survives three lost heartbeats in a row. */
const BEATS_PER_TTL = 4;

export async function registerCollaborationHandlers(
  socket: BenchlineSocket,
  deps: CollaborationHandlerDeps,
): Promise<void> {
  const { tenantId, userId, userName, role } = socket.data;
  const sessionId = socket.id;
  let whereabouts: Pick<PresenceEntry, 'page' | 'memberId'> = { page: null, memberId: null };
  const since = new Date().toISOString();
  const entry = (): PresenceEntry => ({ sessionId, userId, name: userName, role, ...whereabouts, since });
  const audit = (action: string, memberId: string, outcome: string) =>
    deps.auditTrail.append(tenantId, {
      actor: `user:${userId}`,
      action,
      resource: `Patient/${memberId}`,
      patients: { memberIds: [memberId] },
      outcome,
      purpose: 'HOPERAT',
      request: `socket:${sessionId}`,
    });

  socket.on('session:heartbeat', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<HeartbeatReply>>(args);
    const reply = ack ?? (() => undefined);
    if (!isHeartbeat.Check(raw)) {
      return reply(invalid(isHeartbeat.Errors(raw)));
    }
    try {
      if (!(await deps.presence.heartbeat(tenantId, sessionId))) {
        await deps.presence.update(tenantId, entry());
      }
      reply({ ok: true, data: { leases: await deps.leases.renew(tenantId, { userId, sessionId }) } });
    } catch (error) {
      reply(failure(error));
    }
  });

  socket.on('presence:update', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<null>>(args);
    const reply = ack ?? (() => undefined);
    if (!isPresenceUpdate.Check(raw)) {
      return reply(invalid(isPresenceUpdate.Errors(raw)));
    }
    whereabouts = { page: raw.page, memberId: raw.memberId };
    try {
      await deps.presence.update(tenantId, entry());
      reply({ ok: true, data: null });
    } catch (error) {
      reply(failure(error));
    }
  });

  socket.on('lease:claim', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<Lease>>(args);
    if (ack === null) {
      return;
    }
    if (!isLeaseClaim.Check(raw)) {
      return ack(invalid(isLeaseClaim.Errors(raw)));
    }
    try {
      const outcome = await deps.leases.claim(tenantId, { memberId: raw.memberId, userId, userName, sessionId });
      await audit('lease-claim', raw.memberId, outcome.status === 'claimed' ? 'success' : 'held');
      ack(
        outcome.status === 'claimed'
          ? { ok: true, data: outcome.lease }
          : {
              ok: false,
              error: { code: 'LEASE_HELD', message: `${outcome.lease.holderName} is working this patient` },
            },
      );
    } catch (error) {
      ack(failure(error));
    }
  });

  socket.on('lease:release', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<null>>(args);
    const reply = ack ?? (() => undefined);
    if (!isLeaseRelease.Check(raw)) {
      return reply(invalid(isLeaseRelease.Errors(raw)));
    }
    try {
      const released = await deps.leases.release(tenantId, { ...raw, userId });
      reply(
        released
          ? { ok: true, data: null }
          : { ok: false, error: { code: 'LEASE_STALE', message: 'this lease is no longer yours' } },
      );
    } catch (error) {
      reply(failure(error));
    }
  });

  socket.on('lease:reassign', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<Lease>>(args);
    if (ack === null) {
      return;
    }
    if (!canReassign(role)) {
      return ack({ ok: false, error: { code: 'FORBIDDEN', message: 'only supervisors reassign patients' } });
    }
    if (!isLeaseReassign.Check(raw)) {
      return ack(invalid(isLeaseReassign.Errors(raw)));
    }
    try {
      const lease: Lease = await deps.leases.reassign(tenantId, raw);
      await audit('lease-reassign', raw.memberId, 'success');
      ack({ ok: true, data: lease } satisfies Ack<Lease>);
    } catch (error) {
      ack(failure(error));
    }
  });

  socket.on('disconnect', () => {
    Promise.all([deps.leases.releaseSession(tenantId, sessionId), deps.presence.leave(tenantId, sessionId)]).catch(
      (error: unknown) =>
        // The sweep frees them within the TTL anyway.
        deps.logger.warn({ err: (error as Error).message }, 'release on disconnect failed; the sweep will'),
    );
  });

  try {
    await deps.presence.update(tenantId, entry());
  } catch (error) {
    // The screen still gets its session: its first heartbeat announces it once Redis answers.
    deps.logger.warn({ err: (error as Error).message }, 'presence could not be recorded; the heartbeat retries');
  }
  socket.emit('session:ready', {
    sessionId,
    userId,
    userName,
    role,
    heartbeatMs: Math.floor(Math.min(deps.settings.leaseTtlMs, deps.settings.presenceTtlMs) / BEATS_PER_TTL),
  });
}
