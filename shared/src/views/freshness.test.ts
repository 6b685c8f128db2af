import { describe, expect, it } from 'vitest';
import { applyFreshnessChange, emptyFreshnessSnapshot, mergeFreshnessChanges } from './freshness.js';

describe('the freshness view', () => {
  it('moves each source forward only', () => {
    const start = { ...emptyFreshnessSnapshot(), claimsPaidThrough: '2026-03-20' };
    expect(applyFreshnessChange(start, { claimsPaidThrough: '2026-03-01', clinicalThrough: '2026-02-02' })).toEqual({
      claimsPaidThrough: '2026-03-20',
      clinicalThrough: '2026-02-02',
      enrollmentAsOf: null,
      rosterAsOf: null,
    });
  });

  it('merges two changes into the later date per source, whatever their order', () => {
    const a = { claimsPaidThrough: '2026-04-01', rosterAsOf: '2026-01-01' };
    const b = { claimsPaidThrough: '2026-03-01', enrollmentAsOf: '2026-02-01' };
    const expected = { claimsPaidThrough: '2026-04-01', rosterAsOf: '2026-01-01', enrollmentAsOf: '2026-02-01' };
    expect(mergeFreshnessChanges(a, b)).toEqual(expected);
    expect(mergeFreshnessChanges(b, a)).toEqual(expected);
    // Applying the merge equals applying both.
    const start = emptyFreshnessSnapshot();
    expect(applyFreshnessChange(start, mergeFreshnessChanges(a, b))).toEqual(
      applyFreshnessChange(applyFreshnessChange(start, a), b),
    );
  });
});
