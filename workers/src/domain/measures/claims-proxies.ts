/**
 * Claims evidence for what the eCQM value sets code only in LOINC (mammography, FOBT, sDNA-FIT, CT colonography,
 * HbA1c) or only as observation values (HbA1c level, blood pressure): the CPT/HCPCS and CPT II codes a claim
 * carries instead. Configuration with documented defaults (the domain reference, §4.3, and the CPT II code
 * definitions), passed into the terminology so a deployment can correct it without touching the engine.
 */

/** HbA1c level bands that CPT II result codes report. */
export type GlycemicBand = 'below-7' | '7-to-8' | '8-to-9' | 'above-9';
export type SystolicBand = 'below-130' | '130-to-139' | '140-or-more';
export type DiastolicBand = 'below-80' | '80-to-89' | '90-or-more';

export interface ClaimsProxies {
  /** Screening or diagnostic mammography (CPT 77061–77063, 77065–77067; legacy HCPCS G0202/G0204/G0206). */
  readonly mammography: readonly string[];
  /** Fecal occult blood / FIT (CPT 82270, 82274; HCPCS G0328). */
  readonly fecalOccultBloodTest: readonly string[];
  /** Multitarget stool DNA with FIT (CPT 81528). */
  readonly sdnaFitTest: readonly string[];
  /** CT colonography (CPT 74261–74263). */
  readonly ctColonography: readonly string[];
  /** HbA1c test performed; the claim carries no result (CPT 83036, 83037). */
  readonly hba1cTest: readonly string[];
  /** CPT II most-recent HbA1c level. */
  readonly hba1cLevel: Readonly<Record<string, GlycemicBand>>;
  /** CPT II most-recent systolic / diastolic blood pressure. */
  readonly systolic: Readonly<Record<string, SystolicBand>>;
  readonly diastolic: Readonly<Record<string, DiastolicBand>>;
  /** Annual wellness visit, initial and subsequent (HCPCS G0438, G0439). */
  readonly annualWellnessVisit: readonly string[];
}

export const DEFAULT_CLAIMS_PROXIES: ClaimsProxies = {
  mammography: ['77061', '77062', '77063', '77065', '77066', '77067', 'G0202', 'G0204', 'G0206'],
  fecalOccultBloodTest: ['82270', '82274', 'G0328'],
  sdnaFitTest: ['81528'],
  ctColonography: ['74261', '74262', '74263'],
  hba1cTest: ['83036', '83037'],
  hba1cLevel: { '3044F': 'below-7', '3051F': '7-to-8', '3052F': '8-to-9', '3046F': 'above-9' },
  systolic: { '3074F': 'below-130', '3075F': '130-to-139', '3077F': '140-or-more' },
  diastolic: { '3078F': 'below-80', '3079F': '80-to-89', '3080F': '90-or-more' },
  annualWellnessVisit: ['G0438', 'G0439'],
};

/**
 * CPT II performance modifiers: the service was not performed (1P medical, 2P patient, 3P system reason, 8P not
 * otherwise specified). A claim line carrying one never counts as the service having been done.
 */
export const NOT_PERFORMED_MODIFIERS: readonly string[] = ['1P', '2P', '3P', '8P'];
