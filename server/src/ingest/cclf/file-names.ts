/**
 * CCLF file names as CMS delivers them (Information Packet v38 §4.2 and Appendix B): `P.A1234.ACO.ZC1Y26.D261115.
 * T1234560` — environment (P production, T test), the entity (A**** Shared Savings Program, D**** REACH, K/C KCC,
 * F VTAPM, P PCF), `ZC<n>` the file (0–9, A, B), `Y<yy>` the performance year or `R<yy>` its run-out, `D<yymmdd>` the
 * day the files were made, `T<hhmmsst>` the time. BCDA's synthetic samples are named by the `ZC<n>` token alone
 * (`ZC0`, `ZC8`, `ZC9`). Pure.
 */
import type { CclfFileType } from './layout/layout-csv.js';
import { isIsoDate } from './record-reader.js';

export type CclfFileKind = CclfFileType | 'CCLF0';

export interface CclfFileName {
  kind: CclfFileKind;
  /** The day the delivery was made (D token), ISO; undefined for names without one (BCDA's samples). */
  deliveryDate?: string;
  /** The run-out files of a finished performance year (`R` instead of `Y`). */
  runOut?: boolean;
  /** The performance year the files are for (`Y26` → 2026). */
  performanceYear?: number;
}

const FILE_TOKEN = /^ZC([0-9AB])(?:([YR])([0-9]{2}))?$/;
const DATE_TOKEN = /^D([0-9]{2})([0-9]{2})([0-9]{2})$/;

/** The CCLF file a name stands for, or null when it names none (a README, the zip it came in). */
export function recogniseCclfFileName(name: string): CclfFileName | null {
  const tokens = name.split('.');
  let recognised: CclfFileName | null = null;
  for (const token of tokens) {
    const file = FILE_TOKEN.exec(token);
    if (file !== null) {
      if (recognised !== null) {
        return null; // two file tokens: not a name CMS gives
      }
      const [, number = '', yearKind, year] = file;
      recognised = { kind: number === '0' ? 'CCLF0' : (`CCLF${number}` as CclfFileType) };
      if (yearKind !== undefined && year !== undefined) {
        recognised.runOut = yearKind === 'R';
        recognised.performanceYear = 2000 + Number(year);
      }
    }
  }
  if (recognised === null) {
    return null;
  }
  for (const token of tokens) {
    const date = DATE_TOKEN.exec(token);
    if (date !== null) {
      const iso = `20${date[1]}-${date[2]}-${date[3]}`;
      if (isIsoDate(iso)) {
        recognised.deliveryDate = iso;
      }
    }
  }
  return recognised;
}
