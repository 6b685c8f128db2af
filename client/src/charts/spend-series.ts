/**
 * Spend by month as Chart.js data: pure, so the chart component only renders it. Shows the most recent
 * `limit` months with spend; amounts in dollars.
 */
import type { ChartData } from 'chart.js';
import { formatMonth } from '../format.js';

export interface MonthSpend {
  month: string;
  paidCents: number;
  claims: number;
}

export function spendSeries(months: readonly MonthSpend[], limit = 24): ChartData<'bar', number[], string> {
  const recent = [...months].sort((a, b) => a.month.localeCompare(b.month)).slice(-limit);
  return {
    labels: recent.map((m) => formatMonth(m.month)),
    datasets: [
      {
        label: 'Medicare paid',
        data: recent.map((m) => Math.round(m.paidCents) / 100),
        backgroundColor: '#2f6fdf',
        borderRadius: 3,
        maxBarThickness: 56,
      },
    ],
  };
}
