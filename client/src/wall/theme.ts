/**
 * The wall's dark theme in one place, so the contrast test (theme.test.ts) checks the colours the page uses:
 * text at least WCAG AA (4.5:1) on the surfaces it sits on, chart marks and indicators at least 3:1 (non-text,
 * WCAG 1.4.11). Chart colours are Okabe–Ito (charts/palette.ts), safe with the common colour-vision deficiencies.
 */
import { PALETTE } from '../charts/palette.js';

export const WALL_THEME = {
  background: '#0b0f17',
  surface: '#161d2a',
  text: '#f4f6fa',
  muted: '#b9c3d4',
  grid: '#3a4558',
  /** Spend bars and the spend meter. */
  spend: PALETTE.skyBlue,
  /** The benchmark line on the meter. */
  benchmark: PALETTE.yellow,
  /** Savings (better) and losses (worse): blue and orange, the pair every common deficiency tells apart. */
  better: PALETTE.skyBlue,
  worse: PALETTE.orange,
  /** The LIVE and STALE badges: dark text on a light fill. */
  live: PALETTE.green,
  stale: PALETTE.orange,
  badgeText: '#000000',
} as const;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of "#rrggbb". */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two "#rrggbb" colours, 1–21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Chart.js sizes its text in pixels, not CSS: the chart's font for its width, the same curve the page's clamp()
 * sizes follow (readable from 5 m on a 1080p screen, not shouting on a 4K one).
 */
export function chartFontPx(widthPx: number): number {
  return Math.round(Math.min(64, Math.max(18, widthPx * 0.016)));
}
