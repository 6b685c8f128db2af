/**
 * Reading one fixed-width CCLF record: each field sliced by the delivered layout and decoded by what it holds —
 * dates, signed decimal amounts, quantities, whole numbers, codes — with every problem recorded as an issue naming
 * the file, the line and the CMS field. Messages say which rule failed and never repeat the value (MBIs, dates of
 * birth, names and diagnoses are PHI; a message may be logged).
 *
 * Conventions from the Information Packet (v38, Appendix B notes and §3.6):
 * - "Fields where data are not available from the data source will be left blank": blank is absent.
 * - Dates are YYYY-MM-DD; 1000-01-01 and 9999-12-31 fill a date that is not required or not available, and are
 *   read as absent.
 * - `-9(13).99`: "a minus in the first position if the value is negative, otherwise a blank". CCLF5's amounts are
 *   declared X(15)/X(17) and carry the same digits; both are read as an optional minus, digits, a point and at most
 *   the declared decimals. Canonical amounts are never negative, so a negative amount is reported, not stored.
 * - A record may be shorter than its record length when trailing blanks were stripped in transit (BCDA's own samples
 *   are): the missing tail reads as blanks. Longer is wrong.
 */
import { ICD10_CM_PATTERN, HCPCS_PATTERN, isValidNpi } from '@benchline/shared';
import type { DeliveredLayout } from './summary.js';

export interface CclfIssue {
  /** The file's name as delivered. */
  file: string;
  /** 1-based line number in that file. */
  line: number;
  /** The CMS field name, or `record` for the record as a whole. */
  field: string;
  /** The rule that failed: required, length, format, pattern, enum, out-of-range, mismatch, duplicate, … */
  reason: string;
  message: string;
}

/** Canonical amounts are at most $100,000,000 (shared/src/events/common.ts). */
const MAX_AMOUNT = 100_000_000;
/** Canonical units are at most 100,000 per line. */
const MAX_UNITS = 100_000;
const MISSING_DATES = new Set(['1000-01-01', '9999-12-31']);
const ICD10_CM = new RegExp(ICD10_CM_PATTERN);
const ICD10_PCS = /^[0-9A-HJ-NP-Z]{7}$/;
const HCPCS = new RegExp(HCPCS_PATTERN);
/** An optional minus, digits, and a point with up to 2 (amounts) or 4 (quantities) decimals. */
const DECIMALS: Record<number, RegExp> = {
  2: /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/,
  4: /^(-?)([0-9]+)(?:\.([0-9]{1,4}))?$/,
};

export class RecordReader {
  readonly issues: CclfIssue[] = [];

  constructor(
    private readonly layout: DeliveredLayout,
    readonly file: string,
    readonly line: number,
    readonly text: string,
  ) {
    if (text.length > layout.recordLength) {
      this.issue(
        'record',
        'length',
        `the record is ${text.length} characters; CCLF0 gives ${layout.type} a record length of ${layout.recordLength}`,
      );
    } else if (text.length < layout.recordLength && text.endsWith(' ')) {
      // Stripping trailing blanks leaves a non-blank last character; a short record ending in a blank lost
      // something else.
      this.issue(
        'record',
        'length',
        `the record is ${text.length} characters, short of the record length ${layout.recordLength} without its trailing blanks stripped`,
      );
    }
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  issue(field: string, reason: string, message: string): void {
    this.issues.push({ file: this.file, line: this.line, field, reason, message });
  }

  /** The field's characters as delivered, blank-padded; '' for a field the delivered layout does not have. */
  raw(name: string): string {
    const field = this.layout.fields.get(name);
    if (field === undefined) {
      return '';
    }
    const slice = this.text.slice(field.from, field.to);
    return slice.length === field.to - field.from ? slice : slice.padEnd(field.to - field.from, ' ');
  }

  /** The field trimmed; '' when blank or not in the delivered layout. */
  value(name: string): string {
    return this.raw(name).trim();
  }

  /** True when the delivered layout has the field (older, shorter layouts lack the later ones). */
  has(name: string): boolean {
    return this.layout.fields.has(name);
  }

  required(name: string): string | undefined {
    const value = this.value(name);
    if (value === '') {
      this.issue(name, 'required', 'is blank');
      return undefined;
    }
    return value;
  }

  /** A 9(n) field: digits only. */
  digits(name: string, required: boolean): string | undefined {
    const value = required ? this.required(name) : this.value(name) || undefined;
    if (value !== undefined && !/^[0-9]+$/.test(value)) {
      this.issue(name, 'format', 'is not a whole number');
      return undefined;
    }
    return value;
  }

  /** A YYYY-MM-DD date; 1000-01-01 and 9999-12-31 are CMS's "missing" and read as absent. */
  date(name: string, required: boolean): string | undefined {
    const value = this.value(name);
    if (value === '' || MISSING_DATES.has(value)) {
      if (required) {
        this.issue(name, 'required', value === '' ? 'is blank' : 'holds the "missing date" placeholder');
      }
      return undefined;
    }
    if (!isIsoDate(value)) {
      this.issue(name, 'format', 'is not a calendar date written YYYY-MM-DD (years 1800–9999)');
      return undefined;
    }
    return value;
  }

  /** A dollar amount (-9(n).99, or CCLF5's X(n) amounts): non-negative, at most $100M, in cents' precision. */
  amount(name: string, required: boolean): number | undefined {
    return this.decimal(name, required, 2, MAX_AMOUNT);
  }

  /** A quantity (-9(18).9999): non-negative, at most 100,000. */
  quantity(name: string, required: boolean): number | undefined {
    return this.decimal(name, required, 4, MAX_UNITS);
  }

  private decimal(name: string, required: boolean, decimals: 2 | 4, max: number): number | undefined {
    const value = this.value(name);
    if (value === '') {
      if (required) {
        this.issue(name, 'required', 'is blank');
      }
      return undefined;
    }
    const match = (DECIMALS[decimals] as RegExp).exec(value);
    if (match === null) {
      this.issue(name, 'format', `is not a number with at most ${decimals} decimals`);
      return undefined;
    }
    const number = Number(`${match[2]}.${match[3] ?? '0'}`);
    if (match[1] === '-' && number !== 0) {
      this.issue(name, 'out-of-range', 'is negative; canonical amounts and quantities are never negative');
      return undefined;
    }
    if (number > max) {
      this.issue(name, 'out-of-range', `is above ${max.toLocaleString('en-US')}`);
      return undefined;
    }
    const scale = 10 ** decimals;
    return Math.round(number * scale) / scale;
  }

  /** A field that must hold one of `allowed`. */
  oneOf<T extends string>(name: string, allowed: readonly T[], required: boolean): T | undefined {
    const value = required ? this.required(name) : this.value(name) || undefined;
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      this.issue(name, 'enum', `is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T | undefined;
  }

  /** A code that must match `pattern` (after trimming and upper-casing). */
  code(name: string, pattern: RegExp, what: string, required: boolean): string | undefined {
    const value = (required ? this.required(name) : this.value(name) || undefined)?.toUpperCase();
    if (value !== undefined && !pattern.test(value)) {
      this.issue(name, 'pattern', `is not ${what}`);
      return undefined;
    }
    return value;
  }

  /** ICD-10-CM without the dot, upper case. */
  icd10Cm(name: string, required: boolean): string | undefined {
    const value = this.value(name).replace(/\./g, '').toUpperCase();
    if (value === '') {
      if (required) {
        this.issue(name, 'required', 'is blank');
      }
      return undefined;
    }
    if (!ICD10_CM.test(value)) {
      this.issue(name, 'pattern', 'is not an ICD-10-CM code');
      return undefined;
    }
    return value;
  }

  icd10Pcs(name: string, required: boolean): string | undefined {
    return this.code(name, ICD10_PCS, 'an ICD-10-PCS code (7 characters)', required);
  }

  hcpcs(name: string): string | undefined {
    return this.code(name, HCPCS, 'a HCPCS or CPT code', false);
  }

  /** A National Provider Identifier with a valid check digit. */
  npi(name: string): string | undefined {
    const value = this.value(name);
    if (value === '') {
      return undefined;
    }
    if (!/^[12][0-9]{9}$/.test(value)) {
      this.issue(name, 'pattern', 'is not an NPI (10 digits starting 1 or 2)');
      return undefined;
    }
    if (!isValidNpi(value)) {
      this.issue(name, 'npi-check-digit', 'fails the NPI check digit');
      return undefined;
    }
    return value;
  }
}

/** A YYYY-MM-DD calendar date in the years 1800–9999 (read for every date field: no regular expression, no Date). */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) {
    return false;
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  if (year < 1800 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** The number the digits in [from, to) spell, or -1 when one is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let number = 0;
  for (let i = from; i < to; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return -1;
    }
    number = number * 10 + digit;
  }
  return number;
}
