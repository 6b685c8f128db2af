/**
 * The reference data the generator draws codes from, prepared once from the vendored files (loaded by
 * @benchline/workers): per-condition ICD-10 pools for each payment year from the CMS-HCC mapping, hypertension
 * codes from the eCQM value set, LOINC/SNOMED/HCPCS codes for the clinical events from the eCQM value sets and
 * CQL direct-reference codes, and the MSSP primary care code list the visit codes are checked against.
 * Pure: it receives loaded data and never touches the file system.
 */
import type { CodeSystem, Coding } from '@benchline/shared';
import type {
  AssignmentSpecialty,
  DirectReferenceCode,
  EcqmValueSet,
  Icd10HccMap,
  PrimaryCareServiceCode,
} from '@benchline/workers';
import { CONDITION_DEFINITIONS, type HccConditionDefinition } from './conditions.js';
import { WeightedTable } from './random.js';
import { CONDITION_KEYS, type ConditionKey } from './types.js';

/** What the loaders of @benchline/workers return, bundled. */
export interface ReferenceInput {
  readonly icd10HccMap: Icd10HccMap;
  readonly primaryCareServiceCodes: readonly PrimaryCareServiceCode[];
  readonly assignmentSpecialties: readonly AssignmentSpecialty[];
  readonly valueSets: ReadonlyMap<string, EcqmValueSet>;
  readonly directReferenceCodes: readonly DirectReferenceCode[];
}

/** The ICD-10 codes one condition tier can be coded with in one payment year. */
export interface TierCodes {
  readonly v28: number | null;
  readonly share: number;
  readonly codes: WeightedTable<string>;
  readonly codeList: readonly string[];
}

export interface ConditionCodePool {
  readonly tiers: readonly TierCodes[];
  readonly companions: readonly string[];
}

export interface GeneratorReference {
  readonly paymentYears: readonly number[];
  /** Codes of an HCC condition for a payment year (tiers in the definition's order; empty tiers dropped). */
  conditionCodes(condition: ConditionKey, paymentYear: number): ConditionCodePool;
  /** ICD-10-CM codes of the non-HCC conditions, from their eCQM value sets. */
  valueSetConditionCodes(condition: ConditionKey): readonly string[];
  readonly icd10HccMap: Icd10HccMap;
  readonly primaryCareCodesPy2025: ReadonlySet<string>;
  readonly primaryCarePhysicianSpecialties: readonly string[];
  readonly nonPhysicianPractitionerSpecialties: readonly string[];
  readonly step2SpecialistSpecialties: readonly string[];
  readonly clinicalCodes: ClinicalCodes;
  /** Every ICD-10-CM code an exclusion-relevant eCQM value set lists (frailty, palliative, hospice, pregnancy, …). */
  readonly measureExclusionIcd10: ReadonlySet<string>;
}

/** Codes for the clinical events, each taken from a vendored value set or CQL direct-reference code. */
export interface ClinicalCodes {
  /** HbA1c LOINC codes, weighted by how often labs report them. */
  readonly hba1c: WeightedTable<string>;
  readonly hba1cLoinc: readonly string[];
  readonly systolicBloodPressure: string;
  readonly diastolicBloodPressure: string;
  readonly mammography: readonly string[];
  readonly colonoscopyHcpcs: readonly Coding[];
  readonly colonoscopySnomed: readonly string[];
  readonly fitLoinc: readonly string[];
  readonly sdnaFitLoinc: readonly string[];
  readonly adultDepressionScreening: string;
  readonly depressionScreenNegative: string;
  readonly depressionScreenPositive: string;
  readonly depressionFollowUp: readonly string[];
  readonly annualWellnessVisit: readonly string[];
}

/** OIDs of the eCQM value sets the generator reads (all vendored under workers/reference/ecqm-2026). */
export const VALUE_SETS = {
  hba1cLaboratoryTest: '2.16.840.1.113883.3.464.1003.198.12.1013',
  mammography: '2.16.840.1.113883.3.464.1003.108.12.1018',
  colonoscopy: '2.16.840.1.113883.3.464.1003.108.12.1020',
  fecalOccultBloodTest: '2.16.840.1.113883.3.464.1003.198.12.1011',
  sdnaFitTest: '2.16.840.1.113883.3.464.1003.108.12.1039',
  followUpForAdultDepression: '2.16.840.1.113883.3.526.3.1568',
  annualWellnessVisit: '2.16.840.1.113883.3.526.3.1240',
} as const;

/** Value sets whose ICD-10-CM codes would put a member into a measure exclusion; generic codes must avoid them. */
const EXCLUSION_VALUE_SETS = [
  '2.16.840.1.113883.3.464.1003.113.12.1074', // Frailty Diagnosis
  '2.16.840.1.113883.3.464.1003.113.12.1075', // Frailty Symptom
  '2.16.840.1.113883.3.464.1003.1167', // Palliative Care Diagnosis
  '2.16.840.1.113883.3.526.3.378', // Pregnancy
  '2.16.840.1.113883.3.67.1.101.1.128', // Bipolar Disorder
  '2.16.840.1.113883.3.464.1003.108.12.1001', // Malignant Neoplasm of Colon
  '2.16.840.1.113883.3.526.3.353', // End Stage Renal Disease
  '2.16.840.1.113883.3.526.3.1002', // Chronic Kidney Disease, Stage 5
  '2.16.840.1.113883.3.464.1003.109.12.1029', // Kidney Transplant Recipient
  '2.16.840.1.113883.3.464.1003.198.12.1068', // History of bilateral mastectomy
] as const;

/** HbA1c tests by how often labs report them (assumption); any code of the value set may appear. */
const HBA1C_PREFERENCE: Readonly<Record<string, number>> = { '4548-4': 0.8, '17856-6': 0.1, '4549-2': 0.06 };

export function buildGeneratorReference(input: ReferenceInput): GeneratorReference {
  // Conditions are coded by their V28 HCCs, so only years the V28 model maps (2024 on) have code pools; earlier
  // service years are coded as the earliest of them.
  const paymentYears = [...input.icd10HccMap]
    .filter(([, codes]) => [...codes.values()].some((mapping) => mapping.v28.length > 0))
    .map(([year]) => year)
    .sort((a, b) => a - b);
  if (paymentYears.length === 0) {
    throw new Error('The ICD-10 → HCC map has no payment year with V28 HCCs');
  }
  const pools = new Map<string, ConditionCodePool>();
  for (const key of CONDITION_KEYS) {
    const definition = CONDITION_DEFINITIONS[key];
    if (definition.kind !== 'hcc') {
      continue;
    }
    for (const year of paymentYears) {
      pools.set(`${key}:${year}`, buildConditionPool(key, definition, input.icd10HccMap, year));
    }
  }
  const valueSetCodes = new Map<ConditionKey, string[]>();
  for (const key of CONDITION_KEYS) {
    const definition = CONDITION_DEFINITIONS[key];
    if (definition.kind === 'valueSet') {
      const codes = codesOf(input.valueSets, definition.valueSetOid, 'icd10cm');
      if (codes.length === 0) {
        throw new Error(`Value set ${definition.valueSetOid} has no ICD-10-CM codes for ${key}`);
      }
      valueSetCodes.set(key, codes);
    }
  }

  const primaryCareCodesPy2025 = new Set(
    input.primaryCareServiceCodes.filter((c) => c.performanceYears.includes(2025)).map((c) => c.code),
  );
  const specialtiesWith = (role: AssignmentSpecialty['role']): string[] =>
    input.assignmentSpecialties.filter((s) => s.role === role).map((s) => s.specialtyCode);

  const measureExclusionIcd10 = new Set<string>();
  for (const oid of EXCLUSION_VALUE_SETS) {
    for (const code of codesOf(input.valueSets, oid, 'icd10cm')) {
      measureExclusionIcd10.add(code);
    }
  }

  return {
    paymentYears,
    conditionCodes(condition, paymentYear) {
      const pool = pools.get(`${condition}:${paymentYear}`);
      if (pool === undefined) {
        throw new Error(`No ICD-10 pool for ${condition} in payment year ${paymentYear}`);
      }
      return pool;
    },
    valueSetConditionCodes(condition) {
      const codes = valueSetCodes.get(condition);
      if (codes === undefined) {
        throw new Error(`${condition} is not a value-set condition`);
      }
      return codes;
    },
    icd10HccMap: input.icd10HccMap,
    primaryCareCodesPy2025,
    // Pediatric medicine (37) is a primary care specialty, but not for a Medicare ACO's adult panels.
    primaryCarePhysicianSpecialties: specialtiesWith('primary_care_physician').filter((code) => code !== '37'),
    nonPhysicianPractitionerSpecialties: specialtiesWith('non_physician_practitioner'),
    step2SpecialistSpecialties: specialtiesWith('specialist_step2'),
    clinicalCodes: buildClinicalCodes(input),
    measureExclusionIcd10,
  };
}

/**
 * A condition's codes for one payment year: codes in the condition's ICD-10 categories whose V28 HCCs (and V24
 * HCCs) all belong to the condition, grouped by V28 tier. Codes that also map to another condition's HCC (e.g.
 * diabetes with retinopathy, which adds V28 HCC 298) are left out so a member's HCCs follow their conditions.
 */
function buildConditionPool(
  key: ConditionKey,
  definition: HccConditionDefinition,
  map: Icd10HccMap,
  paymentYear: number,
): ConditionCodePool {
  const codes = map.get(paymentYear);
  if (codes === undefined) {
    throw new Error(`No HCC mapping for payment year ${paymentYear}`);
  }
  const v28Allowed = new Set(definition.v28Hccs);
  const v24Allowed = new Set(definition.v24Hccs);
  const categoryOf = (code: string): readonly [string, number] | undefined =>
    definition.categories.find(([prefix]) => code.startsWith(prefix));
  const tiers: TierCodes[] = [];
  for (const tier of definition.tiers) {
    const byCategory = new Map<string, string[]>();
    for (const [code, mapping] of codes) {
      const category = categoryOf(code);
      if (category === undefined) {
        continue;
      }
      if (!mapping.v24.every((h) => v24Allowed.has(h)) || !mapping.v28.every((h) => v28Allowed.has(h))) {
        continue;
      }
      const inTier =
        tier.v28 === null ? mapping.v28.length === 0 && mapping.v24.length > 0 : mapping.v28.includes(tier.v28);
      if (!inTier) {
        continue;
      }
      const list = byCategory.get(category[0]) ?? [];
      list.push(code);
      byCategory.set(category[0], list);
    }
    const entries: [string, number][] = [];
    for (const [prefix, weight] of definition.categories) {
      const list = (byCategory.get(prefix) ?? []).sort();
      for (const code of list) {
        entries.push([code, weight / list.length]);
      }
    }
    if (entries.length > 0) {
      tiers.push({
        v28: tier.v28,
        share: tier.share,
        codes: new WeightedTable(entries),
        codeList: entries.map(([c]) => c),
      });
    }
  }
  if (tiers.length === 0) {
    throw new Error(`No ICD-10 codes map to the HCCs of ${key} in payment year ${paymentYear}`);
  }
  const companions = [...codes]
    .filter(([code, mapping]) => {
      const companion = definition.companionCategories?.some((prefix) => code.startsWith(prefix)) ?? false;
      return (
        companion &&
        mapping.v24.length + mapping.v28.length > 0 &&
        mapping.v24.every((h) => v24Allowed.has(h)) &&
        mapping.v28.every((h) => v28Allowed.has(h))
      );
    })
    .map(([code]) => code)
    .sort();
  return { tiers, companions };
}

function codesOf(valueSets: ReadonlyMap<string, EcqmValueSet>, oid: string, system: CodeSystem): string[] {
  const valueSet = valueSets.get(oid);
  if (valueSet === undefined) {
    throw new Error(`Value set ${oid} is not in the vendored reference data`);
  }
  return valueSet.codes.filter((c) => c.system === system).map((c) => c.code);
}

function buildClinicalCodes(input: ReferenceInput): ClinicalCodes {
  const displayed = (oid: string, system: CodeSystem, pattern: RegExp): string[] => {
    const valueSet = input.valueSets.get(oid);
    const all = valueSet?.codes.filter((c) => c.system === system) ?? [];
    const matching = all.filter((c) => pattern.test(c.display));
    return (matching.length > 0 ? matching : all).map((c) => c.code);
  };
  const direct = (library: string, name: string): string => {
    const found = input.directReferenceCodes.find((c) => c.library === library && c.name === name);
    if (found === undefined) {
      throw new Error(`CQL library ${library} declares no code named "${name}"`);
    }
    return found.code;
  };
  const nonEmpty = <T>(list: readonly T[], what: string): readonly T[] => {
    if (list.length === 0) {
      throw new Error(`No codes for ${what} in the vendored value sets`);
    }
    return list;
  };

  const hba1cCodes = nonEmpty(codesOf(input.valueSets, VALUE_SETS.hba1cLaboratoryTest, 'loinc'), 'HbA1c');
  const colonoscopy = input.valueSets.get(VALUE_SETS.colonoscopy)?.codes ?? [];
  const awv = nonEmpty(codesOf(input.valueSets, VALUE_SETS.annualWellnessVisit, 'hcpcs'), 'annual wellness visits');
  return {
    hba1c: new WeightedTable(hba1cCodes.map((code) => [code, HBA1C_PREFERENCE[code] ?? 0.01] as const)),
    hba1cLoinc: hba1cCodes,
    systolicBloodPressure: direct('CMS165FHIRControllingHighBloodPressure', 'Systolic blood pressure'),
    diastolicBloodPressure: direct('CMS165FHIRControllingHighBloodPressure', 'Diastolic blood pressure'),
    mammography: nonEmpty(displayed(VALUE_SETS.mammography, 'loinc', /screening/i), 'mammography'),
    // Screening colonoscopy is billed to Medicare as G0121 (average risk) or G0105 (high risk).
    colonoscopyHcpcs: nonEmpty(
      colonoscopy
        .filter((c) => c.system === 'hcpcs' && (c.code === 'G0121' || c.code === 'G0105'))
        .map((c): Coding => ({ system: 'hcpcs', code: c.code })),
      'screening colonoscopy',
    ),
    colonoscopySnomed: nonEmpty(
      colonoscopy.filter((c) => c.system === 'snomed' && /colonoscopy/i.test(c.display)).map((c) => c.code),
      'colonoscopy (SNOMED)',
    ),
    fitLoinc: nonEmpty(displayed(VALUE_SETS.fecalOccultBloodTest, 'loinc', /immunoassay/i), 'FIT'),
    sdnaFitLoinc: nonEmpty(codesOf(input.valueSets, VALUE_SETS.sdnaFitTest, 'loinc'), 'sDNA-FIT'),
    adultDepressionScreening: direct('CMS2FHIRPCSDepressionScreenAndFollowUp', 'Adult depression screening assessment'),
    depressionScreenNegative: direct(
      'CMS2FHIRPCSDepressionScreenAndFollowUp',
      'Depression screening negative (finding)',
    ),
    depressionScreenPositive: direct(
      'CMS2FHIRPCSDepressionScreenAndFollowUp',
      'Depression screening positive (finding)',
    ),
    depressionFollowUp: nonEmpty(
      codesOf(input.valueSets, VALUE_SETS.followUpForAdultDepression, 'snomed'),
      'depression follow-up',
    ),
    annualWellnessVisit: awv.filter((code) => code === 'G0438' || code === 'G0439'),
  };
}

/**
 * The payment year whose mapping codes a service date's diagnoses: CMS-HCC is prospective, so diagnoses from
 * calendar year N score payment year N + 1 — clamped to the years vendored.
 */
export function paymentYearForService(reference: GeneratorReference, serviceYear: number): number {
  const years = reference.paymentYears;
  const first = years[0] ?? serviceYear + 1;
  const last = years[years.length - 1] ?? serviceYear + 1;
  return Math.min(Math.max(serviceYear + 1, first), last);
}
