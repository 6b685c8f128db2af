/**
 * The generator's own vocabulary, shared by its modules: the MSSP enrolment types, the chronic conditions members
 * can have, the PUF spending categories spend is calibrated against, and age bands.
 * Canonical event shapes are not here — they come from @benchline/shared.
 */
import type { EnrollmentMonth, MemberEvent } from '@benchline/shared';

/**
 * A member record as the generator writes it: a complete roster row (a canonical member event may carry only
 * some fields; the generator always knows them all, and every month's status in full).
 */
export type GeneratedMemberEvent = MemberEvent &
  Required<
    Pick<MemberEvent, 'givenName' | 'familyName' | 'birthDate' | 'sex' | 'stateCode' | 'countyFips' | 'orec'>
  > & {
    enrollment: GeneratedEnrollmentMonth[];
  };
export type GeneratedEnrollmentMonth = EnrollmentMonth & Required<EnrollmentMonth>;

/** The four MSSP enrolment types, as the ACO PUF splits person-years and spending (population-facts §1a, §2a). */
export type EnrollmentType = 'esrd' | 'disabled' | 'agedDual' | 'agedNonDual';
export const ENROLLMENT_TYPES: readonly EnrollmentType[] = ['esrd', 'disabled', 'agedDual', 'agedNonDual'];

/** Chronic conditions the generator gives members; each is defined by the CMS-HCCs (or eCQM value set) it codes to. */
export type ConditionKey =
  | 'diabetes'
  | 'heartFailure'
  | 'copd'
  | 'ckd'
  | 'esrd'
  | 'depression'
  | 'dementia'
  | 'atrialFibrillation'
  | 'breastCancer'
  | 'prostateCancer'
  | 'lungCancer'
  | 'colorectalCancer'
  | 'otherCancer'
  | 'macularDegeneration'
  | 'rheumatoidArthritis'
  | 'hypertension';

export const CONDITION_KEYS: readonly ConditionKey[] = [
  'diabetes',
  'heartFailure',
  'copd',
  'ckd',
  'esrd',
  'depression',
  'dementia',
  'atrialFibrillation',
  'breastCancer',
  'prostateCancer',
  'lungCancer',
  'colorectalCancer',
  'otherCancer',
  'macularDegeneration',
  'rheumatoidArthritis',
  'hypertension',
];

/** The ACO PUF's top-level spending columns (population-facts §2b), which the generator's spend is split into. */
export type SpendCategory = 'inpatient' | 'outpatient' | 'partB' | 'snf' | 'hha' | 'hospice' | 'dme' | 'ambulance';
export const SPEND_CATEGORIES: readonly SpendCategory[] = [
  'inpatient',
  'outpatient',
  'partB',
  'snf',
  'hha',
  'hospice',
  'dme',
  'ambulance',
];

/** Age bands of the PUF (`N_Ben_Age_*`). */
export type AgeBand = '0-64' | '65-74' | '75-84' | '85+';

export function ageBandOf(age: number): AgeBand {
  return age < 65 ? '0-64' : age < 75 ? '65-74' : age < 85 ? '75-84' : '85+';
}
