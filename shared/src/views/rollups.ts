import { Type, type Static } from 'typebox';

/**
 * The tenant's population roll-ups as live counters: members, each measure's outcomes
 * (`quality:<measure>:<met|not-met|excluded|excepted|not-evaluable|not-in-population>`), risk by segment
 * (`risk:<segment>:members`, `risk:<segment>:raw-milli` — raw scores summed in thousandths), and care gaps by
 * kind and state (`gaps:<kind>:<state>`). Aggregates only: no patient appears here.
 */
export const RollupsSnapshot = Type.Object({
  counters: Type.Record(Type.String(), Type.Integer()),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type RollupsSnapshot = Static<typeof RollupsSnapshot>;

/** A change carries the new absolute values of the counters it touched; a counter at 0 leaves the view. */
export const RollupsChange = RollupsSnapshot;
export type RollupsChange = RollupsSnapshot;

export function emptyRollupsSnapshot(): RollupsSnapshot {
  return { counters: {}, updatedAt: null };
}

export function applyRollupsChange(snapshot: RollupsSnapshot, change: RollupsChange): RollupsSnapshot {
  const counters = { ...snapshot.counters };
  for (const [key, value] of Object.entries(change.counters)) {
    if (value === 0) {
      delete counters[key];
    } else {
      counters[key] = value;
    }
  }
  return { counters, updatedAt: later(snapshot.updatedAt, change.updatedAt) };
}

/** Two consecutive changes as one; zeros are kept (they are removals the receiver still has to see). */
export function mergeRollupsChanges(earlier: RollupsChange, later_: RollupsChange): RollupsChange {
  return {
    counters: { ...earlier.counters, ...later_.counters },
    updatedAt: later(earlier.updatedAt, later_.updatedAt),
  };
}

/** A measure's performance rate from the counters: met ÷ (met + not met), as eCQM scoring defines it. */
export function measureRate(
  snapshot: RollupsSnapshot,
  measureId: string,
): { met: number; eligible: number; rate: number | null } {
  const met = snapshot.counters[`quality:${measureId}:met`] ?? 0;
  const notMet = snapshot.counters[`quality:${measureId}:not-met`] ?? 0;
  const eligible = met + notMet;
  return { met, eligible, rate: eligible === 0 ? null : met / eligible };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) {
    return b;
  }
  if (b === null) {
    return a;
  }
  return a >= b ? a : b;
}
