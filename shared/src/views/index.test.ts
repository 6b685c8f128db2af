import { describe, expect, it } from 'vitest';
import { decideChange } from './index.js';

describe('decideChange', () => {
  it('applies a change based at or below the held version that moves it forward', () => {
    expect(decideChange(5, { fromVersion: 5, toVersion: 9 })).toBe('apply');
    // A coalesced change may start before the held version: its values are absolute, so it still applies.
    expect(decideChange(5, { fromVersion: 3, toVersion: 9 })).toBe('apply');
  });
  it('drops a change the holder already has', () => {
    expect(decideChange(9, { fromVersion: 5, toVersion: 9 })).toBe('stale');
    expect(decideChange(12, { fromVersion: 5, toVersion: 9 })).toBe('stale');
  });
  it('asks for a resync when a change was missed', () => {
    expect(decideChange(5, { fromVersion: 7, toVersion: 9 })).toBe('gap');
  });
});
