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
import { claimLinesWithCode, codingsInclude, evidenceOf, retrieve, type Fact } from './patient-record.js';
import { imagingCategoryNotes, isDiagnosticStudyPerformed, isPerformed, isVerified } from './status.js';
import { allOf, anyOf, exists, FALSE, finding, type Finding } from './tri.js';
import { CODES, VS, type ValueSetOid } from './value-sets.js';

export const CMS125_QUALITY_ID = '112';

export const NO_SEX = 'the member has no recorded sex';

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
 * "Right/Left Mastectomy Diagnosis" or "… Procedure". A diagnosis of unspecified laterality counts for the side its
 * body site names (`exists bodySite S where S ~ "Right (qualifier value)"`); without a body site — a claim carries
 * none — it counts for neither side.
 */
function mastectomySide(ctx: MeasureContext, side: 'right' | 'left'): Finding {
  const statusPost = side === 'right' ? VS.statusPostRightMastectomy : VS.statusPostLeftMastectomy;
  const procedure = side === 'right' ? VS.unilateralMastectomyRight : VS.unilateralMastectomyLeft;
  const qualifier = side === 'right' ? CODES.right : CODES.left;
  const role = `${side} mastectomy`;
  const unspecified = conditionsStartingBy(ctx, VS.unilateralMastectomyUnspecified).filter((fact) =>
    codingsInclude(fact.event?.bodySite, qualifier),
  );
  return anyOf(
    exists([...conditionsStartingBy(ctx, statusPost), ...unspecified].map((fact) => evidenceOf(fact, role))),
    exists(proceduresEndingBy(ctx, procedure).map((fact) => evidenceOf(fact, role, toInterval(fact).end))),
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
  // `[ObservationClinicalResult: "Mammography"]).isDiagnosticStudyPerformed()`: a final result, category imaging.
  const clinical = retrieve(ctx.record, ctx.terminology, 'observation', VS.mammography).filter(
    (fact) => isDiagnosticStudyPerformed(fact) && endsDuring(toInterval(fact), window),
  );
  const claims = claimLinesWithCode(ctx.record, ctx.terminology.proxies.mammography).filter(
    (fact) => isPerformed(fact) && endsDuring(toInterval(fact), window),
  );
  return anyOf(
    exists(
      [...clinical, ...claims].map((fact) => evidenceOf(fact, role, toInterval(fact).end)),
      imagingCategoryNotes(clinical),
    ),
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
