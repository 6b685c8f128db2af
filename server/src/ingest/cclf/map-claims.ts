/**
 * CCLF claim records to canonical claim versions (one event per CMS record; claim-identity.ts says how records
 * become versions of a claim). A claim is mapped whole or not at all: any malformed line of it — header, revenue
 * centre line, procedure, diagnosis — rejects the claim, with every issue named by file, line and field.
 *
 * | CCLF                                                         | Canonical                                              |
 * | ------------------------------------------------------------ | ------------------------------------------------------ |
 * | CLM_TYPE_CD 10 / 20, 30 / 40 / 50 / 60, 61                    | hha / snf / outpatient / hospice / inpatient           |
 * | 71, 72 (CCLF5) · 81, 82 (CCLF6) · 01–04 (CCLF7)                | professional · dme · partd                             |
 * | CLM_ADJSMT_TYPE_CD 0 / 1 / 2                                  | original / cancel / adjustment                         |
 * | BENE_MBI_ID (through the CCLF9 crosswalk)                     | memberId (the current MBI)                             |
 * | CLM_FROM_DT, CLM_THRU_DT, CLM_EFCTV_DT                        | fromDate, throughDate, paidDate                        |
 * | CLM_PMT_AMT (CCLF1); the lines' sum (CCLF5, CCLF6)            | paidAmount                                             |
 * | CLM_BLG_PRVDR_NPI_NUM, else FAC_PRVDR_NPI_NUM (CCLF1)         | billingNpi                                             |
 * | CLM_BLG_PRVDR_NPI_NUM, else PAYTO_PRVDR_NPI_NUM (CCLF6)       | billingNpi                                             |
 * | CLM_RNDRG_PRVDR_TAX_NUM (CCLF5, the same on every line)       | billingTin                                             |
 * | CLM_BLG_PRVDR_OSCAR_NUM, else PRVDR_OSCAR_NUM                 | facilityCcn                                            |
 * | CLM_BILL_FAC_TYPE_CD + CLM_BILL_CLSFCTN_CD + CLM_BILL_FREQ_CD | typeOfBill                                             |
 * | BENE_PTNT_STUS_CD, DGNS_DRG_CD                                | dischargeStatus, drg (0470 → 470)                      |
 * | CLM_OPRTNL_IME_AMT, CLM_OPRTNL_DSPRPRTNT_AMT                  | imeAmount, dshAmount                                   |
 * | PRNCPL_DGNS_CD, then CCLF4 `D` codes by CLM_VAL_SQNC_NUM      | diagnoses (principal first, once each)                 |
 * | CLM_DGNS_1_CD … CLM_DGNS_12_CD, CLM_LINE_DGNS_CD (CCLF5)       | diagnoses                                              |
 * | CCLF3 CLM_PRCDR_CD by CLM_VAL_SQNC_NUM                        | procedures                                             |
 * | CLM_LINE_NUM, line dates (else the claim's)                   | lineNumber, fromDate, throughDate                      |
 * | CLM_LINE_HCPCS_CD, HCPCS_1…5_MDFR_CD                          | hcpcs, modifiers                                       |
 * | CLM_LINE_PROD_REV_CTR_CD (CCLF2)                              | revenueCode                                            |
 * | CLM_RNDRG_PRVDR_NPI_NUM, else RNDRG_PRVDR_NPI_NUM (CCLF5)     | renderingNpi                                           |
 * | CLM_PRVDR_SPCLTY_CD, CLM_POS_CD (CCLF5; CCLF6 POS)            | renderingSpecialty, placeOfService                     |
 * | CLM_LINE_SRVC_UNIT_QTY (else 1)                               | units                                                  |
 * | CLM_LINE_ALOWD_CHRG_AMT (CCLF5, CCLF6; CCLF2 has none: 0)     | allowedAmount                                          |
 * | CLM_LINE_CVRD_PD_AMT (blank: 0)                               | paidAmount                                             |
 *
 * Not carried, because CCLF has no such field: a Part A claim's billing TIN and its lines' allowed amounts and
 * rendering clinicians; a Part B claim's billing NPI; a DME claim's TIN, diagnoses, modifiers and units (a DME line
 * counts as one unit); beyond twelve diagnoses on a Part B claim. External-cause (`E`, `1`) and admitting diagnoses
 * stay out of the diagnosis list, as CCW keeps them. ICD-9 claims (DGNS_PRCDR_ICD_IND 9) are refused: canonical
 * diagnoses are ICD-10-CM. Part D (CCLF7) holds the fill — date, quantity, NDC, days' supply, prescriber and pharmacy
 * — and what the beneficiary paid, not what the plan paid or the drug cost: the event records the fill's date and
 * quantity with zero Medicare-paid amounts (Part D is outside MSSP expenditure), and the NDC and days' supply have no
 * canonical claim field.
 */
import type { CanonicalEvent, ClaimEvent, ClaimLine, ClaimType } from '@benchline/shared';
import { validateEvent } from '@benchline/shared';
import { adjustmentOf, claimVersion, controlNumberId, naturalKeyId, versionableDate } from './claim-identity.js';
import type { MbiCrosswalk } from './mbi-crosswalk.js';
import type { CclfIssue } from './record-reader.js';
import { RecordReader } from './record-reader.js';
import type { DeliveredLayout } from './summary.js';

/** One record of a delivered file. */
export interface SourceRow {
  layout: DeliveredLayout;
  /** The file's name as delivered. */
  file: string;
  lineNumber: number;
  text: string;
}

export type Mapped<T extends CanonicalEvent> = { ok: true; event: T } | { ok: false; issues: CclfIssue[] };

export const PART_A_TYPES: Record<string, ClaimType> = {
  '10': 'hha',
  '20': 'snf',
  '30': 'snf',
  '40': 'outpatient',
  '50': 'hospice',
  '60': 'inpatient',
  '61': 'inpatient',
};
export const PART_B_TYPES: Record<string, ClaimType> = { '71': 'professional', '72': 'professional' };
export const DME_TYPES: Record<string, ClaimType> = { '81': 'dme', '82': 'dme' };
export const PART_D_TYPES: Record<string, ClaimType> = { '01': 'partd', '02': 'partd', '03': 'partd', '04': 'partd' };

const MODIFIER = /^[0-9A-Z]{2}$/;
const REVENUE_CODE = /^[0-9]{4}$/;
const CCN = /^[0-9A-Z]{6}$/;
const TWO_DIGITS = /^[0-9]{2}$/;
const SPECIALTY = /^[0-9A-Z]{2}$/;
const TIN = /^[0-9]{9}$/;
const MODIFIER_FIELDS = ['HCPCS_1_MDFR_CD', 'HCPCS_2_MDFR_CD', 'HCPCS_3_MDFR_CD', 'HCPCS_4_MDFR_CD', 'HCPCS_5_MDFR_CD'];
const PART_B_DIAGNOSIS_FIELDS = Array.from({ length: 12 }, (_, i) => `CLM_DGNS_${i + 1}_CD`);

export interface ClaimContext {
  crosswalk: MbiCrosswalk;
}

/** The rows of one Part A claim record (one CUR_CLM_UNIQ_ID), as the merge of CCLF1–4 found them. */
export interface PartAGroup {
  headers: SourceRow[];
  lines: SourceRow[];
  procedures: SourceRow[];
  diagnoses: SourceRow[];
}

const readerOf = (row: SourceRow): RecordReader => new RecordReader(row.layout, row.file, row.lineNumber, row.text);

/** The header fields every claim record has, read and checked. */
interface ClaimHeader {
  uniqueId: string;
  mbi: string;
  claimType: ClaimType;
  typeCode: string;
  fromDate: string;
  throughDate: string;
  adjustment: ClaimEvent['adjustment'];
  effectiveDate: string;
}

function readHeader(
  record: RecordReader,
  types: Record<string, ClaimType>,
  dateFields: { from: string; through: string },
): ClaimHeader | undefined {
  const uniqueId = record.digits('CUR_CLM_UNIQ_ID', true);
  const mbi = record.required('BENE_MBI_ID');
  const typeCode = record.value('CLM_TYPE_CD');
  const claimType = types[typeCode];
  if (claimType === undefined) {
    record.issue(
      'CLM_TYPE_CD',
      typeCode === '' ? 'required' : 'enum',
      typeCode === '' ? 'is blank' : `is not a claim type of this file (${Object.keys(types).join(', ')})`,
    );
  }
  const fromDate = record.date(dateFields.from, true);
  const throughDate = record.date(dateFields.through, true);
  if (fromDate !== undefined && throughDate !== undefined && fromDate > throughDate) {
    record.issue(dateFields.through, 'date-order', `is before ${dateFields.from}`);
  }
  const adjustmentCode = record.value('CLM_ADJSMT_TYPE_CD');
  const adjustment = adjustmentOf(adjustmentCode);
  if (adjustment === undefined) {
    record.issue(
      'CLM_ADJSMT_TYPE_CD',
      adjustmentCode === '' ? 'required' : 'enum',
      adjustmentCode === '' ? 'is blank' : 'is not 0 (original), 1 (cancel) or 2 (adjustment)',
    );
  }
  const effectiveDate = record.date('CLM_EFCTV_DT', true);
  if (effectiveDate !== undefined && !versionableDate(effectiveDate)) {
    record.issue('CLM_EFCTV_DT', 'out-of-range', 'is outside 2000–2099, the dates a claim version can carry');
  }
  if (
    uniqueId === undefined ||
    mbi === undefined ||
    claimType === undefined ||
    fromDate === undefined ||
    throughDate === undefined ||
    adjustment === undefined ||
    effectiveDate === undefined ||
    !versionableDate(effectiveDate)
  ) {
    return undefined;
  }
  return { uniqueId, mbi, claimType, typeCode, fromDate, throughDate, adjustment, effectiveDate };
}

/** Refuses ICD-9 codes (the ICD version indicator 9): canonical diagnoses and procedures are ICD-10. */
function checkIcd10(record: RecordReader): void {
  if (record.value('DGNS_PRCDR_ICD_IND') === '9') {
    record.issue('DGNS_PRCDR_ICD_IND', 'unsupported-code-system', 'is 9 (ICD-9); canonical codes are ICD-10');
  }
}

/** A line's field that repeats a claim-level value must repeat it exactly. */
function sameAsClaim(record: RecordReader, name: string, claimValue: string, what: string): void {
  if (record.value(name) !== claimValue) {
    record.issue(name, 'mismatch', `differs from the claim's ${what}`);
  }
}

function modifiersOf(record: RecordReader): string[] {
  const modifiers: string[] = [];
  for (const name of MODIFIER_FIELDS) {
    const modifier = record.code(name, MODIFIER, 'a two-character modifier', false);
    if (modifier !== undefined) {
      modifiers.push(modifier);
    }
  }
  return modifiers;
}

function lineOf(
  record: RecordReader,
  claim: { fromDate: string; throughDate: string },
  fields: {
    hcpcs?: string;
    modifiers?: string[];
    revenueCode?: string;
    renderingNpi?: string;
    renderingSpecialty?: string;
    placeOfService?: string;
  },
  amounts: { units: number; allowed: number; paid: number },
): ClaimLine | undefined {
  const lineNumber = record.digits('CLM_LINE_NUM', true);
  const fromDate = record.date('CLM_LINE_FROM_DT', false) ?? claim.fromDate;
  const throughDate = record.date('CLM_LINE_THRU_DT', false) ?? claim.throughDate;
  if (fromDate > throughDate) {
    record.issue('CLM_LINE_THRU_DT', 'date-order', 'is before CLM_LINE_FROM_DT');
  }
  if (lineNumber !== undefined && (Number(lineNumber) < 1 || Number(lineNumber) > 9999)) {
    record.issue('CLM_LINE_NUM', 'out-of-range', 'is not a line number from 1 to 9999');
  }
  if (lineNumber === undefined || !record.ok) {
    return undefined;
  }
  return {
    lineNumber: Number(lineNumber),
    ...(fields.hcpcs === undefined ? {} : { hcpcs: fields.hcpcs }),
    ...(fields.modifiers === undefined || fields.modifiers.length === 0 ? {} : { modifiers: fields.modifiers }),
    ...(fields.revenueCode === undefined ? {} : { revenueCode: fields.revenueCode }),
    ...(fields.renderingNpi === undefined ? {} : { renderingNpi: fields.renderingNpi }),
    ...(fields.renderingSpecialty === undefined ? {} : { renderingSpecialty: fields.renderingSpecialty }),
    ...(fields.placeOfService === undefined ? {} : { placeOfService: fields.placeOfService }),
    units: amounts.units,
    allowedAmount: amounts.allowed,
    paidAmount: amounts.paid,
    fromDate,
    throughDate,
  };
}

/** Lines in line-number order; a number used twice is an issue on the later line. */
function orderedLines(lines: { line: ClaimLine; record: RecordReader }[]): ClaimLine[] {
  const sorted = [...lines].sort((a, b) => a.line.lineNumber - b.line.lineNumber || a.record.line - b.record.line);
  const seen = new Set<number>();
  for (const { line, record } of sorted) {
    if (seen.has(line.lineNumber)) {
      record.issue('CLM_LINE_NUM', 'duplicate', 'is used by another line of the claim');
    }
    seen.add(line.lineNumber);
  }
  return sorted.map((entry) => entry.line);
}

/** Validates the assembled event against its canonical schema: the last word, with a CCLF location. */
function finish<T extends CanonicalEvent>(event: T, at: RecordReader, issues: CclfIssue[]): Mapped<T> {
  if (issues.length > 0) {
    return { ok: false, issues };
  }
  const validation = validateEvent(event);
  if (!validation.ok) {
    return {
      ok: false,
      issues: validation.issues.map((issue) => ({
        file: at.file,
        line: at.line,
        field: `canonical ${issue.path}`,
        reason: issue.reason,
        message: issue.message,
      })),
    };
  }
  return { ok: true, event: validation.event as T };
}

const collect = (readers: readonly RecordReader[]): CclfIssue[] => readers.flatMap((reader) => reader.issues);

/** A Part A claim record from its CCLF1 header, CCLF2 revenue centre lines, CCLF3 procedures and CCLF4 diagnoses. */
export function mapPartAClaim(group: PartAGroup, context: ClaimContext): Mapped<ClaimEvent> {
  const [headerRow, ...duplicates] = group.headers;
  if (headerRow === undefined) {
    throw new Error('a Part A claim needs its CCLF1 header');
  }
  const header = readerOf(headerRow);
  for (const duplicate of duplicates) {
    header.issue(
      'CUR_CLM_UNIQ_ID',
      'duplicate',
      `is also the claim id of ${duplicate.file} line ${duplicate.lineNumber}`,
    );
  }
  const claim = readHeader(header, PART_A_TYPES, { from: 'CLM_FROM_DT', through: 'CLM_THRU_DT' });
  checkIcd10(header);
  const paidAmount = header.amount('CLM_PMT_AMT', true);
  const principal = header.icd10Cm('PRNCPL_DGNS_CD', false);
  const dischargeStatus = header.code('BENE_PTNT_STUS_CD', TWO_DIGITS, 'a two-digit discharge status', false);
  const drgCode = header.code('DGNS_DRG_CD', /^0?[0-9]{3}$/, 'an MS-DRG (three digits)', false);
  const billingNpi = header.npi('CLM_BLG_PRVDR_NPI_NUM') ?? header.npi('FAC_PRVDR_NPI_NUM');
  const facilityCcn =
    header.code('CLM_BLG_PRVDR_OSCAR_NUM', CCN, 'a CCN (6 characters)', false) ??
    header.code('PRVDR_OSCAR_NUM', CCN, 'a CCN (6 characters)', false);
  const billParts = ['CLM_BILL_FAC_TYPE_CD', 'CLM_BILL_CLSFCTN_CD', 'CLM_BILL_FREQ_CD'].map((name) =>
    header.code(name, /^[0-9]$/, 'one digit of the type of bill', false),
  );
  const typeOfBill = billParts.every((part) => part !== undefined) ? billParts.join('') : undefined;
  const imeAmount = header.amount('CLM_OPRTNL_IME_AMT', false);
  const dshAmount = header.amount('CLM_OPRTNL_DSPRPRTNT_AMT', false);
  const claimId = partAClaimId(header, claim, context);

  const lineReaders: RecordReader[] = [];
  const lines: { line: ClaimLine; record: RecordReader }[] = [];
  for (const row of group.lines) {
    const record = readerOf(row);
    lineReaders.push(record);
    if (claim === undefined) {
      continue;
    }
    sameAsClaim(record, 'BENE_MBI_ID', claim.mbi, 'BENE_MBI_ID (CCLF1)');
    sameAsClaim(record, 'CLM_TYPE_CD', claim.typeCode, 'CLM_TYPE_CD (CCLF1)');
    const revenueCode = record.code('CLM_LINE_PROD_REV_CTR_CD', REVENUE_CODE, 'a four-digit revenue code', false);
    const hcpcs = record.hcpcs('CLM_LINE_HCPCS_CD');
    const modifiers = modifiersOf(record);
    const units = record.quantity('CLM_LINE_SRVC_UNIT_QTY', false) ?? 1;
    const paid = record.amount('CLM_LINE_CVRD_PD_AMT', false) ?? 0;
    const line = lineOf(
      record,
      claim,
      {
        ...(hcpcs === undefined ? {} : { hcpcs }),
        modifiers,
        ...(revenueCode === undefined ? {} : { revenueCode }),
      },
      { units, allowed: 0, paid },
    );
    if (line !== undefined) {
      lines.push({ line, record });
    }
  }

  const procedureReaders = group.procedures.map(readerOf);
  const procedures = sequenced(procedureReaders, claim, (record) => {
    checkIcd10(record);
    return record.icd10Pcs('CLM_PRCDR_CD', true);
  });
  const diagnosisReaders = group.diagnoses.map(readerOf);
  const secondary = sequenced(diagnosisReaders, claim, (record) => {
    checkIcd10(record);
    const kind = record.oneOf('CLM_PROD_TYPE_CD', ['D', 'E', '1', 'P', 'A'], false);
    const code = record.icd10Cm('CLM_DGNS_CD', true);
    // External-cause (E, 1) and admitting (A) codes are not among the claim's diagnoses (CCW keeps them apart).
    return kind === 'E' || kind === '1' || kind === 'A' ? undefined : code;
  });
  const orderedClaimLines = orderedLines(lines);
  const issues = collect([header, ...lineReaders, ...procedureReaders, ...diagnosisReaders]);
  if (claim === undefined || paidAmount === undefined || claimId === undefined || issues.length > 0) {
    return { ok: false, issues };
  }
  const member = context.crosswalk.resolve(claim.mbi);
  const event: ClaimEvent = {
    kind: 'claim',
    claimId,
    version: claimVersion(claim.effectiveDate, claim.adjustment, claim.uniqueId, member.epoch),
    adjustment: claim.adjustment,
    claimType: claim.claimType,
    memberId: member.memberId,
    fromDate: claim.fromDate,
    throughDate: claim.throughDate,
    paidDate: claim.effectiveDate,
    ...(billingNpi === undefined ? {} : { billingNpi }),
    ...(facilityCcn === undefined ? {} : { facilityCcn }),
    ...(typeOfBill === undefined ? {} : { typeOfBill }),
    ...(dischargeStatus === undefined ? {} : { dischargeStatus }),
    ...(drgCode === undefined ? {} : { drg: drgCode.slice(-3) }),
    ...(procedures.length === 0 ? {} : { procedures: [...new Set(procedures)] }),
    diagnoses: [...new Set([...(principal === undefined ? [] : [principal]), ...secondary])],
    lines: orderedClaimLines,
    paidAmount,
    ...(imeAmount === undefined ? {} : { imeAmount }),
    ...(dshAmount === undefined ? {} : { dshAmount }),
    source: 'cclf',
  };
  return finish(event, header, collect([header, ...lineReaders]));
}

/**
 * Codes of a claim's CCLF3/CCLF4 rows in CLM_VAL_SQNC_NUM order; each row must name the claim's beneficiary and
 * claim type, and no sequence number may repeat.
 */
function sequenced(
  readers: readonly RecordReader[],
  claim: ClaimHeader | undefined,
  read: (record: RecordReader) => string | undefined,
): string[] {
  const entries: { sequence: number; code: string | undefined; record: RecordReader }[] = [];
  for (const record of readers) {
    if (claim !== undefined) {
      sameAsClaim(record, 'BENE_MBI_ID', claim.mbi, 'BENE_MBI_ID (CCLF1)');
      sameAsClaim(record, 'CLM_TYPE_CD', claim.typeCode, 'CLM_TYPE_CD (CCLF1)');
    }
    const sequence = record.digits('CLM_VAL_SQNC_NUM', true);
    const code = read(record);
    if (sequence !== undefined) {
      entries.push({ sequence: Number(sequence), code, record });
    }
  }
  entries.sort((a, b) => a.sequence - b.sequence || a.record.line - b.record.line);
  const seen = new Set<number>();
  for (const entry of entries) {
    if (seen.has(entry.sequence)) {
      entry.record.issue('CLM_VAL_SQNC_NUM', 'duplicate', 'is used by another row of the claim');
    }
    seen.add(entry.sequence);
  }
  return entries.flatMap((entry) => (entry.code === undefined ? [] : [entry.code]));
}

/** CLM_ORG_CNTL_NUM, else CLM_CNTL_NUM, else (layouts before them) the natural key. */
function partAClaimId(header: RecordReader, claim: ClaimHeader | undefined, context: ClaimContext): string | undefined {
  const control = header.value('CLM_ORG_CNTL_NUM') || header.value('CLM_CNTL_NUM');
  if (control !== '') {
    return controlNumberId(control) ?? naturalKeyId('a', ['control', control]);
  }
  if (claim === undefined) {
    return undefined;
  }
  const ccn = header.value('CLM_BLG_PRVDR_OSCAR_NUM') || header.value('PRVDR_OSCAR_NUM');
  return naturalKeyId('a', [ccn, claim.fromDate, claim.throughDate, context.crosswalk.resolve(claim.mbi).root]);
}

/** A claim of the Part B physician file (CCLF5): one row per line, the claim's fields repeated on each. */
export function mapPartBClaim(rows: readonly SourceRow[], context: ClaimContext): Mapped<ClaimEvent> {
  return mapCarrierClaim(rows, context, 'CCLF5');
}

/** A claim of the Part B DME file (CCLF6): one row per line, the claim's fields repeated on each. */
export function mapDmeClaim(rows: readonly SourceRow[], context: ClaimContext): Mapped<ClaimEvent> {
  return mapCarrierClaim(rows, context, 'CCLF6');
}

function mapCarrierClaim(
  rows: readonly SourceRow[],
  context: ClaimContext,
  file: 'CCLF5' | 'CCLF6',
): Mapped<ClaimEvent> {
  const readers = rows.map(readerOf);
  const [first] = readers;
  if (first === undefined) {
    throw new Error('a claim has at least one line');
  }
  const claim = readHeader(first, file === 'CCLF5' ? PART_B_TYPES : DME_TYPES, {
    from: 'CLM_FROM_DT',
    through: 'CLM_THRU_DT',
  });
  const controlNumber = first.required('CLM_CNTL_NUM');
  const claimLevel = [
    'BENE_MBI_ID',
    'CLM_TYPE_CD',
    'CLM_FROM_DT',
    'CLM_THRU_DT',
    'CLM_ADJSMT_TYPE_CD',
    'CLM_EFCTV_DT',
    'CLM_CNTL_NUM',
  ];
  const diagnoses: string[] = [];
  if (file === 'CCLF5') {
    claimLevel.push(...PART_B_DIAGNOSIS_FIELDS, 'DGNS_PRCDR_ICD_IND');
    checkIcd10(first);
    for (const name of PART_B_DIAGNOSIS_FIELDS) {
      const code = first.icd10Cm(name, false);
      if (code !== undefined) {
        diagnoses.push(code);
      }
    }
  }
  let billingTin: string | undefined;
  let billingNpi: string | undefined;
  const lines: { line: ClaimLine; record: RecordReader }[] = [];
  let paidCents = 0;
  readers.forEach((record, index) => {
    if (index > 0) {
      for (const name of claimLevel) {
        sameAsClaim(record, name, first.value(name), `${name} (its first line, ${first.file}:${first.line})`);
      }
    }
    const hcpcs = record.hcpcs('CLM_LINE_HCPCS_CD');
    const placeOfService = record.code('CLM_POS_CD', TWO_DIGITS, 'a two-digit place of service', false);
    const paid = record.amount('CLM_LINE_CVRD_PD_AMT', false) ?? 0;
    const allowed = record.amount('CLM_LINE_ALOWD_CHRG_AMT', false) ?? 0;
    let fields: Parameters<typeof lineOf>[2] = {
      ...(hcpcs === undefined ? {} : { hcpcs }),
      ...(placeOfService === undefined ? {} : { placeOfService }),
    };
    let units = 1;
    if (file === 'CCLF5') {
      const renderingNpi = record.npi('CLM_RNDRG_PRVDR_NPI_NUM') ?? record.npi('RNDRG_PRVDR_NPI_NUM');
      const renderingSpecialty = record.code('CLM_PRVDR_SPCLTY_CD', SPECIALTY, 'a two-character specialty code', false);
      const lineDiagnosis = record.icd10Cm('CLM_LINE_DGNS_CD', false);
      if (lineDiagnosis !== undefined && !diagnoses.includes(lineDiagnosis)) {
        diagnoses.push(lineDiagnosis);
      }
      const tin = record.code('CLM_RNDRG_PRVDR_TAX_NUM', TIN, 'a nine-digit TIN', false);
      if (index === 0) {
        billingTin = tin;
      } else if (tin !== billingTin) {
        record.issue(
          'CLM_RNDRG_PRVDR_TAX_NUM',
          'mismatch',
          `differs from the claim's first line (${first.file}:${first.line})`,
        );
      }
      units = record.quantity('CLM_LINE_SRVC_UNIT_QTY', false) ?? 1;
      fields = {
        ...fields,
        modifiers: modifiersOf(record),
        ...(renderingNpi === undefined ? {} : { renderingNpi }),
        ...(renderingSpecialty === undefined ? {} : { renderingSpecialty }),
      };
    } else {
      const npi = record.npi('CLM_BLG_PRVDR_NPI_NUM') ?? record.npi('PAYTO_PRVDR_NPI_NUM');
      if (index === 0) {
        billingNpi = npi;
      } else if (npi !== billingNpi) {
        record.issue(
          'CLM_BLG_PRVDR_NPI_NUM',
          'mismatch',
          `differs from the claim's first line (${first.file}:${first.line})`,
        );
      }
    }
    if (claim !== undefined) {
      const line = lineOf(record, claim, fields, { units, allowed, paid });
      if (line !== undefined) {
        lines.push({ line, record });
        paidCents += Math.round(paid * 100);
      }
    }
  });
  const orderedClaimLines = orderedLines(lines);
  const issues = collect(readers);
  if (claim === undefined || controlNumber === undefined || issues.length > 0) {
    return { ok: false, issues };
  }
  const member = context.crosswalk.resolve(claim.mbi);
  const event: ClaimEvent = {
    kind: 'claim',
    claimId: controlNumberId(controlNumber) ?? naturalKeyId('a', ['control', controlNumber]),
    version: claimVersion(claim.effectiveDate, claim.adjustment, claim.uniqueId, member.epoch),
    adjustment: claim.adjustment,
    claimType: claim.claimType,
    memberId: member.memberId,
    fromDate: claim.fromDate,
    throughDate: claim.throughDate,
    paidDate: claim.effectiveDate,
    ...(billingTin === undefined ? {} : { billingTin }),
    ...(billingNpi === undefined ? {} : { billingNpi }),
    diagnoses: [...new Set(diagnoses)],
    lines: orderedClaimLines,
    paidAmount: paidCents / 100,
    source: 'cclf',
  };
  return finish(event, first, []);
}

/** A Part D event (CCLF7): one row, one fill. */
export function mapPartDEvent(row: SourceRow, context: ClaimContext): Mapped<ClaimEvent> {
  const record = readerOf(row);
  const claim = readHeader(record, PART_D_TYPES, { from: 'CLM_LINE_FROM_DT', through: 'CLM_LINE_FROM_DT' });
  const units = record.quantity('CLM_LINE_SRVC_UNIT_QTY', false) ?? 1;
  if (claim === undefined || !record.ok) {
    return { ok: false, issues: record.issues };
  }
  const member = context.crosswalk.resolve(claim.mbi);
  // The PDE's natural key (§5.1.2): fill date, pharmacy (qualifier and id), dispensing status, prescription
  // reference number and fill number; with the beneficiary's first MBI, as the key holds the MBI.
  const claimId = naturalKeyId('d', [
    claim.fromDate,
    record.value('PRVDR_SRVC_ID_QLFYR_CD'),
    record.value('CLM_SRVC_PRVDR_GNRC_ID_NUM'),
    record.value('CLM_DSPNSNG_STUS_CD'),
    record.value('CLM_LINE_RX_SRVC_RFRNC_NUM'),
    record.value('CLM_LINE_RX_FILL_NUM'),
    member.root,
  ]);
  const event: ClaimEvent = {
    kind: 'claim',
    claimId,
    version: claimVersion(claim.effectiveDate, claim.adjustment, claim.uniqueId, member.epoch),
    adjustment: claim.adjustment,
    claimType: 'partd',
    memberId: member.memberId,
    fromDate: claim.fromDate,
    throughDate: claim.fromDate,
    paidDate: claim.effectiveDate,
    diagnoses: [],
    lines: [
      {
        lineNumber: 1,
        units,
        allowedAmount: 0,
        paidAmount: 0,
        fromDate: claim.fromDate,
        throughDate: claim.fromDate,
      },
    ],
    paidAmount: 0,
    source: 'cclf',
  };
  return finish(event, record, []);
}
