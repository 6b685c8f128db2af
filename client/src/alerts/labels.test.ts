import { describe, expect, it } from 'vitest';
import { ALERT_TYPE_ICONS, ALERT_TYPE_LABELS, alertDueText, alertName, alertTime, titleWithUnread } from './labels.js';

describe('alert labels', () => {
  it('names each type of alert in words', () => {
    expect(ALERT_TYPE_LABELS).toEqual({ admission: 'Admitted', 'ed-visit': 'ED visit', discharge: 'Discharged — TCM' });
    expect(Object.keys(ALERT_TYPE_ICONS).sort()).toEqual(['admission', 'discharge', 'ed-visit']);
    expect(alertName({ type: 'ed-visit', memberId: 'M-104' })).toBe('ED visit, patient M-104');
  });

  it('says when it is due against the reader’s day', () => {
    expect(alertDueText(null, '2026-11-27')).toBeNull();
    expect(alertDueText('2026-11-30', '2026-11-27')).toBe('Due Nov 30, 2026');
    expect(alertDueText('2026-11-27', '2026-11-27')).toBe('Due today (Nov 27, 2026)');
    expect(alertDueText('2026-11-26', '2026-11-27')).toBe('Overdue since Nov 26, 2026');
  });

  it('shows the time it was raised on the reader’s clock, and nothing for a time that does not parse', () => {
    expect(alertTime('2026-11-26T15:42:00.000Z', 'UTC')).toBe('3:42 PM');
    expect(alertTime('2026-11-26T15:42:00.000Z', 'America/New_York')).toBe('10:42 AM');
    expect(alertTime('soon', 'UTC')).toBe('');
  });

  it('puts the unread count in front of the title, once, and takes it off at zero', () => {
    expect(titleWithUnread('Benchline', 0)).toBe('Benchline');
    expect(titleWithUnread('Benchline', 3)).toBe('(3) Benchline');
    expect(titleWithUnread('(3) Benchline', 4)).toBe('(4) Benchline');
    expect(titleWithUnread('(4) Benchline', 0)).toBe('Benchline');
    expect(titleWithUnread('(draft) notes', 0)).toBe('(draft) notes');
  });
});
