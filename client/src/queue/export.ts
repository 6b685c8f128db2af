/**
 * Exporting the queue as CSV: the export is recorded in the audit trail (who, which patients, which filters) and
 * the file is made only once the server says so — an export that cannot be audited is not made.
 */
import type { AppError, GapQueueRow } from '@benchline/shared';
import type { CommandTransport } from '../services/commands.js';
import { buildQueueCsv } from './csv.js';

export type QueueExport = { ok: true; csv: string } | { ok: false; error: AppError };

export async function exportQueue(
  transport: CommandTransport,
  rows: readonly GapQueueRow[],
  filters: Readonly<Record<string, string>>,
): Promise<QueueExport> {
  const reply = await transport.send('export:record', {
    view: 'gaps',
    filters: { ...filters },
    memberIds: [...new Set(rows.map((row) => row.memberId))],
    rows: rows.length,
  });
  return reply.ok ? { ok: true, csv: buildQueueCsv(rows) } : { ok: false, error: reply.error };
}
