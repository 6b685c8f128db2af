/**
 * A queue row's priority in words. The server ranks gaps in three tiers — to work now (by the measure engine's
 * score), waiting (a next attempt or a booked visit still ahead), set aside by a coordinator (closed or excluded,
 * until the evidence closes the measure) — and explains each; this says which tier at a glance and keeps the
 * server's reasons as the detail.
 */
import type { GapQueueRow } from '@benchline/shared';
import { formatDay } from '../format.js';

export type PriorityTier = 'work-now' | 'waiting' | 'set-aside';

export interface PriorityInWords {
  tier: PriorityTier;
  /** "#3 · Work now · score 9.4" */
  headline: string;
  /** The server's reasons, as a sentence. */
  because: string;
}

export function priorityTier(
  row: Pick<GapQueueRow, 'status' | 'nextAttemptOn' | 'priority'>,
  today: string,
): PriorityTier {
  if (row.status === 'closed' || row.status === 'excluded') {
    return 'set-aside';
  }
  if ((row.nextAttemptOn !== null && row.nextAttemptOn > today) || (row.status === 'scheduled' && row.priority < 0)) {
    return 'waiting';
  }
  return 'work-now';
}

const sentence = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') {
    return '';
  }
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/** `rank` is the row's place in the whole queue (1 = first), not in the filtered list. */
export function describePriority(row: GapQueueRow, rank: number, today: string): PriorityInWords {
  const tier = priorityTier(row, today);
  let state: string;
  switch (tier) {
    case 'work-now':
      state = `Work now · score ${row.priority.toFixed(1)}`;
      break;
    case 'waiting':
      state =
        row.nextAttemptOn !== null && row.nextAttemptOn > today
          ? `Waiting · next attempt ${formatDay(row.nextAttemptOn)}`
          : 'Waiting · visit booked';
      break;
    case 'set-aside':
      state = row.status === 'closed' ? 'Closed by a coordinator · awaiting evidence' : 'Excluded by a coordinator';
      break;
  }
  return { tier, headline: `#${rank} · ${state}`, because: sentence(row.explanation) };
}
