/**
 * The worklist derivation, checked by hand: outreach outcomes to a status, close and reopen, assignments, an outreach
 * about the patient in general; the same answer whatever order the actions arrive in; and where each gap ranks.
 */
import type { WorklistAction, WorklistEvent } from '@benchline/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIORITY_CONFIG } from './measures/index.js';
import { compareActions, deriveWorklist, priorityTierSpan, standingOf, worklistPriority } from './worklist.js';

const MEMBER = '1EG4TE5MK73';
const CRC = `${MEMBER}:CMS130:2026-01-01`;
const BCS = `${MEMBER}:CMS125:2026-01-01`;

let counter = 0;
/** An action at `at` (a day and time in March 2026, UTC unless it says otherwise). */
function act(at: string, action: WorklistAction, by = 'u-1', actionId?: string): WorklistEvent {
  counter += 1;
  return {
    kind: 'worklist',
    actionId: actionId ?? `a-${String(counter).padStart(4, '0')}`,
    memberId: MEMBER,
    at: at.includes('T') ? at : `${at}T12:00:00Z`,
    by,
    action,
  };
}
const call = (outcome: Extract<WorklistAction, { type: 'outreach' }>['outcome'], more = {}): WorklistAction => ({
  type: 'outreach',
  gapId: CRC,
  channel: 'phone',
  outcome,
  ...more,
});

describe('deriveWorklist', () => {
  it('leaves a gap nobody has worked new, and the patient unassigned', () => {
    const worklist = deriveWorklist([], [CRC]);
    expect(worklist.coordinator).toBeNull();
    expect(worklist.gaps.get(CRC)).toEqual({
      status: 'new',
      attempts: 0,
      lastOutreach: null,
      nextAttemptOn: null,
      scheduledOn: null,
      resolution: null,
    });
    expect(worklist.lastContactDate).toBeNull();
  });

  it('no answer, then reached, then scheduled: scheduled, three attempts, the last one the scheduling call', () => {
    const worklist = deriveWorklist(
      [
        act('2026-03-02', call('no-answer', { nextAttemptOn: '2026-03-05' })),
        act('2026-03-05', call('reached', { nextAttemptOn: '2026-03-06' })),
        act('2026-03-06', call('scheduled', { scheduledOn: '2026-03-20' })),
      ],
      [CRC, BCS],
    );
    expect(worklist.gaps.get(CRC)).toEqual({
      status: 'scheduled',
      attempts: 3,
      lastOutreach: { at: '2026-03-06T12:00:00Z', channel: 'phone', outcome: 'scheduled' },
      // The scheduling call planned no further attempt.
      nextAttemptOn: null,
      scheduledOn: '2026-03-20',
      resolution: null,
    });
    // The other gap was not asked about.
    expect(worklist.gaps.get(BCS)?.status).toBe('new');
    expect(worklist.lastContactDate).toBe('2026-03-06');
  });

  it('keeps a scheduled gap scheduled through an unanswered reminder, not through a refusal', () => {
    const booked = [act('2026-03-06', call('scheduled', { scheduledOn: '2026-03-20' }))];
    const reminder = deriveWorklist([...booked, act('2026-03-18', call('voicemail'))], [CRC]).gaps.get(CRC);
    expect([reminder?.status, reminder?.scheduledOn, reminder?.attempts]).toEqual(['scheduled', '2026-03-20', 2]);
    const refused = deriveWorklist([...booked, act('2026-03-18', call('refused'))], [CRC]).gaps.get(CRC);
    expect([refused?.status, refused?.scheduledOn]).toEqual(['attempted', null]);
  });

  it('close then reopen: back to attempted when it had been attempted, new when it had not', () => {
    const closeAndReopen = [
      act('2026-03-10', { type: 'close', gapId: CRC, reason: 'completed-elsewhere' }, 'u-2'),
      act('2026-03-11', { type: 'reopen', gapId: CRC }),
    ];
    const attempted = deriveWorklist(
      [act('2026-03-02', call('no-answer', { nextAttemptOn: '2026-04-01' })), ...closeAndReopen],
      [CRC],
    ).gaps.get(CRC);
    expect(attempted).toMatchObject({ status: 'attempted', attempts: 1, resolution: null, nextAttemptOn: null });
    expect(deriveWorklist(closeAndReopen, [CRC]).gaps.get(CRC)?.status).toBe('new');
  });

  it('holds a closed or excluded gap there: later outreach counts, only a reopen brings it back', () => {
    const worklist = deriveWorklist(
      [
        act('2026-03-10', { type: 'exclude', gapId: CRC, reason: 'hospice' }, 'u-2'),
        act('2026-03-12', call('reached')),
        act('2026-03-12', { type: 'close', gapId: BCS, reason: 'other', note: 'Done in Ohio.' }, 'u-3'),
      ],
      [CRC, BCS],
    );
    expect(worklist.gaps.get(CRC)).toMatchObject({
      status: 'excluded',
      attempts: 1,
      resolution: { type: 'exclude', reason: 'hospice', at: '2026-03-10T12:00:00Z', by: 'u-2' },
    });
    expect(worklist.gaps.get(BCS)).toMatchObject({ status: 'closed', resolution: { reason: 'other', by: 'u-3' } });
  });

  it('assign A, then B, then unassign: nobody; the latest assignment wins', () => {
    const a = act('2026-03-01', { type: 'assign', assignee: 'coord.a' });
    const b = act('2026-03-02', { type: 'assign', assignee: 'coord.b' });
    const none = act('2026-03-03', { type: 'assign', assignee: null });
    expect(deriveWorklist([a, b, none], []).coordinator).toBeNull();
    expect(deriveWorklist([a, b], []).coordinator).toBe('coord.b');
    expect(deriveWorklist([b, a], []).coordinator).toBe('coord.b');
  });

  it('counts an outreach about the patient in general for every gap of theirs', () => {
    const worklist = deriveWorklist(
      [
        act('2026-03-02', {
          type: 'outreach',
          channel: 'letter',
          outcome: 'no-answer',
          nextAttemptOn: '2026-03-16',
        }),
      ],
      [CRC, BCS],
    );
    for (const gapId of [CRC, BCS]) {
      expect(worklist.gaps.get(gapId)).toMatchObject({ status: 'attempted', attempts: 1, nextAttemptOn: '2026-03-16' });
    }
    // A letter nobody answered is no contact.
    expect(worklist.lastContactDate).toBeNull();
  });

  it('orders by the instant an action happened, whatever its offset, then by action id', () => {
    // 09:00 in New York is after 12:00 in London on the same day.
    const ny = act('2026-03-02T09:00:00-05:00', call('no-answer'), 'u-1', 'z-first-by-id-last');
    const london = act('2026-03-02T12:00:00Z', call('scheduled', { scheduledOn: '2026-03-09' }), 'u-1', 'a-1');
    expect(deriveWorklist([ny, london], [CRC]).gaps.get(CRC)?.status).toBe('scheduled');
    expect([london, ny].sort(compareActions)).toEqual([london, ny].reverse().sort(compareActions));
    // Same instant: the action id decides.
    const same = (id: string, outcome: 'refused' | 'scheduled') => act('2026-03-02T12:00:00Z', call(outcome), 'u', id);
    expect(deriveWorklist([same('b', 'refused'), same('a', 'scheduled')], [CRC]).gaps.get(CRC)?.status).toBe(
      'attempted',
    );
  });

  it('gives the same answer in any arrival order', () => {
    const actions = [
      act('2026-03-01', { type: 'assign', assignee: 'coord.a' }),
      act('2026-03-02', call('no-answer', { nextAttemptOn: '2026-03-04' })),
      act('2026-03-04', call('voicemail', { nextAttemptOn: '2026-03-09' })),
      act('2026-03-09', call('scheduled', { scheduledOn: '2026-03-23' })),
      act('2026-03-09', { type: 'assign', assignee: 'coord.b' }),
      act('2026-03-10', { type: 'close', gapId: BCS, reason: 'documentation-submitted' }),
      act('2026-03-11', { type: 'reopen', gapId: BCS }),
      act('2026-03-11', { type: 'exclude', gapId: BCS, reason: 'moved' }),
      act('2026-03-12', { type: 'outreach', channel: 'portal', outcome: 'reached' }),
      act('2026-03-12', { type: 'assign', assignee: null }),
    ];
    const expected = deriveWorklist(actions, [CRC, BCS]);
    expect(expected.gaps.get(CRC)).toMatchObject({ status: 'attempted', attempts: 4, scheduledOn: null });
    expect(expected.gaps.get(BCS)).toMatchObject({ status: 'excluded', attempts: 1 });
    expect(expected.coordinator).toBeNull();
    fc.assert(
      fc.property(fc.shuffledSubarray(actions, { minLength: actions.length }), (shuffled) => {
        expect(deriveWorklist(shuffled, [BCS, CRC])).toEqual(expected);
      }),
    );
  });
});

describe('where a gap ranks', () => {
  const worked = (actions: WorklistEvent[]) => deriveWorklist(actions, [CRC]).gaps.get(CRC)!;

  it('works a gap now unless its next attempt or booked visit is after today, or a coordinator set it aside', () => {
    expect(standingOf(worked([]), '2026-03-05')).toEqual({ tier: 0, why: null });
    const retry = worked([act('2026-03-02', call('no-answer', { nextAttemptOn: '2026-03-06' }))]);
    expect(standingOf(retry, '2026-03-05')).toEqual({
      tier: 1,
      why: 'Next attempt on 2026-03-06: ranked after the gaps to work now',
    });
    // On the day of the next attempt it is to work again.
    expect(standingOf(retry, '2026-03-06').tier).toBe(0);
    const booked = worked([act('2026-03-02', call('scheduled', { scheduledOn: '2026-03-20' }))]);
    expect(standingOf(booked, '2026-03-20').tier).toBe(1);
    // The visit went by and the gap is still open: follow it up.
    expect(standingOf(booked, '2026-03-21').tier).toBe(0);
    const closed = worked([act('2026-03-02', { type: 'close', gapId: CRC, reason: 'completed-elsewhere' }, 'u-9')]);
    expect(standingOf(closed, '2026-03-05')).toEqual({
      tier: 2,
      why:
        'Closed by u-9 on 2026-03-02 (completed elsewhere): the measure stays open until the evidence arrives; ' +
        'ranked after the gaps to work now and those waiting',
    });
  });

  it('puts every gap of a lower tier after every gap of a higher one, keeping the score order within a tier', () => {
    const config = DEFAULT_PRIORITY_CONFIG;
    expect(priorityTierSpan(config)).toBe(100);
    const span = priorityTierSpan({ ...config, gapWeights: { ...config.gapWeights, CMS165: 150 } });
    expect(span).toBe(200);
    expect(worklistPriority(7.25, 0, config)).toBe(7.25);
    expect(worklistPriority(13, 1, config)).toBe(-87);
    expect(worklistPriority(0, 1, config)).toBeGreaterThan(worklistPriority(13, 2, config));
    expect(worklistPriority(0, 0, config)).toBeGreaterThan(worklistPriority(13, 1, config));
  });
});
