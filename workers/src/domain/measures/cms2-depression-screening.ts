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
  MEDICATION_PERIOD_APPROXIMATION,
  overlapsAfter,
  prevalenceInterval,
  toInterval,
  within,
  type DateInterval,
} from './intervals.js';
import type { MeasureLogic } from './measure-logic.js';
import { partBFinding } from './part-b.js';
import { evidenceOf, retrieve, retrieveCode, valueIs, type Fact } from './patient-record.js';
import { allOf, anyOf, exists, FALSE, finding, type Finding } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { CODES, VS, type DirectCode } from './value-sets.js';

export const CMS2_QUALITY_ID = '134';

export const REASON_NOT_CARRIED =
  'a screening not done is read as declined or not done for a medical reason (the canonical event does not carry the reason)';

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
 * The screenings of "Has … Depression Screening" / "Most Recent …": final or corrected, with a value, ending 14
 * days or less on or before the start of a qualifying encounter. The canonical model drops boolean and string
 * values, so a final screening without a value is taken to have had one; it can never be the negative or
 * positive finding the numerator needs, so this only keeps it from granting an exception.
 */
function screenings(ctx: MeasureContext, group: Group, encounters: readonly Encounter[]): Fact[] {
  return retrieveCode(ctx.record, 'observation', SCREENING_CODE[group]).filter(
    (fact) =>
      SCREENING_STATUSES.includes(fact.status) &&
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
  /** Medication requests: authoredOn. */
  readonly authoredOn?: string;
}

/**
 * "Follow Up Intervention for Positive … Depression Screening": an antidepressant ordered (active or completed)
 * whose period overlaps after a qualifying encounter that the positive most recent screening preceded by 14 days
 * or less, or a completed follow-up procedure. The referral (ServiceRequest) is not in the canonical model.
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
  ).filter(
    (fact) =>
      (fact.status === 'active' || fact.status === 'completed') &&
      last !== undefined &&
      valueIs(last, CODES.depressionScreeningPositive) &&
      encounters.some(
        (encounter) =>
          daysOrLessOnOrBefore(last.start, 14, encounter.period.start) &&
          overlapsAfter(medicationRequestPeriod(fact), encounter.period),
      ),
  );
  const procedures = retrieve(
    ctx.record,
    ctx.terminology,
    'procedure',
    group === 'adolescent' ? VS.followUpForAdolescentDepression : VS.followUpForAdultDepression,
  ).filter((fact) => fact.status === 'completed');
  return [
    ...medications.map((fact) => ({ fact, authoredOn: fact.start })),
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
        if (followUp.authoredOn !== undefined) {
          notes.push(MEDICATION_PERIOD_APPROXIMATION);
        }
      }
    }
  }
  return exists(
    [...new Map(evidence.map((record) => [`${record.eventId}|${record.role}`, record])).values()],
    [...new Set(notes)],
  );
}

/** "Medical or Patient Reason for Not Screening … for Depression": a screening not done during a qualifying encounter. */
function reasonNotScreened(ctx: MeasureContext, group: Group, encounters: readonly Encounter[]): Finding {
  // The canonical event dates a not-done observation by its `issued` date, which is what the CQL reads.
  const notDone = retrieveCode(ctx.record, 'observation', SCREENING_CODE[group]).filter(
    (fact) => fact.status === 'cancelled' && encounters.some((encounter) => within(fact.start, encounter.period)),
  );
  return exists(
    notDone.map((fact) => evidenceOf(fact, `${group} depression screening not done`)),
    [REASON_NOT_CARRIED],
  );
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
  // "… and not Has … Depression Screening" (a screening whose value the canonical model dropped still counts).
  const notScreened = (group: Group, list: readonly Fact[]): Finding =>
    allOf(reasonNotScreened(ctx, group, encounters), finding(list.length === 0));
  return {
    initialPopulation: allOf(
      ageBetween(ctx.record, start, 12),
      exists(encounters.map((encounter) => evidenceOf(encounter.fact, 'qualifying encounter'))),
    ),
    denominatorExclusion: anyOf(
      exists(
        retrieve(ctx.record, ctx.terminology, 'condition', VS.bipolarDisorder)
          .filter((fact) => encounters.some((encounter) => prevalenceInterval(fact).start < encounter.period.start))
          .map((fact) => evidenceOf(fact, 'bipolar disorder')),
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
