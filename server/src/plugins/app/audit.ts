/**
 * The audit trail of patient-data reads: `request.audit(entry)` appends one record to the tenant's audit stream
 * (`keys.audit(tenant)`, XADD trimmed approximately to `maxLen`) — when, who, what they did, to which resource,
 * which patients, purpose, the request id and the outcome. Ids only: member ids, never names, birth dates or
 * anything clinical; the actor is the signed-in user (`user:<id>`), the wall device or the API key's id (a SHA-256
 * fingerprint of the key), never a secret.
 *
 * A route calls it before answering with patient data and answers 503 when it fails: a read that cannot be
 * audited is not served.
 */
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actorOf } from '../../auth/identity-store.js';

export interface AuditEntry {
  /** What was done, e.g. `evaluate-measure`. */
  action: string;
  /** The resource acted on, e.g. `Measure/CMS130`. */
  resource: string;
  /** The members whose data was read (none when the request failed before reading any), or the whole population. */
  patients: { memberIds: readonly string[] } | { population: number };
  /** The subject asked for, as the client named it (a reference, never PHI beyond the id). */
  subject?: string;
  /** How it ended: success, invalid, not-found, timeout, error. */
  outcome: string;
  /** Why the data was read (HL7 PurposeOfUse code), e.g. HOPERAT (healthcare operations: quality assessment). */
  purpose?: string;
}

/** The record as stored: stream field → value. */
export interface AuditRecord {
  time: string;
  actor: string;
  action: string;
  resource: string;
  /** Comma-separated member ids, `population`, or empty. */
  patients: string;
  /** How many patients' data was read. */
  count: string;
  subject: string;
  purpose: string;
  request: string;
  outcome: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Appends to the tenant's audit trail; rejects when the trail cannot be written (or the key is not valid). */
    audit(entry: AuditEntry): Promise<void>;
  }
  interface FastifyInstance {
    /** The same trail for callers outside an HTTP request (the socket gateway): the actor and request id given. */
    auditTrail: AuditTrail;
  }
}

export interface AuditTrail {
  append(tenantId: string, entry: AuditEntry & { actor: string; request: string }): Promise<void>;
}

/** The outcome an audit entry records for a call answered with an HTTP status. */
export function outcomeOfStatus(status: number): string {
  return status === 404 ? 'not-found' : status === 504 ? 'timeout' : status < 500 ? 'invalid' : 'error';
}

/** The audit stream's default bound: the live trail (admins export it to long-term storage). */
export const DEFAULT_AUDIT_MAX_LEN = 1_000_000;

export default fp<{ maxLen?: number | undefined }>(
  async (app, options) => {
    const { redis, keys } = app;
    const auditTrail: AuditTrail = {
      async append(tenantId, entry) {
        const record: AuditRecord = {
          time: new Date().toISOString(),
          actor: entry.actor,
          action: entry.action,
          resource: entry.resource,
          patients: 'memberIds' in entry.patients ? entry.patients.memberIds.join(',') : 'population',
          count: String('memberIds' in entry.patients ? entry.patients.memberIds.length : entry.patients.population),
          subject: entry.subject ?? '',
          purpose: entry.purpose ?? '',
          request: entry.request,
          outcome: entry.outcome,
        };
        await redis.xadd(
          keys.audit(tenantId),
          'MAXLEN',
          '~',
          String(options.maxLen ?? DEFAULT_AUDIT_MAX_LEN),
          '*',
          ...(Object.entries(record) as [string, string][]).flat(),
        );
      },
    };
    app.decorate('auditTrail', auditTrail);
    app.decorateRequest('audit', async function audit(this: FastifyRequest, entry: AuditEntry): Promise<void> {
      // Only an authenticated request is audited, under its tenant: throws 401 otherwise.
      const tenantId = app.tenantOf(this);
      await auditTrail.append(tenantId, { ...entry, actor: actorOf(this.principal!), request: this.id });
    });
  },
  { name: 'audit', dependencies: ['redis', 'keys', 'auth'] },
);
