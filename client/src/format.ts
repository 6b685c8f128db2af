/** Number and date formatting for screens; one place so every view says money and months the same way. */
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usdCompact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const count = new Intl.NumberFormat('en-US');
const monthLabel = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayLabel = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export const formatUsd = (cents: number): string => usd.format(cents / 100);
export const formatUsdCompact = (cents: number): string => usdCompact.format(cents / 100);
export const formatCount = (n: number): string => count.format(n);
/** "2026-03" → "Mar 2026" */
export const formatMonth = (month: string): string => monthLabel.format(new Date(`${month}-01T00:00:00Z`));
/** "2026-03-14" → "Mar 14, 2026" */
export const formatDay = (date: string): string => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** "just now", "12 s ago", "4 min ago", "3 h ago". */
export function formatAgo(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 2) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}
