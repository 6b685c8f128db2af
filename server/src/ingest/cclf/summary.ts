/**
 * CCLF0, the summary statistics file every delivery carries (Information Packet v38 §2.7, Tables 25 and 26): one
 * pipe-delimited row per file with its record count and record length. The parser validates every file against it
 * and takes the record layout from it — lengths have changed across CCLF versions (BCDA's synthetic CCLF0 gives
 * CCLF1 292 where v38 gives 437), so a length is never assumed. CMS has grown records by adding fields at the end:
 * an older, shorter length selects the leading fields of today's layout that end within it, and a length that ends
 * inside a field (or past the v38 record) is a layout the parser does not know, refused. Pure.
 */
import { CCLF_LAYOUT } from './layout/cclf-layout.js';
import type { CclfFieldLayout, CclfFileType } from './layout/layout-csv.js';
import { CCLF_FILE_TYPES } from './layout/layout-csv.js';

export interface SummaryRow {
  records: number;
  recordLength: number;
}

export type CclfSummary = ReadonlyMap<CclfFileType, SummaryRow>;

/** A delivery the parser refuses before importing anything from it: the message names file, expected and found. */
export class DeliveryRefused extends Error {
  override readonly name = 'DeliveryRefused';
}

/** The summary's rows by file. `label` names the CCLF0 file in messages. */
export function parseSummary(text: string, label: string): CclfSummary {
  const rows = new Map<CclfFileType, SummaryRow>();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      return;
    }
    const cells = line.split('|').map((cell) => cell.trim());
    const at = `${label}:${index + 1}`;
    if (cells[0]?.toLowerCase() === 'file number') {
      return; // the header record (Table 25)
    }
    if (cells.length < 4) {
      throw new DeliveryRefused(`${at}: a summary record has 4 fields separated by "|", found ${cells.length}`);
    }
    const [type = '', , count = '', length = ''] = cells;
    if (type === 'CCLF0') {
      return; // the summary's own row (Table 1) counts nothing to validate
    }
    if (!(CCLF_FILE_TYPES as readonly string[]).includes(type)) {
      throw new DeliveryRefused(`${at}: unknown file type "${type}" (expected CCLF1–CCLF9, CCLFA or CCLFB)`);
    }
    if (!/^[0-9]{1,11}$/.test(count)) {
      throw new DeliveryRefused(`${at}: the record count of ${type} is not a whole number`);
    }
    if (!/^[0-9]{1,5}$/.test(length) || Number(length) === 0) {
      throw new DeliveryRefused(`${at}: the record length of ${type} is not a positive whole number`);
    }
    if (rows.has(type as CclfFileType)) {
      throw new DeliveryRefused(`${at}: ${type} is listed twice`);
    }
    rows.set(type as CclfFileType, { records: Number(count), recordLength: Number(length) });
  });
  const missing = CCLF_FILE_TYPES.filter((type) => !rows.has(type));
  if (missing.length > 0) {
    throw new DeliveryRefused(`${label}: the summary has no row for ${missing.join(', ')}`);
  }
  return rows;
}

/** One field as a delivered record holds it: 0-based slice bounds and the packet's picture. */
export interface DeliveredField {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly format: string;
}

/** The fields a file's records hold at the record length its CCLF0 gives. */
export interface DeliveredLayout {
  readonly type: CclfFileType;
  readonly recordLength: number;
  /** The layout's full v38 length, for messages. */
  readonly fullLength: number;
  readonly fields: ReadonlyMap<string, DeliveredField>;
}

/** The layout of `type` at `recordLength`, or a refusal naming the file, the length found and the lengths known. */
export function deliveredLayout(type: CclfFileType, recordLength: number, label: string): DeliveredLayout {
  const all: readonly CclfFieldLayout[] = CCLF_LAYOUT[type];
  const fullLength = all.at(-1)?.end ?? 0;
  const present = all.filter((field) => field.end <= recordLength);
  if (recordLength > fullLength || present.at(-1)?.end !== recordLength) {
    const boundaries = all.map((field) => field.end);
    throw new DeliveryRefused(
      `${label}: CCLF0 gives ${type} a record length of ${recordLength}; the v38 layout's ${type} records are ` +
        `${fullLength} long, and an older layout ends on a field boundary (${boundaries.join(', ')}): ` +
        `this is not a ${type} layout the parser knows`,
    );
  }
  return {
    type,
    recordLength,
    fullLength,
    fields: new Map(
      present.map((field) => [
        field.name,
        { name: field.name, from: field.start - 1, to: field.end, format: field.format },
      ]),
    ),
  };
}
