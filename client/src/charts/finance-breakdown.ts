/**
 * The finance page's breakdowns, pure: spend against the benchmark by Medicare enrolment type and weighted, spend
 * per member per month by service category and month with each cell's completeness, primary-care leakage by month
 * and the high-cost members — from a contract of the finance view to table rows and Chart.js data (dollars), so
 * the components only render.
 */
import type { ContractFinance, ServiceCategoryId } from '@benchline/shared';
import { ENROLLMENT_TYPE_IDS } from '@benchline/shared';
import { formatMonth } from '../format.js';
import { enrolmentTypeLabel } from '../format-finance.js';
import type { FinanceChartData } from './finance-series.js';
import { PROVISIONAL_BELOW } from './finance-series.js';
import { PALETTE, withAlpha } from './palette.js';

const dollars = (cents: number | null): number | null => (cents === null ? null : Math.round(cents) / 100);
const perCapita = (cents: number | null, memberMonths: number): number | null =>
  cents === null || memberMonths === 0 ? null : Math.round((cents * 12) / memberMonths);

export interface EnrolmentRow {
  /** An enrolment type, or "weighted" for all four together (the person-year-weighted comparison). */
  type: string;
  label: string;
  memberMonths: number;
  paidCents: number;
  /** Benchmark-comparable spend to date: completed, after truncation. */
  spendCents: number;
  benchmarkCents: number | null;
  /** Per person-year (twelve member-months). */
  perCapitaCents: number | null;
  benchmarkPerCapitaCents: number | null;
  /** Benchmark − spend: positive is under the benchmark. */
  differenceCents: number | null;
  differenceRate: number | null;
}

function difference(spend: number, benchmark: number | null): Pick<EnrolmentRow, 'differenceCents' | 'differenceRate'> {
  if (benchmark === null) {
    return { differenceCents: null, differenceRate: null };
  }
  return {
    differenceCents: benchmark - spend,
    differenceRate: benchmark === 0 ? null : (benchmark - spend) / benchmark,
  };
}

/**
 * Spend to date against the benchmark for each enrolment type — the strata MSSP sets its benchmark in — and all of
 * them weighted by their member-months, as the benchmark is (reference §1.6). A type's benchmark per person-year is
 * the contract's (UB_t, a PMPM target or capitation × 12) even before it has member-months.
 */
export function enrolmentRows(contract: ContractFinance): EnrolmentRow[] {
  const { toDate } = contract;
  const rows = ENROLLMENT_TYPE_IDS.map((type): EnrolmentRow => {
    const cell = toDate.byType[type];
    const memberMonths = toDate.memberMonths[type];
    return {
      type,
      label: enrolmentTypeLabel(type),
      memberMonths,
      paidCents: cell.paidCents,
      spendCents: cell.truncatedCents,
      benchmarkCents: cell.benchmarkCents,
      perCapitaCents: perCapita(cell.truncatedCents, memberMonths),
      benchmarkPerCapitaCents: cell.benchmarkPerCapitaCents,
      ...difference(cell.truncatedCents, memberMonths === 0 ? null : cell.benchmarkCents),
    };
  });
  const memberMonths = rows.reduce((s, r) => s + r.memberMonths, 0);
  rows.push({
    type: 'weighted',
    label: 'All types, weighted',
    memberMonths,
    paidCents: toDate.paidCents,
    spendCents: toDate.truncatedCents,
    benchmarkCents: toDate.benchmarkCents,
    perCapitaCents: perCapita(toDate.truncatedCents, memberMonths),
    benchmarkPerCapitaCents: perCapita(toDate.benchmarkCents, memberMonths),
    ...difference(toDate.truncatedCents, memberMonths === 0 ? null : toDate.benchmarkCents),
  });
  return rows;
}

/** Spend and benchmark per person-year, side by side, for each type with member-months and weighted. */
export function enrolmentSeries(contract: ContractFinance): FinanceChartData {
  const rows = enrolmentRows(contract).filter((r) => r.memberMonths > 0);
  return {
    labels: rows.map((r) => r.label),
    datasets: [
      {
        type: 'bar',
        label: 'Spend per person-year (completed, after truncation)',
        data: rows.map((r) => dollars(r.perCapitaCents)),
        backgroundColor: rows.map((r) => (r.type === 'weighted' ? PALETTE.blue : withAlpha(PALETTE.blue, 0.75))),
        maxBarThickness: 56,
      },
      {
        type: 'bar',
        label: 'Benchmark per person-year',
        data: rows.map((r) => dollars(r.benchmarkPerCapitaCents)),
        backgroundColor: rows.map((r) =>
          r.type === 'weighted' ? PALETTE.vermillion : withAlpha(PALETTE.vermillion, 0.75),
        ),
        maxBarThickness: 56,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// By service category and month.

const CATEGORY_LABELS: Record<ServiceCategoryId, string> = {
  inpatient: 'Inpatient',
  outpatient: 'Hospital outpatient',
  snf: 'Skilled nursing facility',
  hha: 'Home health',
  hospice: 'Hospice',
  professional: 'Professional (Part B)',
  dme: 'Durable medical equipment',
  ambulance: 'Ambulance',
};
export const categoryLabel = (category: string): string => CATEGORY_LABELS[category as ServiceCategoryId] ?? category;

const CATEGORY_COLOURS: Record<ServiceCategoryId, string> = {
  inpatient: PALETTE.blue,
  outpatient: PALETTE.skyBlue,
  snf: PALETTE.orange,
  hha: PALETTE.green,
  hospice: PALETTE.purple,
  professional: PALETTE.vermillion,
  dme: PALETTE.yellow,
  ambulance: PALETTE.grey,
};

export interface CategoryCell {
  month: string;
  paidCents: number;
  completedCents: number;
  paidPmpmCents: number | null;
  completedPmpmCents: number | null;
  /** Paid ÷ completed; null when nothing is expected. */
  completeness: number | null;
  /** Less than PROVISIONAL_BELOW of the expected spend paid: the PMPM will still move. */
  provisional: boolean;
}

export interface CategoryRow {
  category: string;
  label: string;
  cells: CategoryCell[];
  completedCents: number;
  /** Completed spend ÷ the months' member-months. */
  completedPmpmCents: number | null;
}

export interface CategoryGrid {
  months: { month: string; label: string; memberMonths: number; provisional: boolean }[];
  rows: CategoryRow[];
  /** Every category together, per month. */
  totals: CategoryCell[];
}

function cellOf(month: string, memberMonths: number, paidCents: number, completedCents: number): CategoryCell {
  const completeness = completedCents > 0 ? paidCents / completedCents : null;
  return {
    month,
    paidCents,
    completedCents,
    paidPmpmCents: memberMonths > 0 ? Math.round(paidCents / memberMonths) : null,
    completedPmpmCents: memberMonths > 0 ? Math.round(completedCents / memberMonths) : null,
    completeness,
    provisional: completeness !== null && completeness < PROVISIONAL_BELOW,
  };
}

/** The category × month table: PMPM per cell with its completeness, each category's PMPM and the month's total. */
export function categoryGrid(contract: ContractFinance): CategoryGrid {
  const { categories } = contract;
  const byMonth = new Map(contract.months.map((m) => [m.month, m]));
  const months = categories.months.map((month) => {
    const m = byMonth.get(month);
    return {
      month,
      label: formatMonth(month),
      memberMonths: m?.memberMonths ?? 0,
      provisional: m !== undefined && m.completeness < PROVISIONAL_BELOW,
    };
  });
  const allMonths = months.reduce((s, m) => s + m.memberMonths, 0);
  const rows = categories.rows.map((row): CategoryRow => {
    const completedCents = row.completedCents.reduce((s, c) => s + c, 0);
    return {
      category: row.category,
      label: categoryLabel(row.category),
      cells: months.map((m, i) => cellOf(m.month, m.memberMonths, row.paidCents[i] ?? 0, row.completedCents[i] ?? 0)),
      completedCents,
      completedPmpmCents: allMonths > 0 ? Math.round(completedCents / allMonths) : null,
    };
  });
  const totals = months.map((m, i) =>
    cellOf(
      m.month,
      m.memberMonths,
      categories.rows.reduce((s, r) => s + (r.paidCents[i] ?? 0), 0),
      categories.rows.reduce((s, r) => s + (r.completedCents[i] ?? 0), 0),
    ),
  );
  return { months, rows, totals };
}

/**
 * Completed PMPM by month, stacked by category; months still developing are paler and labelled provisional (as the
 * PMPM-by-month chart does), since their completed dollars are mostly the completion factor's estimate.
 */
export function categorySeries(contract: ContractFinance): FinanceChartData {
  const grid = categoryGrid(contract);
  return {
    labels: grid.months.map((m) => (m.provisional ? [m.label, 'provisional'] : m.label)),
    datasets: grid.rows.map((row) => {
      const colour = CATEGORY_COLOURS[row.category as ServiceCategoryId] ?? PALETTE.grey;
      return {
        type: 'bar' as const,
        label: row.label,
        data: row.cells.map((c) => dollars(c.completedPmpmCents)),
        backgroundColor: grid.months.map((m) => (m.provisional ? withAlpha(colour, 0.4) : colour)),
        stack: 'categories',
        maxBarThickness: 48,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Leakage and high-cost members.

export interface LeakageRow {
  month: string;
  label: string;
  inCents: number;
  outCents: number;
  share: number | null;
}

/** Primary-care allowed dollars inside and outside the contract's entity, by month; null without leakage data. */
export function leakageRows(contract: ContractFinance): LeakageRow[] | null {
  if (contract.leakage === null) {
    return null;
  }
  return contract.leakage.months.map((m) => ({
    month: m.month,
    label: formatMonth(m.month),
    inCents: m.inCents,
    outCents: m.outCents,
    share: m.inCents + m.outCents > 0 ? m.outCents / (m.inCents + m.outCents) : null,
  }));
}

export interface HighCostRow {
  rank: number;
  memberId: string;
  /** The patient's page. */
  link: string;
  paidCents: number;
  /** Of the contract's paid spend to date. */
  share: number | null;
  annualisedCents: number | null;
  claims: number;
  months: number;
  types: string;
}

export function highCostRows(contract: ContractFinance): HighCostRow[] {
  const total = contract.toDate.paidCents;
  return contract.highCostMembers.map((m, i) => ({
    rank: i + 1,
    memberId: m.memberId,
    link: `/patients/${encodeURIComponent(m.memberId)}`,
    paidCents: m.paidCents,
    share: total > 0 ? m.paidCents / total : null,
    annualisedCents: m.annualisedCents,
    claims: m.claims,
    months: m.months,
    types: m.types.map(enrolmentTypeLabel).join(', '),
  }));
}
