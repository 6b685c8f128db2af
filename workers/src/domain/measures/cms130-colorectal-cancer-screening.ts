/**
 * CMS130 (Quality 113) Colorectal Cancer Screening, CQL 0.4.000. "Initial Population": 46–75 at the end of the
 * period with a "Qualifying Encounters"; "Denominator Exclusions" (hospice, "Malignant Neoplasm", "Total Colectomy
 * Performed", frailty, nursing home, palliative care); "Numerator": FOBT in the period, sDNA-FIT in it or the 2
 * years before, flexible sigmoidoscopy or CT colonography in it or the 4 before, colonoscopy in it or the 9 before.
 */
import { qualifyingEncounters } from './adult-outpatient-encounters.js';
import { isAge66LivingInNursingHome, isAge66WithAdvancedIllnessAndFrailty } from './advanced-illness-frailty.js';
import { ageAt, ageBetween } from './age.js';
import type { MeasureContext } from './context.js';
import { addYears } from './dates.js';
import { hasHospiceServices } from './hospice.js';
import {
  endsDuring,
  endsOnOrBefore,
  interval,
  latest,
  prevalenceInterval,
  startsOnOrBefore,
  toInterval,
  within,
  type DateInterval,
} from './intervals.js';
import type { MeasureLogic } from './measure-logic.js';
import { hasPalliativeCare } from './palliative-care.js';
import { partBFinding } from './part-b.js';
import { claimLinesWithCode, evidenceOf, retrieve, type Fact } from './patient-record.js';
import { imagingCategoryNotes, isDiagnosticStudyPerformed, isPerformed, isResult, isVerified } from './status.js';
import { anyOf, allOf, exists, FALSE, type Finding } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { VS } from './value-sets.js';

export const CMS130_QUALITY_ID = '113';

/** Lookbacks, in years before the start of the period, per modality ("start of MP − n years"). */
export const SCREENING_LOOKBACK_YEARS = {
  fecalOccultBloodTest: 0,
  sdnaFitTest: 2,
  flexibleSigmoidoscopy: 4,
  ctColonography: 4,
  colonoscopy: 9,
} as const;
export type ScreeningModality = keyof typeof SCREENING_LOOKBACK_YEARS;

function window(ctx: MeasureContext, modality: ScreeningModality): DateInterval {
  return interval(addYears(ctx.period.start, -SCREENING_LOOKBACK_YEARS[modality]), ctx.period.end);
}

function denominatorExclusion(ctx: MeasureContext): Finding {
  return anyOf(
    hasHospiceServices(ctx),
    exists(
      retrieve(ctx.record, ctx.terminology, 'condition', VS.malignantNeoplasmOfColon)
        .filter((fact) => isVerified(fact) && startsOnOrBefore(prevalenceInterval(fact), ctx.period.end))
        .map((fact) => evidenceOf(fact, 'colorectal cancer')),
    ),
    exists(
      retrieve(ctx.record, ctx.terminology, 'procedure', VS.totalColectomy)
        .filter((fact) => isPerformed(fact) && endsOnOrBefore(toInterval(fact), ctx.period.end))
        .map((fact) => evidenceOf(fact, 'total colectomy', toInterval(fact).end)),
    ),
    isAge66WithAdvancedIllnessAndFrailty(ctx),
    isAge66LivingInNursingHome(ctx),
    hasPalliativeCare(ctx),
    partBFinding(ctx, CMS130_QUALITY_ID, 'eligiblePopulationExclusion', 'exclusion (Part B quality code)'),
  );
}

/** A lab result with a value (`value is not null`: coded, quantity, boolean or string) ending in the window. */
function labResults(facts: Fact[], during: DateInterval, role: string): EvidenceRecord[] {
  return facts
    .filter((fact) => isResult(fact) && fact.value !== undefined && within(latest(toInterval(fact)), during))
    .map((fact) => evidenceOf(fact, role, latest(toInterval(fact))));
}

function claimScreenings(
  ctx: MeasureContext,
  codes: readonly string[],
  during: DateInterval,
  role: string,
): EvidenceRecord[] {
  return claimLinesWithCode(ctx.record, codes)
    .filter((fact) => isPerformed(fact) && endsDuring(toInterval(fact), during))
    .map((fact) => evidenceOf(fact, role, toInterval(fact).end));
}

function procedures(
  ctx: MeasureContext,
  modality: 'colonoscopy' | 'flexibleSigmoidoscopy',
  role: string,
): EvidenceRecord[] {
  const valueSet = modality === 'colonoscopy' ? VS.colonoscopy : VS.flexibleSigmoidoscopy;
  return retrieve(ctx.record, ctx.terminology, 'procedure', valueSet)
    .filter((fact) => isPerformed(fact) && endsDuring(toInterval(fact), window(ctx, modality)))
    .map((fact) => evidenceOf(fact, role, toInterval(fact).end));
}

function numerator(ctx: MeasureContext): Finding {
  const { record, terminology } = ctx;
  const proxies = terminology.proxies;
  const fobtWindow = window(ctx, 'fecalOccultBloodTest');
  const sdnaWindow = window(ctx, 'sdnaFitTest');
  const ctWindow = window(ctx, 'ctColonography');
  // `[ObservationClinicalResult: "CT Colonography"]).isDiagnosticStudyPerformed()`: category imaging.
  const colonographies = retrieve(record, terminology, 'observation', VS.ctColonography).filter(
    (fact) => isDiagnosticStudyPerformed(fact) && endsDuring(toInterval(fact), ctWindow),
  );
  return anyOf(
    exists([
      ...labResults(retrieve(record, terminology, 'observation', VS.fecalOccultBloodTest), fobtWindow, 'FOBT'),
      ...claimScreenings(ctx, proxies.fecalOccultBloodTest, fobtWindow, 'FOBT'),
    ]),
    exists([
      ...labResults(retrieve(record, terminology, 'observation', VS.sdnaFitTest), sdnaWindow, 'sDNA-FIT'),
      ...claimScreenings(ctx, proxies.sdnaFitTest, sdnaWindow, 'sDNA-FIT'),
    ]),
    exists(procedures(ctx, 'flexibleSigmoidoscopy', 'flexible sigmoidoscopy')),
    exists(
      [
        ...colonographies.map((fact) => evidenceOf(fact, 'CT colonography', toInterval(fact).end)),
        ...claimScreenings(ctx, proxies.ctColonography, ctWindow, 'CT colonography'),
      ],
      imagingCategoryNotes(colonographies),
    ),
    exists(procedures(ctx, 'colonoscopy', 'colonoscopy')),
    partBFinding(ctx, CMS130_QUALITY_ID, 'performanceMet', 'screening reported (Part B quality code)'),
  );
}

function stratum(ctx: MeasureContext): string | null {
  const age = ageAt(ctx.record, ctx.period.end);
  if (age === null) {
    return null;
  }
  return age >= 46 && age <= 49
    ? 'Stratification 1 (46–49)'
    : age >= 50 && age <= 75
      ? 'Stratification 2 (50–75)'
      : null;
}

export function evaluateCms130(ctx: MeasureContext): MeasureLogic {
  return {
    initialPopulation: allOf(ageBetween(ctx.record, ctx.period.end, 46, 75), qualifyingEncounters(ctx)),
    denominatorExclusion: denominatorExclusion(ctx),
    denominatorException: FALSE,
    numerator: numerator(ctx),
    stratum: stratum(ctx),
  };
}
