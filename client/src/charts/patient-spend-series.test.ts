import type { PanelSpendCell } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { monthRange, patientSpendSeries } from './patient-spend-series.js';

const cell = (month: string, category: PanelSpendCell['category'], paidCents: number): PanelSpendCell => ({
  month,
  category,
  paidCents,
  msspPaidCents: paidCents,
  claims: 1,
});

describe('patientSpendSeries', () => {
  it('lays every month from first to last on the axis, empty months included, stacked by category', () => {
    const series = patientSpendSeries([
      cell('2026-03', 'professional', 12_345),
      cell('2026-01', 'inpatient', 800_000),
      cell('2026-01', 'professional', 5_000),
    ]);
    expect(series.labels).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026']);
    expect(series.datasets.map((d) => d.label)).toEqual(['Inpatient', 'Professional']);
    expect(series.datasets[0]?.data).toEqual([8000, 0, 0]);
    expect(series.datasets[1]?.data).toEqual([50, 0, 123.45]);
  });

  it('keeps the most recent months, and is empty without spend', () => {
    const series = patientSpendSeries([cell('2025-11', 'dme', 100), cell('2026-02', 'partd', 200)], 2);
    expect(series.labels).toEqual(['Jan 2026', 'Feb 2026']);
    expect(series.datasets.map((d) => d.label)).toEqual(['Part D']);
    expect(patientSpendSeries([cell('2026-01', 'dme', 0)])).toEqual({ labels: [], datasets: [] });
  });

  it('counts months across a year end', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
