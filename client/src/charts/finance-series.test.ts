import { describe, expect, it } from 'vitest';
import { capitationContract, financeSnapshot, msspContract } from '../finance/test-fixtures.js';
import {
  benchmarkPmpmCents,
  corridorGeometry,
  cumulativePoints,
  cumulativeSeries,
  enrolmentMix,
  monthRows,
  monthsOfYear,
  positionOn,
  pmpmSeries,
  revenueSegments,
  yearEndBandCents,
} from './finance-series.js';

const mssp = msspContract();

describe('monthRows and pmpmSeries', () => {
  it('computes PMPM per month and marks immature months provisional', () => {
    const rows = monthRows(mssp);
    // January: 12,996,351 paid ÷ 185 member-months = 70,250.5 cents; completed 13,368,118 ÷ 185 = 72,260.1.
    expect(rows[0]).toMatchObject({ label: 'Jan 2026', paidPmpmCents: 70251, completedPmpmCents: 72260 });
    // Completeness 97%, 96%, 95% are mature; April's 89% and later are not.
    expect(rows.map((r) => r.provisional)).toEqual([false, false, false, true, true, true]);
  });

  it('stacks paid under the estimated unpaid, beside the to-date benchmark PMPM', () => {
    // 128,953,134 benchmark cents ÷ 1,106 member-months = 116,594.2
    expect(benchmarkPmpmCents(mssp)).toBe(116594);
    const series = pmpmSeries(mssp);
    expect(series.labels?.[0]).toBe('Jan 2026');
    expect(series.labels?.[5]).toEqual(['Jun 2026', 'provisional']);
    expect(series.datasets[0]?.data[0]).toBe(702.51);
    expect(series.datasets[1]?.data[0]).toBe(20.09);
    expect(series.datasets[2]?.data).toEqual(Array(6).fill(1165.94));
    // Provisional months are paler (the same hue, 40% opacity).
    const colours = series.datasets[0]?.backgroundColor as string[];
    expect(colours[0]).toBe('#0072B2');
    expect(colours[5]).toBe('rgba(0, 114, 178, 0.4)');
  });

  it('has no benchmark line when the engine has no benchmark', () => {
    const noBenchmark = msspContract({ toDate: { ...mssp.toDate, benchmarkCents: null } });
    expect(pmpmSeries(noBenchmark).datasets[2]?.data).toEqual(Array(6).fill(null));
    expect(monthRows(capitationContract())).toEqual([]);
  });
});

describe('cumulativePoints and cumulativeSeries', () => {
  it('accumulates the months to date and joins the engine projection to the year end', () => {
    const points = cumulativePoints(mssp, '2026-06');
    expect(points.map((p) => p.month)).toEqual(monthsOfYear(2026));
    expect(points[0]).toMatchObject({ paidCents: 12996351, completedCents: 13368118, projectedCents: null });
    expect(points[5]).toMatchObject({ paidCents: 92390276, completedCents: 133457179, projectedCents: 133457179 });
    // The remainder 236,901,616 − 133,457,179 = 103,444,437 spread over six months: 17,240,739.5 each.
    expect(points[6]).toMatchObject({ paidCents: null, completedCents: null, projectedCents: 150697919 });
    expect(points[11]?.projectedCents).toBe(236901616);
  });

  it('pro-rates the to-date benchmark by member-months, then runs evenly to the year benchmark', () => {
    const points = cumulativePoints(mssp, '2026-06');
    // 128,953,134 × 185 ÷ 1,106 = 21,569,918.4
    expect(points[0]?.benchmarkCents).toBe(21569918);
    expect(points[5]?.benchmarkCents).toBe(128953134);
    expect(points[11]?.benchmarkCents).toBe(257691893);
  });

  it('marks the year-end band at December', () => {
    // 1,212,317 × 2,210 ÷ 12 = 223,268,380.8; 1,360,371 × 2,210 ÷ 12 = 250,534,992.5
    expect(yearEndBandCents(mssp)).toEqual({ low: 223268381, high: 250534993 });
    const series = cumulativeSeries(mssp, '2026-06');
    expect(series.datasets.map((d) => d.label)).toContain('Benchmark (pro-rated by member-months)');
    expect(series.datasets[4]?.data.slice(10)).toEqual([null, 2232683.81]);
    expect(series.datasets[5]?.data[11]).toBe(2505349.93);
    expect(series.datasets[0]?.data[11]).toBeNull();
  });

  it('draws no projection without one, and no band without a band', () => {
    const points = cumulativePoints(capitationContract(), '2026-06');
    expect(points.every((p) => p.projectedCents === null)).toBe(true);
    expect(yearEndBandCents(capitationContract())).toBeNull();
  });
});

describe('corridorGeometry', () => {
  it('places the projection, its band and the MSR/MLR corridor around the benchmark (hand-checked)', () => {
    const g = corridorGeometry({ ...mssp.projection, msr: 0.02, mlr: 0.02 });
    expect(g).not.toBeNull();
    // Corridor 1,399,232 × (1 ∓ 2%) = 1,371,247.36 … 1,427,216.64; marks span 1,212,317 … 1,427,216.64, and the
    // margin is the larger of 12% of that span and 2% of the benchmark: 27,984.64.
    expect(g?.domain[0]).toBeCloseTo(1184332.36, 2);
    expect(g?.domain[1]).toBeCloseTo(1455201.28, 2);
    expect(g?.corridor?.fromCents).toBeCloseTo(1371247.36, 2);
    expect(g?.corridor?.twoSided).toBe(true);
    expect(g?.benchmark.at).toBeCloseTo(79.337, 2);
    expect(g?.projection?.at).toBeCloseTo(37.661, 2);
    expect(g?.corridor?.from).toBeCloseTo(69.006, 2);
    expect(g?.band?.from).toBeCloseTo(10.33, 1);
    expect(g?.ticks).toHaveLength(5);
    expect(g?.ticks[0]?.at).toBeCloseTo(0, 3);
    expect(g?.ticks[4]?.at).toBeCloseTo(100, 3);
  });

  it('ends a one-sided corridor at the benchmark, and draws none without an MSR or a benchmark', () => {
    const oneSided = corridorGeometry({ ...mssp.projection, msr: 0.03, mlr: null });
    expect(oneSided?.corridor?.toCents).toBe(1399232);
    expect(oneSided?.corridor?.twoSided).toBe(false);
    expect(corridorGeometry({ ...mssp.projection, msr: null, mlr: null })?.corridor).toBeNull();
    expect(corridorGeometry({ ...capitationContract().projection, msr: null, mlr: null })).toBeNull();
  });
});

describe('enrolmentMix and revenueSegments', () => {
  it('shares member-months by enrolment type', () => {
    const mix = enrolmentMix(mssp);
    expect(mix.map((r) => [r.label, r.memberMonths])).toEqual([
      ['ESRD', 6],
      ['Disabled', 90],
      ['Aged, dual eligible', 84],
      ['Aged, not dual', 926],
    ]);
    expect(mix[3]?.share).toBeCloseTo(926 / 1106, 10);
    expect(enrolmentMix(capitationContract()).every((r) => r.share === 0)).toBe(true);
  });

  it('lists revenue by HCP-LAN category in the framework order', () => {
    const segments = revenueSegments(financeSnapshot().combined);
    expect(segments.map((s) => s.category)).toEqual(['1', '2', '3A', '3B', '4']);
    expect(segments[3]).toMatchObject({ cents: 22904966, label: 'APM, shared savings and downside risk' });
    expect(segments[3]?.share).toBeCloseTo(0.9407, 4);
  });
});

describe('corridorGeometry with a what-if', () => {
  it('widens the axis to hold an included amount', () => {
    const g = corridorGeometry({ ...msspContract().projection, msr: 0.02, mlr: 0.02 }, { include: [1000000] });
    expect(g?.domain[0]).toBeLessThan(1000000);
    expect(positionOn(g!.domain, 1000000)).toBeGreaterThan(0);
    expect(positionOn([0, 200], 50)).toBe(25);
  });
});
