/**
 * The Hospice 6.18.000 library, "Has Hospice Services": an inpatient discharge to hospice ending in the period, a
 * hospice encounter, MDS hospice assessment (yes), hospice procedure or hospice diagnosis overlapping it. Claims
 * and eligibility add what a Medicare ACO sees: a hospice claim, an inpatient claim discharged to hospice (status
 * 50/51), a month the enrolment file flags hospice. The hospice order (ServiceRequest) is not in the canonical model.
 */
import type { MeasureContext } from './context.js';
import { lastDayOfMonth } from './dates.js';
import { endsDuring, interval, overlaps, prevalenceInterval, toInterval, within } from './intervals.js';
import { evidenceOf, retrieve, retrieveCode, valueIs } from './patient-record.js';
import { isPerformed, isResult, isVerified } from './status.js';
import { anyOf, exists, finding, type Finding } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { CODES, VS } from './value-sets.js';

/** UB-04 patient discharge status: 50 hospice (home), 51 hospice (medical facility). */
const HOSPICE_DISCHARGE_STATUSES: readonly string[] = ['50', '51'];

export const DISPOSITION_NOT_CARRIED =
  'an inpatient stay ending in the period has no discharge disposition in the canonical model (read as not to hospice unless its claim says so)';

export function hasHospiceServices(ctx: MeasureContext): Finding {
  const { record, terminology, mp } = ctx;
  const role = 'hospice';
  // Discharged to hospice: the disposition comes from the claim; a clinical encounter does not carry it.
  const inpatientStays = retrieve(record, terminology, 'encounter', VS.encounterInpatient).filter(
    (fact) => isPerformed(fact) && endsDuring(toInterval(fact), mp),
  );
  const hospiceDischarges: EvidenceRecord[] = record.claims
    .filter(
      (claim) =>
        claim.claimType === 'inpatient' &&
        claim.dischargeStatus !== undefined &&
        HOSPICE_DISCHARGE_STATUSES.includes(claim.dischargeStatus) &&
        within(claim.throughDate, mp),
    )
    .map((claim) => ({
      eventId: `${claim.claimId}#claim`,
      source: 'claim',
      system: 'discharge-status',
      code: claim.dischargeStatus ?? '',
      date: claim.throughDate,
      role: 'discharged to hospice',
    }));
  const discharge =
    hospiceDischarges.length > 0
      ? exists(hospiceDischarges)
      : finding(false, [], { notes: inpatientStays.length > 0 ? [DISPOSITION_NOT_CARRIED] : [] });

  const encounters = retrieve(record, terminology, 'encounter', VS.hospiceEncounter)
    .filter((fact) => isPerformed(fact) && overlaps(toInterval(fact), mp))
    .map((fact) => evidenceOf(fact, role));
  const assessments = retrieveCode(record, 'observation', CODES.hospiceCareMds)
    .filter((fact) => isResult(fact) && valueIs(fact, CODES.yes) && overlaps(toInterval(fact), mp))
    .map((fact) => evidenceOf(fact, role));
  const procedures = retrieve(record, terminology, 'procedure', VS.hospiceCareAmbulatory)
    .filter((fact) => isPerformed(fact) && overlaps(toInterval(fact), mp))
    .map((fact) => evidenceOf(fact, role));
  const diagnoses = retrieve(record, terminology, 'condition', VS.hospiceDiagnosis)
    .filter((fact) => isVerified(fact) && overlaps(prevalenceInterval(fact), mp))
    .map((fact) => evidenceOf(fact, role));
  const hospiceClaims: EvidenceRecord[] = record.claims
    .filter((claim) => claim.claimType === 'hospice' && overlaps(interval(claim.fromDate, claim.throughDate), mp))
    .map((claim) => ({
      eventId: `${claim.claimId}#claim`,
      source: 'claim',
      system: 'claim-type',
      code: 'hospice',
      date: claim.fromDate,
      role: 'hospice claim',
    }));
  const enrolment: EvidenceRecord[] = (record.profile?.months ?? [])
    .filter(
      (month) => month.hospice === true && overlaps(interval(`${month.month}-01`, lastDayOfMonth(month.month)), mp),
    )
    .map((month) => ({
      eventId: `${record.memberId}#${month.month}`,
      source: 'eligibility',
      system: 'enrollment',
      code: 'hospice',
      date: `${month.month}-01`,
      role: 'hospice (enrolment)',
    }));
  return anyOf(
    discharge,
    exists(encounters),
    exists(assessments),
    exists(procedures),
    exists(diagnoses),
    exists(hospiceClaims),
    exists(enrolment),
  );
}
