import { describe, expect, it } from 'vitest';
import { spendSeries } from './spend-series.js';

describe('spendSeries', () => {
  it('orders months, keeps the most recent ones and converts cents to dollars', () => {
    const series = spendSeries(
      [
        { month: '2026-03', paidCents: 12345, claims: 2 },
        { month: '2026-01', paidCents: 100, claims: 1 },
        { month: '2026-02', paidCents: 0, claims: 1 },
      ],
      2,
    );
    expect(series.labels).toEqual(['Feb 2026', 'Mar 2026']);
    expect(series.datasets[0]?.data).toEqual([0, 123.45]);
  });
});
