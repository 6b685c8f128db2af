import { Type, type Static } from 'typebox';
import { MemberId } from '../events/common.js';
import type { WorklistAction } from '../events/worklist.js';
import { Lease } from '../views/collaboration.js';

/**
 * The payloads of the collaboration commands, validated on the server on arrival (types never replace
 * validation), and who may send them.
 */

/**
 * The roles a signed-in user can have, and `wall`: a display device that receives the aggregate-only views and
 * nothing else. What each may do is in security/access.ts.
 */
export const ROLES = ['coordinator', 'quality', 'leader', 'admin', 'wall'] as const;
export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

const UserId = Type.String({ minLength: 1, maxLength: 128 });

export const PatientPanelRequest = Type.Object({ memberId: MemberId }, { additionalProperties: false });
export type PatientPanelRequest = Static<typeof PatientPanelRequest>;

/**
 * An export of patient-level rows the screen already holds (the queue's CSV): recorded in the audit trail — who,
 * which patients, with which filters — before the file is made. The client makes no file without the acknowledgement.
 */
export const ExportRecord = Type.Object(
  {
    /** What was exported: the gap queue today. */
    view: Type.Literal('gaps'),
    /** The filters the rows were chosen by, as the screen's URL has them (ids and codes, never PHI). */
    filters: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 200 }), { maxProperties: 20 }),
    memberIds: Type.Array(MemberId, { maxItems: 100_000 }),
    rows: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type ExportRecord = Static<typeof ExportRecord>;

export const LeaseClaim = Type.Object({ memberId: MemberId }, { additionalProperties: false });
export type LeaseClaim = Static<typeof LeaseClaim>;

export const LeaseRelease = Type.Object(
  { memberId: MemberId, token: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type LeaseRelease = Static<typeof LeaseRelease>;

export const LeaseReassign = Type.Object(
  { memberId: MemberId, toUserId: UserId, toUserName: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LeaseReassign = Static<typeof LeaseReassign>;

export const PresenceUpdate = Type.Object(
  {
    page: Type.Union([Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9-]*$' }), Type.Null()]),
    memberId: Type.Union([MemberId, Type.Null()]),
  },
  { additionalProperties: false },
);
export type PresenceUpdate = Static<typeof PresenceUpdate>;

/** What the gateway tells a socket once it is in: who it is and how often to beat. */
export const SessionReady = Type.Object({
  sessionId: Type.String(),
  userId: Type.String(),
  userName: Type.String(),
  role: Role,
  /** Send `session:heartbeat` this often; a lease lapses after a few missed beats. */
  heartbeatMs: Type.Integer(),
});
export type SessionReady = Static<typeof SessionReady>;

/** The heartbeat's answer: the leases the user still holds (one missing was lost: expired or reassigned). */
export const HeartbeatReply = Type.Object({ leases: Type.Array(Lease) });
export type HeartbeatReply = Static<typeof HeartbeatReply>;

/**
 * A worklist command (log an outreach attempt, close, exclude or reopen a gap, assign the patient): becomes a
 * `worklist` event (shared/events/worklist) by the signed-in user. `commandId` becomes the event's actionId and
 * `at` is stamped by the client when the user acts, so a command retried after a lost acknowledgement is the same
 * event — a duplicate, never a second attempt in the log. `token` is the caller's lease on the patient (required,
 * except for a supervisor's assignment).
 */
export const WorklistCommand = Type.Object(
  {
    commandId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:/#\\-]+$' }),
    memberId: MemberId,
    token: Type.Optional(Type.Integer({ minimum: 1 })),
    at: Type.String({ format: 'date-time' }),
    action: Type.Object({ type: Type.String() }, { additionalProperties: true }),
  },
  { additionalProperties: false },
);
export type WorklistCommand = Omit<Static<typeof WorklistCommand>, 'action'> & { action: WorklistAction };

/** The recorded action: its event id in the store, and whether it was new or a retry of one already recorded. */
export const WorklistRecorded = Type.Object({
  status: Type.Enum(['accepted', 'duplicate']),
  eventId: Type.String(),
});
export type WorklistRecorded = Static<typeof WorklistRecorded>;
