/**
 * The coordinator's queue: each open gap scored from the measure's weight, the days left before its due date,
 * the patient's risk score, how many gaps the patient has open, how long since the last contact, and an upcoming
 * visit — each factor's points and a sentence a coordinator reads. Weights are configuration (documented
 * defaults below). Pure: `today` is an argument.
 */
import { daysBetween } from './dates.js';
import type { CareGap } from './gaps.js';
import type { MeasureId } from './types.js';

export interface PriorityConfig {
  /** Points for closing a gap of each subject (a measure id, `AWV`, any HCC recapture gap, any care transition). */
  readonly gapWeights: Readonly<Record<MeasureId | 'AWV' | 'hcc-recapture' | 'care-transition', number>>;
  /** Up to `weight` points as the due date nears: 0 at `horizonDays` or more left, all of them on the due date. */
  readonly urgency: { readonly weight: number; readonly horizonDays: number };
  /** Up to `weight` points in proportion to the risk score, all of them at `highRiskScore` or above. */
  readonly risk: { readonly weight: number; readonly highRiskScore: number };
  /** Up to `weight` points for several open gaps (one contact closes more): all of them at `cap` gaps. */
  readonly openGaps: { readonly weight: number; readonly cap: number };
  /** Up to `weight` points the longer since the last contact: all of them at `staleDays` or with none on record. */
  readonly lastContact: { readonly weight: number; readonly staleDays: number };
  /**
   * `weight` points when a visit is booked within `withinDays` and before the due date: the gap can be closed at
   * it. A negative weight ranks booked patients lower instead.
   */
  readonly upcomingVisit: { readonly weight: number; readonly withinDays: number };
}

/**
 * Defaults: the outcome measures (CMS165 blood pressure, CMS122 HbA1c — high priority in MIPS and in the APP set)
 * weigh 3, the process measures and the annual wellness visit 2, HCC recapture 2, a care transition 3 (and it ranks
 * above the rest: see worklistPriority); urgency 3 over the last 120
 * days; risk 2 at a score of 2.0; several gaps 2 at four; contact 1 after 180 days; a visit in 30 days 2.
 */
export const DEFAULT_PRIORITY_CONFIG: PriorityConfig = {
  gapWeights: { CMS165: 3, CMS122: 3, CMS125: 2, CMS130: 2, CMS2: 2, AWV: 2, 'hcc-recapture': 2, 'care-transition': 3 },
  urgency: { weight: 3, horizonDays: 120 },
  risk: { weight: 2, highRiskScore: 2 },
  openGaps: { weight: 2, cap: 4 },
  lastContact: { weight: 1, staleDays: 180 },
  upcomingVisit: { weight: 2, withinDays: 30 },
};

/** What the queue knows about a patient beyond the gaps: all optional. */
export interface PatientContext {
  /** The CMS-HCC risk score (from the risk engine). */
  readonly riskScore?: number;
  readonly lastContactDate?: string;
  readonly nextVisitDate?: string;
}

export type PriorityFactor = 'measure' | 'days-left' | 'risk' | 'open-gaps' | 'last-contact' | 'upcoming-visit';

export interface PriorityItem {
  readonly gap: CareGap;
  readonly score: number;
  readonly factors: readonly { readonly factor: PriorityFactor; readonly points: number; readonly text: string }[];
  /** The factors in one paragraph, highest points first. */
  readonly explanation: string;
}

const clamp = (value: number): number => Math.min(1, Math.max(0, value));
const round = (value: number): number => Math.round(value * 100) / 100;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function gapWeight(gap: CareGap, config: PriorityConfig): number {
  if (gap.kind === 'hcc-recapture' || gap.kind === 'care-transition') {
    return config.gapWeights[gap.kind];
  }
  return config.gapWeights[gap.subject as MeasureId | 'AWV'] ?? 0;
}

function score(
  gap: CareGap,
  context: PatientContext,
  openGaps: number,
  today: string,
  config: PriorityConfig,
): PriorityItem {
  const factors: { factor: PriorityFactor; points: number; text: string }[] = [];
  factors.push({ factor: 'measure', points: gapWeight(gap, config), text: `${gap.title} is open` });

  const due = gap.dueDate ?? gap.period.end;
  const left = daysBetween(today, due);
  factors.push({
    factor: 'days-left',
    points: left < 0 ? 0 : config.urgency.weight * clamp(1 - left / config.urgency.horizonDays),
    text: left < 0 ? `the period ended on ${due}: it can no longer close` : `${plural(left, 'day')} left (due ${due})`,
  });

  const risk = context.riskScore;
  factors.push({
    factor: 'risk',
    points: risk === undefined ? 0 : config.risk.weight * clamp(risk / config.risk.highRiskScore),
    text:
      risk === undefined
        ? 'no risk score on record'
        : `risk score ${risk.toFixed(2)}${risk >= config.risk.highRiskScore ? ' (high)' : ''}`,
  });

  factors.push({
    factor: 'open-gaps',
    points: config.openGaps.weight * clamp(openGaps / config.openGaps.cap),
    text: openGaps > 1 ? `${plural(openGaps, 'open gap')} — one contact can close several` : 'the only open gap',
  });

  const last = context.lastContactDate;
  const since = last === undefined ? undefined : daysBetween(last, today);
  factors.push({
    factor: 'last-contact',
    points:
      since === undefined
        ? config.lastContact.weight
        : config.lastContact.weight * clamp(since / config.lastContact.staleDays),
    text: since === undefined ? 'no contact on record' : `last contact ${plural(since, 'day')} ago (${last ?? ''})`,
  });

  const visit = context.nextVisitDate;
  const until = visit === undefined ? undefined : daysBetween(today, visit);
  const booked =
    visit !== undefined &&
    until !== undefined &&
    until >= 0 &&
    until <= config.upcomingVisit.withinDays &&
    visit <= due;
  factors.push({
    factor: 'upcoming-visit',
    points: booked ? config.upcomingVisit.weight : 0,
    text: booked
      ? `visit booked ${visit} (in ${plural(until, 'day')}) — close it there`
      : visit === undefined || until === undefined || until < 0
        ? 'no visit booked'
        : `next visit ${visit}`,
  });

  const rounded = factors.map((f) => ({ ...f, points: round(f.points) }));
  const total = round(left < 0 ? 0 : rounded.reduce((sum, f) => sum + f.points, 0));
  const ordered = [...rounded].sort((a, b) => b.points - a.points);
  return {
    gap,
    score: total,
    factors: rounded,
    explanation: `${ordered.map((f) => f.text).join('; ')}.`,
  };
}

/**
 * The queue: every open gap, highest score first (then earliest due date, then gap id). `patients` holds what is
 * known about each member; the open-gap count is taken from `gaps` itself.
 */
export function prioritizeGaps(
  gaps: readonly CareGap[],
  patients: ReadonlyMap<string, PatientContext>,
  today: string,
  config: PriorityConfig = DEFAULT_PRIORITY_CONFIG,
): PriorityItem[] {
  const open = gaps.filter((gap) => gap.state === 'open');
  const openByMember = new Map<string, number>();
  for (const gap of open) {
    openByMember.set(gap.memberId, (openByMember.get(gap.memberId) ?? 0) + 1);
  }
  return open
    .map((gap) => score(gap, patients.get(gap.memberId) ?? {}, openByMember.get(gap.memberId) ?? 1, today, config))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.gap.dueDate ?? '').localeCompare(b.gap.dueDate ?? '') ||
        a.gap.gapId.localeCompare(b.gap.gapId),
    );
}
