/**
 * The finance page's chart data, pure: a contract from the finance view in, Chart.js data, gauge geometry and
 * table rows out, so the components only render. Money goes to Chart.js in dollars (the view holds cents).
 *
 * Where a series is drawn between the numbers the engine gives, it says so in its label: the benchmark by month
 * is the engine's to-date benchmark pro-rated by member-months (the view has no per-month benchmark), and the
 * projection path spreads the projected remainder evenly over the months to come (the engine projects each at
 * the same member-months and run rate, so it is even).
 */
import type { ContractFinance, FinanceSnapshot } from '@benchline/shared';
import { ENROLLMENT_TYPE_IDS, LAN_CATEGORY_IDS } from '@benchline/shared';
import type { ChartData } from 'chart.js';
import { formatMonth } from '../format.js';
import { enrolmentTypeLabel, lanCategoryLabel } from '../format-finance.js';
import { PALETTE, withAlpha } from './palette.js';

/** A month with less than this share of its expected spend paid is provisional: its PMPM will still move. */
export const PROVISIONAL_BELOW = 0.9;

export type FinanceChartData = ChartData<'bar' | 'line', (number | null)[], string | string[]>;

const dollars = (cents: number | null): number | null => (cents === null ? null : Math.round(cents) / 100);

export interface MonthRow {
  month: string;
  label: string;
  memberMonths: number;
  paidCents: number;
  completedCents: number;
  /** Completed ÷ member-months; null for a month without member-months. */
  paidPmpmCents: number | null;
  completedPmpmCents: number | null;
  completeness: number;
  provisional: boolean;
}

export function monthRows(contract: ContractFinance): MonthRow[] {
  return [...contract.months]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((m) => ({
      month: m.month,
      label: formatMonth(m.month),
      memberMonths: m.memberMonths,
      paidCents: m.paidCents,
      completedCents: m.completedCents,
      paidPmpmCents: m.memberMonths > 0 ? Math.round(m.paidCents / m.memberMonths) : null,
      completedPmpmCents: m.memberMonths > 0 ? Math.round(m.completedCents / m.memberMonths) : null,
      completeness: m.completeness,
      provisional: m.completeness < PROVISIONAL_BELOW,
    }));
}

const sumTypes = (mm: ContractFinance['toDate']['memberMonths']): number =>
  mm.esrd + mm.disabled + mm.agedDual + mm.agedNonDual;

/** The benchmark per member-month over the months to date (the engine's to-date benchmark ÷ member-months). */
export function benchmarkPmpmCents(contract: ContractFinance): number | null {
  const mm = sumTypes(contract.toDate.memberMonths);
  return contract.toDate.benchmarkCents === null || mm === 0 ? null : Math.round(contract.toDate.benchmarkCents / mm);
}

/**
 * PMPM by incurred month: what has been paid, stacked under what the completion factors expect still to come,
 * beside the benchmark PMPM. Provisional months are paler and labelled so on the axis.
 */
export function pmpmSeries(contract: ContractFinance): FinanceChartData {
  const rows = monthRows(contract);
  const benchmark = benchmarkPmpmCents(contract);
  const shade = (colour: string) => rows.map((r) => (r.provisional ? withAlpha(colour, 0.4) : colour));
  return {
    labels: rows.map((r) => (r.provisional ? [r.label, 'provisional'] : r.label)),
    datasets: [
      {
        type: 'bar',
        label: 'Paid PMPM',
        data: rows.map((r) => dollars(r.paidPmpmCents)),
        backgroundColor: shade(PALETTE.blue),
        stack: 'spend',
        maxBarThickness: 48,
      },
      {
        type: 'bar',
        label: 'Not yet paid, estimated from claims lag',
        data: rows.map((r) =>
          r.completedPmpmCents === null || r.paidPmpmCents === null
            ? null
            : dollars(r.completedPmpmCents - r.paidPmpmCents),
        ),
        backgroundColor: shade(PALETTE.skyBlue),
        stack: 'spend',
        maxBarThickness: 48,
      },
      {
        type: 'line',
        label: 'Benchmark PMPM (to date)',
        data: rows.map(() => dollars(benchmark)),
        borderColor: PALETTE.vermillion,
        backgroundColor: PALETTE.vermillion,
        borderDash: [6, 4],
        borderWidth: 2,
        pointRadius: 0,
      },
    ],
  };
}

/** The months of a performance year, "YYYY-01" … "YYYY-12". */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

export interface CumulativePoint {
  month: string;
  label: string;
  paidCents: number | null;
  completedCents: number | null;
  projectedCents: number | null;
  benchmarkCents: number | null;
}

/**
 * Cumulative spend through the year: paid and completed for the months to date; the engine's projection from the
 * benchmark-comparable spend to date to the projected year-end spend; the benchmark pro-rated by member-months
 * to date, then evenly to the year's projected benchmark.
 */
export function cumulativePoints(contract: ContractFinance, asOfMonth: string | null): CumulativePoint[] {
  const months = monthsOfYear(contract.year);
  const byMonth = new Map(contract.months.map((m) => [m.month, m]));
  const asOf = asOfMonth ?? months[0] ?? '';
  const elapsed = months.filter((m) => m <= asOf);
  const remaining = months.length - elapsed.length;
  const toDateMm = sumTypes(contract.toDate.memberMonths);
  const { benchmarkCents: benchmarkToDate } = contract.toDate;
  const { spendCents, benchmarkCents: benchmarkYear, perCapitaCents } = contract.projection;
  const futureSpend = (spendCents - contract.toDate.truncatedCents) / Math.max(1, remaining);
  const futureBenchmark =
    benchmarkYear === null || benchmarkToDate === null
      ? null
      : (benchmarkYear - benchmarkToDate) / Math.max(1, remaining);

  let paid = 0;
  let completed = 0;
  let comparable = 0;
  let mm = 0;
  return months.map((month, i) => {
    const label = formatMonth(month);
    if (month <= asOf) {
      const cell = byMonth.get(month);
      paid += cell?.paidCents ?? 0;
      completed += cell?.completedCents ?? 0;
      comparable += cell?.truncatedCents ?? 0;
      mm += cell?.memberMonths ?? 0;
      const isLast = i === elapsed.length - 1;
      return {
        month,
        label,
        paidCents: paid,
        completedCents: completed,
        // The projection starts where the benchmark-comparable spend to date ends, so the lines join.
        projectedCents: isLast && perCapitaCents !== null && remaining > 0 ? comparable : null,
        benchmarkCents:
          benchmarkToDate === null || toDateMm === 0 ? null : Math.round((benchmarkToDate * mm) / toDateMm),
      };
    }
    const ahead = i - elapsed.length + 1;
    return {
      month,
      label,
      paidCents: null,
      completedCents: null,
      projectedCents: perCapitaCents === null ? null : Math.round(contract.toDate.truncatedCents + futureSpend * ahead),
      benchmarkCents:
        futureBenchmark === null || benchmarkToDate === null
          ? null
          : Math.round(benchmarkToDate + futureBenchmark * ahead),
    };
  });
}

/** Year-end spend at the band's two ends (per capita × person-years), for the December markers. */
export function yearEndBandCents(contract: ContractFinance): { low: number; high: number } | null {
  const { lowPerCapitaCents: low, highPerCapitaCents: high, memberMonths } = contract.projection;
  if (low === null || high === null || memberMonths === 0) {
    return null;
  }
  return { low: Math.round((low * memberMonths) / 12), high: Math.round((high * memberMonths) / 12) };
}

export function cumulativeSeries(contract: ContractFinance, asOfMonth: string | null): FinanceChartData {
  const points = cumulativePoints(contract, asOfMonth);
  const band = yearEndBandCents(contract);
  const atYearEnd = (cents: number | undefined) =>
    points.map((_, i) => (i === 11 && cents !== undefined ? dollars(cents) : null));
  return {
    labels: points.map((p) => p.label),
    datasets: [
      {
        type: 'line',
        label: 'Completed: paid plus estimated claims lag',
        data: points.map((p) => dollars(p.completedCents)),
        borderColor: PALETTE.blue,
        backgroundColor: PALETTE.blue,
        borderWidth: 3,
        pointRadius: 2,
      },
      {
        type: 'line',
        label: 'Paid to date',
        data: points.map((p) => dollars(p.paidCents)),
        borderColor: PALETTE.skyBlue,
        backgroundColor: PALETTE.skyBlue,
        borderWidth: 2,
        pointRadius: 0,
      },
      {
        type: 'line',
        label: 'Projected to year end (run rate)',
        data: points.map((p) => dollars(p.projectedCents)),
        borderColor: PALETTE.blue,
        backgroundColor: PALETTE.blue,
        borderDash: [4, 4],
        borderWidth: 2,
        pointRadius: 0,
        spanGaps: true,
      },
      {
        type: 'line',
        label: 'Benchmark (pro-rated by member-months)',
        data: points.map((p) => dollars(p.benchmarkCents)),
        borderColor: PALETTE.vermillion,
        backgroundColor: PALETTE.vermillion,
        borderDash: [8, 4],
        borderWidth: 2,
        pointRadius: 0,
      },
      {
        type: 'line',
        label: 'Year-end band: favourable end (10th percentile)',
        data: band === null ? points.map(() => null) : atYearEnd(band.low),
        borderColor: PALETTE.grey,
        backgroundColor: PALETTE.grey,
        showLine: false,
        pointStyle: 'line',
        pointRadius: 10,
        pointBorderWidth: 3,
      },
      {
        type: 'line',
        label: 'Year-end band: unfavourable end (90th percentile)',
        data: band === null ? points.map(() => null) : atYearEnd(band.high),
        borderColor: PALETTE.grey,
        backgroundColor: PALETTE.grey,
        showLine: false,
        pointStyle: 'line',
        pointRadius: 10,
        pointBorderWidth: 3,
      },
    ],
  };
}

export interface CorridorInput {
  perCapitaCents: number | null;
  lowPerCapitaCents: number | null;
  highPerCapitaCents: number | null;
  benchmarkPerCapitaCents: number | null;
  msr: number | null;
  mlr: number | null;
}

export interface CorridorGeometry {
  /** Per-capita cents at the left and right edges. */
  domain: [number, number];
  /** Positions in percent of the width (0 = left). */
  benchmark: { cents: number; at: number };
  /** The MSR/MLR corridor: no sharing inside it. Null without an MSR. */
  corridor: { fromCents: number; toCents: number; from: number; to: number; twoSided: boolean } | null;
  projection: { cents: number; at: number } | null;
  band: { lowCents: number; highCents: number; from: number; to: number } | null;
  ticks: { cents: number; at: number }[];
}

/** Where a per-capita amount sits on an axis, in percent of its width. */
export function positionOn(domain: readonly [number, number], cents: number): number {
  return ((cents - domain[0]) / (domain[1] - domain[0])) * 100;
}

/**
 * Where to draw the year-end projection against the benchmark and its MSR/MLR corridor on a per-capita axis:
 * the domain holds every mark (and any `include`d amount, such as a what-if) with a margin, so the picture never
 * clips. Null without a benchmark.
 */
export function corridorGeometry(
  input: CorridorInput,
  options: { include?: readonly number[]; tickCount?: number } = {},
): CorridorGeometry | null {
  const { include = [], tickCount = 5 } = options;
  const benchmark = input.benchmarkPerCapitaCents;
  if (benchmark === null || benchmark <= 0) {
    return null;
  }
  const corridorFrom = input.msr === null ? null : benchmark * (1 - input.msr);
  // One-sided models have no MLR: the corridor ends at the benchmark (above it nobody owes).
  const corridorTo = input.msr === null ? null : benchmark * (1 + (input.mlr ?? 0));
  const marks = [
    benchmark,
    corridorFrom,
    corridorTo,
    input.perCapitaCents,
    input.lowPerCapitaCents,
    input.highPerCapitaCents,
    ...include,
  ].filter((v): v is number => v !== null);
  const lo = Math.min(...marks);
  const hi = Math.max(...marks);
  const margin = Math.max((hi - lo) * 0.12, benchmark * 0.02);
  const domain: [number, number] = [lo - margin, hi + margin];
  const at = (cents: number): number => positionOn(domain, cents);
  const step = (domain[1] - domain[0]) / (tickCount - 1);
  return {
    domain,
    benchmark: { cents: benchmark, at: at(benchmark) },
    corridor:
      corridorFrom === null || corridorTo === null
        ? null
        : {
            fromCents: corridorFrom,
            toCents: corridorTo,
            from: at(corridorFrom),
            to: at(corridorTo),
            twoSided: input.mlr !== null,
          },
    projection: input.perCapitaCents === null ? null : { cents: input.perCapitaCents, at: at(input.perCapitaCents) },
    band:
      input.lowPerCapitaCents === null || input.highPerCapitaCents === null
        ? null
        : {
            lowCents: input.lowPerCapitaCents,
            highCents: input.highPerCapitaCents,
            from: at(input.lowPerCapitaCents),
            to: at(input.highPerCapitaCents),
          },
    ticks: Array.from({ length: tickCount }, (_, i) => {
      const cents = Math.round(domain[0] + step * i);
      return { cents, at: at(cents) };
    }),
  };
}

export interface MixRow {
  type: string;
  label: string;
  memberMonths: number;
  share: number;
}

/** Member-months to date by Medicare enrolment type (the four MSSP benchmark strata) and their shares. */
export function enrolmentMix(contract: ContractFinance): MixRow[] {
  const total = sumTypes(contract.toDate.memberMonths);
  return ENROLLMENT_TYPE_IDS.map((type) => ({
    type,
    label: enrolmentTypeLabel(type),
    memberMonths: contract.toDate.memberMonths[type],
    share: total > 0 ? contract.toDate.memberMonths[type] / total : 0,
  }));
}

export interface RevenueSegment {
  category: string;
  label: string;
  cents: number;
  share: number;
  colour: string;
}

const LAN_COLOURS: Record<string, string> = {
  '1': PALETTE.grey,
  '2': PALETTE.yellow,
  '3A': PALETTE.skyBlue,
  '3B': PALETTE.blue,
  '4': PALETTE.green,
};

/** The combined revenue by HCP-LAN category, in the framework's order, for the stacked share bar and its key. */
export function revenueSegments(combined: FinanceSnapshot['combined']): RevenueSegment[] {
  return LAN_CATEGORY_IDS.map((category) => ({
    category,
    label: lanCategoryLabel(category),
    cents: combined.revenueByCategoryCents[category],
    share: combined.shares[category],
    colour: LAN_COLOURS[category] ?? PALETTE.grey,
  }));
}
