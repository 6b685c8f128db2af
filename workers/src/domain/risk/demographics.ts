/**
 * Demographic variables exactly as CMS's SAS builds them: age on 1 February of the payment year (the main
 * macro's AGEF formula), DISABL and ORIGDS, the 24 age/sex cells of the community and institutional segments and
 * the 32 new-enrollee cells (AGESEXV2), and the new-enrollee Medicaid × originally-disabled split (V2823T2M).
 * A unit test checks every cell boundary against the vendored AGESEXV2 text.
 */
import type { Demographics, OrecCode, Sex } from './types.js';

function dateParts(isoDate: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) {
    throw new RangeError(`Not an ISO date: "${isoDate}"`);
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * CMS's age: FLOOR((INTCK('MONTH', DOB, ASOF) − (DAY(ASOF) < DAY(DOB))) / 12), never below 0. INTCK counts month
 * boundaries crossed, so this is whole years with the birthday counted on its day of the month.
 */
export function ageAsOf(birthDate: string, asOf: string): number {
  const [birthYear, birthMonth, birthDay] = dateParts(birthDate);
  const [year, month, day] = dateParts(asOf);
  const months = (year - birthYear) * 12 + (month - birthMonth) - (day < birthDay ? 1 : 0);
  return Math.max(0, Math.floor(months / 12));
}

/** The date CMS computes age on for a payment year: 1 February (DATE_ASOF in the main macro). */
export function ageDateFor(paymentYear: number): string {
  return `${String(paymentYear).padStart(4, '0')}-02-01`;
}

export function demographicsFor(birthDate: string, sex: Sex, orec: OrecCode, paymentYear: number): Demographics {
  const age = ageAsOf(birthDate, ageDateFor(paymentYear));
  // AGESEXV2: DISABL = (AGEF < 65 & OREC ne "0"); ORIGDS = (OREC = '1') * (DISABL = 0).
  const disabled = age < 65 && orec !== '0';
  return { age, sex, orec, disabled, originallyDisabled: orec === '1' && !disabled };
}

/** Upper bound (inclusive) and suffix of each age/sex band of AGESEXV2, youngest first. */
const AGE_SEX_BANDS: readonly (readonly [number, string])[] = [
  [34, '0_34'],
  [44, '35_44'],
  [54, '45_54'],
  [59, '55_59'],
  [64, '60_64'],
  [69, '65_69'],
  [74, '70_74'],
  [79, '75_79'],
  [84, '80_84'],
  [89, '85_89'],
  [94, '90_94'],
];

/** The community / institutional age/sex cell: `F0_34` … `F95_GT`, `M0_34` … `M95_GT`. */
export function ageSexCell(age: number, sex: Sex): string {
  const band = AGE_SEX_BANDS.find(([upper]) => age <= upper);
  return `${sex}${band === undefined ? '95_GT' : band[1]}`;
}

/** The new-enrollee bands: single years 65–69, and a 64-year-old entitled by age counts as 65. */
const NEW_ENROLLEE_BANDS: readonly (readonly [number, string])[] = [
  [34, '0_34'],
  [44, '35_44'],
  [54, '45_54'],
  [59, '55_59'],
  [64, '60_64'],
  [65, '65'],
  [66, '66'],
  [67, '67'],
  [68, '68'],
  [69, '69'],
  [74, '70_74'],
  [79, '75_79'],
  [84, '80_84'],
  [89, '85_89'],
  [94, '90_94'],
];

/** The new-enrollee age/sex cell: `NEF0_34` … `NEF95_GT`, `NEM0_34` … `NEM95_GT`. */
export function newEnrolleeCell(age: number, sex: Sex, orec: OrecCode): string {
  // AGESEXV2: age 64 with OREC 0 (about to age in) goes to the 65 cell, other 64-year-olds to 60_64.
  const bandAge = age === 64 && orec === '0' ? 65 : age;
  const band = NEW_ENROLLEE_BANDS.find(([upper]) => bandAge <= upper);
  return `NE${sex}${band === undefined ? '95_GT' : band[1]}`;
}

/**
 * The new-enrollee regression variable: `{NMCAID|MCAID}_{NORIGDIS|ORIGDIS}_<cell>`, where ORIGDIS for new
 * enrollees is (AGEF ≥ 65) × (OREC = 1) and MCAID is the NEMCAID input.
 */
export function newEnrolleeVariable(demographics: Demographics, medicaid: boolean): string {
  const originallyDisabled = demographics.age >= 65 && demographics.orec === '1';
  const cell = newEnrolleeCell(demographics.age, demographics.sex, demographics.orec);
  return `${medicaid ? 'MCAID' : 'NMCAID'}_${originallyDisabled ? 'ORIGDIS' : 'NORIGDIS'}_${cell}`;
}

/**
 * Every demographic variable that is 1 for this person, as the main macro sets them before scoring: the age/sex
 * cell, the originally-disabled terms, LTIMCAID, and the new-enrollee variable. Each segment's coefficients pick
 * the ones it has (e.g. CNA has no F0_34, only INS has LTIMCAID).
 */
export function demographicVariables(
  demographics: Demographics,
  medicaid: { readonly institutional: boolean; readonly newEnrollee: boolean },
): string[] {
  const variables = [ageSexCell(demographics.age, demographics.sex)];
  if (demographics.originallyDisabled) {
    variables.push('ORIGDS', `OriginallyDisabled_${demographics.sex === 'F' ? 'Female' : 'Male'}`);
  }
  if (medicaid.institutional) {
    variables.push('LTIMCAID');
  }
  variables.push(newEnrolleeVariable(demographics, medicaid.newEnrollee));
  return variables;
}
