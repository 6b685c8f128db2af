/**
 * The wall's derived lists, pure and bounded: contracts in a steady order, measures in the Quality page's order,
 * and the spend chart's last months only, so a wall that runs for years draws the same number of bars.
 */
import type { WallContract, WallMeasure, WallSnapshot } from '@benchline/shared';
import { MEASURES } from '../quality/measures.js';

/** Months the spend chart shows: a year reads at a glance from across a room. */
export const WALL_SPEND_MONTHS = 12;

/** MSSP first (the contract the ACO is about), then by name, so tiles keep their place as numbers move. */
export function orderWallContracts(contracts: readonly WallContract[]): WallContract[] {
  const rank = (c: WallContract): number => (c.program === 'mssp' ? 0 : 1);
  return [...contracts].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** The known eCQMs in the Quality page's order, any other after them by id. */
export function orderWallMeasures(measures: readonly WallMeasure[]): WallMeasure[] {
  const rank = (m: WallMeasure): number => {
    const i = MEASURES.findIndex((known) => known.measureId === m.measureId);
    return i === -1 ? MEASURES.length : i;
  };
  return [...measures].sort((a, b) => rank(a) - rank(b) || a.measureId.localeCompare(b.measureId));
}

export interface WallSpendSeries {
  months: string[];
  /** Dollars, for the chart's axis. */
  dollars: number[];
  /** The shown months' total, in cents. */
  totalCents: number;
}

/** The latest `months` months by month of service, oldest first. */
export function wallSpendSeries(spend: WallSnapshot['spendByMonth'], months = WALL_SPEND_MONTHS): WallSpendSeries {
  const recent = [...spend].sort((a, b) => a.month.localeCompare(b.month)).slice(-months);
  return {
    months: recent.map((m) => m.month),
    dollars: recent.map((m) => m.paidCents / 100),
    totalCents: recent.reduce((sum, m) => sum + m.paidCents, 0),
  };
}

const monthName = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });

/** An axis label: "Mar", with the year under the first bar and every January, so twelve bars stay short. */
export function monthTick(month: string, index: number): string | string[] {
  const name = monthName.format(new Date(`${month}-01T00:00:00Z`));
  return index === 0 || month.endsWith('-01') ? [name, month.slice(0, 4)] : name;
}
