/**
 * The AdultOutpatientEncounters 4.19.000 library, "Qualifying Encounters" (CMS125, CMS130, CMS165): a finished
 * office visit, annual wellness visit, preventive visit (18 and up), home health, virtual or telephone encounter
 * during the period — an EHR encounter or a claim line with one of those codes.
 */
import { once, type MeasureContext } from './context.js';
import { during, toInterval } from './intervals.js';
import { evidenceOf, retrieve } from './patient-record.js';
import { isPerformed } from './status.js';
import { exists, type Finding } from './tri.js';
import { VS } from './value-sets.js';

export const ADULT_OUTPATIENT_VALUE_SETS = [
  VS.officeVisit,
  VS.annualWellnessVisit,
  VS.preventiveEstablished18Up,
  VS.preventiveInitial18Up,
  VS.homeHealthcareServices,
  VS.virtualEncounter,
  VS.telephoneVisits,
] as const;

export function qualifyingEncounters(ctx: MeasureContext): Finding {
  return once(ctx, adultOutpatientEncounters);
}

function adultOutpatientEncounters(ctx: MeasureContext): Finding {
  return exists(
    retrieve(ctx.record, ctx.terminology, 'encounter', ADULT_OUTPATIENT_VALUE_SETS)
      .filter((fact) => isPerformed(fact) && during(toInterval(fact), ctx.mp))
      .map((fact) => evidenceOf(fact, 'qualifying encounter')),
  );
}
