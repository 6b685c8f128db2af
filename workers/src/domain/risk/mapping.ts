/**
 * Diagnosis → CC for one model and payment year, as the main macro does it: the age/sex edits first (an edit
 * either overrides the code's CCs or invalidates it), otherwise the payment year's ICD-10 → HCC mapping (a code
 * valid one year can be retired the next, so the year matters). Only the model's payment CCs are kept.
 */
import { mappedPaymentYears, modelsMappedIn, type HccMapping } from '../../reference/cms-hcc.js';
import type { DiagnosisEdit } from '../../reference/cms-hcc-model.js';
import type { PreparedModel } from './prepared-model.js';
import type { CmsHccTables, EligibleDiagnosis, HccModel, Sex } from './types.js';

/**
 * The codes of one payment year's mapping; throws when the year is not in the tables, or when a model is named
 * that the year's mapping does not cover (V28 before payment year 2024) — scoring it would silently find no HCC.
 */
export function mappingForYear(
  tables: CmsHccTables,
  paymentYear: number,
  model?: HccModel,
): ReadonlyMap<string, HccMapping> {
  const codes = tables.icd10Map.get(paymentYear);
  if (codes === undefined) {
    const years = [...tables.icd10Map.keys()].sort((a, b) => a - b).join(', ');
    throw new RangeError(`No ICD-10 → HCC mapping for payment year ${paymentYear} (vendored: ${years})`);
  }
  if (model !== undefined && !modelsMappedIn(tables.icd10Map, paymentYear).includes(model)) {
    const years = mappedPaymentYears(tables.icd10Map, model).join(', ');
    throw new RangeError(
      `The ICD-10 → HCC mapping of payment year ${paymentYear} has no ${model} HCCs (${model} is mapped for ${years})`,
    );
  }
  return codes;
}

/**
 * The payment year whose mapping to use: the year itself when vendored (and, with a model, covering it), otherwise
 * the latest such year before it (a stand-in, flagged `exact: false`, for a year CMS has not published yet).
 */
export function resolveMappingYear(
  tables: CmsHccTables,
  paymentYear: number,
  model?: HccModel,
): { year: number; exact: boolean } {
  const years =
    model === undefined
      ? [...tables.icd10Map.keys()].sort((a, b) => a - b)
      : mappedPaymentYears(tables.icd10Map, model);
  if (years.includes(paymentYear)) {
    return { year: paymentYear, exact: true };
  }
  const earlier = years.filter((year) => year < paymentYear).at(-1);
  if (earlier === undefined) {
    const what = model === undefined ? 'ICD-10 → HCC mapping' : `${model} ICD-10 → HCC mapping`;
    throw new RangeError(`No ${what} for payment year ${paymentYear} or any year before it`);
  }
  return { year: earlier, exact: false };
}

function editApplies(edit: DiagnosisEdit, age: number, sex: Sex): boolean {
  return (
    (edit.sex === null || edit.sex === sex) &&
    (edit.ageMin === null || age >= edit.ageMin) &&
    (edit.ageMax === null || age <= edit.ageMax)
  );
}

export interface DiagnosisCcs {
  readonly ccs: readonly number[];
  /** The edit that decided the CCs instead of the mapping, if any. */
  readonly edit: DiagnosisEdit | null;
}

const NO_CCS: readonly number[] = [];

/** The payment CCs one code yields for a person of this age and sex. */
export function ccsForDiagnosis(
  icd10: string,
  model: PreparedModel,
  mapping: ReadonlyMap<string, HccMapping>,
  age: number,
  sex: Sex,
): DiagnosisCcs {
  const edit = model.edits.get(icd10)?.find((candidate) => editApplies(candidate, age, sex)) ?? null;
  if (edit !== null) {
    const ccs = edit.action === 'override' && edit.ccOverride !== null ? [edit.ccOverride] : NO_CCS;
    return { ccs: ccs.filter((cc) => model.isPaymentHcc.has(cc)), edit };
  }
  const mapped = mapping.get(icd10);
  const ccs = mapped === undefined ? NO_CCS : mapped[modelKey(model.model)];
  return { ccs: ccs.filter((cc) => model.isPaymentHcc.has(cc)), edit: null };
}

function modelKey(model: HccModel): 'v24' | 'v28' {
  return model === 'V24' ? 'v24' : 'v28';
}

/** CC → the diagnoses that produced it (a code can produce two CCs; several codes the same CC). */
export function mapDiagnoses(
  diagnoses: readonly EligibleDiagnosis[],
  model: PreparedModel,
  mapping: ReadonlyMap<string, HccMapping>,
  age: number,
  sex: Sex,
): Map<number, EligibleDiagnosis[]> {
  const byCc = new Map<number, EligibleDiagnosis[]>();
  for (const diagnosis of diagnoses) {
    for (const cc of ccsForDiagnosis(diagnosis.icd10, model, mapping, age, sex).ccs) {
      const sources = byCc.get(cc);
      if (sources === undefined) {
        byCc.set(cc, [diagnosis]);
      } else if (!sources.includes(diagnosis)) {
        sources.push(diagnosis);
      }
    }
  }
  return byCc;
}
