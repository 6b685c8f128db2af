/**
 * How the finance page says rates, signed money, probabilities and the names of categories. Beside format.ts
 * (money and months) rather than in it, so the finance vocabulary stays in one place.
 */
import { formatUsd } from './format.js';

const NONE = '—';

/** A fraction as a percentage: 0.0807 → "8.1%"; null → "—". */
export function formatRate(rate: number | null, digits = 1): string {
  if (rate === null || !Number.isFinite(rate)) {
    return NONE;
  }
  // A minus sign that reads as one (U+2212), and no "-0.0%".
  const fixed = (Math.abs(rate) * 100).toFixed(digits);
  return `${rate < 0 && Number(fixed) !== 0 ? '−' : ''}${fixed}%`;
}

/** Money that can go either way (savings paid, losses owed): "+$101,872", "−$35,069", "$0"; null → "—". */
export function formatSignedUsd(cents: number | null): string {
  if (cents === null) {
    return NONE;
  }
  const whole = Math.round(cents / 100);
  if (whole === 0) {
    return '$0';
  }
  return `${whole > 0 ? '+' : '−'}${formatUsd(Math.abs(whole) * 100)}`;
}

/** Cents or "—" when the engine could not say. */
export const formatUsdOrNone = (cents: number | null): string => (cents === null ? NONE : formatUsd(cents));

/** A probability in whole percent, never claiming certainty the model does not have: "<1%", ">99%". */
export function formatProbability(p: number | null): string {
  if (p === null || !Number.isFinite(p)) {
    return NONE;
  }
  if (p < 0.005) {
    return '<1%';
  }
  if (p > 0.995) {
    return '>99%';
  }
  return `${Math.round(p * 100)}%`;
}

/** HCP-LAN APM framework categories (category 1 is revenue outside every contract: plain fee-for-service). */
const LAN_LABELS: Record<string, string> = {
  '1': 'Fee-for-service, no contract',
  '2': 'Pay for performance',
  '3A': 'APM, shared savings (upside only)',
  '3B': 'APM, shared savings and downside risk',
  '4': 'Population-based payment',
};
export const lanCategoryLabel = (category: string): string => LAN_LABELS[category] ?? `Category ${category}`;

const ENROLMENT_LABELS: Record<string, string> = {
  esrd: 'ESRD',
  disabled: 'Disabled',
  agedDual: 'Aged, dual eligible',
  agedNonDual: 'Aged, not dual',
};
export const enrolmentTypeLabel = (type: string): string => ENROLMENT_LABELS[type] ?? type;

const PROGRAM_LABELS: Record<string, string> = {
  mssp: 'Medicare Shared Savings Program',
  'medicare-advantage': 'Medicare Advantage',
  'aco-reach': 'ACO REACH',
  commercial: 'Commercial',
  medicaid: 'Medicaid',
  other: 'Other',
};
export const programLabel = (program: string): string => PROGRAM_LABELS[program] ?? program;

/** The engine's confidence words, said for a reader who has not seen the code. */
const CONFIDENCE_LABELS: Record<string, string> = {
  assumption: 'Assumption',
  verify: 'To verify',
  secondary: 'Secondary source',
  regulation: 'Regulation',
  'cms-data': 'CMS data',
};
export const confidenceLabel = (confidence: string): string => CONFIDENCE_LABELS[confidence] ?? confidence;
