/**
 * Bar geometry for the Quality and Attribution pages, pure: rows in, widths and palette colours out, so the
 * components only draw them (as CSS bars beside a table that carries the same numbers as text).
 */
import { shortStepLabel } from '../attribution/labels.js';
import type { MeasureRow } from '../quality/measures.js';
import { ATTRIBUTED_STEPS, type ContractAttribution } from '../rollups/counters.js';
import { PALETTE } from './palette.js';

export interface RateBar {
  measureId: string;
  label: string;
  /** 0–100, or null with nobody eligible (no bar drawn). */
  percent: number | null;
  /** The target as a marker on the same 0–100 scale. */
  targetPercent: number;
  /** Inverse measures are drawn in another colour (and say "lower is better"), never by colour alone. */
  colour: string;
  inverse: boolean;
}

export function rateBars(rows: readonly MeasureRow[], target: number, inverseTarget: number): RateBar[] {
  return rows.map((row) => ({
    measureId: row.measureId,
    label: `${row.measureId} ${row.title}`,
    percent: row.rate === null ? null : Math.round(row.rate * 1000) / 10,
    targetPercent: Math.round((row.inverse ? inverseTarget : target) * 1000) / 10,
    colour: row.inverse ? PALETTE.vermillion : PALETTE.blue,
    inverse: row.inverse,
  }));
}

export interface StepSegment {
  step: string;
  label: string;
  count: number;
  /** Share of the contract's attributed lives, 0–1. */
  share: number;
  colour: string;
}

const STEP_COLOURS: Record<string, string> = {
  'voluntary-alignment': PALETTE.purple,
  'step-1': PALETTE.blue,
  'step-2': PALETTE.skyBlue,
  'step-3': PALETTE.green,
  roster: PALETTE.orange,
};

/** A contract's attributed lives by step, in the rules' order, then any step this client has no name for. */
export function stepSegments(contract: ContractAttribution): StepSegment[] {
  const known = ATTRIBUTED_STEPS.filter((s) => contract.attributed.has(s));
  const other = [...contract.attributed.keys()].filter((s) => !(ATTRIBUTED_STEPS as readonly string[]).includes(s));
  return [...known, ...other.sort()].map((step) => {
    const count = contract.attributed.get(step) ?? 0;
    return {
      step,
      label: shortStepLabel(step),
      count,
      share: contract.attributedTotal === 0 ? 0 : count / contract.attributedTotal,
      colour: STEP_COLOURS[step] ?? PALETTE.grey,
    };
  });
}
