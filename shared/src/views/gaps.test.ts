import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GapQueueRow, GapsChange } from './gaps.js';
import { applyGapsChange, compareGapRows, emptyGapsSnapshot, mergeGapsChanges } from './gaps.js';

const row = (gapId: string, priority: number): GapQueueRow => ({
  gapId,
  memberId: `M-${gapId}`,
  kind: 'measure',
  subject: 'CMS130',
  title: 'Colorectal cancer screening',
  state: 'open',
  dueDate: null,
  priority,
  explanation: '',
  tin: null,
  npi: null,
  status: 'new',
  coordinator: null,
  attempts: 0,
  lastOutreachAt: null,
  nextAttemptOn: null,
});

const gapId = fc.constantFrom('g1', 'g2', 'g3', 'g4', 'g5');
const change: fc.Arbitrary<GapsChange> = fc.record({
  upsert: fc.uniqueArray(
    fc.tuple(gapId, fc.integer({ min: 0, max: 5 })).map(([id, p]) => row(id, p)),
    { selector: (r) => r.gapId },
  ),
  remove: fc.uniqueArray(gapId),
});

describe('the gaps view', () => {
  it('keeps the queue order Redis keeps: priority descending, then gap id descending', () => {
    const rows = [row('a', 1), row('b', 2), row('c', 1)].sort(compareGapRows);
    expect(rows.map((r) => r.gapId)).toEqual(['b', 'c', 'a']);
  });

  it('applies upserts and removals, a later row replacing an earlier one', () => {
    let snapshot = applyGapsChange(emptyGapsSnapshot(), { upsert: [row('a', 1), row('b', 2)], remove: [] });
    snapshot = applyGapsChange(snapshot, { upsert: [row('a', 3)], remove: ['b'] });
    expect(snapshot.rows).toEqual([row('a', 3)]);
  });

  it('merges two changes into one that does what the two do in turn', () => {
    fc.assert(
      fc.property(change, change, change, (base, first, second) => {
        const start = applyGapsChange(emptyGapsSnapshot(), base);
        const inTurn = applyGapsChange(applyGapsChange(start, first), second);
        expect(applyGapsChange(start, mergeGapsChanges(first, second))).toEqual(inTurn);
      }),
    );
  });
});
