/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and in greyscale order, so every
 * chart can rely on colour plus line style without a colour being the only cue.
 */
export const PALETTE = {
  blue: '#0072B2',
  skyBlue: '#56B4E9',
  orange: '#E69F00',
  vermillion: '#D55E00',
  green: '#009E73',
  purple: '#CC79A7',
  yellow: '#F0E442',
  grey: '#5a6678',
} as const;

/** A palette colour at some opacity: "#0072B2", 0.4 → "rgba(0, 114, 178, 0.4)". */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
