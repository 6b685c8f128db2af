/**
 * CQL `AgeInYearsAt(date)` on the merged member profile, three-valued: a member without a birth date has an
 * unknown age, which makes an age criterion unknown (never a guess). Each measure says which date it reads:
 * the end of the measurement period, except CMS2 (the start).
 */
import { ageOn } from '../member-profile.js';
import type { PatientRecord } from './patient-record.js';
import { finding, type Finding } from './tri.js';

export const NO_BIRTH_DATE = 'the member has no birth date';

export function ageAt(record: PatientRecord, date: string): number | null {
  const birthDate = record.profile?.birthDate;
  return birthDate === undefined ? null : ageOn(birthDate, date);
}

/** Age at `date` within [min, max] (max omitted: no upper bound). */
export function ageBetween(record: PatientRecord, date: string, min: number, max = Number.POSITIVE_INFINITY): Finding {
  const age = ageAt(record, date);
  if (age === null) {
    return finding(null, [], { unknownBecause: [NO_BIRTH_DATE] });
  }
  return finding(age >= min && age <= max);
}
