/**
 * Imports one checked CCLF delivery (delivery.ts) into a tenant: every record mapped and stored through the same
 * idempotent ingest as the API, one answer per unit — a claim (all the lines of one CMS claim record), a
 * beneficiary, a crosswalk row, a history move — in a fixed order: the CCLF9 crosswalk first (every later event
 * names beneficiaries by their current MBI), history moves for MBIs it newly links, CCLF8 beneficiaries, Part A
 * (CCLF1 headers joined with CCLF2 lines, CCLF3 procedures and CCLF4 diagnoses on CUR_CLM_UNIQ_ID), Part B (CCLF5),
 * DME (CCLF6), Part D (CCLF7), then CCLFA and CCLFB, which are checked and counted but not mapped (below).
 *
 * Memory is bounded whatever the delivery's size: files are streamed; claim files not in claim-id order are sorted
 * on disk (external-sort.ts: one chunk in memory at a time, one record per run while merging), and the join walks
 * the sorted files side by side holding one claim's rows; stores are batched (at most `batchEvents` events) with a
 * few batches in flight. Held whole: the CCLF9 crosswalk and the history of the beneficiaries whose MBI this
 * delivery changes (both small), and the rows of one claim or one beneficiary.
 *
 * CCLFA and CCLFB (benefit enhancement and demonstration codes, PBP/AIPBP amounts, deductible, coinsurance,
 * sequestration) have no canonical home: the canonical claim carries what Medicare paid, which CCLF1/CCLF5 already
 * give, and none of the engines reads a benefit enhancement flag, a demonstration number or a PBP reduction (MSSP
 * expenditure is computed from paid amounts). Their records are checked (length, claim id, MBI, claim type) and
 * reported, never stored.
 */
import type { CanonicalEvent } from '@benchline/shared';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import type { StoreUnits } from '../bulk-ingest.js';
import type { CclfDelivery, DeliveredFile } from './delivery.js';
import { SORT_KEYS } from './delivery.js';
import { batchesByKey } from './external-sort.js';
import type { CclfFileType } from './layout/layout-csv.js';
import { mapBeneficiary } from './map-beneficiaries.js';
import type { Mapped, SourceRow } from './map-claims.js';
import {
  DME_TYPES,
  mapDmeClaim,
  mapPartAClaim,
  mapPartBClaim,
  mapPartDEvent,
  PART_A_TYPES,
  PART_B_TYPES,
} from './map-claims.js';
import type { CrosswalkRow, CrosswalkRowResult } from './mbi-crosswalk.js';
import { MbiCrosswalk, readCrosswalkRow } from './mbi-crosswalk.js';
import type { StoredHistory } from './mbi-history.js';
import { historyMoves } from './mbi-history.js';
import type { CclfIssue } from './record-reader.js';
import { RecordReader } from './record-reader.js';
import { fileRecords } from './records.js';
import type { MbiCrosswalkStore } from './redis-stores.js';

export type CclfUnitKind = 'claim' | 'beneficiary' | 'crosswalk' | 'mbi-move' | 'not-mapped';
export type CclfUnitStatus = 'accepted' | 'duplicate' | 'rejected' | 'not-mapped';

export interface CclfUnitResult {
  kind: CclfUnitKind;
  status: CclfUnitStatus;
  /** CCLF records the unit was read from (0 for a history move). */
  records: number;
  /** Its first record, for messages. */
  at?: { file: string; line: number };
  /** Why it was rejected: every field found wrong, by file, line and field. */
  issues: CclfIssue[];
  /** Why storing refused it (an event already stored with other content, storage away). */
  error?: string;
}

export interface CclfImportOptions {
  tenantId: string;
  store: StoreUnits;
  crosswalkStore: MbiCrosswalkStore;
  /** The event store, to move history to a new MBI; absent in a dry run. */
  history?: StoredHistory;
  /** Where external sorts put their run files. */
  tempDir: string;
  sortChunkChars?: number;
  /** Events stored in one step (at most MAX_EVENTS_PER_JOB). */
  batchEvents?: number;
  /** Batches being stored at once. */
  maxInFlight?: number;
}

interface Unit {
  kind: CclfUnitKind;
  records: number;
  at?: { file: string; line: number };
  events: CanonicalEvent[];
  issues: CclfIssue[];
  notMapped?: boolean;
}

export async function* importCclfDelivery(
  delivery: CclfDelivery,
  options: CclfImportOptions,
): AsyncGenerator<CclfUnitResult> {
  const crosswalk = new MbiCrosswalk(await options.crosswalkStore.load(options.tenantId));
  let movesStored = true;
  for await (const result of importUnits(delivery, options, crosswalk, new StorePipeline(options))) {
    movesStored &&= result.kind !== 'mbi-move' || result.status !== 'rejected';
    yield result;
  }
  // Saved last: a delivery whose moves did not all land moves them again when it is imported again.
  if (movesStored) {
    await options.crosswalkStore.save(options.tenantId, crosswalk.changes());
  }
}

async function* importUnits(
  delivery: CclfDelivery,
  options: CclfImportOptions,
  crosswalk: MbiCrosswalk,
  pipeline: StorePipeline,
): AsyncGenerator<CclfUnitResult> {
  const xref = delivery.files.get('CCLF9');
  if (xref !== undefined) {
    const rowResults: CrosswalkRowResult[] = [];
    for await (const { lineNumber, text } of fileRecords(xref.path)) {
      rowResults.push(readCrosswalkRow(xref.layout, xref.name, lineNumber, text));
    }
    const rows = rowResults.flatMap((result): CrosswalkRow[] => (result.status === 'accepted' ? [result.row] : []));
    const refused = new Map<number, CclfIssue[]>();
    for (const issue of crosswalk.addRows(rows, xref.name)) {
      refused.set(issue.line, [...(refused.get(issue.line) ?? []), issue]);
    }
    for (const result of rowResults) {
      const line = result.status === 'accepted' ? result.row.line : result.line;
      const issues = result.status === 'rejected' ? result.issues : (refused.get(line) ?? []);
      yield* await pipeline.push({
        kind: 'crosswalk',
        records: 1,
        at: { file: xref.name, line },
        events: [],
        issues,
        notMapped: result.status === 'not-mapped',
      });
    }
  }

  if (options.history !== undefined) {
    const moves = historyMoves(crosswalk.moved(), crosswalk, options.history, options.tenantId, delivery.deliveryDate);
    for await (const move of moves) {
      yield* await pipeline.push({ kind: 'mbi-move', records: 0, events: move.events, issues: [] });
    }
  }

  const beneficiaries = delivery.files.get('CCLF8');
  if (beneficiaries !== undefined) {
    for await (const group of groupsByKey(beneficiaries, options)) {
      yield* await pipeline.push(
        unitOf('beneficiary', group, mapBeneficiary(group, { crosswalk, deliveryDate: delivery.deliveryDate })),
      );
    }
  }

  yield* partAClaims(delivery, options, crosswalk, pipeline);

  for (const [type, map] of [
    ['CCLF5', mapPartBClaim],
    ['CCLF6', mapDmeClaim],
  ] as const) {
    const file = delivery.files.get(type);
    if (file !== undefined) {
      for await (const group of groupsByKey(file, options)) {
        yield* await pipeline.push(unitOf('claim', group, map(group, { crosswalk })));
      }
    }
  }

  const partD = delivery.files.get('CCLF7');
  if (partD !== undefined) {
    for await (const { lineNumber, text } of fileRecords(partD.path)) {
      const row: SourceRow = { layout: partD.layout, file: partD.name, lineNumber, text };
      yield* await pipeline.push(unitOf('claim', [row], mapPartDEvent(row, { crosswalk })));
    }
  }

  for (const [type, types] of [
    ['CCLFA', PART_A_TYPES],
    ['CCLFB', { ...PART_B_TYPES, ...DME_TYPES }],
  ] as const) {
    const file = delivery.files.get(type);
    if (file !== undefined) {
      for await (const { lineNumber, text } of fileRecords(file.path)) {
        const record = new RecordReader(file.layout, file.name, lineNumber, text);
        record.digits('CUR_CLM_UNIQ_ID', true);
        record.required('BENE_MBI_ID');
        if (type === 'CCLFB') {
          record.digits('CLM_LINE_NUM', true);
        }
        const typeCode = record.value('CLM_TYPE_CD');
        if (!(typeCode in types)) {
          record.issue('CLM_TYPE_CD', typeCode === '' ? 'required' : 'enum', `is not a claim type of ${type}`);
        }
        yield* await pipeline.push({
          kind: 'not-mapped',
          records: 1,
          at: { file: file.name, line: lineNumber },
          events: [],
          issues: record.issues,
          notMapped: true,
        });
      }
    }
  }

  yield* pipeline.drain();
}

function unitOf<T extends CanonicalEvent>(kind: CclfUnitKind, rows: readonly SourceRow[], mapped: Mapped<T>): Unit {
  const first = rows[0];
  return {
    kind,
    records: rows.length,
    ...(first === undefined ? {} : { at: { file: first.file, line: first.lineNumber } }),
    events: mapped.ok ? [mapped.event] : [],
    issues: mapped.ok ? [] : mapped.issues,
  };
}

/** A file's records in key order, as the rows of one key at a time (one claim record, one beneficiary). */
async function* groupsByKey(file: DeliveredFile, options: CclfImportOptions): AsyncGenerator<SourceRow[]> {
  for await (const group of keyedGroups(file, options)) {
    yield group.rows;
  }
}

async function* keyedGroups(
  file: DeliveredFile,
  options: CclfImportOptions,
): AsyncGenerator<{ key: string; rows: SourceRow[] }> {
  const key = SORT_KEYS[file.type];
  if (key === null) {
    throw new Error(`${file.type} is not grouped by key`);
  }
  let current: { key: string; rows: SourceRow[] } | undefined;
  const batches = batchesByKey(file.path, key.from, key.to, file.sorted, {
    tempDir: options.tempDir,
    ...(options.sortChunkChars === undefined ? {} : { chunkChars: options.sortChunkChars }),
  });
  for await (const batch of batches) {
    for (const record of batch) {
      const row: SourceRow = { layout: file.layout, file: file.name, lineNumber: record.lineNumber, text: record.text };
      if (current !== undefined && current.key === record.key) {
        current.rows.push(row);
      } else {
        if (current !== undefined) {
          yield current;
        }
        current = { key: record.key, rows: [row] };
      }
    }
  }
  if (current !== undefined) {
    yield current;
  }
}

const PART_A_FILES = ['CCLF1', 'CCLF2', 'CCLF3', 'CCLF4'] as const satisfies readonly CclfFileType[];

/** Walks CCLF1–4 side by side in claim-id order, one claim record's rows at a time. */
async function* partAClaims(
  delivery: CclfDelivery,
  options: CclfImportOptions,
  crosswalk: MbiCrosswalk,
  pipeline: StorePipeline,
): AsyncGenerator<CclfUnitResult> {
  const streams = PART_A_FILES.map((type) => {
    const file = delivery.files.get(type);
    return file === undefined ? null : keyedGroups(file, options)[Symbol.asyncIterator]();
  });
  const heads: ({ key: string; rows: SourceRow[] } | undefined)[] = [];
  for (const stream of streams) {
    const next = stream === null ? undefined : await stream.next();
    heads.push(next === undefined || next.done === true ? undefined : next.value);
  }
  for (;;) {
    const keys = heads.flatMap((head) => (head === undefined ? [] : [head.key]));
    if (keys.length === 0) {
      return;
    }
    const key = keys.reduce((min, k) => (k < min ? k : min));
    const rowsOf: SourceRow[][] = [];
    for (let i = 0; i < heads.length; i += 1) {
      const head = heads[i];
      if (head !== undefined && head.key === key) {
        rowsOf.push(head.rows);
        const next = await streams[i]!.next();
        heads[i] = next.done === true ? undefined : next.value;
      } else {
        rowsOf.push([]);
      }
    }
    const [headers = [], lines = [], procedures = [], diagnoses = []] = rowsOf;
    const all = [...headers, ...lines, ...procedures, ...diagnoses];
    if (headers.length === 0) {
      yield* await pipeline.push({
        kind: 'claim',
        records: all.length,
        at: { file: all[0]!.file, line: all[0]!.lineNumber },
        events: [],
        issues: all.map((row) => ({
          file: row.file,
          line: row.lineNumber,
          field: 'CUR_CLM_UNIQ_ID',
          reason: 'orphan',
          message: 'no CCLF1 header has this claim id',
        })),
      });
      continue;
    }
    const mapped = mapPartAClaim({ headers, lines, procedures, diagnoses }, { crosswalk });
    yield* await pipeline.push({ ...unitOf('claim', headers, mapped), records: all.length });
  }
}

/**
 * Units go out in batches of at most `batchEvents` events, a few batches being stored at once, and their answers
 * come back in the order the units came in — units with nothing to store (rejected, not mapped) wait their turn.
 */
const NOTHING_RELEASED: readonly CclfUnitResult[] = [];

/** Units answered together, stored or not: bounds a batch of rejected lines as much as one of events. */
const MAX_UNITS_PER_BATCH = 1000;

class StorePipeline {
  private batch: Unit[] = [];
  private events = 0;
  private readonly inFlight: Promise<CclfUnitResult[]>[] = [];
  private readonly batchEvents: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: CclfImportOptions) {
    this.batchEvents = Math.min(options.batchEvents ?? 500, MAX_EVENTS_PER_JOB);
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  /**
   * Adds a unit. Most calls release nothing and return NOTHING_RELEASED, no promise; when too many batches are
   * being stored, the oldest batch's answers, to be awaited and passed on.
   */
  push(unit: Unit): Promise<CclfUnitResult[]> | readonly CclfUnitResult[] {
    const full = this.events + unit.events.length > this.batchEvents || this.batch.length >= MAX_UNITS_PER_BATCH;
    let released: Promise<CclfUnitResult[]> | readonly CclfUnitResult[] = NOTHING_RELEASED;
    if (full && this.batch.length > 0) {
      this.inFlight.push(this.store(this.batch));
      this.batch = [];
      this.events = 0;
      if (this.inFlight.length >= this.maxInFlight) {
        released = this.inFlight.shift() as Promise<CclfUnitResult[]>;
      }
    }
    this.batch.push(unit);
    this.events += unit.events.length;
    return released;
  }

  async *drain(): AsyncGenerator<CclfUnitResult> {
    if (this.batch.length > 0) {
      this.inFlight.push(this.store(this.batch));
      this.batch = [];
      this.events = 0;
    }
    while (this.inFlight.length > 0) {
      yield* await (this.inFlight.shift() as Promise<CclfUnitResult[]>);
    }
  }

  private async store(units: Unit[]): Promise<CclfUnitResult[]> {
    const storable = units.filter((unit) => unit.issues.length === 0 && unit.events.length > 0);
    const outcomes = storable.length > 0 ? await this.options.store(storable.map((unit) => unit.events)) : [];
    let next = 0;
    return units.map((unit): CclfUnitResult => {
      const base = {
        kind: unit.kind,
        records: unit.records,
        ...(unit.at === undefined ? {} : { at: unit.at }),
        issues: unit.issues,
      };
      if (unit.issues.length > 0) {
        return { ...base, status: 'rejected' };
      }
      if (unit.events.length === 0) {
        return { ...base, status: unit.notMapped === true ? 'not-mapped' : 'accepted' };
      }
      const outcome = outcomes[next++];
      if (outcome === undefined || outcome.status === 'rejected') {
        return { ...base, status: 'rejected', error: outcome?.message ?? 'not stored' };
      }
      return { ...base, status: outcome.status };
    });
  }
}
