/**
 * LIVE or STALE for the wall, pure. The numbers are current while the socket is connected and the view is live
 * (the server pushes every change, so a quiet room is still live). From the moment either stops they are as of
 * that moment: "STALE since 14:03", kept through reconnect attempts and resyncs until the view is live again.
 */

export type Liveness = { state: 'waiting' } | { state: 'live' } | { state: 'stale'; since: number };

export interface LivenessInput {
  /** The socket is connected. */
  connected: boolean;
  /** The wall view's store is live (not syncing, not failed). */
  viewLive: boolean;
}

export function nextLiveness(previous: Liveness, input: LivenessInput, now: number): Liveness {
  if (input.connected && input.viewLive) {
    return previous.state === 'live' ? previous : { state: 'live' };
  }
  switch (previous.state) {
    case 'live':
      return { state: 'stale', since: now };
    case 'stale':
      return previous; // since the first moment it stopped, not the latest reconnect attempt
    case 'waiting':
      return previous; // nothing shown yet, so nothing is stale
  }
}

const timeOfDay = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayAndTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:03" today, "Mar 14, 14:03" on another day: a wall may sit stale over a weekend. */
export function formatWallTime(at: number, now: number): string {
  const then = new Date(at);
  const time = timeOfDay.format(then);
  return sameLocalDay(then, new Date(now)) ? time : `${dayAndTime.format(then)}, ${time}`;
}

/** The indicator's words. */
export function livenessLabel(liveness: Liveness, now: number): string {
  switch (liveness.state) {
    case 'live':
      return 'LIVE';
    case 'stale':
      return `STALE since ${formatWallTime(liveness.since, now)}`;
    case 'waiting':
      return 'CONNECTING…';
  }
}
