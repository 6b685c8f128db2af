/**
 * The AdvancedIllnessandFrailty 1.27.000 library: "Has Criteria Indicating Frailty", "Has Advanced Illness in Year
 * Before or During Measurement Period", "Has Dementia Medications in Year Before or During Measurement Period",
 * "Is Age 66 or Older with Advanced Illness and Frailty", CMS165's "Is Age 66 to 80 with Advanced Illness and
 * Frailty or Is Age 81 or Older with Frailty", and "Is Age 66 or Older Living Long Term in a Nursing Home".
 */
import { ageBetween } from './age.js';
import { once, type MeasureContext } from './context.js';
import { addYears, lastDayOfMonth, minDate } from './dates.js';
import {
  endsDuring,
  endsOnOrBefore,
  interval,
  medicationRequestPeriod,
  overlaps,
  prevalenceInterval,
  startsDuring,
  toInterval,
  within,
} from './intervals.js';
import { evidenceOf, retrieve, retrieveCode, valueInValueSet, valueIs, type Fact } from './patient-record.js';
import { intentNotes, isMedicationActive, isOrder, isPerformed, isResult, isSymptom, isVerified } from './status.js';
import { allOf, anyOf, exists, finding, type Finding } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { CODES, VS } from './value-sets.js';

/**
 * "Has Criteria Indicating Frailty": a frailty device ordered in the period (a personal-use device order: active or
 * completed, intent order), medical equipment used, a frailty diagnosis, encounter or symptom. A frailty symptom
 * coded on a claim (ICD-10-CM) counts as the symptom observation would.
 */
export function hasFrailty(ctx: MeasureContext): Finding {
  return once(ctx, frailty);
}

function frailty(ctx: MeasureContext): Finding {
  const { record, terminology, mp } = ctx;
  const role = 'frailty';
  // "FrailtyDeviceOrder.authoredOn.toInterval() during day of MP".
  const deviceOrders = retrieve(record, terminology, 'device-request', VS.frailtyDevice).filter(
    (fact) => isOrder(fact) && within(fact.start, mp),
  );
  const equipment = retrieveCode(record, 'observation', CODES.medicalEquipmentUsed).filter(
    (fact) =>
      isResult(fact) && valueInValueSet(fact, terminology, VS.frailtyDevice) && endsDuring(toInterval(fact), mp),
  );
  const diagnoses = retrieve(record, terminology, 'condition', VS.frailtyDiagnosis).filter(
    (fact) => isVerified(fact) && overlaps(prevalenceInterval(fact), mp),
  );
  const encounters = retrieve(record, terminology, 'encounter', VS.frailtyEncounter).filter(
    (fact) => isPerformed(fact) && overlaps(toInterval(fact), mp),
  );
  const symptoms = [
    ...retrieve(record, terminology, 'observation', VS.frailtySymptom).filter(
      (fact) => isSymptom(fact) && overlaps(toInterval(fact), mp),
    ),
    ...retrieve(record, terminology, 'condition', VS.frailtySymptom).filter(
      (fact) => fact.origin === 'claim' && overlaps(prevalenceInterval(fact), mp),
    ),
  ];
  const evidence = (facts: Fact[]): EvidenceRecord[] => facts.map((fact) => evidenceOf(fact, role));
  return anyOf(
    exists(evidence(deviceOrders), intentNotes(deviceOrders)),
    exists(evidence(equipment)),
    exists(evidence(diagnoses)),
    exists(evidence(encounters)),
    exists(evidence(symptoms)),
  );
}

/** The year before and the measurement period: Interval[start of MP − 1 year, end of MP]. */
function twoYearWindow(ctx: MeasureContext): ReturnType<typeof interval> {
  return interval(addYears(ctx.period.start, -1), ctx.period.end);
}

/** "Has Advanced Illness in Year Before or During Measurement Period": a diagnosis starting in that window. */
export function hasAdvancedIllness(ctx: MeasureContext): Finding {
  return once(ctx, advancedIllness);
}

function advancedIllness(ctx: MeasureContext): Finding {
  const window = twoYearWindow(ctx);
  return exists(
    retrieve(ctx.record, ctx.terminology, 'condition', VS.advancedIllness)
      .filter((fact) => isVerified(fact) && startsDuring(prevalenceInterval(fact), window))
      .map((fact) => evidenceOf(fact, 'advanced illness')),
  );
}

/**
 * "Has Dementia Medications in Year Before or During Measurement Period": an active order whose
 * medicationRequestPeriod() overlaps it (a request without one overlaps nothing).
 */
export function hasDementiaMedications(ctx: MeasureContext): Finding {
  return once(ctx, dementiaMedications);
}

function dementiaMedications(ctx: MeasureContext): Finding {
  const window = twoYearWindow(ctx);
  const medications = retrieve(ctx.record, ctx.terminology, 'medication', VS.dementiaMedications).filter((fact) => {
    const period = medicationRequestPeriod(fact.start, fact.event?.supply);
    return isMedicationActive(fact) && period !== null && overlaps(period, window);
  });
  return exists(
    medications.map((fact) => evidenceOf(fact, 'dementia medication')),
    intentNotes(medications),
  );
}

function advancedIllnessOrDementiaMedication(ctx: MeasureContext): Finding {
  return anyOf(hasAdvancedIllness(ctx), hasDementiaMedications(ctx));
}

/** "Is Age 66 or Older with Advanced Illness and Frailty" (CMS122, CMS125, CMS130). */
export function isAge66WithAdvancedIllnessAndFrailty(ctx: MeasureContext): Finding {
  return once(ctx, age66WithAdvancedIllnessAndFrailty);
}

function age66WithAdvancedIllnessAndFrailty(ctx: MeasureContext): Finding {
  return allOf(ageBetween(ctx.record, ctx.period.end, 66), hasFrailty(ctx), advancedIllnessOrDementiaMedication(ctx));
}

/** CMS165's variant: 66–80 with advanced illness and frailty, or 81 and older with frailty alone. */
export function isAge66To80WithAdvancedIllnessAndFrailtyOr81WithFrailty(ctx: MeasureContext): Finding {
  const end = ctx.period.end;
  return anyOf(
    allOf(ageBetween(ctx.record, end, 66, 80), hasFrailty(ctx), advancedIllnessOrDementiaMedication(ctx)),
    allOf(ageBetween(ctx.record, end, 81), hasFrailty(ctx)),
  );
}

interface HousingStatus {
  readonly date: string;
  readonly nursingHome: boolean;
  readonly evidence: EvidenceRecord;
  /** Clinical assessments win a tie with the enrolment file's month. */
  readonly rank: number;
}

/**
 * "Is Age 66 or Older Living Long Term in a Nursing Home": the most recent housing-status assessment ending on or
 * before the end of the period says "lives in nursing home". The enrolment file's monthly long-term institutional
 * flag is read as a housing status dated the month's last day (capped at the period end).
 */
export function isAge66LivingInNursingHome(ctx: MeasureContext): Finding {
  return once(ctx, age66LivingInNursingHome);
}

function age66LivingInNursingHome(ctx: MeasureContext): Finding {
  const end = ctx.period.end;
  const assessments: HousingStatus[] = retrieveCode(ctx.record, 'observation', CODES.housingStatus)
    .filter((fact) => isResult(fact) && endsOnOrBefore(toInterval(fact), end))
    .map((fact) => ({
      date: toInterval(fact).end,
      nursingHome: valueIs(fact, CODES.livesInNursingHome),
      evidence: evidenceOf(fact, 'lives in a nursing home', toInterval(fact).end),
      rank: 1,
    }));
  const months: HousingStatus[] = (ctx.record.profile?.months ?? [])
    .filter((month) => month.institutional !== undefined && `${month.month}-01` <= end)
    .map((month) => {
      const date = minDate(lastDayOfMonth(month.month), end);
      return {
        date,
        nursingHome: month.institutional === true,
        evidence: {
          eventId: `${ctx.record.memberId}#${month.month}`,
          source: 'eligibility',
          system: 'enrollment',
          code: 'institutional',
          date,
          role: 'long-term institutional (enrolment)',
        },
        rank: 0,
      };
    });
  const last = [...assessments, ...months].sort((a, b) => a.date.localeCompare(b.date) || a.rank - b.rank).at(-1);
  return allOf(ageBetween(ctx.record, end, 66), last?.nursingHome === true ? exists([last.evidence]) : finding(false));
}
