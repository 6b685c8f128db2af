/** Sign-in, sessions and the admin's keys, devices and audit trail: the HTTP contracts the client and server share. */
import { Type, type Static } from 'typebox';
import { Role } from '../realtime/commands.js';

export const LoginRequest = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const DeviceSignIn = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 200 }) },
  { additionalProperties: false },
);
export type DeviceSignIn = Static<typeof DeviceSignIn>;

/** Who this browser is signed in as, and the CSRF token its changes must carry (X-CSRF-Token). */
export const SessionInfo = Type.Object({
  kind: Type.Enum(['user', 'device']),
  tenantId: Type.String(),
  /** The user's id, or the wall device's. */
  subjectId: Type.String(),
  name: Type.String(),
  role: Role,
  csrfToken: Type.String(),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const NamedCredential = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f]+$' }) },
  { additionalProperties: false },
);
export type NamedCredential = Static<typeof NamedCredential>;

export const ApiKeySummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});
export type ApiKeySummary = Static<typeof ApiKeySummary>;

/** A new secret (API key or device token): shown once, never stored. */
export const IssuedSecret = Type.Object({ id: Type.String(), name: Type.String(), secret: Type.String() });
export type IssuedSecret = Static<typeof IssuedSecret>;

export const DeviceSummary = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() });
export type DeviceSummary = Static<typeof DeviceSummary>;

/** One audit record: ids only. */
export const AuditRecordSchema = Type.Object({
  id: Type.String({ description: 'The stream entry id: time-ordered, use as `after` to page' }),
  time: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  resource: Type.String(),
  patients: Type.String({ description: 'Comma-separated member ids, `population`, or empty' }),
  count: Type.String(),
  subject: Type.String(),
  purpose: Type.String(),
  request: Type.String(),
  outcome: Type.String(),
});
export type AuditRecordView = Static<typeof AuditRecordSchema>;

export const AuditPage = Type.Object({
  records: Type.Array(AuditRecordSchema),
  last: Type.Union([Type.String(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPage>;
