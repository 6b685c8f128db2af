import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RELOAD_TIME,
  nextReloadAt,
  parseReloadTime,
  reloadDecision,
  reloadOffsetMs,
  RELOAD_WINDOW_MS,
} from './reload.js';

// Local times, so the tests hold in any time zone the machine runs in.
const local = (y: number, m: number, d: number, h: number, min = 0, s = 0): number =>
  new Date(y, m - 1, d, h, min, s).getTime();

describe('parseReloadTime', () => {
  it('reads HH:MM, turns the reload off, and falls back to 04:00', () => {
    expect(parseReloadTime(null)).toEqual(DEFAULT_RELOAD_TIME);
    expect(parseReloadTime('03:30')).toEqual({ hour: 3, minute: 30 });
    expect(parseReloadTime('off')).toBeNull();
    expect(parseReloadTime('25:00')).toEqual(DEFAULT_RELOAD_TIME);
    expect(parseReloadTime('tonight')).toEqual(DEFAULT_RELOAD_TIME);
  });
});

describe('nextReloadAt', () => {
  const four = { hour: 4, minute: 0 };

  it('is later today before the hour, tomorrow after it', () => {
    expect(nextReloadAt(local(2026, 3, 14, 2, 15), four)).toBe(local(2026, 3, 14, 4));
    expect(nextReloadAt(local(2026, 3, 14, 14, 3), four)).toBe(local(2026, 3, 15, 4));
  });

  it('is strictly after now, so a page reloaded on the hour waits a day', () => {
    expect(nextReloadAt(local(2026, 3, 14, 4), four)).toBe(local(2026, 3, 15, 4));
  });

  it('adds the device offset, and rolls over month and year ends', () => {
    expect(nextReloadAt(local(2026, 3, 14, 4, 5), four, 10 * 60_000)).toBe(local(2026, 3, 14, 4, 10));
    expect(nextReloadAt(local(2026, 12, 31, 23, 0), four)).toBe(local(2027, 1, 1, 4));
    expect(nextReloadAt(local(2026, 1, 31, 5, 0), { hour: 3, minute: 30 })).toBe(local(2026, 2, 1, 3, 30));
  });
});

describe('reloadOffsetMs', () => {
  it('is stable per device, in whole minutes, within the spread', () => {
    const a = reloadOffsetMs('wall-1');
    expect(reloadOffsetMs('wall-1')).toBe(a);
    expect(a % 60_000).toBe(0);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(30 * 60_000);
    const offsets = new Set(['wall-1', 'wall-2', 'wall-3', 'lobby', 'kitchen'].map((id) => reloadOffsetMs(id)));
    expect(offsets.size).toBeGreaterThan(1);
    expect(reloadOffsetMs('wall-1', 0)).toBe(0);
  });
});

describe('reloadDecision', () => {
  const due = local(2026, 3, 15, 4);

  it('waits until due, reloads only while connected, and gives up outside the quiet window', () => {
    expect(reloadDecision(due - 1, due, true)).toBe('wait');
    expect(reloadDecision(due, due, true)).toBe('reload');
    expect(reloadDecision(due + 60_000, due, false)).toBe('wait');
    expect(reloadDecision(due + RELOAD_WINDOW_MS, due, true)).toBe('reload');
    expect(reloadDecision(due + RELOAD_WINDOW_MS + 1, due, false)).toBe('reschedule');
    expect(reloadDecision(due + RELOAD_WINDOW_MS + 1, due, true)).toBe('reschedule');
  });
});
