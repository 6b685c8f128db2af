/**
 * Writes the generator's members and claims as one CCLF delivery, the way CMS lays it out (Information Packet v38,
 * Appendix B): fixed-width CCLF1–9, A and B files named `P.<ACO>.ACO.ZC<n>Y<yy>.D<yymmdd>.T<hhmmss>0`, and a CCLF0
 * summary counting them. Tests and the benchmark use it for a round trip — generator → CCLF → import gives what
 * ingesting the generator's JSON gives, for what CCLF carries (cclfCarried says exactly what that is).
 *
 * Each claim version is one CMS record: a Part A claim a CCLF1 header with CCLF2 lines, CCLF3 procedures and CCLF4
 * diagnoses; a professional claim CCLF5 rows, a DME claim CCLF6 rows. Claim ids travel as control numbers (an
 * original's CLM_CNTL_NUM; a later Part A record's CLM_ORG_CNTL_NUM, as CMS links adjustments), the paid date as
 * CLM_EFCTV_DT. CUR_CLM_UNIQ_ID is a hash of the claim id and version, so files come out in no particular claim-id
 * order, as the importer must expect. Each member is a CCLF8 row describing the delivery month; `mbiChanges` become
 * CCLF9 rows. Part D is not written: CCLF7 identifies a fill by its natural key, not a claim id, and the generator
 * makes no Part D events. Files are written as they are generated (streams), so a large population never sits in
 * memory.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ClaimEvent, MemberEvent } from '@benchline/shared';
import type { CclfFieldLayout, CclfFileType } from '@benchline/server';
import { ADJUSTMENT_CODES, CCLF_FILE_TYPES, CCLF_LAYOUT } from '@benchline/server';

export interface CclfDeliveryOptions {
  folder: string;
  /** The day the delivery is made: the D token of every file name, and the month CCLF8 describes. */
  deliveryDate: string;
  /** The ACO's id in file names (default A9999). */
  acoId?: string;
  /** Default: the delivery date's year. */
  performanceYear?: number;
  /** Run-out files (`R` instead of `Y` in the names). */
  runOut?: boolean;
  /** CCLF9 rows: a previous MBI and the current one, with the dates the previous one was in use. */
  mbiChanges?: readonly { previous: string; current: string; effective: string; obsolete: string }[];
}

export interface WrittenDelivery {
  folder: string;
  files: Record<CclfFileType | 'CCLF0', string>;
  records: Record<CclfFileType, number>;
}

const PART_A_TYPE_CODES: Partial<Record<ClaimEvent['claimType'], string>> = {
  hha: '10',
  snf: '20',
  outpatient: '40',
  hospice: '50',
  inpatient: '60',
};
const SUMMARY_NAMES: Record<CclfFileType, string> = {
  CCLF1: 'Part A Claims Header File',
  CCLF2: 'Part A Claims Revenue Center Detail File',
  CCLF3: 'Part A Procedure Code File',
  CCLF4: 'Part A Diagnosis Code File',
  CCLF5: 'Part B Physicians File',
  CCLF6: 'Part B DME File',
  CCLF7: 'Part D File',
  CCLF8: 'Beneficiary Demographics File',
  CCLF9: 'BENE XREF File',
  CCLFA: 'Part A BE and Demo Codes File',
  CCLFB: 'Part B BE and Demo Codes File',
};

/** Writes one delivery into `options.folder` (made if needed). */
export async function writeCclfDelivery(
  input: { members: Iterable<MemberEvent>; claims: Iterable<ClaimEvent> },
  options: CclfDeliveryOptions,
): Promise<WrittenDelivery> {
  mkdirSync(options.folder, { recursive: true });
  const names = fileNames(options);
  const writers = new Map<CclfFileType, RecordWriter>(
    CCLF_FILE_TYPES.map((type) => [type, new RecordWriter(type, join(options.folder, names[type]))]),
  );
  const writer = (type: CclfFileType): RecordWriter => writers.get(type) as RecordWriter;

  for (const member of input.members) {
    await writer('CCLF8').write(beneficiaryRecord(member, options.deliveryDate));
  }
  for (const change of options.mbiChanges ?? []) {
    await writer('CCLF9').write({
      HICN_MBI_XREF_IND: 'M',
      CRNT_NUM: change.current,
      PRVS_NUM: change.previous,
      PRVS_ID_EFCTV_DT: change.effective,
      PRVS_ID_OBSLT_DT: change.obsolete,
    });
  }
  for (const claim of input.claims) {
    for (const [type, record] of claimRecords(claim)) {
      await writer(type).write(record);
    }
  }

  const records = {} as Record<CclfFileType, number>;
  for (const [type, recordWriter] of writers) {
    records[type] = await recordWriter.close();
  }
  const summary = [
    'File Number  |File Description    |Total Records Count |Record Length',
    ...CCLF_FILE_TYPES.map(
      (type) =>
        `${type.padEnd(7)}|${SUMMARY_NAMES[type].padEnd(43)}|${String(records[type]).padStart(11)}|${String(recordLength(type)).padStart(5)}`,
    ),
  ].join('\n');
  const summaryStream = createWriteStream(join(options.folder, names.CCLF0), { encoding: 'latin1' });
  summaryStream.end(`${summary}\n`);
  await once(summaryStream, 'finish');
  return { folder: options.folder, files: names, records };
}

/** CMS's file names for the delivery. */
export function fileNames(options: CclfDeliveryOptions): Record<CclfFileType | 'CCLF0', string> {
  const date = options.deliveryDate.replace(/-/g, '').slice(2);
  const year = String((options.performanceYear ?? Number(options.deliveryDate.slice(0, 4))) % 100).padStart(2, '0');
  const kind = options.runOut === true ? 'R' : 'Y';
  const name = (number: string): string =>
    `P.${options.acoId ?? 'A9999'}.ACO.ZC${number}${kind}${year}.D${date}.T1200000`;
  return Object.fromEntries([
    ['CCLF0', name('0')],
    ...CCLF_FILE_TYPES.map((type) => [type, name(type.slice(4))]),
  ]) as Record<CclfFileType | 'CCLF0', string>;
}

/**
 * What of a generator claim CCLF carries — the claim the importer gives back. CCLF has no field for a Part A
 * claim's billing TIN or its lines' allowed amounts, rendering clinicians and places of service (CCLF2 has none), a
 * professional claim's billing NPI or more than twelve diagnoses, a DME claim's TIN, diagnoses, modifiers, units (a
 * line counts as one) or rendering clinician; the feed an event came by is `cclf`.
 */
export function cclfCarried(claim: ClaimEvent): ClaimEvent {
  const { source: _source, ...rest } = claim;
  if (PART_A_TYPE_CODES[claim.claimType] !== undefined) {
    const { billingTin: _tin, ...header } = rest;
    return {
      ...header,
      lines: claim.lines.map(
        ({ renderingNpi: _npi, renderingSpecialty: _specialty, placeOfService: _pos, ...line }) => ({
          ...line,
          allowedAmount: 0,
        }),
      ),
      source: 'cclf',
    };
  }
  if (claim.claimType === 'professional') {
    const { billingNpi: _npi, ...header } = rest;
    return { ...header, diagnoses: claim.diagnoses.slice(0, 12), source: 'cclf' };
  }
  if (claim.claimType === 'dme') {
    const { billingTin: _tin, ...header } = rest;
    return {
      ...header,
      diagnoses: [],
      lines: claim.lines.map(
        ({ modifiers: _modifiers, renderingNpi: _npi, renderingSpecialty: _specialty, ...line }) => ({
          ...line,
          units: 1,
        }),
      ),
      source: 'cclf',
    };
  }
  throw new Error(`the CCLF writer writes no ${claim.claimType} claims`);
}

type FieldValues = Record<string, string | number | undefined>;

function claimRecords(claim: ClaimEvent): [CclfFileType, FieldValues][] {
  const uniqueId = recordId(claim);
  const common = {
    CUR_CLM_UNIQ_ID: uniqueId,
    BENE_MBI_ID: claim.memberId,
    CLM_FROM_DT: claim.fromDate,
    CLM_THRU_DT: claim.throughDate,
  };
  const processing = {
    CLM_ADJSMT_TYPE_CD: ADJUSTMENT_CODES[claim.adjustment].padStart(2, '0'),
    CLM_EFCTV_DT: claim.paidDate,
    CLM_IDR_LD_DT: claim.paidDate,
  };
  const modifiers = (line: ClaimEvent['lines'][number]): FieldValues =>
    Object.fromEntries((line.modifiers ?? []).map((modifier, i) => [`HCPCS_${i + 1}_MDFR_CD`, modifier]));
  const partATypeCode = PART_A_TYPE_CODES[claim.claimType];
  if (partATypeCode !== undefined) {
    const typeOfBill = claim.typeOfBill?.padStart(3, '0').slice(-3);
    const records: [CclfFileType, FieldValues][] = [
      [
        'CCLF1',
        {
          ...common,
          ...processing,
          PRVDR_OSCAR_NUM: claim.facilityCcn,
          CLM_TYPE_CD: partATypeCode,
          CLM_BILL_FAC_TYPE_CD: typeOfBill?.[0],
          CLM_BILL_CLSFCTN_CD: typeOfBill?.[1],
          CLM_BILL_FREQ_CD: typeOfBill?.[2],
          PRNCPL_DGNS_CD: claim.diagnoses[0],
          CLM_PMT_AMT: claim.paidAmount,
          BENE_PTNT_STUS_CD: claim.dischargeStatus,
          DGNS_DRG_CD: claim.drg?.padStart(4, '0'),
          FAC_PRVDR_NPI_NUM: claim.billingNpi,
          DGNS_PRCDR_ICD_IND: '0',
          CLM_OPRTNL_IME_AMT: claim.imeAmount,
          CLM_OPRTNL_DSPRPRTNT_AMT: claim.dshAmount,
          CLM_BLG_PRVDR_OSCAR_NUM: claim.facilityCcn,
          CLM_BLG_PRVDR_NPI_NUM: claim.billingNpi,
          // An original is its own control number; CMS ties a later record to it by CLM_ORG_CNTL_NUM.
          CLM_CNTL_NUM: claim.version === 1 ? claim.claimId : `${claim.claimId}-${claim.version}`,
          CLM_ORG_CNTL_NUM: claim.version === 1 ? undefined : claim.claimId,
        },
      ],
    ];
    for (const line of claim.lines) {
      records.push([
        'CCLF2',
        {
          ...common,
          CLM_LINE_NUM: line.lineNumber,
          CLM_TYPE_CD: partATypeCode,
          CLM_LINE_FROM_DT: line.fromDate,
          CLM_LINE_THRU_DT: line.throughDate,
          CLM_LINE_PROD_REV_CTR_CD: line.revenueCode,
          CLM_LINE_HCPCS_CD: line.hcpcs,
          PRVDR_OSCAR_NUM: claim.facilityCcn,
          CLM_LINE_SRVC_UNIT_QTY: line.units,
          CLM_LINE_CVRD_PD_AMT: line.paidAmount,
          ...modifiers(line),
          CLM_FAC_PRVDR_OSCAR_NUM: claim.facilityCcn,
        },
      ]);
    }
    (claim.procedures ?? []).forEach((code, i) => {
      records.push([
        'CCLF3',
        { ...common, CLM_TYPE_CD: partATypeCode, CLM_VAL_SQNC_NUM: i + 1, CLM_PRCDR_CD: code, DGNS_PRCDR_ICD_IND: '0' },
      ]);
    });
    claim.diagnoses.forEach((code, i) => {
      records.push([
        'CCLF4',
        {
          ...common,
          CLM_TYPE_CD: partATypeCode,
          CLM_PROD_TYPE_CD: 'D',
          CLM_VAL_SQNC_NUM: i + 1,
          CLM_DGNS_CD: code,
          DGNS_PRCDR_ICD_IND: '0',
        },
      ]);
    });
    return records;
  }
  if (claim.claimType === 'professional') {
    const diagnoses = Object.fromEntries(claim.diagnoses.slice(0, 12).map((code, i) => [`CLM_DGNS_${i + 1}_CD`, code]));
    return claim.lines.map((line) => [
      'CCLF5',
      {
        ...common,
        ...processing,
        ...diagnoses,
        ...modifiers(line),
        CLM_LINE_NUM: line.lineNumber,
        CLM_TYPE_CD: '71',
        CLM_PRVDR_SPCLTY_CD: line.renderingSpecialty,
        CLM_POS_CD: line.placeOfService,
        CLM_LINE_FROM_DT: line.fromDate,
        CLM_LINE_THRU_DT: line.throughDate,
        CLM_LINE_HCPCS_CD: line.hcpcs,
        CLM_LINE_CVRD_PD_AMT: line.paidAmount,
        CLM_LINE_DGNS_CD: claim.diagnoses[0],
        CLM_RNDRG_PRVDR_TAX_NUM: claim.billingTin,
        RNDRG_PRVDR_NPI_NUM: line.renderingNpi,
        CLM_CNTL_NUM: claim.claimId,
        CLM_LINE_ALOWD_CHRG_AMT: line.allowedAmount,
        CLM_LINE_SRVC_UNIT_QTY: line.units,
        DGNS_PRCDR_ICD_IND: '0',
        CLM_RNDRG_PRVDR_NPI_NUM: line.renderingNpi,
      },
    ]);
  }
  if (claim.claimType === 'dme') {
    return claim.lines.map((line) => [
      'CCLF6',
      {
        ...common,
        ...processing,
        CLM_LINE_NUM: line.lineNumber,
        CLM_TYPE_CD: '82',
        CLM_POS_CD: line.placeOfService,
        CLM_LINE_FROM_DT: line.fromDate,
        CLM_LINE_THRU_DT: line.throughDate,
        CLM_LINE_HCPCS_CD: line.hcpcs,
        CLM_LINE_CVRD_PD_AMT: line.paidAmount,
        PAYTO_PRVDR_NPI_NUM: claim.billingNpi,
        CLM_CNTL_NUM: claim.claimId,
        CLM_LINE_ALOWD_CHRG_AMT: line.allowedAmount,
        CLM_BLG_PRVDR_NPI_NUM: claim.billingNpi,
      },
    ]);
  }
  throw new Error(`the CCLF writer writes no ${claim.claimType} claims (claim ${claim.claimId})`);
}

/** A CCLF8 row describing the member in the delivery's month. */
function beneficiaryRecord(member: MemberEvent, deliveryDate: string): FieldValues {
  const month = deliveryDate.slice(0, 7);
  const months = [...(member.enrollment ?? [])].sort((a, b) => a.month.localeCompare(b.month));
  const now = months.find((m) => m.month === month);
  // Entitlement began with the run of entitled months that reaches the delivery month.
  const beganWith = (part: 'partA' | 'partB'): string | undefined => {
    if (now?.[part] !== true) {
      return undefined;
    }
    let first = month;
    for (let i = months.indexOf(now) - 1; i >= 0 && months[i]?.[part] === true; i -= 1) {
      first = (months[i] as { month: string }).month;
    }
    return `${first}-01`;
  };
  const hospiceSince = (): string | undefined => {
    if (now?.hospice !== true) {
      return undefined;
    }
    let first = month;
    for (let i = months.indexOf(now) - 1; i >= 0 && months[i]?.hospice === true; i -= 1) {
      first = (months[i] as { month: string }).month;
    }
    return `${first}-01`;
  };
  const esrd = now?.esrd;
  // BENE_MDCR_STUS_CD: 10/11 aged without/with ESRD, 20/21 disabled without/with ESRD, 31 ESRD only.
  const basis = member.orec === '1' ? 'disabled' : member.orec === '2' || member.orec === '3' ? 'esrd' : 'aged';
  const medicareStatus =
    esrd === undefined
      ? undefined
      : { aged: esrd ? '11' : '10', disabled: esrd ? '21' : '20', esrd: esrd ? '31' : '20' }[basis];
  const buyIn = now === undefined ? undefined : now.partA && now.partB ? '3' : now.partA ? '1' : now.partB ? '2' : '0';
  return {
    BENE_MBI_ID: member.memberId,
    BENE_FIPS_STATE_CD: member.countyFips?.slice(0, 2),
    BENE_FIPS_CNTY_CD: member.countyFips?.slice(2),
    BENE_DOB: member.birthDate,
    BENE_SEX_CD: member.sex === 'M' ? '1' : member.sex === 'F' ? '2' : '0',
    BENE_RACE_CD: '0',
    BENE_AGE: member.birthDate === undefined ? undefined : ageOn(member.birthDate, deliveryDate),
    BENE_MDCR_STUS_CD: medicareStatus,
    BENE_DUAL_STUS_CD: now?.dualStatus,
    BENE_DEATH_DT: member.deathDate,
    BENE_RNG_BGN_DT: hospiceSince(),
    BENE_1ST_NAME: member.givenName,
    BENE_LAST_NAME: member.familyName,
    BENE_ORGNL_ENTLMT_RSN_CD: member.orec,
    BENE_ENTLMT_BUYIN_IND: buyIn,
    BENE_PART_A_ENRLMT_BGN_DT: beganWith('partA'),
    BENE_PART_B_ENRLMT_BGN_DT: beganWith('partB'),
    GEO_USPS_STATE_CD: member.stateCode,
  };
}

function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** CUR_CLM_UNIQ_ID: 13 digits from a hash of the claim id and version (unique, and in no claim-id order). */
function recordId(claim: ClaimEvent): string {
  const digest = createHash('sha256').update(`${claim.claimId}:${claim.version}`).digest();
  return (digest.readBigUInt64BE(0) % 10_000_000_000_000n).toString().padStart(13, '0');
}

function recordLength(type: CclfFileType): number {
  return (CCLF_LAYOUT[type] as readonly CclfFieldLayout[]).at(-1)?.end ?? 0;
}

/** One file's records, laid out field by field as the packet's pictures say. */
class RecordWriter {
  private readonly out: WriteStream;
  private readonly fields: readonly CclfFieldLayout[];
  private readonly known: ReadonlySet<string>;
  private count = 0;

  constructor(type: CclfFileType, path: string) {
    this.fields = CCLF_LAYOUT[type];
    this.known = new Set(this.fields.map((field) => field.name));
    this.out = createWriteStream(path, { encoding: 'latin1' });
  }

  async write(values: FieldValues): Promise<void> {
    const unknown = Object.keys(values).filter((name) => !this.known.has(name));
    if (unknown.length > 0) {
      throw new Error(`no such field: ${unknown.join(', ')}`);
    }
    const record = this.fields.map((field) => formatField(field, values[field.name])).join('');
    this.count += 1;
    if (!this.out.write(`${record}\n`)) {
      await once(this.out, 'drain');
    }
  }

  async close(): Promise<number> {
    this.out.end();
    await once(this.out, 'finish');
    return this.count;
  }
}

/**
 * A value in its field: text left-justified and blank-padded; 9(n) right-justified and zero-filled; -9(n).dd and
 * -9(n).dddd as the sign position (blank, or - for a negative) and zero-filled digits; CCLF5's X(n) amounts as a
 * right-justified number with two decimals; blank when there is no value.
 */
export function formatField(field: CclfFieldLayout, value: string | number | undefined): string {
  if (value === undefined || value === '') {
    return ' '.repeat(field.length);
  }
  const signed = /^-9\(([0-9]+)\)\.(9+)$/.exec(field.format);
  let text: string;
  if (signed !== null) {
    const decimals = (signed[2] as string).length;
    const number = Number(value);
    const digits = Math.abs(number)
      .toFixed(decimals)
      .padStart(field.length - 1, '0');
    text = `${number < 0 ? '-' : ' '}${digits}`;
  } else if (/_AMT$/.test(field.name)) {
    text = Number(value).toFixed(2).padStart(field.length, ' ');
  } else if (/^9\(/.test(field.format)) {
    text = String(value).padStart(field.length, '0');
  } else {
    text = String(value).padEnd(field.length, ' ');
  }
  if (text.length !== field.length) {
    throw new Error(`${field.name} cannot hold a value ${text.length} characters long (${field.length})`);
  }
  return text;
}
