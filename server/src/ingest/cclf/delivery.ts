/**
 * One monthly CCLF delivery: a folder of the files CMS sends (unzipped), found by name, checked against its CCLF0
 * before anything is imported. The check streams every file once: it counts records against CCLF0's record count
 * (a mismatch refuses the whole delivery, naming file, expected and found), takes each file's layout from CCLF0's
 * record length, and notes whether records come in key order, so assembly can skip sorting a file that is. Files
 * CCLF0 counts no records for may be missing; any other missing file refuses the delivery — it is not complete.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CclfFileKind, CclfFileName } from './file-names.js';
import { recogniseCclfFileName } from './file-names.js';
import { keyOf } from './external-sort.js';
import type { CclfFileType } from './layout/layout-csv.js';
import { CCLF_FILE_TYPES } from './layout/layout-csv.js';
import { fileRecordBatches } from './records.js';
import type { CclfSummary, DeliveredLayout } from './summary.js';
import { DeliveryRefused, deliveredLayout, parseSummary } from './summary.js';

/** Where each file's records are keyed: the claim id for claim files, the MBI for beneficiaries. */
export const SORT_KEYS: Record<CclfFileType, { from: number; to: number } | null> = {
  CCLF1: { from: 0, to: 13 },
  CCLF2: { from: 0, to: 13 },
  CCLF3: { from: 0, to: 13 },
  CCLF4: { from: 0, to: 13 },
  CCLF5: { from: 0, to: 13 },
  CCLF6: { from: 0, to: 13 },
  // Part D events stand alone: no grouping, no order needed.
  CCLF7: null,
  CCLF8: { from: 0, to: 11 },
  // The cross-reference is read whole into the (small) MBI crosswalk.
  CCLF9: null,
  CCLFA: { from: 0, to: 13 },
  CCLFB: { from: 0, to: 13 },
};

export interface DeliveredFile {
  type: CclfFileType;
  path: string;
  /** The name as delivered, used in every message. */
  name: string;
  layout: DeliveredLayout;
  records: number;
  bytes: number;
  /** Records already in key order (see SORT_KEYS). */
  sorted: boolean;
}

export interface CclfDelivery {
  folder: string;
  summaryName: string;
  summary: CclfSummary;
  /** The day CMS made the delivery: its files' Dyymmdd, or the date the caller gave for names without one. */
  deliveryDate: string;
  performanceYear?: number;
  runOut: boolean;
  /** The files present, by type (a type CCLF0 counts no records for may be absent). */
  files: ReadonlyMap<CclfFileType, DeliveredFile>;
  /** Names in the folder that are not CCLF files, left alone. */
  ignored: string[];
  /** Records in all files, as CCLF0 counts them. */
  totalRecords: number;
}

export interface FoundFiles {
  summary: { name: string; path: string } | undefined;
  files: Map<CclfFileType, { name: string; path: string; recognised: CclfFileName }>;
  ignored: string[];
  recognised: CclfFileName[];
}

/** The files of a folder, in name order. */
export function folderFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .map((name) => join(folder, name));
}

/**
 * The CCLF files among `paths` by type; refuses two files of one type (two deliveries mixed). `label` (the folder)
 * names the delivery in messages.
 */
export function findCclfFiles(label: string, paths: readonly string[]): FoundFiles {
  const found: FoundFiles = { summary: undefined, files: new Map(), ignored: [], recognised: [] };
  const seen = new Map<CclfFileKind, string>();
  for (const path of paths) {
    const name = basename(path);
    const recognised = statSync(path).isFile() ? recogniseCclfFileName(name) : null;
    if (recognised === null) {
      found.ignored.push(name);
      continue;
    }
    const earlier = seen.get(recognised.kind);
    if (earlier !== undefined) {
      throw new DeliveryRefused(
        `${label}: two ${recognised.kind} files (${earlier} and ${name}); a delivery has one of each`,
      );
    }
    seen.set(recognised.kind, name);
    found.recognised.push(recognised);
    if (recognised.kind === 'CCLF0') {
      found.summary = { name, path };
    } else {
      found.files.set(recognised.kind, { name, path, recognised });
    }
  }
  return found;
}

/**
 * Opens and checks the delivery in `folder` (every file in it), or made of `paths` when given (a set of files
 * sharing a folder with other deliveries). `deliveryDate` is used when the file names carry none (BCDA's `ZC0`); a
 * date in the names wins, and names that disagree on it refuse the delivery.
 */
export async function openDelivery(
  folder: string,
  options: { deliveryDate?: string; paths?: readonly string[] } = {},
): Promise<CclfDelivery> {
  const found = findCclfFiles(folder, options.paths ?? folderFiles(folder));
  if (found.summary === undefined) {
    throw new DeliveryRefused(`${folder}: no CCLF0 summary file (ZC0); it says what the delivery holds`);
  }
  const summaryName = found.summary.name;
  const summary = parseSummary(readFileSync(found.summary.path, 'latin1'), summaryName);

  const dates = new Set(found.recognised.flatMap((r) => (r.deliveryDate === undefined ? [] : [r.deliveryDate])));
  if (dates.size > 1) {
    throw new DeliveryRefused(`${folder}: the file names carry different delivery dates (${[...dates].join(', ')})`);
  }
  const deliveryDate = [...dates][0] ?? options.deliveryDate;
  if (deliveryDate === undefined) {
    throw new DeliveryRefused(
      `${folder}: the file names carry no Dyymmdd delivery date; give the date the delivery was made (--delivery-date)`,
    );
  }
  const years = new Set(found.recognised.flatMap((r) => (r.performanceYear === undefined ? [] : [r.performanceYear])));
  const runOut = found.recognised.some((r) => r.runOut === true);

  const files = new Map<CclfFileType, DeliveredFile>();
  let totalRecords = 0;
  for (const type of CCLF_FILE_TYPES) {
    const expected = summary.get(type);
    if (expected === undefined) {
      continue; // parseSummary refuses a summary without every type
    }
    totalRecords += expected.records;
    const file = found.files.get(type);
    if (file === undefined) {
      if (expected.records > 0) {
        throw new DeliveryRefused(
          `${folder}: ${summaryName} counts ${expected.records.toLocaleString('en-US')} ${type} records, but the folder has no ${type} file (ZC${type.slice(4)}): the delivery is not complete`,
        );
      }
      continue;
    }
    const layout = deliveredLayout(type, expected.recordLength, `${summaryName}`);
    const scan = await scanFile(file.path, SORT_KEYS[type]);
    if (scan.records !== expected.records) {
      throw new DeliveryRefused(
        `${file.name}: ${summaryName} gives ${type} ${expected.records.toLocaleString('en-US')} records; the file holds ${scan.records.toLocaleString('en-US')}`,
      );
    }
    files.set(type, {
      type,
      path: file.path,
      name: file.name,
      layout,
      records: scan.records,
      bytes: statSync(file.path).size,
      sorted: scan.sorted,
    });
  }
  return {
    folder,
    summaryName,
    summary,
    deliveryDate,
    ...(years.size === 1 ? { performanceYear: [...years][0] as number } : {}),
    runOut,
    files,
    ignored: found.ignored,
    totalRecords,
  };
}

/** Counts a file's records and checks whether their keys never decrease. */
async function scanFile(
  path: string,
  key: { from: number; to: number } | null,
): Promise<{ records: number; sorted: boolean }> {
  let records = 0;
  let sorted = true;
  let previous = '';
  for await (const batch of fileRecordBatches(path)) {
    records += batch.length;
    for (let i = 0; key !== null && sorted && i < batch.length; i += 1) {
      const current = keyOf(batch[i]!.text, key.from, key.to);
      sorted = current >= previous;
      previous = current;
    }
  }
  return { records, sorted };
}
