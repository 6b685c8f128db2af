/**
 * Which wall panel is showing, as pure state: a panel stays up for the interval, then the next one; hovering or
 * focusing the wall pauses it (someone is reading or pointing), and leaving starts the panel's full interval again.
 * The page feeds it the clock; nothing here reads one.
 */

/** Seconds a panel stays up unless `?rotate=` says otherwise. */
export const DEFAULT_ROTATE_SECONDS = 20;
const MIN_ROTATE_SECONDS = 5;
const MAX_ROTATE_SECONDS = 3600;

/**
 * `?rotate=` → milliseconds per panel, or null for no rotation ("0", "off", "false", "no"). Anything unreadable
 * falls back to the default, and a number is clamped so a typo cannot flicker the wall or freeze it for a day.
 */
export function parseRotateMs(param: string | null): number | null {
  if (param === null || param.trim() === '') {
    return DEFAULT_ROTATE_SECONDS * 1000;
  }
  const value = param.trim().toLowerCase();
  if (value === '0' || value === 'off' || value === 'false' || value === 'no') {
    return null;
  }
  const seconds = Number.parseFloat(value.endsWith('s') ? value.slice(0, -1) : value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return DEFAULT_ROTATE_SECONDS * 1000;
  }
  return Math.round(Math.min(MAX_ROTATE_SECONDS, Math.max(MIN_ROTATE_SECONDS, seconds)) * 1000);
}

export interface RotationState {
  index: number;
  /** When the showing panel started its interval; null while paused (or when rotation is off). */
  shownAt: number | null;
}

export function startRotation(now: number, intervalMs: number | null): RotationState {
  return { index: 0, shownAt: intervalMs === null ? null : now };
}

/** Advances when the interval is up; several intervals missed (a throttled tab) still move one panel, not many. */
export function tickRotation(
  state: RotationState,
  now: number,
  count: number,
  intervalMs: number | null,
): RotationState {
  if (intervalMs === null || state.shownAt === null || count < 2 || now - state.shownAt < intervalMs) {
    return state;
  }
  return { index: (state.index + 1) % count, shownAt: now };
}

export function pauseRotation(state: RotationState): RotationState {
  return state.shownAt === null ? state : { ...state, shownAt: null };
}

export function resumeRotation(state: RotationState, now: number, intervalMs: number | null): RotationState {
  return intervalMs === null || state.shownAt !== null ? state : { ...state, shownAt: now };
}

/**
 * Shows a panel by hand (indicator or arrow keys), wrapping at either end. While paused it stays paused (the
 * pointer or focus is still on the wall); otherwise the chosen panel gets a full interval.
 */
export function selectPanel(state: RotationState, index: number, count: number, now: number): RotationState {
  const wrapped = count === 0 ? 0 : ((index % count) + count) % count;
  return { index: wrapped, shownAt: state.shownAt === null ? null : now };
}

/** 0–1 through the showing panel's interval, for the indicator; null when paused or not rotating. */
export function rotationProgress(state: RotationState, now: number, intervalMs: number | null): number | null {
  if (intervalMs === null || state.shownAt === null) {
    return null;
  }
  return Math.min(1, Math.max(0, (now - state.shownAt) / intervalMs));
}

/** A hand resting on a mouse, or a focused button, pauses the wall only this long after the last interaction. */
export const INTERACTION_IDLE_MS = 60_000;

export interface Attention {
  hovering: boolean;
  focused: boolean;
  /** The last pointer move or key press over the wall; null before any. */
  lastInteractionAt: number | null;
}

/**
 * Whether someone is looking closely: the pointer over the wall or focus in it, and recently active. A kiosk mouse
 * left parked on the screen, or a button left focused after a click, must not freeze the rotation for weeks.
 */
export function isPaused(attention: Attention, now: number, idleMs = INTERACTION_IDLE_MS): boolean {
  if (!attention.hovering && !attention.focused) {
    return false;
  }
  return attention.lastInteractionAt !== null && now - attention.lastInteractionAt < idleMs;
}
