/**
 * The coordinators' worklist for one member, derived from their actions (shared/events/worklist): per gap its status,
 * outreach attempts, the last outreach and the next attempt planned; for the member, whom they are assigned to and
 * when the patient was last reached. Layered on top of the measure's gap: nothing here changes a measure outcome or
 * a roll-up — a coordinator closing a gap is not quality evidence — only the gap's status, rank and explanation.
 *
 * Actions are applied in the order they happened, by the instant of `at` and then `actionId`, so any arrival order
 * (and a rebuild) gives the same answer. Per gap:
 * - outreach: one more attempt; the last outreach and its planned next attempt (an outreach without one clears it);
 *   status `scheduled` when the outcome is, else `attempted` — except that an unanswered call (voicemail, no answer)
 *   leaves a scheduled gap scheduled (a reminder that did not get through unbooks nothing). An outreach without a gap
 *   is about the patient in general: it counts for every gap of theirs.
 * - close / exclude: status `closed` / `excluded` with the reason. Outreach afterwards is still counted, but only a
 *   reopen brings the gap back.
 * - reopen (of a closed or excluded gap): back to `attempted` if it was ever attempted, else `new`, to be worked now
 *   (a next attempt or visit planned before it was closed no longer holds it back).
 * - assign: the member's coordinator is the latest assignee (null when unassigned).
 *
 * Rank: a gap to work now keeps the measure engine's score. One waiting — its next attempt is after today, or it is
 * scheduled for a visit today or later — ranks after every gap to work now; one a coordinator closed or excluded
 * ranks after those. Each tier is the score less a span wider than any score the priority weights can give, so the
 * order within a tier is still the score's. Pure: today comes in.
 */
import type {
  OutreachChannel,
  OutreachOutcome,
  WorklistAction,
  WorklistEvent,
  WorklistStatus,
} from '@benchline/shared';
import type { PriorityConfig } from './measures/index.js';

export interface GapWorklist {
  status: WorklistStatus;
  attempts: number;
  lastOutreach: { at: string; channel: OutreachChannel; outcome: OutreachOutcome } | null;
  /** The next attempt the latest outreach planned. */
  nextAttemptOn: string | null;
  /** The visit the latest scheduling outreach booked, while the gap is scheduled. */
  scheduledOn: string | null;
  /** The coordinator's close or exclude behind a closed or excluded status. */
  resolution: { type: 'close' | 'exclude'; reason: string; at: string; by: string } | null;
}

export interface MemberWorklist {
  /** Whom the patient is assigned to; null when nobody is. */
  coordinator: string | null;
  /** Every gap asked about or named by an action. */
  gaps: ReadonlyMap<string, GapWorklist>;
  /** The day of the latest outreach that reached the patient (outcome reached or scheduled), as logged. */
  lastContactDate: string | null;
  /** Every action, in the order they happened. */
  actions: readonly WorklistEvent[];
}

export const NEW_GAP_WORKLIST: GapWorklist = Object.freeze({
  status: 'new',
  attempts: 0,
  lastOutreach: null,
  nextAttemptOn: null,
  scheduledOn: null,
  resolution: null,
});

/** Milliseconds since the epoch; a leap second (`:60`, valid RFC 3339) reads as the second before it. */
function instantOf(at: string): number {
  return Date.parse(at.toUpperCase().replace(/:60(?=(\.\d+)?(Z|[+-]))/, ':59'));
}

/** By the instant each action happened, then by action id (each action is held once: its id is its identity). */
export function compareActions(a: WorklistEvent, b: WorklistEvent): number {
  const ta = instantOf(a.at);
  const tb = instantOf(b.at);
  if (ta !== tb && Number.isFinite(ta) && Number.isFinite(tb)) {
    return ta - tb;
  }
  return a.actionId < b.actionId ? -1 : a.actionId > b.actionId ? 1 : 0;
}

const gapOf = (action: WorklistAction): string | undefined => ('gapId' in action ? action.gapId : undefined);

/**
 * The member's worklist from their actions, in any order.
 * @param gapIds - the member's gaps: each gets an entry, and an outreach about the patient in general counts for each
 */
export function deriveWorklist(actions: Iterable<WorklistEvent>, gapIds: Iterable<string>): MemberWorklist {
  const ordered = [...actions].sort(compareActions);
  const gaps = new Map<string, GapWorklist>();
  for (const gapId of gapIds) {
    gaps.set(gapId, { ...NEW_GAP_WORKLIST });
  }
  for (const { action } of ordered) {
    const gapId = gapOf(action);
    if (gapId !== undefined && !gaps.has(gapId)) {
      gaps.set(gapId, { ...NEW_GAP_WORKLIST });
    }
  }
  let coordinator: string | null = null;
  let lastContactDate: string | null = null;
  for (const event of ordered) {
    const { action } = event;
    switch (action.type) {
      case 'assign':
        coordinator = action.assignee;
        break;
      case 'outreach': {
        const targets = action.gapId === undefined ? [...gaps.values()] : [gaps.get(action.gapId)];
        for (const gap of targets) {
          if (gap !== undefined) {
            outreach(gap, event.at, action);
          }
        }
        if (action.outcome === 'reached' || action.outcome === 'scheduled') {
          lastContactDate = event.at.slice(0, 10);
        }
        break;
      }
      case 'close':
      case 'exclude': {
        const gap = gaps.get(action.gapId);
        if (gap !== undefined) {
          gap.status = action.type === 'close' ? 'closed' : 'excluded';
          gap.resolution = { type: action.type, reason: action.reason, at: event.at, by: event.by };
        }
        break;
      }
      case 'reopen': {
        const gap = gaps.get(action.gapId);
        if (gap !== undefined && (gap.status === 'closed' || gap.status === 'excluded')) {
          gap.status = gap.attempts > 0 ? 'attempted' : 'new';
          gap.resolution = null;
          gap.nextAttemptOn = null;
          gap.scheduledOn = null;
        }
        break;
      }
    }
  }
  return { coordinator, gaps, lastContactDate, actions: ordered };
}

function outreach(gap: GapWorklist, at: string, action: Extract<WorklistAction, { type: 'outreach' }>): void {
  gap.attempts += 1;
  gap.lastOutreach = { at, channel: action.channel, outcome: action.outcome };
  gap.nextAttemptOn = action.nextAttemptOn ?? null;
  if (gap.status === 'closed' || gap.status === 'excluded') {
    return;
  }
  const unanswered = action.outcome === 'voicemail' || action.outcome === 'no-answer';
  if (action.outcome === 'scheduled') {
    gap.status = 'scheduled';
    gap.scheduledOn = action.scheduledOn ?? null;
  } else if (gap.status !== 'scheduled' || !unanswered) {
    // A scheduled gap stays booked through a reminder that did not get through.
    gap.status = 'attempted';
    gap.scheduledOn = null;
  }
}

/** Where a gap stands in the queue: to work now (0), waiting (1), set aside by a coordinator (2); and why, in words. */
export function standingOf(gap: GapWorklist, today: string): { tier: 0 | 1 | 2; why: string | null } {
  if (gap.resolution !== null) {
    const verb = gap.resolution.type === 'close' ? 'Closed' : 'Excluded';
    return {
      tier: 2,
      why:
        `${verb} by ${gap.resolution.by} on ${gap.resolution.at.slice(0, 10)} (${words(gap.resolution.reason)}): the ` +
        'measure stays open until the evidence arrives; ranked after the gaps to work now and those waiting',
    };
  }
  if (gap.nextAttemptOn !== null && gap.nextAttemptOn > today) {
    return { tier: 1, why: `Next attempt on ${gap.nextAttemptOn}: ranked after the gaps to work now` };
  }
  if (gap.status === 'scheduled' && gap.scheduledOn !== null && gap.scheduledOn >= today) {
    return { tier: 1, why: `Visit scheduled for ${gap.scheduledOn}: ranked after the gaps to work now` };
  }
  return { tier: 0, why: null };
}

/** A span wider than any score the weights can give (a round hundred; 100 for the defaults, whose most is 13). */
export function priorityTierSpan(config: PriorityConfig): number {
  const most =
    Math.max(0, ...Object.values(config.gapWeights)) +
    config.urgency.weight +
    config.risk.weight +
    config.openGaps.weight +
    config.lastContact.weight +
    Math.max(0, config.upcomingVisit.weight);
  return Math.ceil((most + 1) / 100) * 100;
}

/**
 * The queue priority of a gap with the measure engine's `score`, in its worklist tier. A care transition (an
 * admission, an ED visit, a discharge's transitional care) to work now ranks above every other gap to work now: its
 * deadline is days away, a measure's months.
 */
export function worklistPriority(score: number, tier: 0 | 1 | 2, config: PriorityConfig, transition = false): number {
  const lift = transition && tier === 0 ? 1 : -tier;
  return Math.round((score + lift * priorityTierSpan(config)) * 1000) / 1000;
}

/** `completed-elsewhere` → `completed elsewhere`. */
export function words(code: string): string {
  return code.replace(/-/g, ' ');
}
