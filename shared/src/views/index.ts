import { Type, type Static } from 'typebox';
import type { FinanceChange, FinanceSnapshot } from './finance.js';
import { applyFinanceChange, mergeFinanceChanges } from './finance.js';
import type { GapsChange, GapsSnapshot } from './gaps.js';
import { applyGapsChange, mergeGapsChanges } from './gaps.js';
import type { RollupsChange, RollupsSnapshot } from './rollups.js';
import { applyRollupsChange, mergeRollupsChanges } from './rollups.js';
import type { SpendChange, SpendSnapshot } from './spend.js';
import { applySpendChange, mergeSpendChanges } from './spend.js';

export * from './finance.js';
export * from './gaps.js';
export * from './rollups.js';
export * from './spend.js';

/** Every live view a client can subscribe to. */
export const VIEW_IDS = ['spend', 'rollups', 'finance', 'gaps'] as const;
export const ViewId = Type.Enum(VIEW_IDS);
export type ViewId = Static<typeof ViewId>;

export interface ViewSnapshotMap {
  spend: SpendSnapshot;
  rollups: RollupsSnapshot;
  finance: FinanceSnapshot;
  gaps: GapsSnapshot;
}
export interface ViewChangeMap {
  spend: SpendChange;
  rollups: RollupsChange;
  finance: FinanceChange;
  gaps: GapsChange;
}

/** What a subscriber holds: a view's snapshot at a version. */
export type ViewState = { [K in ViewId]: { viewId: K; version: number; snapshot: ViewSnapshotMap[K] } }[ViewId];

/**
 * A change to one view. Versions are the tenant's change-feed sequence, so they increase but skip numbers used
 * by other views: `fromVersion` is the version this change applies on top of. A holder at version v applies the
 * change when fromVersion <= v < toVersion; when v < fromVersion it has missed something and resyncs.
 */
export type ViewChanged = {
  [K in ViewId]: { viewId: K; fromVersion: number; toVersion: number; change: ViewChangeMap[K] };
}[ViewId];

export type ViewStateOf<K extends ViewId> = Extract<ViewState, { viewId: K }>;
export type ViewChangedOf<K extends ViewId> = Extract<ViewChanged, { viewId: K }>;

/** A subscription request; validated on the server (types never replace validation). */
export const ViewRef = Type.Object({ viewId: ViewId }, { additionalProperties: false });
export type ViewRef = Static<typeof ViewRef>;

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
