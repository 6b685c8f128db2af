/**
 * The live audit trail on the admin page, pure: pages of records (oldest first, as the server sends them) merged
 * into a bounded newest-first list, the text filter, and the words for a record's patients and a key's state.
 */
import type { ApiKeySummary, AuditRecordView } from '@benchline/shared';

/** How many records the page keeps (the export has the rest). */
export const AUDIT_SHOWN_MAX = 500;
/** On opening, the trail is read from this long ago. */
export const AUDIT_WINDOW_MS = 24 * 60 * 60_000;

/** The stream id to read after so the page starts with the last `windowMs` of the trail. */
export function auditStartAfter(now: number, windowMs = AUDIT_WINDOW_MS): string {
  return `${Math.max(0, Math.floor(now - windowMs))}-0`;
}

/** Stream ids compare by time, then sequence. */
export function compareAuditIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}

/**
 * `shown` (newest first) with a page of newer records (oldest first) on top, at most `max` kept. Records the list
 * already has, or older than its newest (a page that overlapped), are not added twice.
 */
export function mergeAudit(
  shown: readonly AuditRecordView[],
  page: readonly AuditRecordView[],
  max = AUDIT_SHOWN_MAX,
): AuditRecordView[] {
  const newest = shown[0]?.id;
  const fresh = page.filter((record) => newest === undefined || compareAuditIds(record.id, newest) > 0);
  if (fresh.length === 0) {
    return shown.length > max ? shown.slice(0, max) : [...shown];
  }
  return [...fresh.reverse(), ...shown].slice(0, max);
}

/**
 * Records matching every word of `text` (case-insensitive) in who did it, what they did, to what, or to which
 * patients: "ana panel" finds Ana's patient-panel reads.
 */
export function filterAudit(records: readonly AuditRecordView[], text: string): readonly AuditRecordView[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return records;
  }
  return records.filter((record) => {
    const haystack = `${record.actor} ${record.action} ${record.resource} ${record.patients}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** A record's patients in a few words: ids (the first few), the population with its size, or none. */
export function describePatients(record: Pick<AuditRecordView, 'patients' | 'count'>, shown = 3): string {
  if (record.patients === '') {
    return '—';
  }
  if (record.patients === 'population') {
    const count = Number(record.count);
    return record.count !== '' && Number.isFinite(count)
      ? `population (${count.toLocaleString('en-US')})`
      : 'population';
  }
  const ids = record.patients.split(',').filter(Boolean);
  return ids.length <= shown ? ids.join(', ') : `${ids.slice(0, shown).join(', ')} and ${ids.length - shown} more`;
}

/** An audit record's time as the admin reads it: local date and time to the second. */
export function formatAuditTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) {
    return iso;
  }
  const date = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}`;
}

/** "active", "expires <time>" (a rotated-out key in its grace period), or "expired". */
export function keyState(key: Pick<ApiKeySummary, 'expiresAt'>, now = Date.now()): string {
  if (key.expiresAt === null) {
    return 'active';
  }
  const at = Date.parse(key.expiresAt);
  return Number.isNaN(at) || at > now ? `expires ${formatAuditTime(key.expiresAt)}` : 'expired';
}
