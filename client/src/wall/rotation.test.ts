import { describe, expect, it } from 'vitest';
import {
  isPaused,
  parseRotateMs,
  pauseRotation,
  resumeRotation,
  rotationProgress,
  selectPanel,
  startRotation,
  tickRotation,
} from './rotation.js';

describe('parseRotateMs', () => {
  it('defaults to 20 s, reads seconds, and turns rotation off', () => {
    expect(parseRotateMs(null)).toBe(20_000);
    expect(parseRotateMs('')).toBe(20_000);
    expect(parseRotateMs('30')).toBe(30_000);
    expect(parseRotateMs('45s')).toBe(45_000);
    expect(parseRotateMs('0')).toBeNull();
    expect(parseRotateMs('off')).toBeNull();
  });

  it('clamps numbers and ignores nonsense', () => {
    expect(parseRotateMs('1')).toBe(5000);
    expect(parseRotateMs('99999')).toBe(3_600_000);
    expect(parseRotateMs('soon')).toBe(20_000);
    expect(parseRotateMs('-4')).toBe(20_000);
  });
});

describe('panel rotation', () => {
  const every = 20_000;

  it('moves to the next panel when the interval is up, wrapping round', () => {
    let state = startRotation(0, every);
    state = tickRotation(state, 19_999, 3, every);
    expect(state.index).toBe(0);
    state = tickRotation(state, 20_000, 3, every);
    expect(state).toEqual({ index: 1, shownAt: 20_000 });
    state = tickRotation(state, 40_000, 3, every);
    state = tickRotation(state, 60_000, 3, every);
    expect(state.index).toBe(0);
  });

  it('moves one panel, not several, after a long sleep', () => {
    expect(tickRotation(startRotation(0, every), 500_000, 3, every)).toEqual({ index: 1, shownAt: 500_000 });
  });

  it('pauses on hover or focus and gives the panel a full interval when resumed', () => {
    let state = pauseRotation(startRotation(0, every));
    expect(rotationProgress(state, 10_000, every)).toBeNull();
    state = tickRotation(state, 100_000, 3, every);
    expect(state.index).toBe(0);
    state = resumeRotation(state, 100_000, every);
    expect(state.shownAt).toBe(100_000);
    expect(tickRotation(state, 119_000, 3, every).index).toBe(0);
    expect(tickRotation(state, 120_000, 3, every).index).toBe(1);
    expect(resumeRotation(state, 110_000, every)).toBe(state);
  });

  it('stays put when rotation is off or there is one panel', () => {
    const off = startRotation(0, null);
    expect(tickRotation(off, 1e9, 3, null)).toBe(off);
    expect(resumeRotation(off, 5, null)).toBe(off);
    expect(rotationProgress(off, 5, null)).toBeNull();
    const single = startRotation(0, every);
    expect(tickRotation(single, 1e9, 1, every)).toBe(single);
  });

  it('shows a chosen panel, wrapping at either end, and restarts its interval unless paused', () => {
    const state = startRotation(0, every);
    expect(selectPanel(state, -1, 3, 5000)).toEqual({ index: 2, shownAt: 5000 });
    expect(selectPanel(state, 3, 3, 5000).index).toBe(0);
    expect(selectPanel(pauseRotation(state), 1, 3, 5000)).toEqual({ index: 1, shownAt: null });
  });

  it('reports progress through the interval for the indicator', () => {
    const state = startRotation(1000, every);
    expect(rotationProgress(state, 1000, every)).toBe(0);
    expect(rotationProgress(state, 11_000, every)).toBe(0.5);
    expect(rotationProgress(state, 90_000, every)).toBe(1);
  });
});

describe('isPaused', () => {
  it('pauses while the pointer or focus is on the wall and someone was active lately', () => {
    expect(isPaused({ hovering: false, focused: false, lastInteractionAt: 1000 }, 1000)).toBe(false);
    expect(isPaused({ hovering: true, focused: false, lastInteractionAt: 1000 }, 1500)).toBe(true);
    expect(isPaused({ hovering: false, focused: true, lastInteractionAt: 1000 }, 1500)).toBe(true);
  });

  it('resumes once the parked pointer or left-behind focus has been idle a minute', () => {
    expect(isPaused({ hovering: true, focused: true, lastInteractionAt: 1000 }, 61_000)).toBe(false);
    expect(isPaused({ hovering: true, focused: false, lastInteractionAt: null }, 5)).toBe(false);
  });
});
