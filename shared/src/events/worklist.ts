import { Type, type Static, type TSchema } from 'typebox';
import { EventSource, FreeText, IsoDate, IsoDateTime, MemberId, SourceId } from './common.js';

/**
 * A care coordinator's action on the gap queue — an outreach attempt, closing or excluding a gap with a reason,
 * reopening it, assigning the patient — as a canonical event, so it takes the one path every change takes (event
 * store → facts → member result → queue and change feed) and the audit trail is the event store itself. An action
 * is a fact of history: it is never replaced, and its idempotency key is its `actionId` alone. Coordinator state
 * layers on top of a gap; it never changes a measure's outcome (only claim or clinical evidence closes a measure).
 *
 * Shape: the action's own fields sit in a nested `action` object discriminated by `action.type`:
 *
 *   { kind: 'worklist', actionId, memberId, at, by,
 *     action: { type: 'outreach', gapId?, channel, outcome, nextAttemptOn?, scheduledOn?, barrier?, note? }
 *           | { type: 'close', gapId, reason, note? }     note required when reason is 'other'
 *           | { type: 'exclude', gapId, reason, note? }   note required when reason is 'other'
 *           | { type: 'reopen', gapId, note? }
 *           | { type: 'assign', assignee: <user id> | null } }
 *
 * Validation reads `action.type` first and then checks the action against that type's schema alone
 * (WORKLIST_EVENT_BY_ACTION), as it reads `kind` first for the event — so a mistake is reported at its own field
 * (`/action/channel` enum, `/action/gapId` required) instead of as every union branch that did not match. The rules a
 * schema cannot say (a note for reason 'other', `scheduledOn` only with outcome 'scheduled', dates not before the
 * action's day) are checked after it, with the same JSON pointers.
 */

/** A gap as the queue names it: `<memberId>:<subject>:<period start>`, where subjects may hold spaces (`V28 HCC 37`). */
export const GapId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9 ._:/#\\-]+$' });

/**
 * A signed-in user (coordinator) id: letters, digits and . _ : @ + | - (emails, UUIDs, identity-provider subjects
 * such as `auth0|5f1c`), starting with a letter or digit — so `-`, which the queue's coordinator filter uses for
 * "unassigned", can never be a user.
 */
export const USER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:@+|\\-]{0,127}$';
export const UserId = Type.String({ pattern: USER_ID_PATTERN, description: 'A user id' });

const Note = FreeText({ minLength: 1, maxLength: 2000 });

export const OUTREACH_CHANNELS = ['phone', 'portal', 'letter', 'in-person'] as const;
export const OutreachChannel = Type.Enum([...OUTREACH_CHANNELS]);
export type OutreachChannel = Static<typeof OutreachChannel>;

export const OUTREACH_OUTCOMES = ['reached', 'voicemail', 'no-answer', 'wrong-number', 'refused', 'scheduled'] as const;
export const OutreachOutcome = Type.Enum([...OUTREACH_OUTCOMES]);
export type OutreachOutcome = Static<typeof OutreachOutcome>;

export const OUTREACH_BARRIERS = [
  'transportation',
  'cost',
  'language',
  'health-literacy',
  'caregiver',
  'declined',
  'other',
] as const;
export const OutreachBarrier = Type.Enum([...OUTREACH_BARRIERS]);
export type OutreachBarrier = Static<typeof OutreachBarrier>;

export const CLOSE_REASONS = ['completed-elsewhere', 'documentation-submitted', 'scheduled', 'other'] as const;
export const CloseReason = Type.Enum([...CLOSE_REASONS]);
export type CloseReason = Static<typeof CloseReason>;

export const EXCLUDE_REASONS = [
  'hospice',
  'deceased',
  'moved',
  'declined-permanently',
  'not-clinically-appropriate',
  'other',
] as const;
export const ExcludeReason = Type.Enum([...EXCLUDE_REASONS]);
export type ExcludeReason = Static<typeof ExcludeReason>;

/** An attempt to reach the patient, about one gap or (no gapId) about all of them. */
export const OutreachAction = Type.Object(
  {
    type: Type.Literal('outreach'),
    gapId: Type.Optional(GapId),
    channel: OutreachChannel,
    outcome: OutreachOutcome,
    /** When to try again; until then the gap waits, ranked after the ones to work now. */
    nextAttemptOn: Type.Optional(IsoDate),
    /** The appointment's date, with outcome 'scheduled' only. */
    scheduledOn: Type.Optional(IsoDate),
    barrier: Type.Optional(OutreachBarrier),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type OutreachAction = Static<typeof OutreachAction>;

/** The coordinator closes a gap (the measure stays open until evidence arrives). */
export const CloseAction = Type.Object(
  { type: Type.Literal('close'), gapId: GapId, reason: CloseReason, note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type CloseAction = Static<typeof CloseAction>;

/** The coordinator sets a gap aside for good (the measure's own exclusions come from clinical evidence). */
export const ExcludeAction = Type.Object(
  { type: Type.Literal('exclude'), gapId: GapId, reason: ExcludeReason, note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type ExcludeAction = Static<typeof ExcludeAction>;

/** Undoes a close or exclude: the gap is worked again. */
export const ReopenAction = Type.Object(
  { type: Type.Literal('reopen'), gapId: GapId, note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type ReopenAction = Static<typeof ReopenAction>;

/** Makes a coordinator responsible for the patient (null: nobody). */
export const AssignAction = Type.Object(
  { type: Type.Literal('assign'), assignee: Type.Union([UserId, Type.Null()]) },
  { additionalProperties: false },
);
export type AssignAction = Static<typeof AssignAction>;

export const WORKLIST_ACTION_SCHEMAS = {
  outreach: OutreachAction,
  close: CloseAction,
  exclude: ExcludeAction,
  reopen: ReopenAction,
  assign: AssignAction,
} as const;
export type WorklistActionType = keyof typeof WORKLIST_ACTION_SCHEMAS;
export const WORKLIST_ACTION_TYPES = Object.keys(WORKLIST_ACTION_SCHEMAS) as WorklistActionType[];

export const WorklistAction = Type.Union([OutreachAction, CloseAction, ExcludeAction, ReopenAction, AssignAction]);
export type WorklistAction = Static<typeof WorklistAction>;

function worklistEvent<A extends TSchema>(action: A) {
  return Type.Object(
    {
      kind: Type.Literal('worklist'),
      /** Unique id of the action (the client makes it, so a retried command is a duplicate, not a second action). */
      actionId: SourceId,
      memberId: MemberId,
      /** When the action happened, RFC 3339 with its offset. Actions are ordered by this instant, then actionId. */
      at: IsoDateTime,
      /** The user who acted. */
      by: UserId,
      action,
      source: Type.Optional(EventSource),
    },
    { additionalProperties: false },
  );
}

export const WorklistEvent = worklistEvent(WorklistAction);
export type WorklistEvent = Static<typeof WorklistEvent>;

/** The event with one action type's schema in place of the union: what validation checks once the type is known. */
export const WORKLIST_EVENT_BY_ACTION: Record<WorklistActionType, TSchema> = {
  outreach: worklistEvent(OutreachAction),
  close: worklistEvent(CloseAction),
  exclude: worklistEvent(ExcludeAction),
  reopen: worklistEvent(ReopenAction),
  assign: worklistEvent(AssignAction),
};

/** The event whose action type is missing or unknown: reports that (and the other fields), nothing of the action. */
export const WorklistEventUntyped = worklistEvent(
  Type.Object({ type: Type.Enum([...WORKLIST_ACTION_TYPES]) }, { additionalProperties: true }),
);
