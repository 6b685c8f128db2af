import type { CodeSystem } from './events/clinical.js';

/**
 * Code formats every event shares. Codes are normalised once, at the edge: ICD-10 without the dot and upper
 * case, HCPCS upper case. The patterns here are the shape checks; whether a code exists in a given year's code
 * set is the engines' business (they look it up in that year's table).
 */

/** ICD-10-CM without the dot: a letter, two characters, then up to four more (A00 … Z99.89 → Z9989). */
export const ICD10_CM_PATTERN = '^[A-Z][0-9][0-9A-Z]([0-9A-Z]{1,4})?$';

/** CPT (5 digits, Category II ends F, Category III ends T, PLA ends U) or HCPCS Level II (letter + 4 digits). */
export const HCPCS_PATTERN = '^([0-9]{4}[0-9FTU]|[A-V][0-9]{4})$';

/** ICD-10-PCS: seven characters, digits and letters except I and O. */
export const ICD10_PCS_PATTERN = '^[0-9A-HJ-NP-Z]{7}$';

/** A National Provider Identifier: 10 digits whose last digit is a Luhn check digit (see isValidNpi). */
export const NPI_PATTERN = '^[12][0-9]{9}$';

/** A taxpayer identification number: 9 digits, no dash. */
export const TIN_PATTERN = '^[0-9]{9}$';

/** A CMS Certification Number (facility): 6 characters. */
export const CCN_PATTERN = '^[0-9A-Z]{6}$';

/** A Medicare specialty code (CMS provider specialty, 2 characters: 01 general practice, 50 NP, …). */
export const SPECIALTY_CODE_PATTERN = '^[0-9A-Z]{2}$';

/**
 * The Medicare Beneficiary Identifier format (CMS MBI spec): 11 characters, positions typed as
 * C A AN N A AN N A A N N, where A excludes S, L, O, I, B and Z so it cannot be misread as a digit.
 */
export const MBI_PATTERN =
  '^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y][0-9][0-9]$';

/** Removes the dot and upper-cases an ICD-10 code as it may arrive from FHIR or a spreadsheet ("e11.9" → "E119"). */
export function normalizeIcd10(code: string): string {
  return code.replace(/\./g, '').trim().toUpperCase();
}

/**
 * Normalises a code the way the canonical model stores it in `system`: ICD-10 (CM and PCS) without the dot and
 * upper case, CPT and HCPCS upper case, any other system trimmed. Every way in (the JSON/NDJSON API, FHIR) uses it.
 */
export function normalizeCode(system: CodeSystem, code: string): string {
  switch (system) {
    case 'icd10cm':
    case 'icd10pcs':
      return normalizeIcd10(code);
    case 'cpt':
    case 'hcpcs':
      return code.trim().toUpperCase();
    default:
      return code.trim();
  }
}

/**
 * The stricter shape a (normalised) code of `system` must have beyond a coding's generic pattern, if any: ICD-10-CM,
 * ICD-10-PCS, CPT/HCPCS. Other systems (LOINC, SNOMED CT, …) are checked by the coding pattern alone.
 */
export function codePatternOf(system: CodeSystem): string | undefined {
  switch (system) {
    case 'icd10cm':
      return ICD10_CM_PATTERN;
    case 'icd10pcs':
      return ICD10_PCS_PATTERN;
    case 'cpt':
    case 'hcpcs':
      return HCPCS_PATTERN;
    default:
      return undefined;
  }
}

/**
 * True when the NPI's last digit is the Luhn check digit computed over the constant prefix 80840 and the first
 * nine digits, as the NPI standard (45 CFR 162.406, CMS NPI check-digit note) defines it.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^[0-9]{10}$/.test(npi)) {
    return false;
  }
  return npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** The Luhn check digit of a 9-digit NPI body, including the 80840 prefix's fixed contribution of 24. */
export function npiCheckDigit(body: string): number {
  let sum = 24; // the doubled-and-summed digits of the 80840 prefix
  for (let i = 0; i < body.length; i += 1) {
    // Counting from the right of the 9-digit body, every other digit starting with the rightmost is doubled.
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Dollars as they arrive in events → integer cents, the only unit money is summed in. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

/** Calendar month (YYYY-MM) of an ISO date (YYYY-MM-DD). */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}
