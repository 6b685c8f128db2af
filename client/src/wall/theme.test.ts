import { describe, expect, it } from 'vitest';
import { chartFontPx, contrastRatio, WALL_THEME } from './theme.js';

describe('wall theme', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });

  it('keeps text at WCAG AA (4.5:1) or better on every surface it sits on', () => {
    for (const surface of [WALL_THEME.background, WALL_THEME.surface]) {
      for (const text of [WALL_THEME.text, WALL_THEME.muted, WALL_THEME.better, WALL_THEME.worse]) {
        expect(contrastRatio(text, surface), `${text} on ${surface}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    for (const badge of [WALL_THEME.live, WALL_THEME.stale]) {
      expect(contrastRatio(WALL_THEME.badgeText, badge), `text on ${badge}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('keeps chart marks and indicators at 3:1 or better against the surface (WCAG 1.4.11)', () => {
    for (const mark of [WALL_THEME.spend, WALL_THEME.benchmark, WALL_THEME.live, WALL_THEME.stale]) {
      expect(contrastRatio(mark, WALL_THEME.surface), mark).toBeGreaterThanOrEqual(3);
    }
  });

  it('sizes chart text for the screen: readable at 1080p, bounded at 4K', () => {
    expect(chartFontPx(400)).toBe(18);
    expect(chartFontPx(1800)).toBe(29);
    expect(chartFontPx(3600)).toBe(58);
    expect(chartFontPx(10_000)).toBe(64);
  });
});
