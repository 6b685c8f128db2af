/**
 * CCLF8 (beneficiary demographics) to canonical member records: one record per beneficiary per delivery,
 * `recordId` CCLF8 and `asOf` the delivery date, so a re-sent delivery is a duplicate and each month's delivery
 * adds that month's status. A beneficiary may have several rows (one per hospice range, §2.4.1): they are read
 * together, and must agree on everything but the range.
 *
 * | CCLF8                                                     | Canonical                                                    |
 * | --------------------------------------------------------- | ------------------------------------------------------------ |
 * | BENE_MBI_ID (through the CCLF9 crosswalk)                 | memberId (the current MBI)                                   |
 * | BENE_1ST_NAME, BENE_LAST_NAME                             | givenName, familyName                                        |
 * | BENE_DOB, BENE_DEATH_DT                                   | birthDate, deathDate                                         |
 * | BENE_SEX_CD 1 / 2 (0 unknown: left out)                   | sex M / F                                                    |
 * | GEO_USPS_STATE_CD                                         | stateCode                                                    |
 * | BENE_FIPS_STATE_CD + BENE_FIPS_CNTY_CD                    | countyFips                                                   |
 * | BENE_ORGNL_ENTLMT_RSN_CD 0–3 (4 unknown: left out)        | orec                                                         |
 * | the delivery month's status:                              | enrollment[month of the delivery date]                       |
 * | · BENE_PART_A_ENRLMT_BGN_DT, BENE_PART_B_ENRLMT_BGN_DT    | · partA, partB: true from the begin date's month on          |
 * | · BENE_DUAL_STUS_CD (00, **, XX say nothing)              | · dualStatus                                                 |
 * | · BENE_MDCR_STUS_CD 11, 21, 31 / 10, 20                   | · esrd true / false                                          |
 * | · BENE_RNG_BGN_DT … BENE_RNG_END_DT (hospice, v38 labels) | · hospice: true when a range covers the month                |
 *
 * A blank field says nothing (the packet: blank is "not available"). Not carried: middle name, race, age (derived),
 * ZIP and mailing address (no canonical field), the buy-in indicator (the begin dates say Part A and B entitlement).
 */
import type { DualStatusCode, EnrollmentMonth, MemberEvent } from '@benchline/shared';
import { validateEvent } from '@benchline/shared';
import type { Mapped, SourceRow } from './map-claims.js';
import type { MbiCrosswalk } from './mbi-crosswalk.js';
import type { CclfIssue } from './record-reader.js';
import { RecordReader } from './record-reader.js';

const DUAL_CODES: readonly DualStatusCode[] = ['NA', '01', '02', '03', '04', '05', '06', '08', '09', '10', '99'];
/** Dual status codes that say nothing about the month (as in the FHIR mapping of BFD's dual_01…12). */
const DUAL_SILENT = ['00', '**', 'XX'];
const STATUS_CODES = ['10', '11', '20', '21', '31'] as const;
const DEMOGRAPHIC_FIELDS = [
  'BENE_MBI_ID',
  'BENE_FIPS_STATE_CD',
  'BENE_FIPS_CNTY_CD',
  'BENE_DOB',
  'BENE_SEX_CD',
  'BENE_MDCR_STUS_CD',
  'BENE_DUAL_STUS_CD',
  'BENE_DEATH_DT',
  'BENE_1ST_NAME',
  'BENE_LAST_NAME',
  'BENE_ORGNL_ENTLMT_RSN_CD',
  'BENE_PART_A_ENRLMT_BGN_DT',
  'BENE_PART_B_ENRLMT_BGN_DT',
  'GEO_USPS_STATE_CD',
];

export interface BeneficiaryContext {
  crosswalk: MbiCrosswalk;
  /** The delivery date: the record's as-of date, and its month the month the status is for. */
  deliveryDate: string;
}

/** The member record of one beneficiary's CCLF8 rows (grouped by MBI). */
export function mapBeneficiary(rows: readonly SourceRow[], context: BeneficiaryContext): Mapped<MemberEvent> {
  const readers = rows.map((row) => new RecordReader(row.layout, row.file, row.lineNumber, row.text));
  const [first] = readers;
  if (first === undefined) {
    throw new Error('a beneficiary has at least one row');
  }
  for (const record of readers.slice(1)) {
    for (const name of DEMOGRAPHIC_FIELDS) {
      if (record.value(name) !== first.value(name)) {
        record.issue(name, 'mismatch', `differs from the beneficiary's first row (${first.file}:${first.line})`);
      }
    }
  }
  const month = context.deliveryDate.slice(0, 7);
  const monthStart = `${month}-01`;
  const monthEnd = lastDayOf(month);

  const mbi = first.required('BENE_MBI_ID');
  const givenName = first.value('BENE_1ST_NAME');
  const familyName = first.value('BENE_LAST_NAME');
  const birthDate = first.date('BENE_DOB', false);
  const deathDate = first.date('BENE_DEATH_DT', false);
  const sexCode = first.oneOf('BENE_SEX_CD', ['0', '1', '2'], false);
  const stateCode = first.code('GEO_USPS_STATE_CD', /^[A-Z]{2}$/, 'a USPS state code', false);
  const fipsState = first.digits('BENE_FIPS_STATE_CD', false);
  const fipsCounty = first.digits('BENE_FIPS_CNTY_CD', false);
  const orecCode = first.oneOf('BENE_ORGNL_ENTLMT_RSN_CD', ['0', '1', '2', '3', '4'], false);
  const medicareStatus = first.oneOf('BENE_MDCR_STUS_CD', STATUS_CODES, false);
  const dualCode = first.value('BENE_DUAL_STUS_CD');
  if (dualCode !== '' && !DUAL_SILENT.includes(dualCode) && !(DUAL_CODES as readonly string[]).includes(dualCode)) {
    first.issue(
      'BENE_DUAL_STUS_CD',
      'enum',
      `is not a dual status code (${[...DUAL_CODES, ...DUAL_SILENT].join(', ')})`,
    );
  }
  const partABegin = first.date('BENE_PART_A_ENRLMT_BGN_DT', false);
  const partBBegin = first.date('BENE_PART_B_ENRLMT_BGN_DT', false);
  let hospice: boolean | undefined;
  for (const record of readers) {
    const begin = record.date('BENE_RNG_BGN_DT', false);
    const end = record.date('BENE_RNG_END_DT', false);
    if (begin !== undefined && end !== undefined && end < begin) {
      record.issue('BENE_RNG_END_DT', 'date-order', 'is before BENE_RNG_BGN_DT');
    } else if (begin !== undefined) {
      hospice = hospice === true || (begin <= monthEnd && (end === undefined || end >= monthStart));
    }
  }
  if (fipsState !== undefined && fipsState.length !== 2) {
    first.issue('BENE_FIPS_STATE_CD', 'format', 'is not two digits');
  }
  if (fipsCounty !== undefined && fipsCounty.length !== 3) {
    first.issue('BENE_FIPS_CNTY_CD', 'format', 'is not three digits');
  }
  const issues: CclfIssue[] = readers.flatMap((record) => record.issues);
  if (mbi === undefined || issues.length > 0) {
    return { ok: false, issues };
  }

  const monthStatus: Omit<EnrollmentMonth, 'month'> = {
    ...(partABegin === undefined ? {} : { partA: partABegin <= monthEnd }),
    ...(partBBegin === undefined ? {} : { partB: partBBegin <= monthEnd }),
    ...((DUAL_CODES as readonly string[]).includes(dualCode) ? { dualStatus: dualCode as DualStatusCode } : {}),
    ...(medicareStatus === undefined ? {} : { esrd: ['11', '21', '31'].includes(medicareStatus) }),
    ...(hospice === undefined ? {} : { hospice }),
  };
  const event: MemberEvent = {
    kind: 'member',
    memberId: context.crosswalk.resolve(mbi).memberId,
    asOf: context.deliveryDate,
    recordId: 'CCLF8',
    ...(givenName === '' ? {} : { givenName }),
    ...(familyName === '' ? {} : { familyName }),
    ...(birthDate === undefined ? {} : { birthDate }),
    ...(sexCode === '1' ? { sex: 'M' as const } : sexCode === '2' ? { sex: 'F' as const } : {}),
    ...(stateCode === undefined ? {} : { stateCode }),
    ...(fipsState !== undefined && fipsCounty !== undefined ? { countyFips: `${fipsState}${fipsCounty}` } : {}),
    ...(orecCode === undefined || orecCode === '4' ? {} : { orec: orecCode }),
    ...(Object.keys(monthStatus).length === 0 ? {} : { enrollment: [{ month, ...monthStatus }] }),
    ...(deathDate === undefined ? {} : { deathDate }),
    source: 'cclf',
  };
  const validation = validateEvent(event);
  if (!validation.ok) {
    return {
      ok: false,
      issues: validation.issues.map((issue) => ({
        file: first.file,
        line: first.line,
        field: `canonical ${issue.path}`,
        reason: issue.reason,
        message: issue.message,
      })),
    };
  }
  return { ok: true, event: validation.event as MemberEvent };
}

function lastDayOf(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
}
