/**
 * How the wall says counts and rates. Counts of patients from 1 to 10 arrive suppressed (null, CMS's small-cell
 * rule) and read "<11"; a rate resting on a suppressed count reads "suppressed", never a made-up number.
 */
import type { WallContract, WallMeasure, WallTransitions } from '@benchline/shared';
import { SMALL_CELL_LIMIT } from '@benchline/shared';
import { formatCount, formatDay } from '../format.js';
import { formatRate } from '../format-finance.js';

// Explicit minimum digits: engines differ on the default for compact currency ("$9M" in Chromium, "$9.0M" in Node).
const compactUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  minimumFractionDigits: 0,
  maximumFractionDigits: 1,
});

/** Money at wall size: 912345678 cents → "$9.1M". */
export const formatWallUsd = (cents: number): string => compactUsd.format(cents / 100);

/** What a suppressed count shows as. */
export const SUPPRESSED = `<${SMALL_CELL_LIMIT}`;

/** A count of patients: 1234 → "1,234"; null (1–10) → "<11". */
export function formatPatientCount(count: number | null): string {
  return count === null ? SUPPRESSED : formatCount(count);
}

export interface MeasureDisplay {
  /** "72.4%", or words when there is no rate to show. */
  rate: string;
  /** "123 of 170", with "<11" for a suppressed side. */
  counts: string;
  /** 0–1 for the bar; null draws no bar. */
  fraction: number | null;
  suppressed: boolean;
}

export function measureDisplay(measure: WallMeasure): MeasureDisplay {
  const suppressed = measure.met === null || measure.eligible === null;
  const counts = `${formatPatientCount(measure.met)} of ${formatPatientCount(measure.eligible)}`;
  if (measure.rate !== null && Number.isFinite(measure.rate)) {
    return { rate: formatRate(measure.rate), counts, fraction: Math.min(1, Math.max(0, measure.rate)), suppressed };
  }
  if (suppressed) {
    return { rate: 'suppressed', counts, fraction: null, suppressed };
  }
  return { rate: 'nobody eligible yet', counts, fraction: null, suppressed };
}

export interface ContractDisplay {
  spend: string;
  benchmark: string;
  /** Spend ÷ benchmark to date, for the bar (capped at 1.25 so an overrun still fits); null without a benchmark. */
  ofBenchmark: number | null;
  /** "+3.2% projected savings", "−1.5% projected loss", or null when the contract has no projection. */
  savings: string | null;
  /** 'savings' | 'loss' | 'even', so the page adds an icon as well as a colour. */
  direction: 'savings' | 'loss' | 'even' | null;
  settlement: string | null;
}

export function contractDisplay(contract: WallContract): ContractDisplay {
  const benchmark = contract.benchmarkToDateCents;
  const rate = contract.projectedSavingsRate;
  let savings: string | null = null;
  let direction: ContractDisplay['direction'] = null;
  if (rate !== null && Number.isFinite(rate)) {
    const shown = formatRate(Math.abs(rate));
    direction = shown === '0.0%' ? 'even' : rate > 0 ? 'savings' : 'loss';
    savings =
      direction === 'even'
        ? 'on the benchmark'
        : `${direction === 'savings' ? '+' : '−'}${shown} projected ${direction === 'savings' ? 'savings' : 'loss'}`;
  }
  const settlement = contract.expectedSettlementCents;
  return {
    spend: formatWallUsd(contract.spendToDateCents),
    benchmark: benchmark === null ? 'no benchmark' : formatWallUsd(benchmark),
    ofBenchmark: benchmark === null || benchmark <= 0 ? null : Math.min(1.25, contract.spendToDateCents / benchmark),
    savings,
    direction,
    settlement:
      settlement === null
        ? null
        : `${settlement < 0 ? '−' : settlement > 0 ? '+' : ''}${formatWallUsd(Math.abs(settlement))} expected`,
  };
}

const PROGRAMS: Readonly<Record<string, string>> = {
  mssp: 'MSSP',
  'aco-reach': 'ACO REACH',
  'medicare-advantage': 'Medicare Advantage',
  commercial: 'Commercial',
  medicaid: 'Medicaid',
  other: 'Other',
};

/** A contract's programme in words: "medicare-advantage" → "Medicare Advantage". */
export function programLabel(program: string): string {
  return PROGRAMS[program] ?? program.replace(/-/g, ' ');
}

export interface TransitionTile {
  id: 'admissions' | 'ed-visits' | 'discharges' | 'readmissions';
  label: string;
  /** "12", or "<11" when suppressed. */
  value: string;
  suppressed: boolean;
}

export interface TransitionsDisplay {
  /** "Transitions of care — today". */
  title: string;
  /** The wall's day in words ("Nov 26, 2026"); null before the first snapshot. */
  day: string | null;
  tiles: TransitionTile[];
  tcm: {
    label: string;
    /** "72.0%", or words when there is no rate to show. */
    rate: string;
    /** 0–1 for the bar; null draws no bar. */
    fraction: number | null;
    /** "18 of 25 completed in time", "<11" for a suppressed side. */
    counts: string;
    /** "4 still pending". */
    pending: string;
  };
}

/**
 * The wall's transitions-of-care tiles: today's admissions, ED visits, discharges and readmissions, and the TCM
 * completion rate over the last 30 days' decided discharges — small counts as "<11", never an invented rate.
 */
export function transitionsDisplay(transitions: WallTransitions): TransitionsDisplay {
  const tile = (id: TransitionTile['id'], label: string, count: number | null): TransitionTile => ({
    id,
    label,
    value: formatPatientCount(count),
    suppressed: count === null,
  });
  const { completed, decided, pending, rate } = transitions.tcm;
  let rateText: string;
  let fraction: number | null = null;
  if (rate !== null && Number.isFinite(rate)) {
    rateText = formatRate(rate);
    fraction = Math.min(1, Math.max(0, rate));
  } else if (completed === null || decided === null) {
    rateText = 'suppressed';
  } else {
    rateText = 'no outcomes yet';
  }
  return {
    title: 'Transitions of care — today',
    day: /^\d{4}-\d{2}-\d{2}$/.test(transitions.day) ? formatDay(transitions.day) : null,
    tiles: [
      tile('admissions', 'Admissions', transitions.admissions),
      tile('ed-visits', 'ED visits', transitions.edVisits),
      tile('discharges', 'Discharges', transitions.discharges),
      tile('readmissions', 'Readmissions', transitions.readmissions),
    ],
    tcm: {
      label: 'Transitional care completed in time (last 30 days)',
      rate: rateText,
      fraction,
      counts: `${formatPatientCount(completed)} of ${formatPatientCount(decided)} completed in time`,
      pending: `${formatPatientCount(pending)} still pending`,
    },
  };
}
