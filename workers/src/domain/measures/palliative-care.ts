/**
 * The PalliativeCare 1.18.000 library, "Has Palliative Care in the Measurement Period": a FACIT-Pal assessment,
 * palliative care diagnosis (e.g. ICD-10 Z51.5, from a claim too), palliative care encounter or intervention
 * overlapping the period.
 */
import { once, type MeasureContext } from './context.js';
import { overlaps, prevalenceInterval, toInterval } from './intervals.js';
import { evidenceOf, retrieve, retrieveCode } from './patient-record.js';
import { isPerformed, isResult, isVerified } from './status.js';
import { anyOf, exists, type Finding } from './tri.js';
import { CODES, VS } from './value-sets.js';

export function hasPalliativeCare(ctx: MeasureContext): Finding {
  return once(ctx, palliativeCare);
}

function palliativeCare(ctx: MeasureContext): Finding {
  const { record, terminology, mp } = ctx;
  const role = 'palliative care';
  return anyOf(
    exists(
      retrieveCode(record, 'observation', CODES.facitPal)
        .filter((fact) => isResult(fact) && overlaps(toInterval(fact), mp))
        .map((fact) => evidenceOf(fact, role)),
    ),
    exists(
      retrieve(record, terminology, 'condition', VS.palliativeCareDiagnosis)
        .filter((fact) => isVerified(fact) && overlaps(prevalenceInterval(fact), mp))
        .map((fact) => evidenceOf(fact, role)),
    ),
    exists(
      retrieve(record, terminology, 'encounter', VS.palliativeCareEncounter)
        .filter((fact) => isPerformed(fact) && overlaps(toInterval(fact), mp))
        .map((fact) => evidenceOf(fact, role)),
    ),
    exists(
      retrieve(record, terminology, 'procedure', VS.palliativeCareIntervention)
        .filter((fact) => isPerformed(fact) && overlaps(toInterval(fact), mp))
        .map((fact) => evidenceOf(fact, role)),
    ),
  );
}
