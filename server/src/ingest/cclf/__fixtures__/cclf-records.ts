/**
 * Test support: a CCLF record laid out by hand. Each value is written where the v38 layout puts its field — as
 * given when it fills the field exactly (so a test can spell a signed amount, `' 0000000001234.56'`, character by
 * character), otherwise text left-justified and numbers right-justified with zeros — and every other position is a
 * blank. Also: a delivery folder written from such records, with the CCLF0 a test asks for.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CCLF_LAYOUT } from '../layout/cclf-layout.js';
import type { CclfFieldLayout, CclfFileType } from '../layout/layout-csv.js';
import { CCLF_FILE_TYPES } from '../layout/layout-csv.js';

export type Fields = Record<string, string | number>;

export function recordLength(type: CclfFileType): number {
  return (CCLF_LAYOUT[type] as readonly CclfFieldLayout[]).at(-1)!.end;
}

export function record(type: CclfFileType, fields: Fields, length = recordLength(type)): string {
  const layout: readonly CclfFieldLayout[] = CCLF_LAYOUT[type];
  const chars = Array.from({ length: recordLength(type) }, () => ' ');
  for (const [name, raw] of Object.entries(fields)) {
    const field = layout.find((f) => f.name === name);
    if (field === undefined) {
      throw new Error(`${type} has no field ${name}`);
    }
    const value = String(raw);
    if (value.length > field.length) {
      throw new Error(`${name} holds ${field.length} characters, not ${value.length}`);
    }
    const text =
      value.length === field.length
        ? value
        : typeof raw === 'number' || /^9\(/.test(field.format)
          ? value.padStart(field.length, '0')
          : value.padEnd(field.length, ' ');
    for (let i = 0; i < text.length; i += 1) {
      chars[field.start - 1 + i] = text[i]!;
    }
  }
  return chars.slice(0, length).join('');
}

/** A CCLF0 summary: every file with its record count and (by default v38) record length. */
export function summary(
  counts: Partial<Record<CclfFileType, number>>,
  lengths: Partial<Record<CclfFileType, number>> = {},
): string {
  return [
    'File Number  |File Description    |Total Records Count |Record Length',
    ...CCLF_FILE_TYPES.map(
      (type) =>
        `${type.padEnd(7)}|${'A CCLF file'.padEnd(43)}|${String(counts[type] ?? 0).padStart(11)}|${String(lengths[type] ?? recordLength(type)).padStart(5)}`,
    ),
  ].join('\n');
}

export const DELIVERY_DATE = '2026-07-15';

/** CMS's name for a file of the test delivery. */
export function fileName(type: CclfFileType | 'CCLF0', date = DELIVERY_DATE): string {
  return `P.A1234.ACO.ZC${type === 'CCLF0' ? '0' : type.slice(4)}Y26.D${date.replace(/-/g, '').slice(2)}.T1234560`;
}

const written: string[] = [];

/** Removes every delivery folder writeDelivery made (a test's afterAll). */
export function removeWrittenDeliveries(): void {
  written.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
}

/**
 * A delivery folder holding `files` (lines per type) and a CCLF0 that counts them, unless `counts` says otherwise;
 * in a temporary folder of its own unless `folder` is given.
 */
export function writeDelivery(
  files: Partial<Record<CclfFileType, string[]>>,
  options: {
    counts?: Partial<Record<CclfFileType, number>>;
    lengths?: Partial<Record<CclfFileType, number>>;
    date?: string;
    folder?: string;
  } = {},
): string {
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'cclf-test-'));
  if (options.folder === undefined) {
    written.push(folder);
  }
  mkdirSync(folder, { recursive: true });
  const counts: Partial<Record<CclfFileType, number>> = {};
  for (const [type, lines] of Object.entries(files) as [CclfFileType, string[]][]) {
    counts[type] = lines.length;
    writeFileSync(join(folder, fileName(type, options.date)), lines.map((line) => `${line}\n`).join(''), 'latin1');
  }
  writeFileSync(
    join(folder, fileName('CCLF0', options.date)),
    summary({ ...counts, ...options.counts }, options.lengths),
  );
  return folder;
}
