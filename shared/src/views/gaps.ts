import { Type, type Static } from 'typebox';

/**
 * The open care-gap queue, highest priority first: what coordinators work. Rows name the patient (member id), so
 * this view is for signed-in care teams only, never the wall. Changes are row deltas — the rows added or updated
 * and the gap ids that left the queue — so a queue of thousands never travels whole on a change.
 */
/**
 * Where the care team is with a gap, from the coordinators' worklist actions (never from the measure): `new` (no
 * attempt yet), `attempted`, `scheduled` (an appointment was made), `closed` or `excluded` by a coordinator. A gap a
 * coordinator closed stays in the queue with that status until the measure itself closes it — evidence, not the
 * coordinator's word, closes a quality gap.
 */
export const WORKLIST_STATUSES = ['new', 'attempted', 'scheduled', 'closed', 'excluded'] as const;
export const WorklistStatus = Type.Enum([...WORKLIST_STATUSES]);
export type WorklistStatus = Static<typeof WorklistStatus>;

/** The coordinator filter's value for patients nobody is assigned (user ids never are `-`). */
export const UNASSIGNED = '-';

export const GapQueueRow = Type.Object({
  gapId: Type.String(),
  memberId: Type.String(),
  /**
   * measure, annual-wellness-visit, hcc-recapture (an HCC not yet coded this year) or care-transition (an admission,
   * ED visit or a discharge's transitional care, from ADT notifications).
   */
  kind: Type.String(),
  /** The measure id (CMS130 …), `AWV`, the HCC, or `ADMIT` / `ED` / `TCM`. */
  subject: Type.String(),
  title: Type.String(),
  state: Type.String(),
  dueDate: Type.Union([Type.String(), Type.Null()]),
  /**
   * Highest first. Gaps to work now keep the measure engine's score; a gap waiting for its next attempt or a
   * booked visit, and below it one a coordinator closed or excluded, rank after them (negative: see
   * workers/src/domain/worklist.ts).
   */
  priority: Type.Number(),
  /** Why the gap ranks where it does, in words. */
  explanation: Type.String(),
  /** The attributed practice (TIN) and clinician (NPI), if any contract attributes the patient. */
  tin: Type.Union([Type.String(), Type.Null()]),
  npi: Type.Union([Type.String(), Type.Null()]),
  /** The worklist: the gap's status, who the patient is assigned to (null: nobody), outreach attempts so far. */
  status: WorklistStatus,
  coordinator: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer({ minimum: 0 }),
  /** The latest outreach about the gap (or the patient in general): its date and time as logged. */
  lastOutreachAt: Type.Union([Type.String(), Type.Null()]),
  /** The next attempt the latest outreach planned; until then the gap ranks after the ones to work now. */
  nextAttemptOn: Type.Union([Type.String(), Type.Null()]),
});
export type GapQueueRow = Static<typeof GapQueueRow>;

export const GapsSnapshot = Type.Object({
  /** Highest priority first; ties by gap id, descending (as Redis orders the queue). */
  rows: Type.Array(GapQueueRow),
});
export type GapsSnapshot = Static<typeof GapsSnapshot>;

export const GapsChange = Type.Object({
  upsert: Type.Array(GapQueueRow),
  remove: Type.Array(Type.String()),
});
export type GapsChange = Static<typeof GapsChange>;

export function emptyGapsSnapshot(): GapsSnapshot {
  return { rows: [] };
}

/**
 * The queue's order, the one Redis keeps (ZREVRANGE: score descending, then member descending), so the snapshot,
 * every holder and a paged read agree.
 */
export function compareGapRows(a: GapQueueRow, b: GapQueueRow): number {
  return b.priority - a.priority || (a.gapId < b.gapId ? 1 : a.gapId > b.gapId ? -1 : 0);
}

export function applyGapsChange(snapshot: GapsSnapshot, change: GapsChange): GapsSnapshot {
  const rows = new Map(snapshot.rows.map((row) => [row.gapId, row]));
  for (const gapId of change.remove) {
    rows.delete(gapId);
  }
  for (const row of change.upsert) {
    rows.set(row.gapId, row);
  }
  return { rows: [...rows.values()].sort(compareGapRows) };
}

/** Two consecutive changes as one: the later wins for a gap both touch. */
export function mergeGapsChanges(earlier: GapsChange, later: GapsChange): GapsChange {
  const upsert = new Map(earlier.upsert.map((row) => [row.gapId, row]));
  const remove = new Set(earlier.remove);
  for (const gapId of later.remove) {
    upsert.delete(gapId);
    remove.add(gapId);
  }
  for (const row of later.upsert) {
    remove.delete(row.gapId);
    upsert.set(row.gapId, row);
  }
  return { upsert: [...upsert.values()], remove: [...remove] };
}

/**
 * The queue filters (each optional; all given must match). `coordinator` takes a user id, or UNASSIGNED for
 * patients nobody is assigned; `status` a worklist status.
 */
export const GAP_FILTER_FIELDS = ['kind', 'subject', 'tin', 'npi', 'coordinator', 'status'] as const;
export type GapFilterField = (typeof GAP_FILTER_FIELDS)[number];
