import { describe, expect, it } from 'vitest';
import { defaultAssignmentWindows, isWithin, monthsOf, windowsEndingOn } from './windows.js';

describe('assignment windows', () => {
  it('defaults prospective PY N to Oct 1 (N−2) – Sep 30 (N−1), expanded from Oct 1 (N−3), removals over N', () => {
    expect(defaultAssignmentWindows(2026, 'prospective')).toEqual({
      assignment: { from: '2024-10-01', through: '2025-09-30' },
      expanded: { from: '2023-10-01', through: '2025-09-30' },
      exclusion: { from: '2026-01-01', through: '2026-12-31' },
    });
  });

  it('defaults retrospective PY N to the year itself, expanded from Jan 1 (N−1)', () => {
    expect(defaultAssignmentWindows(2025, 'retrospective')).toEqual({
      assignment: { from: '2025-01-01', through: '2025-12-31' },
      expanded: { from: '2024-01-01', through: '2025-12-31' },
      exclusion: null,
    });
  });

  it('builds the most recent 12 and 24 months ending on a data cut', () => {
    expect(windowsEndingOn('2025-09-30')).toEqual({
      assignment: { from: '2024-10-01', through: '2025-09-30' },
      expanded: { from: '2023-10-01', through: '2025-09-30' },
      exclusion: null,
    });
    expect(windowsEndingOn('2026-03-15').assignment).toEqual({ from: '2025-03-16', through: '2026-03-15' });
  });

  it('lists the months a window touches and tests membership inclusively', () => {
    expect(monthsOf({ from: '2024-11-15', through: '2025-02-01' })).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    const window = { from: '2024-01-01', through: '2024-12-31' };
    expect([isWithin('2024-01-01', window), isWithin('2024-12-31', window), isWithin('2025-01-01', window)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
