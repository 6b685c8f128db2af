/** A queue row to start from in tests; override what the test is about. */
import type { GapQueueRow } from '@benchline/shared';

export function aRow(overrides: Partial<GapQueueRow> = {}): GapQueueRow {
  const memberId = overrides.memberId ?? '1EG4TE5MK73';
  const subject = overrides.subject ?? 'CMS130';
  return {
    gapId: `${memberId}:${subject}:2026-01-01`,
    memberId,
    kind: 'measure',
    subject,
    title: 'Colorectal Cancer Screening',
    state: 'open',
    dueDate: '2026-12-31',
    priority: 9.4,
    explanation: 'colorectal cancer screening is open; 34 days left (due 2026-12-31).',
    tin: '123456789',
    npi: '1234567893',
    status: 'new',
    coordinator: null,
    attempts: 0,
    lastOutreachAt: null,
    nextAttemptOn: null,
    ...overrides,
  };
}
