import { describe, expect, it } from 'vitest';
import type { ClaimEvent } from '@benchline/shared';
import { VALID_CLAIM } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { createStoredEventCache } from './stored-event-cache.js';

/** A copy (the cache freezes what it keeps), with two diagnoses, so that sorting them would move one. */
const claim = (claimId: string): ClaimEvent => ({
  ...structuredClone(VALID_CLAIM),
  claimId,
  diagnoses: ['I10', 'E1122'],
});

describe('createStoredEventCache', () => {
  it('keeps events by stream and id, and lets the least recently used go first', () => {
    const cache = createStoredEventCache(2);
    cache.set('s1', '1-0', claim('A'));
    cache.set('s2', '1-0', claim('B'));
    expect((cache.get('s1', '1-0') as ClaimEvent).claimId).toBe('A'); // A is now the most recently used
    cache.set('s1', '2-0', claim('C'));
    expect(cache.size).toBe(2);
    expect(cache.get('s2', '1-0')).toBeUndefined();
    expect((cache.get('s1', '1-0') as ClaimEvent).claimId).toBe('A');
    expect((cache.get('s1', '2-0') as ClaimEvent).claimId).toBe('C');
  });

  it('hands out events frozen all the way down, so no recompute can change the next one’s input', () => {
    const cache = createStoredEventCache();
    const kept = cache.set('s', '1-0', claim('A')) as ClaimEvent;
    expect(() => {
      kept.diagnoses.sort();
    }).toThrow(TypeError);
    expect(() => {
      (kept.lines[0] as { paidAmount: number }).paidAmount = 0;
    }).toThrow(TypeError);
    expect(() => {
      kept.lines.push({ ...(kept.lines[0] as ClaimEvent['lines'][number]) });
    }).toThrow(TypeError);
    expect(cache.get('s', '1-0')).toBe(kept);
  });
});
