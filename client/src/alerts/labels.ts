/** How a care-transition alert reads on a coordinator's screen (never on the wall: an alert names a patient). */
import type { CareAlert, CareAlertType } from '@benchline/shared';
import { formatDay } from '../format.js';

export const ALERT_TYPE_LABELS: Record<CareAlertType, string> = {
  admission: 'Admitted',
  'ed-visit': 'ED visit',
  discharge: 'Discharged — TCM',
};

/** A glyph beside the words (decorative: the label carries the meaning). H hospital, ✚ emergency, ⌂ home. */
export const ALERT_TYPE_ICONS: Record<CareAlertType, string> = {
  admission: 'H',
  'ed-visit': '✚',
  discharge: '⌂',
};

/** "Due Nov 30, 2026", "Due today", "Overdue since Nov 28, 2026"; null without a due date. */
export function alertDueText(dueDate: string | null, today: string): string | null {
  if (dueDate === null || dueDate === '') {
    return null;
  }
  if (dueDate < today) {
    return `Overdue since ${formatDay(dueDate)}`;
  }
  return dueDate === today ? `Due today (${formatDay(dueDate)})` : `Due ${formatDay(dueDate)}`;
}

/** Names the alert for a screen reader's button labels: "ED visit, patient M-104". */
export const alertName = (alert: Pick<CareAlert, 'type' | 'memberId'>): string =>
  `${ALERT_TYPE_LABELS[alert.type]}, patient ${alert.memberId}`;

/** The time the alert was raised, as the reader's clock says it: "10:42 AM"; empty when it does not parse. */
export function alertTime(raisedAt: string, timeZone?: string): string {
  const at = Date.parse(raisedAt);
  if (Number.isNaN(at)) {
    return '';
  }
  return new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone }).format(at);
}

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** The tab's title with the unread count in front: ("Benchline", 3) → "(3) Benchline"; 0 takes it off. */
export function titleWithUnread(title: string, unread: number): string {
  const base = title.replace(COUNT_PREFIX, '');
  return unread > 0 ? `(${unread}) ${base}` : base;
}
