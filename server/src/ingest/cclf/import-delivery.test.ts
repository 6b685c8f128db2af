import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalEvent, ClaimEvent, MemberEvent } from '@benchline/shared';
import { eventKeyOf } from '@benchline/shared/backend';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalEventJson } from '../canonical-event-json.js';
import type { IngestOutcome } from '../event-ingest.js';
import type { Fields } from './__fixtures__/cclf-records.js';
import {
  DELIVERY_DATE,
  fileName,
  record,
  removeWrittenDeliveries,
  writeDelivery,
} from './__fixtures__/cclf-records.js';
import { claimVersion, moveCancelVersion, versionAtEpoch } from './claim-identity.js';
import { openDelivery } from './delivery.js';
import type { CclfUnitResult } from './import-delivery.js';
import { importCclfDelivery } from './import-delivery.js';
import { mapBeneficiary } from './map-beneficiaries.js';
import { MbiCrosswalk, readCrosswalkRow } from './mbi-crosswalk.js';
import type { StoredHistory } from './mbi-history.js';
import { fileRecords } from './records.js';
import type { MbiCrosswalkStore } from './redis-stores.js';
import { inMemoryMbiCrosswalkStore } from './redis-stores.js';
import { DeliveryRefused, deliveredLayout, parseSummary } from './summary.js';

const temp = mkdtempSync(join(tmpdir(), 'cclf-import-test-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
  removeWrittenDeliveries();
});

/**
 * An event store with the ingest core's idempotency (kind + natural id + version; the same key with other content is
 * a conflict), in memory, with the history a crosswalk change reads.
 */
function memoryStore() {
  const stored = new Map<string, { json: string; event: CanonicalEvent }>();
  const order: CanonicalEvent[] = [];
  return {
    events: order,
    store: async (units: CanonicalEvent[][]): Promise<IngestOutcome[]> =>
      units.map((unit): IngestOutcome => {
        const keyed = unit.map((event) => {
          const { source: _source, ...content } = event;
          return { key: eventKeyOf(event), json: canonicalEventJson(content), event };
        });
        const conflict = keyed.find(({ key, json }) => stored.has(key) && stored.get(key)!.json !== json);
        if (conflict !== undefined) {
          return {
            status: 'rejected',
            code: 'CONFLICT',
            message: `${conflict.key} was already received with different content`,
          };
        }
        const fresh = keyed.filter(({ key }) => !stored.has(key));
        for (const { key, json, event } of fresh) {
          stored.set(key, { json, event });
          order.push(event);
        }
        return { status: fresh.length > 0 ? 'accepted' : 'duplicate', eventIds: keyed.map(({ key }) => key) };
      }),
    history: {
      async *eventsOf(_tenantId: string, memberIds: ReadonlySet<string>) {
        for (const event of order) {
          if ('memberId' in event && memberIds.has(event.memberId)) {
            yield event;
          }
        }
      },
    } satisfies StoredHistory,
  };
}

async function importFolder(
  folder: string,
  target: { store: ReturnType<typeof memoryStore>; crosswalk?: MbiCrosswalkStore; history?: boolean } = {
    store: memoryStore(),
  },
): Promise<{ results: CclfUnitResult[]; events: CanonicalEvent[] }> {
  const delivery = await openDelivery(folder);
  const before = target.store.events.length;
  const results: CclfUnitResult[] = [];
  for await (const result of importCclfDelivery(delivery, {
    tenantId: 'acme',
    store: target.store.store,
    crosswalkStore: target.crosswalk ?? inMemoryMbiCrosswalkStore(),
    ...(target.history === true ? { history: target.store.history } : {}),
    tempDir: temp,
    sortChunkChars: 2000, // small enough that every file here is sorted through run files
  })) {
    results.push(result);
  }
  return { results, events: target.store.events.slice(before) };
}

const MBI = '1EG4TE5MK73';
const NEW_MBI = '6U50TE7GG18';

/** An inpatient claim: header, two revenue centre lines, a procedure and three diagnoses. */
function inpatientClaim(uniqueId: number, overrides: { header?: Fields; line?: Fields } = {}) {
  const claim = {
    CUR_CLM_UNIQ_ID: uniqueId,
    BENE_MBI_ID: MBI,
    CLM_TYPE_CD: '60',
    CLM_FROM_DT: '2026-03-01',
    CLM_THRU_DT: '2026-03-05',
  };
  return {
    CCLF1: [
      record('CCLF1', {
        ...claim,
        PRVDR_OSCAR_NUM: '360085',
        CLM_BILL_FAC_TYPE_CD: '1',
        CLM_BILL_CLSFCTN_CD: '1',
        CLM_BILL_FREQ_CD: '1',
        PRNCPL_DGNS_CD: 'I509',
        ADMTG_DGNS_CD: 'R0602',
        CLM_PMT_AMT: ' 0000000012500.75',
        BENE_PTNT_STUS_CD: '01',
        DGNS_DRG_CD: '0291',
        FAC_PRVDR_NPI_NUM: '1234567893',
        CLM_ADJSMT_TYPE_CD: '00',
        CLM_EFCTV_DT: '2026-04-03',
        CLM_IDR_LD_DT: '2026-04-06',
        DGNS_PRCDR_ICD_IND: '0',
        CLM_OPRTNL_IME_AMT: ' 000000000000000812.40',
        CLM_BLG_PRVDR_OSCAR_NUM: '360085',
        CLM_CNTL_NUM: `2192600${uniqueId}`,
        ...overrides.header,
      }),
    ],
    CCLF2: [2, 1].map((line) =>
      record('CCLF2', {
        ...claim,
        CLM_LINE_NUM: line,
        CLM_LINE_FROM_DT: '2026-03-01',
        CLM_LINE_THRU_DT: '2026-03-05',
        CLM_LINE_PROD_REV_CTR_CD: line === 1 ? '0120' : '0250',
        CLM_LINE_SRVC_UNIT_QTY: line === 1 ? ' 000000000000000004.0000' : ' 000000000000000012.0000',
        CLM_LINE_CVRD_PD_AMT: ' 0000000000000.00',
        ...(line === 1 ? overrides.line : {}),
      }),
    ),
    CCLF3: [record('CCLF3', { ...claim, CLM_VAL_SQNC_NUM: 1, CLM_PRCDR_CD: '5A1955Z', DGNS_PRCDR_ICD_IND: '0' })],
    CCLF4: [
      record('CCLF4', {
        ...claim,
        CLM_PROD_TYPE_CD: 'D',
        CLM_VAL_SQNC_NUM: 3,
        CLM_DGNS_CD: 'N179',
        DGNS_PRCDR_ICD_IND: '0',
      }),
      record('CCLF4', {
        ...claim,
        CLM_PROD_TYPE_CD: 'D',
        CLM_VAL_SQNC_NUM: 1,
        CLM_DGNS_CD: 'I509',
        DGNS_PRCDR_ICD_IND: '0',
      }),
      record('CCLF4', {
        ...claim,
        CLM_PROD_TYPE_CD: 'E',
        CLM_VAL_SQNC_NUM: 4,
        CLM_DGNS_CD: 'W1830XA',
        DGNS_PRCDR_ICD_IND: '0',
      }),
      record('CCLF4', {
        ...claim,
        CLM_PROD_TYPE_CD: 'D',
        CLM_VAL_SQNC_NUM: 2,
        CLM_DGNS_CD: 'E1122',
        DGNS_PRCDR_ICD_IND: '0',
      }),
    ],
  };
}

function professionalClaim(uniqueId: number, control: string, line: Fields = {}, processing: Fields = {}) {
  const claim = {
    CUR_CLM_UNIQ_ID: uniqueId,
    BENE_MBI_ID: MBI,
    CLM_TYPE_CD: '71',
    CLM_FROM_DT: '2026-05-04',
    CLM_THRU_DT: '2026-05-04',
    CLM_ADJSMT_TYPE_CD: '00',
    CLM_EFCTV_DT: '2026-05-22',
    ...processing,
    CLM_CNTL_NUM: control,
    CLM_DGNS_1_CD: 'E1122',
    CLM_DGNS_2_CD: 'I10',
    DGNS_PRCDR_ICD_IND: '0',
  };
  return [1, 2].map((n) =>
    record('CCLF5', {
      ...claim,
      CLM_LINE_NUM: n,
      CLM_PRVDR_SPCLTY_CD: '08',
      CLM_POS_CD: '11',
      CLM_LINE_FROM_DT: '2026-05-04',
      CLM_LINE_THRU_DT: '2026-05-04',
      CLM_LINE_HCPCS_CD: n === 1 ? '99214' : '83036',
      CLM_LINE_CVRD_PD_AMT: n === 1 ? '108.21' : '9.10',
      CLM_LINE_ALOWD_CHRG_AMT: n === 1 ? '135.26' : '11.38',
      CLM_LINE_DGNS_CD: 'E1122',
      CLM_RNDRG_PRVDR_TAX_NUM: '123456789',
      CLM_RNDRG_PRVDR_NPI_NUM: '1234567893',
      CLM_LINE_SRVC_UNIT_QTY: ' 000000000000000001.0000',
      HCPCS_1_MDFR_CD: n === 1 ? '25' : '',
      ...(n === 2 ? line : {}),
    }),
  );
}

const claimsOf = (events: CanonicalEvent[]): ClaimEvent[] => events.filter((e): e is ClaimEvent => e.kind === 'claim');
const rejectedIssues = (results: CclfUnitResult[]) =>
  results
    .filter((r) => r.status === 'rejected')
    .flatMap((r) => r.issues.map((i) => [i.file, i.line, i.field, i.reason]));

describe('a CCLF delivery, imported', () => {
  it('assembles a Part A claim from CCLF1 + CCLF2 + CCLF3 + CCLF4 (hand-checked)', async () => {
    const claim = inpatientClaim(4242);
    const folder = writeDelivery(claim);
    const { results, events } = await importFolder(folder);
    expect(results.map((r) => [r.kind, r.status, r.records])).toEqual([['claim', 'accepted', 8]]);
    expect(events).toEqual([
      {
        kind: 'claim',
        claimId: '21926004242',
        version: claimVersion('2026-04-03', 'original', '0000000004242', 0),
        adjustment: 'original',
        claimType: 'inpatient',
        memberId: MBI,
        fromDate: '2026-03-01',
        throughDate: '2026-03-05',
        paidDate: '2026-04-03',
        billingNpi: '1234567893',
        facilityCcn: '360085',
        typeOfBill: '111',
        dischargeStatus: '01',
        drg: '291',
        procedures: ['5A1955Z'],
        // Principal first, then CCLF4's other diagnoses by sequence; the admitting and external-cause codes stay out.
        diagnoses: ['I509', 'E1122', 'N179'],
        lines: [
          {
            lineNumber: 1,
            revenueCode: '0120',
            units: 4,
            allowedAmount: 0,
            paidAmount: 0,
            fromDate: '2026-03-01',
            throughDate: '2026-03-05',
          },
          {
            lineNumber: 2,
            revenueCode: '0250',
            units: 12,
            allowedAmount: 0,
            paidAmount: 0,
            fromDate: '2026-03-01',
            throughDate: '2026-03-05',
          },
        ],
        paidAmount: 12500.75,
        imeAmount: 812.4,
        source: 'cclf',
      },
    ]);
  });

  it('maps Part B physician, DME and Part D records and a beneficiary', async () => {
    const folder = writeDelivery({
      CCLF5: professionalClaim(7001, 'PB0000123'),
      CCLF6: [
        record('CCLF6', {
          CUR_CLM_UNIQ_ID: 8001,
          CLM_LINE_NUM: 1,
          BENE_MBI_ID: MBI,
          CLM_TYPE_CD: '82',
          CLM_FROM_DT: '2026-05-10',
          CLM_THRU_DT: '2026-05-10',
          CLM_POS_CD: '12',
          CLM_LINE_HCPCS_CD: 'E0143',
          CLM_LINE_CVRD_PD_AMT: ' 00000000049.60',
          PAYTO_PRVDR_NPI_NUM: '1234567893',
          CLM_ADJSMT_TYPE_CD: '00',
          CLM_EFCTV_DT: '2026-05-29',
          CLM_CNTL_NUM: 'DM55',
          CLM_LINE_ALOWD_CHRG_AMT: ' 0000000000062.00',
        }),
      ],
      CCLF7: [
        record('CCLF7', {
          CUR_CLM_UNIQ_ID: 9001,
          BENE_MBI_ID: MBI,
          CLM_LINE_NDC_CD: '00093721401',
          CLM_TYPE_CD: '01',
          CLM_LINE_FROM_DT: '2026-05-12',
          PRVDR_SRVC_ID_QLFYR_CD: '01',
          CLM_SRVC_PRVDR_GNRC_ID_NUM: '1234567893',
          CLM_DSPNSNG_STUS_CD: 'C',
          CLM_LINE_SRVC_UNIT_QTY: ' 000000000000000030.0000',
          CLM_LINE_DAYS_SUPLY_QTY: 30,
          CLM_LINE_BENE_PMT_AMT: ' 000000004.25',
          CLM_ADJSMT_TYPE_CD: '00',
          CLM_EFCTV_DT: '2026-05-20',
          CLM_LINE_RX_SRVC_RFRNC_NUM: 777,
          CLM_LINE_RX_FILL_NUM: '1',
        }),
      ],
      CCLF8: [
        record('CCLF8', {
          BENE_MBI_ID: MBI,
          BENE_FIPS_STATE_CD: '39',
          BENE_FIPS_CNTY_CD: '049',
          BENE_DOB: '1951-08-14',
          BENE_SEX_CD: '2',
          BENE_MDCR_STUS_CD: '11',
          BENE_DUAL_STUS_CD: '02',
          BENE_RNG_BGN_DT: '2026-07-02',
          BENE_1ST_NAME: 'ANNA',
          BENE_LAST_NAME: 'SMITH',
          BENE_ORGNL_ENTLMT_RSN_CD: '0',
          BENE_PART_A_ENRLMT_BGN_DT: '2016-08-01',
          BENE_PART_B_ENRLMT_BGN_DT: '2026-08-01',
          GEO_USPS_STATE_CD: 'OH',
        }),
      ],
    });
    const { results, events } = await importFolder(folder);
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    const [member, professional, dme, partD] = events as [MemberEvent, ClaimEvent, ClaimEvent, ClaimEvent];
    expect(member).toEqual({
      kind: 'member',
      memberId: MBI,
      asOf: DELIVERY_DATE,
      recordId: 'CCLF8',
      givenName: 'ANNA',
      familyName: 'SMITH',
      birthDate: '1951-08-14',
      sex: 'F',
      stateCode: 'OH',
      countyFips: '39049',
      orec: '0',
      // July 2026, the delivery's month: Part B begins in August; the hospice range from 2 July covers it.
      enrollment: [{ month: '2026-07', partA: true, partB: false, dualStatus: '02', esrd: true, hospice: true }],
      source: 'cclf',
    });
    expect(professional).toMatchObject({
      claimId: 'PB0000123',
      claimType: 'professional',
      billingTin: '123456789',
      diagnoses: ['E1122', 'I10'],
      paidAmount: 117.31,
      lines: [
        {
          lineNumber: 1,
          hcpcs: '99214',
          modifiers: ['25'],
          renderingNpi: '1234567893',
          renderingSpecialty: '08',
          placeOfService: '11',
          units: 1,
          allowedAmount: 135.26,
          paidAmount: 108.21,
        },
        { lineNumber: 2, hcpcs: '83036', units: 1, allowedAmount: 11.38, paidAmount: 9.1 },
      ],
    });
    expect(dme).toMatchObject({
      claimId: 'DM55',
      claimType: 'dme',
      billingNpi: '1234567893',
      diagnoses: [],
      paidAmount: 49.6,
      lines: [{ lineNumber: 1, hcpcs: 'E0143', placeOfService: '12', units: 1, allowedAmount: 62, paidAmount: 49.6 }],
    });
    expect(partD).toMatchObject({
      claimType: 'partd',
      fromDate: '2026-05-12',
      paidDate: '2026-05-20',
      paidAmount: 0,
      lines: [{ lineNumber: 1, units: 30, allowedAmount: 0, paidAmount: 0 }],
    });
    expect(partD.claimId).toMatch(/^cclf-d-/);
  });

  it('rejects a claim with a malformed line whole — wrong length, bad date, non-numeric amount, unknown claim type — naming file, line and field, and stores the others', async () => {
    const good = inpatientClaim(1001);
    const longLine = inpatientClaim(1002);
    longLine.CCLF2[1] = `${longLine.CCLF2[1]}9`;
    const badDate = inpatientClaim(1003, { header: { CLM_FROM_DT: '2026-02-30' } });
    const unknownType = inpatientClaim(1004, { header: { CLM_TYPE_CD: '99' } });
    const files = (key: 'CCLF1' | 'CCLF2' | 'CCLF3' | 'CCLF4'): string[] =>
      [good, longLine, badDate, unknownType].flatMap((claim) => claim[key]);
    const folder = writeDelivery({
      CCLF1: files('CCLF1'),
      CCLF2: files('CCLF2'),
      CCLF3: files('CCLF3'),
      CCLF4: files('CCLF4'),
      CCLF5: [...professionalClaim(7001, 'PB1'), ...professionalClaim(7002, 'PB2', { CLM_LINE_CVRD_PD_AMT: '10O.00' })],
    });
    const { results, events } = await importFolder(folder);
    const one = fileName('CCLF1');
    expect(rejectedIssues(results)).toEqual([
      // CCLF2's lines 3 and 4 are claim 1002's lines 2 and 1; line 4 carries the extra character.
      [fileName('CCLF2'), 4, 'record', 'length'],
      [one, 3, 'CLM_FROM_DT', 'format'],
      [one, 4, 'CLM_TYPE_CD', 'enum'],
      [fileName('CCLF5'), 4, 'CLM_LINE_CVRD_PD_AMT', 'format'],
    ]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.records)).toEqual([8, 8, 8, 2]);
    expect(claimsOf(events).map((c) => c.claimId)).toEqual(['21926001001', 'PB1']);
    const message = results.find((r) => r.status === 'rejected')!.issues[0]!.message;
    expect(message).toBe('the record is 200 characters; CCLF0 gives CCLF2 a record length of 199');
  });

  it('reports lines without a header, and a claim id used by two headers, without storing either', async () => {
    const claim = inpatientClaim(2001);
    const orphan = inpatientClaim(2002);
    const folder = writeDelivery({
      CCLF1: [...claim.CCLF1, ...claim.CCLF1],
      CCLF2: [...claim.CCLF2, ...orphan.CCLF2],
    });
    const { results, events } = await importFolder(folder);
    expect(events).toEqual([]);
    expect(rejectedIssues(results)).toEqual([
      [fileName('CCLF1'), 1, 'CUR_CLM_UNIQ_ID', 'duplicate'],
      [fileName('CCLF2'), 3, 'CUR_CLM_UNIQ_ID', 'orphan'],
      [fileName('CCLF2'), 4, 'CUR_CLM_UNIQ_ID', 'orphan'],
    ]);
  });

  it('refuses a delivery whose file does not hold the records CCLF0 counts, or that lacks a file it counts', async () => {
    const claim = inpatientClaim(3001);
    const short = writeDelivery(claim, { counts: { CCLF2: 3 } });
    await expect(openDelivery(short)).rejects.toThrow(
      `${fileName('CCLF2')}: ${fileName('CCLF0')} gives CCLF2 3 records; the file holds 2`,
    );
    const missing = writeDelivery(claim, { counts: { CCLF5: 4 } });
    await expect(openDelivery(missing)).rejects.toThrow(
      /counts 4 CCLF5 records, but the folder has no CCLF5 file \(ZC5\): the delivery is not complete/,
    );
    await expect(openDelivery(temp)).rejects.toThrow(DeliveryRefused);
  });

  it('reads records of an older, shorter layout by the length CCLF0 gives', async () => {
    const claim = inpatientClaim(3101);
    const folder = writeDelivery(
      { CCLF1: claim.CCLF1.map((line) => line.slice(0, 292)), CCLF2: claim.CCLF2.map((line) => line.slice(0, 179)) },
      { lengths: { CCLF1: 292, CCLF2: 179 } },
    );
    const { events } = await importFolder(folder);
    // Without control numbers (not in the 292 layout) the claim id comes from the natural key.
    expect(claimsOf(events).map((claim) => [claim.claimId.slice(0, 7), claim.paidAmount])).toEqual([
      ['cclf-a-', 12500.75],
    ]);
  });

  it('finds the same claim delivered again next month a duplicate, and a later record of it a new version', async () => {
    const target = { store: memoryStore() };
    const june = writeDelivery({ CCLF5: professionalClaim(7001, 'PB77') }, { date: '2026-06-15' });
    const cancel = professionalClaim(7555, 'PB77', {}, { CLM_ADJSMT_TYPE_CD: '01', CLM_EFCTV_DT: '2026-06-26' });
    const july = writeDelivery({ CCLF5: [...professionalClaim(7001, 'PB77'), ...cancel] }, { date: '2026-07-15' });
    const first = await importFolder(june, target);
    const second = await importFolder(july, target);
    expect(first.results.map((r) => r.status)).toEqual(['accepted']);
    expect(second.results.map((r) => r.status)).toEqual(['duplicate', 'accepted']);
    expect(claimsOf(second.events).map((c) => [c.claimId, c.adjustment, c.paidDate])).toEqual([
      ['PB77', 'cancel', '2026-06-26'],
    ]);
    expect(claimsOf(second.events)[0]!.version).toBeGreaterThan(claimsOf(first.events)[0]!.version);
  });

  it("moves a beneficiary's history to their new MBI when CCLF9 links it, and a re-delivery under the new MBI is a duplicate", async () => {
    const target = { store: memoryStore(), crosswalk: inMemoryMbiCrosswalkStore(), history: true };
    const beneficiary = (mbi: string) =>
      record('CCLF8', {
        BENE_MBI_ID: mbi,
        BENE_DOB: '1951-08-14',
        BENE_SEX_CD: '2',
        BENE_PART_A_ENRLMT_BGN_DT: '2016-08-01',
      });
    const june = writeDelivery(
      { CCLF5: [...professionalClaim(7001, 'PB1'), ...professionalClaim(7002, 'PB2')], CCLF8: [beneficiary(MBI)] },
      { date: '2026-06-15' },
    );
    await importFolder(june, target);
    const underNewMbi = (lines: string[]) => lines.map((line) => line.replace(MBI, NEW_MBI));
    const july = writeDelivery(
      {
        CCLF5: underNewMbi(professionalClaim(7001, 'PB1')), // run-out: PB1 again, now under the new MBI
        CCLF8: [beneficiary(NEW_MBI)],
        CCLF9: [
          record('CCLF9', {
            HICN_MBI_XREF_IND: 'M',
            CRNT_NUM: NEW_MBI,
            PRVS_NUM: MBI,
            PRVS_ID_EFCTV_DT: '2016-08-01',
            PRVS_ID_OBSLT_DT: '2026-06-30',
          }),
        ],
      },
      { date: '2026-07-15' },
    );
    const { results, events } = await importFolder(july, target);
    expect(results.map((r) => [r.kind, r.status])).toEqual([
      ['crosswalk', 'accepted'],
      ['mbi-move', 'accepted'],
      ['mbi-move', 'accepted'],
      ['mbi-move', 'accepted'],
      ['beneficiary', 'accepted'],
      ['claim', 'duplicate'],
    ]);
    const stored = claimVersion('2026-05-22', 'original', '0000000007001', 0);
    expect(claimsOf(events).map((c) => [c.claimId, c.memberId, c.adjustment, c.version])).toEqual([
      ['PB1', MBI, 'cancel', moveCancelVersion(stored)],
      ['PB1', NEW_MBI, 'original', versionAtEpoch(stored, 1)],
      ['PB2', MBI, 'cancel', moveCancelVersion(claimVersion('2026-05-22', 'original', '0000000007002', 0))],
      ['PB2', NEW_MBI, 'original', versionAtEpoch(claimVersion('2026-05-22', 'original', '0000000007002', 0), 1)],
    ]);
    const members = events.filter((e): e is MemberEvent => e.kind === 'member');
    expect(members.map((m) => [m.memberId, m.recordId, m.asOf, m.enrollment])).toEqual([
      [NEW_MBI, 'CCLF8', '2026-06-15', [{ month: '2026-06', partA: true }]],
      [MBI, 'CCLF9', '2026-07-15', [{ month: '2026-06', partA: false, partB: false }]],
      [NEW_MBI, 'CCLF8', '2026-07-15', [{ month: '2026-07', partA: true }]],
    ]);
    // The crosswalk is remembered: the next delivery moves nothing again, and names the beneficiary by the new MBI.
    const again = await importFolder(july, target);
    expect(again.results.map((r) => r.status)).toEqual(['accepted', 'duplicate', 'duplicate']);
  });
});

describe("BCDA's synthetic CCLF0/8/9 files", () => {
  const folder = new URL('./__fixtures__/bcda/', import.meta.url).pathname;

  it.each(['improved_small', 'test-new-beneficiaries_small'])(
    '%s: parse against their own, older CCLF0 — counts, lengths and identifiers — and say why each CCLF8 row is no beneficiary record',
    async (sample) => {
      const summary = parseSummary(readFileSync(join(folder, sample, 'ZC0'), 'latin1'), 'ZC0');
      const beneficiaries = deliveredLayout('CCLF8', summary.get('CCLF8')!.recordLength, 'ZC0');
      const xref = deliveredLayout('CCLF9', summary.get('CCLF9')!.recordLength, 'ZC0');

      const rows = [];
      for await (const row of fileRecords(join(folder, sample, 'ZC8'))) {
        rows.push(row);
      }
      expect(rows.length).toBe(summary.get('CCLF8')!.records);
      const crosswalk = new MbiCrosswalk();
      const mapped = rows.map((row) =>
        mapBeneficiary([{ layout: beneficiaries, file: 'ZC8', lineNumber: row.lineNumber, text: row.text }], {
          crosswalk,
          deliveryDate: '2019-01-01',
        }),
      );
      // Every row holds an MBI and a HICN, its trailing blanks stripped (no length issue), and the filler
      // "xxxxxxx" in positions 31–37 — inside BENE_DOB.
      for (const [i, result] of mapped.entries()) {
        expect(result).toEqual({
          ok: false,
          issues: [
            {
              file: 'ZC8',
              line: i + 1,
              field: 'BENE_DOB',
              reason: 'format',
              message: 'is not a calendar date written YYYY-MM-DD (years 1800–9999)',
            },
          ],
        });
        expect(rows[i]!.text.slice(0, 11)).toMatch(/^[0-9][A-Z0-9]{10}$/);
      }

      const xrefRows = [];
      for await (const row of fileRecords(join(folder, sample, 'ZC9'))) {
        xrefRows.push(readCrosswalkRow(xref, 'ZC9', row.lineNumber, row.text));
      }
      expect(xrefRows.length).toBe(summary.get('CCLF9')!.records);
      expect(xrefRows.map((row) => row.status)).toEqual(['not-mapped', 'not-mapped']); // HICN pairs

      // As a delivery, the folder is incomplete: its CCLF0 counts CCLF1–7, A and B records it does not hold.
      await expect(openDelivery(join(folder, sample), { deliveryDate: '2019-01-01' })).rejects.toThrow(
        /ZC0 counts 6 CCLF1 records, but the folder has no CCLF1 file/,
      );
    },
  );
});
