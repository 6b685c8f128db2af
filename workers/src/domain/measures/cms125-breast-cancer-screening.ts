/**
 * CMS125 (Quality 112) Breast Cancer Screening, CQL 0.4.000. "Initial Population": women 42–74 at the end of the
 * period with an AdultOutpatientEncounters "Qualifying Encounters"; "Denominator Exclusions" (hospice, right and
 * left — or bilateral — mastectomy by diagnosis or procedure, frailty, nursing home, palliative care); "Numerator":
 * a mammogram ending between "October 1 Two Years Prior to the Measurement Period" and the period end (27 months).
 */
import { qualifyingEncounters } from './adult-outpatient-encounters.js';
import { isAge66LivingInNursingHome, isAge66WithAdvancedIllnessAndFrailty } from './advanced-illness-frailty.js';
import { ageAt, ageBetween } from './age.js';
import type { MeasureContext } from './context.js';
import { yearOf } from './dates.js';
import { hasHospiceServices } from './hospice.js';
import { endsDuring, endsOnOrBefore, interval, prevalenceInterval, startsOnOrBefore, toInterval } from './intervals.js';
import type { MeasureLogic } from './measure-logic.js';
import { hasPalliativeCare } from './palliative-care.js';
import { partBFinding } from './part-b.js';
import { claimLinesWithCode, evidenceOf, retrieve, type Fact } from './patient-record.js';
import { isPerformed, isResult, isVerified } from './status.js';
import { allOf, anyOf, exists, FALSE, finding, type Finding } from './tri.js';
import type { ValueSetOid } from './value-sets.js';
import { VS } from './value-sets.js';

export const CMS125_QUALITY_ID = '112';

export const NO_SEX = 'the member has no recorded sex';
export const LATERALITY_NOT_CARRIED =
  'a unilateral mastectomy of unspecified laterality is on record and the canonical model does not carry its body site';

/** `Patient.sex = Female`, read from the member's recorded sex (FHIR gender; the us-core-sex extension is not kept). */
function isFemale(ctx: MeasureContext): Finding {
  const sex = ctx.record.profile?.sex;
  return sex === undefined ? finding(null, [], { unknownBecause: [NO_SEX] }) : finding(sex === 'F');
}

/** "October 1 Two Years Prior to the Measurement Period". */
export function mammographyWindowStart(periodStart: string): string {
  return `${yearOf(periodStart) - 2}-10-01`;
}

function conditionsStartingBy(ctx: MeasureContext, valueSet: ValueSetOid): Fact[] {
  return retrieve(ctx.record, ctx.terminology, 'condition', valueSet).filter(
    (fact) => isVerified(fact) && startsOnOrBefore(prevalenceInterval(fact), ctx.period.end),
  );
}

function proceduresEndingBy(ctx: MeasureContext, valueSet: ValueSetOid): Fact[] {
  return retrieve(ctx.record, ctx.terminology, 'procedure', valueSet).filter(
    (fact) => isPerformed(fact) && endsOnOrBefore(toInterval(fact), ctx.period.end),
  );
}

/**
 * "Right/Left Mastectomy Diagnosis" or "… Procedure". A clinical diagnosis of unspecified laterality counts for a
 * side when its body site says so; the canonical event drops the body site, so such a diagnosis makes the side
 * unknown. A claim carries no body site at all, so an unspecified claim diagnosis counts for neither side.
 */
function mastectomySide(ctx: MeasureContext, side: 'right' | 'left'): Finding {
  const statusPost = side === 'right' ? VS.statusPostRightMastectomy : VS.statusPostLeftMastectomy;
  const procedure = side === 'right' ? VS.unilateralMastectomyRight : VS.unilateralMastectomyLeft;
  const role = `${side} mastectomy`;
  const unspecified = conditionsStartingBy(ctx, VS.unilateralMastectomyUnspecified).filter(
    (fact) => fact.origin === 'clinical',
  );
  return anyOf(
    exists(conditionsStartingBy(ctx, statusPost).map((fact) => evidenceOf(fact, role))),
    exists(proceduresEndingBy(ctx, procedure).map((fact) => evidenceOf(fact, role, toInterval(fact).end))),
    unspecified.length > 0
      ? finding(
          null,
          unspecified.map((fact) => evidenceOf(fact, 'unilateral mastectomy, laterality unknown')),
          { unknownBecause: [LATERALITY_NOT_CARRIED] },
        )
      : FALSE,
  );
}

function denominatorExclusion(ctx: MeasureContext): Finding {
  return anyOf(
    hasHospiceServices(ctx),
    allOf(mastectomySide(ctx, 'right'), mastectomySide(ctx, 'left')),
    exists(
      conditionsStartingBy(ctx, VS.historyOfBilateralMastectomy).map((fact) =>
        evidenceOf(fact, 'bilateral mastectomy'),
      ),
    ),
    exists(
      proceduresEndingBy(ctx, VS.bilateralMastectomy).map((fact) =>
        evidenceOf(fact, 'bilateral mastectomy', toInterval(fact).end),
      ),
    ),
    isAge66WithAdvancedIllnessAndFrailty(ctx),
    isAge66LivingInNursingHome(ctx),
    hasPalliativeCare(ctx),
    partBFinding(ctx, CMS125_QUALITY_ID, 'eligiblePopulationExclusion', 'exclusion (Part B quality code)'),
  );
}

function numerator(ctx: MeasureContext): Finding {
  const window = interval(mammographyWindowStart(ctx.period.start), ctx.period.end);
  const role = 'mammography';
  // isDiagnosticStudyPerformed also asks for the `imaging` category, which the canonical event does not carry.
  const clinical = retrieve(ctx.record, ctx.terminology, 'observation', VS.mammography)
    .filter((fact) => isResult(fact) && endsDuring(toInterval(fact), window))
    .map((fact) => evidenceOf(fact, role, toInterval(fact).end));
  const claims = claimLinesWithCode(ctx.record, ctx.terminology.proxies.mammography)
    .filter((fact) => isPerformed(fact) && endsDuring(toInterval(fact), window))
    .map((fact) => evidenceOf(fact, role, toInterval(fact).end));
  return anyOf(
    exists([...clinical, ...claims]),
    partBFinding(ctx, CMS125_QUALITY_ID, 'performanceMet', 'mammography reported (Part B quality code)'),
  );
}

function stratum(ctx: MeasureContext): string | null {
  const age = ageAt(ctx.record, ctx.period.end);
  if (age === null) {
    return null;
  }
  return age >= 42 && age <= 51
    ? 'Stratification 1 (42–51)'
    : age >= 52 && age <= 74
      ? 'Stratification 2 (52–74)'
      : null;
}

export function evaluateCms125(ctx: MeasureContext): MeasureLogic {
  return {
    initialPopulation: allOf(ageBetween(ctx.record, ctx.period.end, 42, 74), isFemale(ctx), qualifyingEncounters(ctx)),
    denominatorExclusion: denominatorExclusion(ctx),
    denominatorException: FALSE,
    numerator: numerator(ctx),
    stratum: stratum(ctx),
  };
}
