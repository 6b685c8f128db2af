import { Type, type Static } from 'typebox';
import type { LeasesChange, LeasesSnapshot, PresenceChange, PresenceSnapshot } from './collaboration.js';
import { applyLeasesChange, applyPresenceChange, mergeLeasesChanges, mergePresenceChanges } from './collaboration.js';
import type { FreshnessChange, FreshnessSnapshot } from './freshness.js';
import { applyFreshnessChange, mergeFreshnessChanges } from './freshness.js';
import type { WallChange, WallSnapshot } from './wall.js';
import { applyWallChange, mergeWallChanges } from './wall.js';
import type { FinanceChange, FinanceSnapshot } from './finance.js';
import { applyFinanceChange, mergeFinanceChanges } from './finance.js';
import type { GapsChange, GapsSnapshot } from './gaps.js';
import { applyGapsChange, mergeGapsChanges } from './gaps.js';
import type { RollupsChange, RollupsSnapshot } from './rollups.js';
import { applyRollupsChange, mergeRollupsChanges } from './rollups.js';
import type { SpendChange, SpendSnapshot } from './spend.js';
import { applySpendChange, mergeSpendChanges } from './spend.js';

export * from './collaboration.js';
export * from './finance.js';
export * from './freshness.js';
export * from './gaps.js';
export * from './rollups.js';
export * from './spend.js';
export * from './wall.js';

/** Every live view a client can subscribe to. */
export const VIEW_IDS = ['spend', 'rollups', 'finance', 'gaps', 'leases', 'presence', 'freshness', 'wall'] as const;
export const ViewId = Type.Enum(VIEW_IDS);
export type ViewId = Static<typeof ViewId>;

export interface ViewSnapshotMap {
  spend: SpendSnapshot;
  rollups: RollupsSnapshot;
  finance: FinanceSnapshot;
  gaps: GapsSnapshot;
  leases: LeasesSnapshot;
  presence: PresenceSnapshot;
  freshness: FreshnessSnapshot;
  wall: WallSnapshot;
}
export interface ViewChangeMap {
  spend: SpendChange;
  rollups: RollupsChange;
  finance: FinanceChange;
  gaps: GapsChange;
  leases: LeasesChange;
  presence: PresenceChange;
  freshness: FreshnessChange;
  wall: WallChange;
}

/** What a subscriber holds: a view's snapshot at a version. */
export type ViewState = {
  [K in ViewId]: {
    viewId: K;
    version: number;
    snapshot: ViewSnapshotMap[K];
    /** The change feed's last entry when the snapshot was read: where a later catch-up starts. */
    feedId: string;
  };
}[ViewId];

/**
 * A change to one view. Versions are the tenant's change-feed sequence, so they increase but skip numbers used
 * by other views: `fromVersion` is the version this change applies on top of. A holder at version v applies the
 * change when fromVersion <= v < toVersion; when v < fromVersion it has missed something and resyncs.
 */
export type ViewChanged = {
  [K in ViewId]: {
    viewId: K;
    fromVersion: number;
    toVersion: number;
    change: ViewChangeMap[K];
    /** The feed entry this change ends at: a holder that disconnects catches up from here. */
    feedId: string;
  };
}[ViewId];

export type ViewStateOf<K extends ViewId> = Extract<ViewState, { viewId: K }>;
export type ViewChangedOf<K extends ViewId> = Extract<ViewChanged, { viewId: K }>;

/** A subscription request; validated on the server (types never replace validation). */
export const ViewRef = Type.Object({ viewId: ViewId }, { additionalProperties: false });
export type ViewRef = Static<typeof ViewRef>;

/**
 * A (re)subscription. With `since` — the version a holder has and the feed entry it got it from — the gateway
 * answers with what was missed, merged into one change, when the feed still holds all of it; otherwise (and
 * without `since`) with a snapshot.
 */
export const ViewSubscribe = Type.Object(
  {
    viewId: ViewId,
    since: Type.Optional(
      Type.Object(
        {
          version: Type.Integer({ minimum: 0 }),
          feedId: Type.String({ pattern: '^[0-9]+-[0-9]+$' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ViewSubscribe = Static<typeof ViewSubscribe>;

/** The answer to a subscription: a snapshot, or the missed changes (null when nothing was missed). */
export type ViewSync =
  | { mode: 'snapshot'; state: ViewState }
  | { mode: 'changes'; viewId: ViewId; changed: ViewChanged | null; feedId: string };

/** Orders feed entry ids ("<ms>-<seq>"): negative when a is earlier. */
export function compareFeedIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}

/** How to fold each view's changes: one table, so the client store and the server's coalescer agree. */
export const VIEW_REDUCERS: {
  [K in ViewId]: {
    apply: (snapshot: ViewSnapshotMap[K], change: ViewChangeMap[K]) => ViewSnapshotMap[K];
    merge: (earlier: ViewChangeMap[K], later: ViewChangeMap[K]) => ViewChangeMap[K];
  };
} = {
  spend: { apply: applySpendChange, merge: mergeSpendChanges },
  rollups: { apply: applyRollupsChange, merge: mergeRollupsChanges },
  finance: { apply: applyFinanceChange, merge: mergeFinanceChanges },
  gaps: { apply: applyGapsChange, merge: mergeGapsChanges },
  leases: { apply: applyLeasesChange, merge: mergeLeasesChanges },
  presence: { apply: applyPresenceChange, merge: mergePresenceChanges },
  freshness: { apply: applyFreshnessChange, merge: mergeFreshnessChanges },
  wall: { apply: applyWallChange, merge: mergeWallChanges },
};

/**
 * What a holder at `version` should do with a change: apply it, drop it (already included), or resync from a
 * snapshot because something between its version and the change's base was missed.
 */
export function decideChange(
  version: number,
  change: Pick<ViewChanged, 'fromVersion' | 'toVersion'>,
): 'apply' | 'stale' | 'gap' {
  if (change.toVersion <= version) {
    return 'stale';
  }
  return change.fromVersion <= version ? 'apply' : 'gap';
}
