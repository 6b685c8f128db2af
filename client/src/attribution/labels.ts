/**
 * Attribution's codes in words (the attribution engine's AttributionStep and NotAttributedReason, and churn's
 * `no-longer-evaluated`), one place for every screen. An unknown code is shown as itself rather than hidden, so a
 * reason the engine adds later still reaches the reader.
 */

const STEP_LABELS: Record<string, string> = {
  'voluntary-alignment': 'Voluntary alignment (the patient chose an ACO clinician)',
  'step-1': 'Step 1: most primary care from ACO primary care physicians',
  'step-2': 'Step 2: most primary care from ACO specialists and other clinicians',
  'step-3': 'Step 3: an annual wellness or preventive visit with an ACO clinician',
  roster: 'On the payer’s roster this month',
};

const REASON_LABELS: Record<string, string> = {
  ineligible: 'Not eligible (Parts A and B, Medicare Advantage, residence or another shared-savings initiative)',
  'aligned-elsewhere': 'Chose a primary clinician outside the ACO',
  'no-primary-care': 'No primary care visit in the assignment window',
  'pre-step-not-met': 'No primary care with an ACO physician who counts for assignment',
  'plurality-elsewhere': 'More primary care paid to another ACO or practice',
  tie: 'Tied with another ACO or practice for the most primary care',
  'not-on-roster-this-month': 'Not on the payer’s roster this month',
  'no-longer-evaluated': 'No longer evaluated (contract ended or records removed)',
};

const SHORT_STEP_LABELS: Record<string, string> = {
  'voluntary-alignment': 'Voluntary alignment',
  'step-1': 'Step 1 (primary care physicians)',
  'step-2': 'Step 2 (specialists and other clinicians)',
  'step-3': 'Step 3 (wellness visit)',
  roster: 'Payer roster',
};

/** Why a member is attributed, in a sentence. */
export function stepLabel(step: string): string {
  return STEP_LABELS[step] ?? step;
}

/** The step as a column heading or legend entry. */
export function shortStepLabel(step: string): string {
  return SHORT_STEP_LABELS[step] ?? step;
}

/** Why a member is not (or no longer) attributed, in words. */
export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason] ?? reason;
}

/** A churn entry's reason: a joiner's step now, or a leaver's reason now. */
export function churnLabel(change: 'joined' | 'left', reason: string): string {
  return change === 'joined' ? `Joined — ${stepLabel(reason)}` : `Left — ${reasonLabel(reason)}`;
}

/**
 * Not-attributed reasons that describe patients who are close to this ACO — they do use its primary care, but
 * another organisation had as much or more — as opposed to patients the ACO has no claim on.
 */
export const CONTESTED_REASONS: readonly string[] = ['tie', 'plurality-elsewhere'];

/**
 * What quarter-to-date churn is measured from, as the workers define it (churnBaselineDate): the last day of the
 * previous quarter, or — in a calendar performance period's first quarter — its first day.
 * @param today - YYYY-MM-DD
 */
export function churnSinceText(today: string): string {
  const year = Number(today.slice(0, 4));
  const quarterStartMonth = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3;
  if (quarterStartMonth === 0) {
    return 'since the start of the performance period';
  }
  // Day 0 of a month is the last day of the month before.
  const end = new Date(Date.UTC(year, quarterStartMonth, 0));
  const text = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `since ${text.format(end)}`;
}

export interface AtRisk {
  /** 'claims': MSSP-style assignment by primary care; 'roster': the payer's roster decides. */
  basis: 'claims' | 'roster';
  /** Claims contracts: patients who had primary care with the ACO but another had more (or tied); else 0. */
  withinReach: number;
  /** Roster contracts: patients evaluated but not on this month's roster; else 0. */
  offRoster: number;
}

/**
 * What the counters can honestly say about attribution at risk. A contract whose counters are all roster-based
 * (attributed by `roster`, or not attributed for `not-on-roster-this-month`) is a roster contract: the payer decides,
 * and only who is off this month's roster is known. Otherwise the tie and plurality-elsewhere counts are patients
 * within reach. Neither says which attributed patients are about to leave.
 */
export function atRisk(contract: {
  attributed: ReadonlyMap<string, number>;
  notAttributed: ReadonlyMap<string, number>;
}): AtRisk {
  const keys = [...contract.attributed.keys(), ...contract.notAttributed.keys()];
  const roster = keys.length > 0 && keys.every((k) => k === 'roster' || k === 'not-on-roster-this-month');
  return roster
    ? { basis: 'roster', withinReach: 0, offRoster: contract.notAttributed.get('not-on-roster-this-month') ?? 0 }
    : {
        basis: 'claims',
        withinReach: CONTESTED_REASONS.reduce((sum, r) => sum + (contract.notAttributed.get(r) ?? 0), 0),
        offRoster: 0,
      };
}

/** A signed count for churn: "+3", "−2", and plain "0" rather than "+0". */
export function signedCount(n: number, sign: '+' | '−'): string {
  return n === 0 ? '0' : `${sign}${n.toLocaleString('en-US')}`;
}
