/**
 * What a tenant's admins manage, all under /api/v1/admin (role admin, changes CSRF-checked):
 *   GET    /audit?after=&limit=        the audit trail, oldest first from `after` (the live page polls with it)
 *   GET    /audit/export?from=&to=     the whole trail (or a time range) as NDJSON, streamed
 *   GET    /api-keys                   ingest keys (never the secrets)
 *   POST   /api-keys                   a new ingest key { name } → the secret, shown once
 *   POST   /api-keys/:id/rotate        a replacement key; the old one keeps working for `graceSeconds`
 *   DELETE /api-keys/:id               revoked now
 *   GET    /devices, POST /devices, DELETE /devices/:id   wall displays and their tokens
 *   GET    /users                      who can sign in, with their roles
 *   DELETE /users/:userId              removed: cannot sign in, sessions and screens end
 * Reading the trail is itself audited (it names patients); so is every change here.
 */
import { Readable } from 'node:stream';
import {
  ApiKeySummary,
  AuditPage,
  DeviceSummary,
  ErrorBody,
  IssuedSecret,
  NamedCredential,
  USER_ROLES,
  UserId,
  type AuditRecordView,
} from '@benchline/shared';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { HttpError, validationFailed } from '../../../http/errors.js';
import { strictBodies } from '../../../http/strict-bodies.js';
import { ADMINS } from '../../../plugins/app/auth.js';

const StreamId = Type.String({ pattern: '^[0-9]{1,16}-[0-9]{1,10}$', description: 'An audit record id' });
const AuditQuery = Type.Object(
  {
    after: Type.Optional(StreamId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Records per page (default 200)' })),
  },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Records at or after this time' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Records before this time' })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }, { additionalProperties: false });
const UserIdParams = Type.Object({ userId: UserId }, { additionalProperties: false });
const RotateBody = Type.Object(
  {
    graceSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 7 * 86_400,
        description: 'How long the old key keeps working (default 1 h)',
      }),
    ),
  },
  { additionalProperties: false },
);
const UserSummary = Type.Object({
  userId: Type.String(),
  login: Type.String(),
  name: Type.String(),
  role: Type.Enum([...USER_ROLES]),
});

const EXPORT_CHUNK = 1000;

/**
 * A query's date-time as an audit-stream id's time: milliseconds since 1970 (an earlier time is the start of the
 * stream). The schema checked the format; what Date cannot read (an RFC 9557 time-zone suffix) is a 400, and a leap
 * second reads as the second before it.
 */
function streamTime(value: string, field: string): number {
  const ms = Date.parse(value.replace(/:60(?=(\.\d+)?([Zz]|[+-]))/, ':59'));
  if (!Number.isFinite(ms)) {
    throw validationFailed(
      [{ path: `/querystring/${field}`, reason: 'format', message: 'is not a date and time the server can read' }],
      'the request does not match the schema',
    );
  }
  return Math.max(0, ms);
}

/** A name a person typed: the schema keeps control characters out; a lone UTF-16 surrogate cannot be stored as sent. */
function checkName(name: string): void {
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) {
    throw validationFailed([{ path: '/name', reason: 'pattern', message: 'holds a lone UTF-16 surrogate' }]);
  }
}
const DEFAULT_ROTATION_GRACE_S = 3600;

/** Stream entry → record. */
function recordOf([id, fields]: [string, string[]]): AuditRecordView {
  const record: Record<string, string> = { id };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    record[fields[i]!] = fields[i + 1]!;
  }
  const text = (name: string) => record[name] ?? '';
  return {
    id,
    time: text('time'),
    actor: text('actor'),
    action: text('action'),
    resource: text('resource'),
    patients: text('patients'),
    count: text('count'),
    subject: text('subject'),
    purpose: text('purpose'),
    request: text('request'),
    outcome: text('outcome'),
  };
}

const admin: FastifyPluginAsync = async (app) => {
  strictBodies(app);
  const { redis, keys } = app;
  const config = { access: ADMINS };
  /** HL7 PurposeOfUse: HSYSADMIN (system administration) for the admin's own work. */
  const auditChange = (request: FastifyRequest, action: string, resource: string) =>
    request.audit({ action, resource, patients: { memberIds: [] }, outcome: 'success', purpose: 'HSYSADMIN' });

  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/admin/audit',
    {
      schema: {
        summary: 'The audit trail, oldest first after `after`',
        tags: ['admin'],
        querystring: AuditQuery,
        response: { 200: AuditPage, 401: ErrorBody, 403: ErrorBody },
      },
      config,
    },
    async (request) => {
      const tenantId = app.tenantOf(request);
      const { after, limit = 200 } = request.query;
      const entries = (await redis.xrange(
        keys.audit(tenantId),
        after === undefined ? '-' : `(${after}`,
        '+',
        'COUNT',
        limit,
      )) as [string, string[]][];
      const records = entries.map(recordOf);
      // The trail names patients: reading it is a read of patient data (but an empty poll is not recorded, or
      // the live page would fill the trail with its own polling).
      // Records of earlier reads of the trail name patients already named by the records they read: counting them
      // again would make a polling page write a record per poll, forever.
      const patients = new Set(
        records.flatMap((r) => (r.patients === 'population' || r.action === 'audit-read' ? [] : r.patients.split(','))),
      );
      patients.delete('');
      if (patients.size > 0) {
        await request.audit({
          action: 'audit-read',
          resource: 'AuditTrail',
          patients: { memberIds: [...patients] },
          outcome: 'success',
          purpose: 'HSYSADMIN',
        });
      }
      return { records, last: records.at(-1)?.id ?? after ?? null };
    },
  );

  app.get<{ Querystring: Static<typeof ExportQuery> }>(
    '/admin/audit/export',
    {
      schema: {
        summary: 'The audit trail as NDJSON (one record per line), for long-term storage',
        tags: ['admin'],
        querystring: ExportQuery,
        produces: ['application/x-ndjson'],
      },
      config,
    },
    async (request, reply) => {
      const tenantId = app.tenantOf(request);
      const from = request.query.from === undefined ? '-' : String(streamTime(request.query.from, 'from'));
      const toMs = request.query.to === undefined ? null : streamTime(request.query.to, 'to');
      // Before 1970 (or at its first millisecond): nothing was recorded yet.
      const to = toMs === null ? '+' : toMs === 0 ? null : `(${toMs}`;
      await request.audit({
        action: 'audit-export',
        resource: 'AuditTrail',
        patients: { population: await redis.xlen(keys.audit(tenantId)) },
        outcome: 'success',
        purpose: 'HSYSADMIN',
      });
      async function* lines(): AsyncGenerator<string> {
        if (to === null) {
          return;
        }
        let start = from;
        for (;;) {
          const entries = (await redis.xrange(keys.audit(tenantId), start, to, 'COUNT', EXPORT_CHUNK)) as [
            string,
            string[],
          ][];
          for (const entry of entries) {
            yield `${JSON.stringify(recordOf(entry))}\n`;
          }
          if (entries.length < EXPORT_CHUNK) {
            return;
          }
          start = `(${entries.at(-1)![0]}`;
        }
      }
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="benchline-audit-${tenantId}-${day}.ndjson"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    },
  );

  app.get(
    '/admin/users',
    { schema: { summary: 'Who can sign in', tags: ['admin'], response: { 200: Type.Array(UserSummary) } }, config },
    async (request) => app.identity.listUsers(app.tenantOf(request)),
  );

  app.delete<{ Params: Static<typeof UserIdParams> }>(
    '/admin/users/:userId',
    {
      schema: {
        summary: 'Removes a user: they cannot sign in, and their open sessions and screens end',
        tags: ['admin'],
        params: UserIdParams,
        response: { 404: ErrorBody, 409: ErrorBody },
      },
      config,
    },
    async (request, reply) => {
      const { userId } = request.params;
      const principal = request.principal;
      if (principal?.kind === 'user' && principal.userId === userId) {
        // An admin removing themselves could leave the tenant with no one to manage it.
        throw new HttpError(409, 'CONFLICT', 'you cannot remove yourself; ask another admin');
      }
      if (!(await app.identity.removeUser(app.tenantOf(request), userId))) {
        throw new HttpError(404, 'NOT_FOUND', `no user ${userId}`);
      }
      await auditChange(request, 'user-remove', `User/${userId}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/admin/api-keys',
    { schema: { summary: 'Ingest keys', tags: ['admin'], response: { 200: Type.Array(ApiKeySummary) } }, config },
    async (request) =>
      (await app.identity.listApiKeys(app.tenantOf(request))).map(({ id, name, scopes, createdAt, expiresAt }) => ({
        id,
        name,
        scopes,
        createdAt,
        expiresAt,
      })),
  );

  app.post<{ Body: NamedCredential }>(
    '/admin/api-keys',
    {
      schema: {
        summary: 'A new ingest key: the secret is in this answer only',
        tags: ['admin'],
        body: NamedCredential,
        response: { 201: IssuedSecret, 400: ErrorBody },
      },
      config,
    },
    async (request, reply) => {
      checkName(request.body.name);
      const { key, record } = await app.identity.createApiKey(app.tenantOf(request), request.body.name);
      await auditChange(request, 'api-key-create', `ApiKey/${record.id}`);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ id: record.id, name: record.name, secret: key });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RotateBody> }>(
    '/admin/api-keys/:id/rotate',
    {
      schema: {
        summary: 'A replacement key; the old one keeps working for graceSeconds (default 1 h)',
        tags: ['admin'],
        params: IdParams,
        body: RotateBody,
        response: { 201: IssuedSecret, 404: ErrorBody },
      },
      config,
    },
    async (request, reply) => {
      const tenantId = app.tenantOf(request);
      const old = (await app.identity.listApiKeys(tenantId)).find((k) => k.id === request.params.id);
      if (old === undefined) {
        throw new HttpError(404, 'NOT_FOUND', `no API key ${request.params.id}`);
      }
      const { key, record } = await app.identity.createApiKey(tenantId, old.name);
      await app.identity.expireApiKey(tenantId, old.id, (request.body.graceSeconds ?? DEFAULT_ROTATION_GRACE_S) * 1000);
      await auditChange(request, 'api-key-rotate', `ApiKey/${old.id}`);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ id: record.id, name: record.name, secret: key });
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/admin/api-keys/:id',
    {
      schema: { summary: 'Revokes a key now', tags: ['admin'], params: IdParams, response: { 404: ErrorBody } },
      config,
    },
    async (request, reply) => {
      if (!(await app.identity.expireApiKey(app.tenantOf(request), request.params.id, 0))) {
        throw new HttpError(404, 'NOT_FOUND', `no API key ${request.params.id}`);
      }
      await auditChange(request, 'api-key-revoke', `ApiKey/${request.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/admin/devices',
    { schema: { summary: 'Wall displays', tags: ['admin'], response: { 200: Type.Array(DeviceSummary) } }, config },
    async (request) =>
      (await app.identity.listDevices(app.tenantOf(request))).map(({ id, name, createdAt }) => ({
        id,
        name,
        createdAt,
      })),
  );

  app.post<{ Body: NamedCredential }>(
    '/admin/devices',
    {
      schema: {
        summary: 'A new wall display: its token (open /wall#device=<token> on the display) is in this answer only',
        tags: ['admin'],
        body: NamedCredential,
        response: { 201: IssuedSecret, 400: ErrorBody },
      },
      config,
    },
    async (request, reply) => {
      checkName(request.body.name);
      const { token, record } = await app.identity.createDevice(app.tenantOf(request), request.body.name);
      await auditChange(request, 'device-create', `Device/${record.id}`);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ id: record.id, name: record.name, secret: token });
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/admin/devices/:id',
    {
      schema: {
        summary: 'Revokes a wall display: its screen drops to the sign-in page',
        tags: ['admin'],
        params: IdParams,
        response: { 404: ErrorBody },
      },
      config,
    },
    async (request, reply) => {
      if (!(await app.identity.revokeDevice(app.tenantOf(request), request.params.id))) {
        throw new HttpError(404, 'NOT_FOUND', `no device ${request.params.id}`);
      }
      await auditChange(request, 'device-revoke', `Device/${request.params.id}`);
      return reply.code(204).send();
    },
  );
};

export default admin;
