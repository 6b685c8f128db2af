/**
 * The Hospice 6.18.000 library, "Has Hospice Services": an inpatient encounter discharged home or to a facility for
 * hospice care ending in the period, a hospice encounter, MDS hospice assessment (yes), hospice order authored in
 * it, hospice procedure or hospice diagnosis overlapping it. Claims and eligibility add what a Medicare ACO sees: a
 * hospice claim, an inpatient claim discharged to hospice (status 50/51), a month the enrolment file flags hospice.
 */
import { once, type MeasureContext } from './context.js';
import { lastDayOfMonth } from './dates.js';
import { endsDuring, interval, overlaps, prevalenceInterval, toInterval, within } from './intervals.js';
import { codingsInclude, evidenceOf, retrieve, retrieveCode, valueIs } from './patient-record.js';
import { intentNotes, isOrder, isPerformed, isResult, isVerified } from './status.js';
import { anyOf, exists, type Finding } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { CODES, VS } from './value-sets.js';

/** UB-04 patient discharge status: 50 hospice (home), 51 hospice (medical facility). */
const HOSPICE_DISCHARGE_STATUSES: readonly string[] = ['50', '51'];

export function hasHospiceServices(ctx: MeasureContext): Finding {
  return once(ctx, hospiceServices);
}

function hospiceServices(ctx: MeasureContext): Finding {
  const { record, terminology, mp } = ctx;
  const role = 'hospice';
  // Discharged to hospice: the EHR encounter's disposition, or the inpatient claim's discharge status.
  const dischargedToHospice = retrieve(record, terminology, 'encounter', VS.encounterInpatient)
    .filter(
      (fact) =>
        isPerformed(fact) &&
        (codingsInclude(fact.event?.dischargeDisposition, CODES.dischargeToHomeForHospice) ||
          codingsInclude(fact.event?.dischargeDisposition, CODES.dischargeToFacilityForHospice)) &&
        endsDuring(toInterval(fact), mp),
    )
    .map((fact) => evidenceOf(fact, 'discharged to hospice', toInterval(fact).end));
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

  const encounters = retrieve(record, terminology, 'encounter', VS.hospiceEncounter)
    .filter((fact) => isPerformed(fact) && overlaps(toInterval(fact), mp))
    .map((fact) => evidenceOf(fact, role));
  const assessments = retrieveCode(record, 'observation', CODES.hospiceCareMds)
    .filter((fact) => isResult(fact) && valueIs(fact, CODES.yes) && overlaps(toInterval(fact), mp))
    .map((fact) => evidenceOf(fact, role));
  // "HospiceOrder.authoredOn during day of MP": an intervention order (active or completed, intent order).
  const orders = retrieve(record, terminology, 'service-request', VS.hospiceCareAmbulatory).filter(
    (fact) => isOrder(fact) && within(fact.start, mp),
  );
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
    exists([...dischargedToHospice, ...hospiceDischarges]),
    exists(encounters),
    exists(assessments),
    exists(
      orders.map((fact) => evidenceOf(fact, 'hospice order')),
      intentNotes(orders),
    ),
    exists(procedures),
    exists(diagnoses),
    exists(hospiceClaims),
    exists(enrolment),
  );
}
