/**
 * One patient's Medicare paid spend as a timeline: a bar per incurred month from the first to the last with spend
 * (empty months shown as such, so gaps in care are visible), stacked by service category. Pure, so the chart
 * component only renders it. Colours are the Okabe–Ito palette, which stays distinguishable with colour blindness.
 */
import type { PanelSpendCell } from '@benchline/shared';
import { PANEL_SPEND_CATEGORIES } from '@benchline/shared';
import type { ChartData } from 'chart.js';
import { formatMonth } from '../format.js';

type Category = (typeof PANEL_SPEND_CATEGORIES)[number];

export const SPEND_CATEGORY_LABELS: Record<Category, string> = {
  inpatient: 'Inpatient',
  outpatient: 'Outpatient',
  snf: 'Skilled nursing',
  hha: 'Home health',
  hospice: 'Hospice',
  professional: 'Professional',
  dme: 'DME',
  ambulance: 'Ambulance',
  partd: 'Part D',
};

const CATEGORY_COLOURS: Record<Category, string> = {
  inpatient: '#D55E00',
  outpatient: '#0072B2',
  snf: '#CC79A7',
  hha: '#009E73',
  hospice: '#56B4E9',
  professional: '#E69F00',
  dme: '#999999',
  ambulance: '#F0E442',
  partd: '#000000',
};

/** Every month from `first` to `last` inclusive (YYYY-MM). */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  const [lastYear, lastMonth] = last.split('-').map(Number) as [number, number];
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** The most recent `limit` months of the patient's spend, in dollars, one dataset per category that has any. */
export function patientSpendSeries(cells: readonly PanelSpendCell[], limit = 24): ChartData<'bar', number[], string> {
  const withSpend = cells.filter((cell) => cell.paidCents !== 0);
  if (withSpend.length === 0) {
    return { labels: [], datasets: [] };
  }
  const sortedMonths = withSpend.map((cell) => cell.month).sort();
  const months = monthRange(sortedMonths[0] ?? '', sortedMonths.at(-1) ?? '').slice(-limit);
  const index = new Map(months.map((month, i) => [month, i]));
  const byCategory = new Map<Category, number[]>();
  for (const cell of withSpend) {
    const at = index.get(cell.month);
    if (at === undefined) {
      continue;
    }
    const data = byCategory.get(cell.category) ?? months.map(() => 0);
    data[at] = Math.round((data[at] ?? 0) * 100 + cell.paidCents) / 100;
    byCategory.set(cell.category, data);
  }
  return {
    labels: months.map(formatMonth),
    datasets: PANEL_SPEND_CATEGORIES.filter((category) => byCategory.has(category)).map((category) => ({
      label: SPEND_CATEGORY_LABELS[category],
      data: byCategory.get(category) ?? [],
      backgroundColor: CATEGORY_COLOURS[category],
      borderRadius: 2,
      maxBarThickness: 40,
    })),
  };
}
