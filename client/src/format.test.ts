import { describe, expect, it } from 'vitest';
import { formatAgo, formatDay, formatMonth, formatUsd } from './format.js';

describe('format', () => {
  it('formats cents as whole dollars', () => {
    expect(formatUsd(1234567)).toBe('$12,346');
  });
  it('formats months and days in UTC, whatever the browser time zone', () => {
    expect(formatMonth('2026-01')).toBe('Jan 2026');
    expect(formatDay('2026-11-14')).toBe('Nov 14, 2026');
  });
  it('says how long ago in words', () => {
    expect(formatAgo(0, 500)).toBe('just now');
    expect(formatAgo(0, 12_000)).toBe('12 s ago');
    expect(formatAgo(0, 4 * 60_000)).toBe('4 min ago');
  });
});
