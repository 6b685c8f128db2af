/**
 * Care-gap states (reference §4.4) per patient and measure: open, closed-provisional (closed by clinical evidence
 * only), closed-confirmed (a claim shows it), excluded (with the reason), not applicable, not evaluable; the due
 * date and, for a closed gap, when its evidence stops counting. Also the annual wellness visit as an operational
 * gap, and the seam where the risk engine's HCC recapture gaps join the same queue.
 */
import { yearOf } from './dates.js';
import { MEASURES } from './evaluate.js';
import { during, interval, toInterval } from './intervals.js';
import { buildPatientRecord, evidenceOf, type PatientRecord } from './patient-record.js';
import type { MeasureTerminology } from './terminology.js';
import type { EvidenceRecord, MeasureId, MeasureResult, PatientFacts, Period } from './types.js';

export const GAP_STATES = [
  'open',
  'closed-provisional',
  'closed-confirmed',
  'excluded',
  'not-applicable',
  'not-evaluable',
] as const;
export type GapState = (typeof GAP_STATES)[number];

/** `care-transition`: an admission, ED visit or discharge's transitional care (domain/transitions). */
export type GapKind = 'measure' | 'annual-wellness-visit' | 'hcc-recapture' | 'care-transition';

export interface CareGap {
  /** `<memberId>:<subject>:<period start>`: stable across re-evaluations, so a state change updates one gap. */
  readonly gapId: string;
  readonly kind: GapKind;
  readonly memberId: string;
  /** The measure id, `AWV`, the HCC (`V28 HCC 37`), or `ADMIT` / `ED` / `TCM`. */
  readonly subject: string;
  readonly title: string;
  readonly period: Period;
  readonly state: GapState;
  /** Why excluded or not evaluable. */
  readonly reason: string | null;
  /** The last day a closing event can happen and still count; null unless open. */
  readonly dueDate: string | null;
  /** Closed: the end of the last period the closing evidence still counts for. */
  readonly nextDueDate: string | null;
  /** The first day a closing event counts (an annual wellness visit 11 full months after the last one). */
  readonly earliestDate: string | null;
  readonly evidence: readonly EvidenceRecord[];
}

function gapId(memberId: string, subject: string, period: Period): string {
  return `${memberId}:${subject}:${period.start}`;
}

/** CMS130's lookbacks in years by the role of the closing evidence (a screening reported on a claim: this year). */
const COLORECTAL_LOOKBACK: Readonly<Record<string, number>> = {
  colonoscopy: 9,
  'flexible sigmoidoscopy': 4,
  'CT colonography': 4,
  'sDNA-FIT': 2,
  FOBT: 0,
};

/** The last calendar year the closing evidence still satisfies the measure's lookback. */
function coveredThroughYear(measureId: MeasureId, evidence: readonly EvidenceRecord[], period: Period): number {
  const years = evidence.map((record) => {
    const year = yearOf(record.date);
    switch (measureId) {
      case 'CMS125':
        // A mammogram counts while it is on or after October 1 two years before the period: Oct–Dec buys a third
        // year. (A Part B code reports a mammogram of unknown date: this period only.)
        if (record.role !== 'mammography') {
          return yearOf(period.end);
        }
        return record.date.slice(5) >= '10-01' ? year + 2 : year + 1;
      case 'CMS130':
        return year + (COLORECTAL_LOOKBACK[record.role] ?? 0);
      default:
        return yearOf(period.end);
    }
  });
  return Math.max(yearOf(period.end), ...years);
}

function reasonOf(evidence: readonly EvidenceRecord[], prefix: string): string {
  const roles = [...new Set(evidence.map((record) => record.role))];
  return roles.length > 0 ? `${prefix}: ${roles.join(', ')}` : prefix;
}

/** The care gap a measure result implies (inverse measures: being in the numerator is the open gap). */
export function measureGap(result: MeasureResult): CareGap {
  const base = {
    gapId: gapId(result.memberId, result.measureId, result.period),
    kind: 'measure' as const,
    memberId: result.memberId,
    subject: result.measureId,
    title: MEASURES[result.measureId].title,
    period: result.period,
    earliestDate: null,
  };
  const p = result.populations;
  const none = { reason: null, dueDate: null, nextDueDate: null };
  if (!result.evaluable) {
    return { ...base, ...none, state: 'not-evaluable', reason: result.reason, evidence: [] };
  }
  if (!p.denominator) {
    return { ...base, ...none, state: 'not-applicable', evidence: [] };
  }
  if (p.denominatorExclusion) {
    const evidence = result.evidence.denominatorExclusion;
    return { ...base, ...none, state: 'excluded', reason: reasonOf(evidence, 'excluded'), evidence };
  }
  if (p.denominatorException) {
    const evidence = result.evidence.denominatorException;
    return { ...base, ...none, state: 'excluded', reason: reasonOf(evidence, 'exception'), evidence };
  }
  const closed = result.inverse ? !p.numerator : p.numerator;
  const evidence = result.evidence.numerator;
  if (!closed) {
    return { ...base, ...none, state: 'open', dueDate: result.period.end, evidence };
  }
  const year = coveredThroughYear(result.measureId, evidence, result.period);
  return {
    ...base,
    ...none,
    state: evidence.some((record) => record.source === 'claim') ? 'closed-confirmed' : 'closed-provisional',
    nextDueDate: `${year}${result.period.end.slice(4)}`,
    evidence,
  };
}

/**
 * The annual wellness visit (HCPCS G0438 initial, G0439 subsequent) in the period: closed-confirmed by a claim,
 * closed-provisional by an EHR encounter with the code; not applicable to a member who died before the period.
 * Medicare pays the next one once 11 full months have passed since the month of the last: the earliest date.
 */
export function annualWellnessVisitGap(
  facts: PatientFacts | PatientRecord,
  period: Period,
  terminology: MeasureTerminology,
): CareGap {
  const record = 'facts' in facts ? facts : buildPatientRecord(facts);
  const codes = terminology.proxies.annualWellnessVisit;
  const visits = record.facts.filter(
    (fact) =>
      (fact.kind === 'claim-line' || fact.kind === 'encounter') &&
      (fact.system === 'hcpcs' || fact.system === 'cpt') &&
      codes.includes(fact.code) &&
      fact.status === 'completed',
  );
  const base = {
    gapId: gapId(record.memberId, 'AWV', period),
    kind: 'annual-wellness-visit' as const,
    memberId: record.memberId,
    subject: 'AWV',
    title: 'Annual wellness visit',
    period,
    reason: null,
  };
  const deathDate = record.profile?.deathDate;
  if (deathDate !== undefined && deathDate < period.start) {
    return { ...base, state: 'not-applicable', dueDate: null, nextDueDate: null, earliestDate: null, evidence: [] };
  }
  const mp = interval(period.start, period.end);
  const inPeriod = visits.filter((fact) => during(toInterval(fact), mp));
  if (inPeriod.length > 0) {
    const evidence = inPeriod.map((fact) => evidenceOf(fact, 'annual wellness visit'));
    return {
      ...base,
      state: inPeriod.some((fact) => fact.origin === 'claim') ? 'closed-confirmed' : 'closed-provisional',
      dueDate: null,
      nextDueDate: period.end,
      earliestDate: null,
      evidence,
    };
  }
  const last = visits
    .map((fact) => fact.start)
    .filter((date) => date < period.start)
    .sort()
    .at(-1);
  const eligible = last === undefined ? null : firstOfMonthAfter(last, 12);
  return {
    ...base,
    state: 'open',
    dueDate: period.end,
    nextDueDate: null,
    earliestDate: eligible !== null && eligible > period.start ? eligible : null,
    evidence: [],
  };
}

/** The first day of the month `months` after the date's month. */
function firstOfMonthAfter(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The seam for the risk engine: an HCC coded in an earlier year and not yet recaptured in this one becomes a gap
 * of the same shape, so the coordinator's queue ranks it with the measure gaps. The risk engine decides what
 * recaptured means and passes the evidence (the last coding, or this year's).
 */
export interface HccRecaptureInput {
  readonly memberId: string;
  readonly period: Period;
  readonly model: string;
  readonly hcc: string;
  readonly label: string;
  readonly recaptured: boolean;
  /** Recaptured by a claim (confirmed) rather than only by a clinical note (provisional). */
  readonly recapturedByClaim: boolean;
  readonly evidence: readonly EvidenceRecord[];
}

export function hccRecaptureGap(input: HccRecaptureInput): CareGap {
  const subject = `${input.model} HCC ${input.hcc}`;
  return {
    gapId: gapId(input.memberId, subject, input.period),
    kind: 'hcc-recapture',
    memberId: input.memberId,
    subject,
    title: `Recapture ${input.label}`,
    period: input.period,
    state: input.recaptured ? (input.recapturedByClaim ? 'closed-confirmed' : 'closed-provisional') : 'open',
    reason: null,
    dueDate: input.recaptured ? null : input.period.end,
    nextDueDate: input.recaptured ? input.period.end : null,
    earliestDate: null,
    evidence: input.evidence,
  };
}
