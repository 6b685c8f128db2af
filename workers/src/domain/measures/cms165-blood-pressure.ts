/**
 * CMS165 (Quality 236) Controlling High Blood Pressure, CQL 0.5.000. "Initial Population": 18–85 at the end of the
 * period, "Essential Hypertension Diagnosis" overlapping its first six months, a "Qualifying Encounters";
 * "Denominator Exclusions" (hospice, pregnancy or renal diagnosis, ESRD procedures and encounters, frailty by age,
 * nursing home, palliative care); "Numerator": on the "Most Recent Blood Pressure Day" the lowest systolic < 140
 * and the lowest diastolic < 90 mm[Hg], readings during inpatient stays and ED visits left out unless the
 * reading's own encounter is of another class.
 */
import { qualifyingEncounters } from './adult-outpatient-encounters.js';
import {
  isAge66LivingInNursingHome,
  isAge66To80WithAdvancedIllnessAndFrailtyOr81WithFrailty,
} from './advanced-illness-frailty.js';
import { ageBetween } from './age.js';
import type { DiastolicBand, SystolicBand } from './claims-proxies.js';
import type { MeasureContext } from './context.js';
import { addMonths } from './dates.js';
import { hasHospiceServices } from './hospice.js';
import {
  endsOnOrBefore,
  interval,
  latest,
  overlaps,
  overlapsHalfOpen,
  prevalenceInterval,
  startsOnOrBefore,
  toInterval,
  within,
  type DateInterval,
} from './intervals.js';
import type { MeasureLogic } from './measure-logic.js';
import { hasPalliativeCare } from './palliative-care.js';
import { partBFinding } from './part-b.js';
import { claimLinesWithCode, evidenceOf, retrieve, retrieveCode, type Fact } from './patient-record.js';
import { isPerformed, isResult, isVerified } from './status.js';
import { allOf, anyOf, exists, FALSE, finding, type Finding, type Tri } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { CODES, VS } from './value-sets.js';

export const CMS165_QUALITY_ID = '236';

/** Place of service 21 (inpatient hospital) and 23 (emergency room – hospital). */
const INPATIENT_OR_ED_PLACES: readonly string[] = ['21', '23'];

/** The encounter classes (v3 ActCode) whose readings the CQL's second branch leaves out. */
const INPATIENT_OR_ED_CLASSES: readonly string[] = ['EMER', 'IMP', 'ACUTE', 'NONAC', 'PRENC', 'SS'];

/**
 * Part B quality codes per component, read from the 2025 options: met = G8752 + G8754, not met = G8753 + G8754,
 * G8753 + G8755, G8752 + G8755 — so G8752/G8753 report systolic < 140 / ≥ 140, G8754/G8755 diastolic < 90 / ≥ 90.
 */
const PART_B_SYSTOLIC: Readonly<Record<string, number>> = { G8752: 139, G8753: 140 };
const PART_B_DIASTOLIC: Readonly<Record<string, number>> = { G8754: 89, G8755: 90 };

/** A band's lowest possible reading: exact for the < 140 / < 90 comparisons. */
const SYSTOLIC_VALUES: Readonly<Record<SystolicBand, number>> = {
  'below-130': 129,
  '130-to-139': 139,
  '140-or-more': 140,
};
const DIASTOLIC_VALUES: Readonly<Record<DiastolicBand, number>> = { 'below-80': 79, '80-to-89': 89, '90-or-more': 90 };

function hypertension(ctx: MeasureContext): Finding {
  const sixMonthsIn = addMonths(ctx.period.start, 6);
  return exists(
    retrieve(ctx.record, ctx.terminology, 'condition', VS.essentialHypertension)
      .filter((fact) => isVerified(fact) && overlapsHalfOpen(prevalenceInterval(fact), ctx.period.start, sixMonthsIn))
      .map((fact) => evidenceOf(fact, 'essential hypertension')),
  );
}

function denominatorExclusion(ctx: MeasureContext): Finding {
  const { record, terminology, mp, period } = ctx;
  return anyOf(
    hasHospiceServices(ctx),
    exists(
      retrieve(record, terminology, 'condition', [
        VS.pregnancy,
        VS.endStageRenalDisease,
        VS.kidneyTransplantRecipient,
        VS.ckdStage5,
      ])
        .filter((fact) => isVerified(fact) && overlaps(prevalenceInterval(fact), mp))
        .map((fact) => evidenceOf(fact, 'pregnancy or renal diagnosis')),
    ),
    exists(
      retrieve(record, terminology, 'procedure', [VS.kidneyTransplant, VS.dialysisServices])
        .filter((fact) => isPerformed(fact) && endsOnOrBefore(toInterval(fact), period.end))
        .map((fact) => evidenceOf(fact, 'kidney transplant or dialysis', toInterval(fact).end)),
    ),
    exists(
      retrieve(record, terminology, 'encounter', VS.esrdMonthlyOutpatientServices)
        .filter((fact) => isPerformed(fact) && startsOnOrBefore(toInterval(fact), period.end))
        .map((fact) => evidenceOf(fact, 'ESRD monthly services')),
    ),
    isAge66To80WithAdvancedIllnessAndFrailtyOr81WithFrailty(ctx),
    isAge66LivingInNursingHome(ctx),
    hasPalliativeCare(ctx),
    partBFinding(ctx, CMS165_QUALITY_ID, 'eligiblePopulationExclusion', 'exclusion (Part B quality code)'),
  );
}

/** Inpatient stays and ED visits: the EHR's encounters, ED claim lines, and inpatient claims' stays. */
function disqualifyingPeriods(ctx: MeasureContext): DateInterval[] {
  const encounters = retrieve(ctx.record, ctx.terminology, 'encounter', [
    VS.encounterInpatient,
    VS.edEvaluationAndManagement,
  ])
    .filter(isPerformed)
    .map(toInterval);
  const stays = ctx.record.claims
    .filter((claim) => claim.claimType === 'inpatient')
    .map((claim) => interval(claim.fromDate, claim.throughDate));
  return [...encounters, ...stays];
}

interface BpReading {
  readonly day: string;
  /** An EHR reading: the clinical id of the encounter it belongs to (Observation.encounter). */
  readonly encounterId?: string;
  /** mm[Hg]; null: no value; undefined: a unit the comparison cannot read. */
  readonly value: number | null | undefined;
  readonly evidence: EvidenceRecord;
}

function isMillimetresOfMercury(unit: string): boolean {
  return unit === 'mm[Hg]' || unit === 'mmHg';
}

function clinicalReading(fact: Fact, role: string): BpReading {
  const day = latest(toInterval(fact));
  const value = fact.value;
  const reading =
    value === undefined || !('quantity' in value)
      ? null
      : isMillimetresOfMercury(value.unit)
        ? value.quantity
        : undefined;
  const encounterId = fact.event?.encounterId;
  return {
    day,
    value: reading,
    evidence: evidenceOf(fact, role, day),
    ...(encounterId === undefined ? {} : { encounterId }),
  };
}

/**
 * The CQL's second branch: `not (BloodPressure.encounter.getEncounter().class.code in {EMER, IMP, ACUTE, NONAC,
 * PRENC, SS})`. It holds only when the reading's encounter is on record with a class outside those — an absent
 * encounter or class makes `in` null, and `not null` keeps nothing.
 */
function ownEncounterIsOutpatient(ctx: MeasureContext, reading: BpReading): boolean {
  if (reading.encounterId === undefined) {
    return false;
  }
  const encounter = ctx.record.facts.find(
    (fact) => fact.origin === 'clinical' && fact.kind === 'encounter' && fact.id === reading.encounterId,
  );
  const encounterClass = encounter?.event?.encounterClass;
  return encounterClass !== undefined && !INPATIENT_OR_ED_CLASSES.includes(encounterClass);
}

function readings(ctx: MeasureContext, component: 'systolic' | 'diastolic'): BpReading[] {
  const { record, terminology, mp } = ctx;
  const role = `${component} blood pressure`;
  const disqualifying = disqualifyingPeriods(ctx);
  // Qualifying readings are the union of two branches: readings not during an inpatient stay or ED visit, and
  // readings whose own encounter's class is neither. The first branch has no period bound in the CQL, so a reading
  // from another year would qualify and could be the most recent day; every reading is held to the period, as the
  // measure intends (the second branch is held to it by the CQL itself).
  const qualifies = (reading: BpReading): boolean =>
    within(reading.day, mp) &&
    (!disqualifying.some((period) => within(reading.day, period)) || ownEncounterIsOutpatient(ctx, reading));
  const code = component === 'systolic' ? CODES.systolicBloodPressure : CODES.diastolicBloodPressure;
  const clinical = retrieveCode(record, 'observation', code)
    .filter(isResult)
    .map((fact) => clinicalReading(fact, role));
  const bands: Readonly<Record<string, number>> = Object.fromEntries(
    component === 'systolic'
      ? Object.entries(terminology.proxies.systolic).map(([c, band]) => [c, SYSTOLIC_VALUES[band]])
      : Object.entries(terminology.proxies.diastolic).map(([c, band]) => [c, DIASTOLIC_VALUES[band]]),
  );
  const partB = component === 'systolic' ? PART_B_SYSTOLIC : PART_B_DIASTOLIC;
  const claimLines = claimLinesWithCode(record, [...Object.keys(bands), ...Object.keys(partB)]).filter(
    (fact) =>
      isPerformed(fact) && !(fact.placeOfService !== undefined && INPATIENT_OR_ED_PLACES.includes(fact.placeOfService)),
  );
  const claims = claimLines.map((fact): BpReading => {
    const value = bands[fact.code] ?? partB[fact.code] ?? null;
    const label = value === null ? undefined : value < (component === 'systolic' ? 140 : 90) ? 'below' : 'at or above';
    const threshold = component === 'systolic' ? '140' : '90';
    return {
      day: fact.start,
      value,
      evidence: evidenceOf(fact, role, fact.start, `${label ?? 'unknown'} ${threshold} mm[Hg]`),
    };
  });
  return [...clinical, ...claims].filter(qualifies);
}

/** "Lowest … Reading on Most Recent Blood Pressure Day" < threshold (nulls sort first, and null < n is not true). */
function lowestBelow(dayReadings: BpReading[], threshold: number): Tri {
  if (dayReadings.some((reading) => reading.value === null)) {
    return false;
  }
  if (dayReadings.some((reading) => reading.value === undefined)) {
    return null;
  }
  return Math.min(...dayReadings.map((reading) => reading.value as number)) < threshold;
}

export const UNIT_NOT_MM_HG = 'a blood pressure reading on the most recent day is not in mm[Hg]';

function numerator(ctx: MeasureContext): Finding {
  const systolic = readings(ctx, 'systolic');
  const diastolic = readings(ctx, 'diastolic');
  const systolicDays = new Set(systolic.map((reading) => reading.day));
  // "Blood Pressure Days": days with both a qualifying systolic and diastolic reading.
  const day = [...new Set(diastolic.map((reading) => reading.day))]
    .filter((d) => systolicDays.has(d))
    .sort()
    .at(-1);
  if (day === undefined) {
    return FALSE; // no blood pressure on record in the period: not controlled
  }
  const sameDay = (list: BpReading[]): BpReading[] => list.filter((reading) => reading.day === day);
  const value = allOf(
    finding(lowestBelow(sameDay(systolic), 140), [], { unknownBecause: [UNIT_NOT_MM_HG] }),
    finding(lowestBelow(sameDay(diastolic), 90), [], { unknownBecause: [UNIT_NOT_MM_HG] }),
  ).value;
  return {
    value,
    evidence: [...sameDay(systolic), ...sameDay(diastolic)].map((reading) => reading.evidence),
    unknownBecause: value === null ? [UNIT_NOT_MM_HG] : [],
    notes: [],
  };
}

export function evaluateCms165(ctx: MeasureContext): MeasureLogic {
  return {
    initialPopulation: allOf(
      ageBetween(ctx.record, ctx.period.end, 18, 85),
      hypertension(ctx),
      qualifyingEncounters(ctx),
    ),
    denominatorExclusion: denominatorExclusion(ctx),
    denominatorException: FALSE,
    numerator: numerator(ctx),
    stratum: null,
  };
}

/** Part B options are read per component above; this keeps the vendored combinations checked against them. */
export function partBBloodPressureCodes(): readonly string[] {
  return [...Object.keys(PART_B_SYSTOLIC), ...Object.keys(PART_B_DIASTOLIC)];
}
