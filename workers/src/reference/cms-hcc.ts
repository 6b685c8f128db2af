/**
 * CMS-HCC reference tables: the ICD-10-CM → HCC mapping by payment year (V24 and V28) and the HCC labels.
 * Parsers are pure (text in, typed maps out) so tests can feed them inline text; the loaders read the vendored
 * files under `workers/reference/cms-hcc/`. HCC numbers are model-specific, so every lookup names its model.
 */
import { parseCsvRecords } from './csv.js';
import { readReferenceText } from './reference-files.js';

export type HccModel = 'V24' | 'V28';
export const HCC_MODELS: readonly HccModel[] = ['V24', 'V28'];

/** The payment HCCs one diagnosis code maps to in one payment year (a code can map to two HCCs in a model). */
export interface HccMapping {
  readonly v24: readonly number[];
  readonly v28: readonly number[];
}

/** Payment year → ICD-10-CM code (no dot, upper case) → HCCs. */
export type Icd10HccMap = ReadonlyMap<number, ReadonlyMap<string, HccMapping>>;

/** Model → HCC number → label. */
export type HccLabels = ReadonlyMap<HccModel, ReadonlyMap<number, string>>;

export const ICD10_HCC_MAP_FILE = 'cms-hcc/icd10-hcc-map.csv';
export const HCC_LABELS_FILE = 'cms-hcc/hcc-labels.csv';

/** Parses `payment_year,icd10,v24_hcc,v28_hcc` (one row per code–HCC pair; either HCC may be blank). */
export function parseIcd10HccMap(text: string): Icd10HccMap {
  const byYear = new Map<number, Map<string, { v24: number[]; v28: number[] }>>();
  for (const record of parseCsvRecords(text)) {
    const year = Number(record.payment_year);
    const code = record.icd10 ?? '';
    if (!Number.isInteger(year) || code === '') {
      throw new Error(`Bad ICD-10 → HCC row: ${JSON.stringify(record)}`);
    }
    let codes = byYear.get(year);
    if (codes === undefined) {
      codes = new Map();
      byYear.set(year, codes);
    }
    let mapping = codes.get(code);
    if (mapping === undefined) {
      mapping = { v24: [], v28: [] };
      codes.set(code, mapping);
    }
    addHcc(mapping.v24, record.v24_hcc);
    addHcc(mapping.v28, record.v28_hcc);
  }
  return byYear;
}

function addHcc(list: number[], value: string | undefined): void {
  if (value === undefined || value === '') {
    return;
  }
  const hcc = Number(value);
  if (!Number.isInteger(hcc)) {
    throw new Error(`Bad HCC number: ${value}`);
  }
  if (!list.includes(hcc)) {
    list.push(hcc);
    list.sort((a, b) => a - b);
  }
}

/** The HCCs a code maps to in a payment year, or undefined when the code maps to none that year. */
export function hccsForCode(map: Icd10HccMap, paymentYear: number, icd10: string): HccMapping | undefined {
  return map.get(paymentYear)?.get(icd10);
}

const modelsByYearMap = new WeakMap<ReadonlyMap<string, HccMapping>, readonly HccModel[]>();

/**
 * The models a payment year's mapping covers: those it maps at least one code to. The source maps no code to V28
 * before payment year 2024 (CMS's V28 model starts then), so 2020–2023 cover V24 only. Empty for a year not held.
 */
export function modelsMappedIn(map: Icd10HccMap, paymentYear: number): readonly HccModel[] {
  const codes = map.get(paymentYear);
  if (codes === undefined) {
    return [];
  }
  let models = modelsByYearMap.get(codes);
  if (models === undefined) {
    let v24 = false;
    let v28 = false;
    for (const mapping of codes.values()) {
      v24 ||= mapping.v24.length > 0;
      v28 ||= mapping.v28.length > 0;
      if (v24 && v28) {
        break;
      }
    }
    models = HCC_MODELS.filter((model) => (model === 'V24' ? v24 : v28));
    modelsByYearMap.set(codes, models);
  }
  return models;
}

/** The payment years whose mapping covers a model, ascending. */
export function mappedPaymentYears(map: Icd10HccMap, model: HccModel): number[] {
  return [...map.keys()].filter((year) => modelsMappedIn(map, year).includes(model)).sort((a, b) => a - b);
}

/** Parses `model,hcc,label`. */
export function parseHccLabels(text: string): HccLabels {
  const labels = new Map<HccModel, Map<number, string>>();
  for (const record of parseCsvRecords(text)) {
    const model = record.model;
    if (model !== 'V24' && model !== 'V28') {
      throw new Error(`Unknown HCC model: ${String(model)}`);
    }
    let byHcc = labels.get(model);
    if (byHcc === undefined) {
      byHcc = new Map();
      labels.set(model, byHcc);
    }
    byHcc.set(Number(record.hcc), record.label ?? '');
  }
  return labels;
}

export function loadIcd10HccMap(): Icd10HccMap {
  return parseIcd10HccMap(readReferenceText(ICD10_HCC_MAP_FILE));
}

export function loadHccLabels(): HccLabels {
  return parseHccLabels(readReferenceText(HCC_LABELS_FILE));
}
