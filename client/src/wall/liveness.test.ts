import { describe, expect, it } from 'vitest';
import { formatWallTime, livenessLabel, nextLiveness, type Liveness } from './liveness.js';

const local = (d: number, h: number, min: number): number => new Date(2026, 2, d, h, min).getTime();
const up = { connected: true, viewLive: true };

describe('nextLiveness', () => {
  it('waits until the view first goes live, then is live', () => {
    const waiting: Liveness = { state: 'waiting' };
    expect(nextLiveness(waiting, { connected: true, viewLive: false }, 1)).toBe(waiting);
    expect(nextLiveness(waiting, { connected: false, viewLive: false }, 1)).toBe(waiting);
    expect(nextLiveness(waiting, up, 1)).toEqual({ state: 'live' });
  });

  it('is stale from the moment the socket drops or the view stops being live', () => {
    const live: Liveness = { state: 'live' };
    expect(nextLiveness(live, up, 5)).toBe(live);
    expect(nextLiveness(live, { connected: false, viewLive: true }, 1000)).toEqual({ state: 'stale', since: 1000 });
    expect(nextLiveness(live, { connected: true, viewLive: false }, 2000)).toEqual({ state: 'stale', since: 2000 });
  });

  it('keeps the first moment through reconnect attempts and resyncs, and is live again once both are back', () => {
    let state: Liveness = { state: 'stale', since: 1000 };
    state = nextLiveness(state, { connected: false, viewLive: true }, 9000);
    state = nextLiveness(state, { connected: true, viewLive: false }, 12_000);
    expect(state).toEqual({ state: 'stale', since: 1000 });
    expect(nextLiveness(state, up, 13_000)).toEqual({ state: 'live' });
  });
});

describe('livenessLabel', () => {
  it('says LIVE, CONNECTING… or STALE since the local time', () => {
    const now = local(14, 14, 30);
    expect(livenessLabel({ state: 'live' }, now)).toBe('LIVE');
    expect(livenessLabel({ state: 'waiting' }, now)).toBe('CONNECTING…');
    expect(livenessLabel({ state: 'stale', since: local(14, 14, 3) }, now)).toBe('STALE since 14:03');
  });

  it('names the day when it went stale on another one', () => {
    expect(formatWallTime(local(13, 9, 5), local(16, 8, 0))).toBe('Mar 13, 09:05');
    expect(formatWallTime(local(16, 0, 0), local(16, 23, 59))).toBe('00:00');
  });
});
