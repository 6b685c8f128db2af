/**
 * CMS2 (Quality 134) Screening for Depression and Follow-Up Plan, CQL 0.4.001 — ages read at the START of the
 * period. "Initial Population" (12 or older, a "Qualifying Encounter During Measurement Period"), "Denominator
 * Exclusions" ("History of Bipolar Diagnosis Before Qualifying Encounter"), "Numerator" (the age-appropriate "Most
 * Recent … Depression Screening" negative, or positive "and Follow Up Provided"), "Denominator Exceptions".
 */
import { ageAt, ageBetween } from './age.js';
import type { MeasureContext } from './context.js';
import {
  daysOrLessOnOrAfter,
  daysOrLessOnOrBefore,
  during,
  medicationRequestPeriod,
  overlapsAfter,
  prevalenceInterval,
  toInterval,
  within,
  type DateInterval,
} from './intervals.js';
import type { MeasureLogic } from './measure-logic.js';
import { partBFinding } from './part-b.js';
import {
  codingsInclude,
  conditionCategoryNotes,
  evidenceOf,
  retrieve,
  retrieveCode,
  valueIs,
  type Fact,
} from './patient-record.js';
import { intentNotes, isOrderIntent } from './status.js';
import { allOf, anyOf, exists, FALSE, finding, type Finding } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { CODES, VS, type DirectCode } from './value-sets.js';

export const CMS2_QUALITY_ID = '134';

const SCREENING_STATUSES: readonly string[] = ['final', 'corrected'];

interface Encounter {
  readonly fact: Fact;
  readonly period: DateInterval;
}

/** "Qualifying Encounter During Measurement Period" (finished, during the period). */
function qualifyingEncounters(ctx: MeasureContext): Encounter[] {
  return retrieve(ctx.record, ctx.terminology, 'encounter', [
    VS.encounterToScreenForDepression,
    VS.physicalTherapyEvaluation,
    VS.telephoneVisits,
  ])
    .filter((fact) => fact.status === 'completed' && during(toInterval(fact), ctx.mp))
    .map((fact) => ({ fact, period: toInterval(fact) }));
}

type Group = 'adolescent' | 'adult';

const SCREENING_CODE: Readonly<Record<Group, DirectCode>> = {
  adolescent: CODES.adolescentDepressionScreening,
  adult: CODES.adultDepressionScreening,
};

/**
 * The screenings of "Has … Depression Screening" / "Most Recent …": final or corrected, with a value (`value is
 * not null`: coded, boolean, any), ending 14 days or less on or before the start of a qualifying encounter.
 */
function screenings(ctx: MeasureContext, group: Group, encounters: readonly Encounter[]): Fact[] {
  return retrieveCode(ctx.record, 'observation', SCREENING_CODE[group]).filter(
    (fact) =>
      SCREENING_STATUSES.includes(fact.status) &&
      fact.value !== undefined &&
      encounters.some((encounter) => daysOrLessOnOrBefore(toInterval(fact).end, 14, encounter.period.start)),
  );
}

/** "Most Recent … Depression Screening": the last by start date. */
function mostRecent(list: readonly Fact[]): Fact | undefined {
  return [...list].sort((a, b) => a.start.localeCompare(b.start)).at(-1);
}

interface FollowUp {
  readonly fact: Fact;
  /** Procedures: start of performed. */
  readonly performedStart?: string;
  /** Medication and service requests: authoredOn. */
  readonly authoredOn?: string;
}

const ORDER_STATUSES: readonly string[] = ['active', 'completed'];

/**
 * "Follow Up Intervention for Positive … Depression Screening": an antidepressant ordered (active or completed,
 * intent order) whose medicationRequestPeriod() overlaps after a qualifying encounter that the positive most
 * recent screening preceded by 14 days or less; a referral (ServiceRequest, active or completed — the CQL asks no
 * intent of it); or a completed follow-up procedure.
 */
function followUps(
  ctx: MeasureContext,
  group: Group,
  last: Fact | undefined,
  encounters: readonly Encounter[],
): FollowUp[] {
  const medications = retrieve(
    ctx.record,
    ctx.terminology,
    'medication',
    group === 'adolescent' ? VS.adolescentDepressionMedications : VS.adultDepressionMedications,
  ).filter((fact) => {
    const period = medicationRequestPeriod(fact.start, fact.event?.supply);
    return (
      ORDER_STATUSES.includes(fact.status) &&
      isOrderIntent(fact) &&
      period !== null &&
      last !== undefined &&
      valueIs(last, CODES.depressionScreeningPositive) &&
      encounters.some(
        (encounter) =>
          daysOrLessOnOrBefore(last.start, 14, encounter.period.start) && overlapsAfter(period, encounter.period),
      )
    );
  });
  const referrals = retrieve(
    ctx.record,
    ctx.terminology,
    'service-request',
    group === 'adolescent' ? VS.referralForAdolescentDepression : VS.referralForAdultDepression,
  ).filter((fact) => ORDER_STATUSES.includes(fact.status));
  const procedures = retrieve(
    ctx.record,
    ctx.terminology,
    'procedure',
    group === 'adolescent' ? VS.followUpForAdolescentDepression : VS.followUpForAdultDepression,
  ).filter((fact) => fact.status === 'completed');
  return [
    ...[...medications, ...referrals].map((fact) => ({ fact, authoredOn: fact.start })),
    ...procedures.map((fact) => ({ fact, performedStart: fact.start })),
  ];
}

/** "Has Most Recent … Screening Negative". */
function negative(last: Fact | undefined, group: Group): Finding {
  return last !== undefined && valueIs(last, CODES.depressionScreeningNegative)
    ? exists([evidenceOf(last, `negative ${group} depression screening`)])
    : FALSE;
}

/** "Most Recent … Depression Screening Positive and Follow Up Provided". */
function positiveWithFollowUp(
  ctx: MeasureContext,
  group: Group,
  last: Fact | undefined,
  encounters: readonly Encounter[],
): Finding {
  if (last === undefined || !valueIs(last, CODES.depressionScreeningPositive)) {
    return FALSE;
  }
  const evidence: EvidenceRecord[] = [];
  const notes: string[] = [];
  for (const followUp of followUps(ctx, group, last, encounters)) {
    for (const encounter of encounters) {
      const timely =
        (followUp.performedStart !== undefined && within(followUp.performedStart, encounter.period)) ||
        (followUp.authoredOn !== undefined && daysOrLessOnOrAfter(followUp.authoredOn, 2, encounter.period.end));
      const date = followUp.performedStart ?? followUp.authoredOn;
      if (
        daysOrLessOnOrBefore(last.start, 14, encounter.period.start) &&
        timely &&
        date !== undefined &&
        within(date, ctx.mp)
      ) {
        evidence.push(
          evidenceOf(last, `positive ${group} depression screening`),
          evidenceOf(encounter.fact, 'qualifying encounter'),
          evidenceOf(followUp.fact, 'follow-up plan'),
        );
        if (followUp.fact.kind === 'medication') {
          notes.push(...intentNotes([followUp.fact]));
        }
      }
    }
  }
  return exists(
    [...new Map(evidence.map((record) => [`${record.eventId}|${record.role}`, record])).values()],
    [...new Set(notes)],
  );
}

/**
 * "Medical or Patient Reason for Not Screening … for Depression": a screening not done (cancelled), recorded
 * (`issued`, the event's date) during a qualifying encounter, whose notDoneReason is "Depression screening
 * declined" or in "Medical Reason".
 */
function reasonNotScreened(ctx: MeasureContext, group: Group, encounters: readonly Encounter[]): Finding {
  const notDone = retrieveCode(ctx.record, 'observation', SCREENING_CODE[group]).filter(
    (fact) =>
      fact.status === 'cancelled' &&
      encounters.some((encounter) => within(fact.start, encounter.period)) &&
      (codingsInclude(fact.event?.reason, CODES.depressionScreeningDeclined) ||
        (fact.event?.reason ?? []).some((coding) =>
          ctx.terminology.inValueSet(VS.medicalReason, coding.system, coding.code),
        )),
  );
  return exists(notDone.map((fact) => evidenceOf(fact, `${group} depression screening not done`)));
}

export function evaluateCms2(ctx: MeasureContext): MeasureLogic {
  const start = ctx.period.start;
  const encounters = qualifyingEncounters(ctx);
  const adolescentScreenings = screenings(ctx, 'adolescent', encounters);
  const adultScreenings = screenings(ctx, 'adult', encounters);
  const lastAdolescent = mostRecent(adolescentScreenings);
  const lastAdult = mostRecent(adultScreenings);
  const adolescent = anyOf(
    negative(lastAdolescent, 'adolescent'),
    positiveWithFollowUp(ctx, 'adolescent', lastAdolescent, encounters),
  );
  const adult = anyOf(negative(lastAdult, 'adult'), positiveWithFollowUp(ctx, 'adult', lastAdult, encounters));
  const age = ageAt(ctx.record, start);
  const ageGroupNumerator =
    age === null
      ? finding(null)
      : age >= 12 && age <= 16
        ? adolescent
        : age === 17
          ? anyOf(adolescent, adult)
          : age >= 18
            ? adult
            : FALSE;
  // "… and not Has … Depression Screening".
  const notScreened = (group: Group, list: readonly Fact[]): Finding =>
    allOf(reasonNotScreened(ctx, group, encounters), finding(list.length === 0));
  // `[ConditionProblemsHealthConcerns: "Bipolar Disorder"]`, starting before a qualifying encounter (no verified()).
  const bipolar = retrieve(ctx.record, ctx.terminology, 'problem-list', VS.bipolarDisorder).filter((fact) =>
    encounters.some((encounter) => prevalenceInterval(fact).start < encounter.period.start),
  );
  return {
    initialPopulation: allOf(
      ageBetween(ctx.record, start, 12),
      exists(encounters.map((encounter) => evidenceOf(encounter.fact, 'qualifying encounter'))),
    ),
    denominatorExclusion: anyOf(
      exists(
        bipolar.map((fact) => evidenceOf(fact, 'bipolar disorder')),
        conditionCategoryNotes(bipolar),
      ),
      partBFinding(ctx, CMS2_QUALITY_ID, 'eligiblePopulationExclusion', 'exclusion (Part B quality code)'),
    ),
    denominatorException: anyOf(
      notScreened('adolescent', adolescentScreenings),
      notScreened('adult', adultScreenings),
      partBFinding(ctx, CMS2_QUALITY_ID, 'eligiblePopulationException', 'exception (Part B quality code)'),
    ),
    numerator: anyOf(
      ageGroupNumerator,
      partBFinding(ctx, CMS2_QUALITY_ID, 'performanceMet', 'screening and plan reported (Part B quality code)'),
    ),
    stratum: null,
  };
}
