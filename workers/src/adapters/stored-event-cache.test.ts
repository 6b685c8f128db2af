import { describe, expect, it } from 'vitest';
import type { ClaimEvent } from '@benchline/shared';
import { createStoredEventCache } from './stored-event-cache.js';

const claim = (claimId: string): ClaimEvent => ({
  kind: 'claim',
  claimId,
  version: 1,
  adjustment: 'original',
  claimType: 'professional',
  memberId: '1EG4TE5MK73',
  fromDate: '2026-03-02',
  throughDate: '2026-03-02',
  paidDate: '2026-03-20',
  billingTin: '123456789',
  billingNpi: '1234567893',
  diagnoses: ['I10', 'E1122'],
  lines: [
    {
      lineNumber: 1,
      hcpcs: '99214',
      renderingNpi: '1234567893',
      placeOfService: '11',
      units: 1,
      allowedAmount: 125.18,
      paidAmount: 100.14,
      fromDate: '2026-03-02',
      throughDate: '2026-03-02',
    },
  ],
  paidAmount: 100.14,
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
