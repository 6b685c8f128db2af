/**
 * The wall's daily soft reload: a page that runs for weeks picks up a new client build and sheds whatever a long
 * run accumulates in the browser. Once a day at a quiet local hour, each device a few minutes apart (so a building's
 * walls do not all reload against the server at once), and only while connected: a reload while the server is away
 * leaves the browser's error page, which never comes back by itself, where the running app would reconnect.
 */

export interface ReloadTime {
  hour: number;
  minute: number;
}

/** 04:00 local: after the nightly jobs, before anyone is in the room. */
export const DEFAULT_RELOAD_TIME: ReloadTime = { hour: 4, minute: 0 };
/** Devices spread their reloads over this much time after the hour. */
export const RELOAD_SPREAD_MS = 30 * 60_000;
/** Past this long after its time (the server was away all night), a reload waits for the next day. */
export const RELOAD_WINDOW_MS = 2 * 60 * 60_000;

/** `?reload=HH:MM` → that local time; "off" → null (no reload); missing or unreadable → the default. */
export function parseReloadTime(param: string | null): ReloadTime | null {
  if (param === null) {
    return DEFAULT_RELOAD_TIME;
  }
  const value = param.trim().toLowerCase();
  if (value === 'off' || value === 'false' || value === 'no' || value === '0') {
    return null;
  }
  const match = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (match === null) {
    return DEFAULT_RELOAD_TIME;
  }
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : DEFAULT_RELOAD_TIME;
}

/** A stable offset in [0, spreadMs) from a device id (FNV-1a), so a device reloads at the same minute every day. */
export function reloadOffsetMs(deviceId: string, spreadMs = RELOAD_SPREAD_MS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i += 1) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Whole minutes, so the time a device reloads reads plainly in its logs.
  const minutes = Math.floor(spreadMs / 60_000);
  return minutes <= 0 ? 0 : (hash % minutes) * 60_000;
}

/** The first moment strictly after `now` that is `time` (local) plus the device's offset. */
export function nextReloadAt(now: number, time: ReloadTime, offsetMs = 0): number {
  const day = new Date(now);
  for (let ahead = 0; ahead < 3; ahead += 1) {
    // setDate/setHours on local fields, so a DST change moves the wall clock time, not the hour of day.
    const candidate = new Date(day.getFullYear(), day.getMonth(), day.getDate() + ahead, time.hour, time.minute);
    const at = candidate.getTime() + offsetMs;
    if (at > now) {
      return at;
    }
  }
  // Unreachable: two days ahead is always after now; kept so the function is total.
  return now + 24 * 60 * 60_000;
}

export type ReloadDecision = 'wait' | 'reload' | 'reschedule';

/** What to do now about a reload due at `dueAt`. */
export function reloadDecision(
  now: number,
  dueAt: number,
  connected: boolean,
  windowMs = RELOAD_WINDOW_MS,
): ReloadDecision {
  if (now < dueAt) {
    return 'wait';
  }
  if (now - dueAt > windowMs) {
    return 'reschedule'; // out of the quiet hours: not in front of visitors
  }
  return connected ? 'reload' : 'wait';
}
