import { describe, expect, it } from 'vitest';
import { describePriority, priorityTier } from './priority.js';
import { aRow } from './row-fixture.js';

const TODAY = '2026-11-27';

describe('describePriority', () => {
  it('says a gap to work now, with its rank, score and the reasons as a sentence', () => {
    expect(describePriority(aRow({ priority: 9.44 }), 3, TODAY)).toEqual({
      tier: 'work-now',
      headline: '#3 · Work now · score 9.4',
      because: 'Colorectal cancer screening is open; 34 days left (due 2026-12-31).',
    });
  });
  it('says a gap is waiting for its next attempt, and when', () => {
    const row = aRow({
      status: 'attempted',
      priority: -91.2,
      nextAttemptOn: '2026-12-04',
      explanation: 'Next attempt on 2026-12-04: ranked after the gaps to work now. colorectal cancer screening is open',
    });
    const words = describePriority(row, 40, TODAY);
    expect(words.tier).toBe('waiting');
    expect(words.headline).toBe('#40 · Waiting · next attempt Dec 4, 2026');
    expect(words.because.endsWith('open.')).toBe(true);
  });
  it('a next attempt that has come round puts the gap back to work now', () => {
    expect(priorityTier(aRow({ status: 'attempted', nextAttemptOn: TODAY }), TODAY)).toBe('work-now');
    expect(priorityTier(aRow({ status: 'scheduled', priority: -95 }), TODAY)).toBe('waiting');
  });
  it('says a coordinator set the gap aside', () => {
    expect(describePriority(aRow({ status: 'closed', priority: -190 }), 99, TODAY).headline).toBe(
      '#99 · Closed by a coordinator · awaiting evidence',
    );
    expect(describePriority(aRow({ status: 'excluded', priority: -190 }), 100, TODAY).tier).toBe('set-aside');
  });
});
