/**
 * The queue as CSV, for working a list offline or handing it to a practice: one line per gap in the order shown,
 * RFC 4180 quoting, and text that a spreadsheet would run as a formula defused with a leading apostrophe (OWASP's
 * advice on CSV injection). Pure: the page turns the text into a download.
 */
import type { GapQueueRow } from '@benchline/shared';

const COLUMNS: readonly { header: string; value: (row: GapQueueRow) => string | number | null }[] = [
  { header: 'member_id', value: (row) => row.memberId },
  { header: 'gap_id', value: (row) => row.gapId },
  { header: 'kind', value: (row) => row.kind },
  { header: 'subject', value: (row) => row.subject },
  { header: 'title', value: (row) => row.title },
  { header: 'due_date', value: (row) => row.dueDate },
  { header: 'priority', value: (row) => row.priority },
  { header: 'status', value: (row) => row.status },
  { header: 'coordinator', value: (row) => row.coordinator },
  { header: 'attempts', value: (row) => row.attempts },
  { header: 'last_outreach_at', value: (row) => row.lastOutreachAt },
  { header: 'next_attempt_on', value: (row) => row.nextAttemptOn },
  { header: 'tin', value: (row) => row.tin },
  { header: 'npi', value: (row) => row.npi },
  { header: 'explanation', value: (row) => row.explanation },
];

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function buildQueueCsv(rows: readonly GapQueueRow[]): string {
  const lines = [COLUMNS.map((column) => column.header).join(',')];
  for (const row of rows) {
    lines.push(COLUMNS.map((column) => csvCell(column.value(row))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** `gap-queue-2026-11-27.csv`, or with the filters in the name: `gap-queue-2026-11-27-status-new.csv`. */
export function queueCsvFileName(today: string, query: Readonly<Record<string, string>>): string {
  const parts = Object.entries(query)
    .filter(([key]) => key !== 'sort')
    .map(([key, value]) => `${key}-${value}`.replace(/[^A-Za-z0-9-]+/g, '_'));
  return `gap-queue-${[today, ...parts].join('-').slice(0, 120)}.csv`;
}
