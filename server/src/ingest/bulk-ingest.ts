/**
 * Bulk ingest over NDJSON: each line is parsed, mapped to canonical events and validated on its own, valid lines
 * are stored a batch at a time, and every line gets its own answer, in order. A rejected line never blocks the
 * others, and a line's events are stored together or not at all. Independent of HTTP: the route feeds it the
 * request stream and writes the answers out.
 */
import type { AppError, CanonicalEvent, FieldIssue } from '@benchline/shared';
import { validateEvent } from '@benchline/shared';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import type { IngestOutcome } from './event-ingest.js';
import type { NdjsonLine } from './ndjson-lines.js';
import { parseUntrustedJson } from './untrusted-json.js';

/** Turns one parsed line into the canonical events it carries, or the issues that stop it. */
export type LineMapper = (
  value: unknown,
) => { ok: true; events: CanonicalEvent[] } | { ok: false; issues: FieldIssue[] };

/** Lines of canonical events (any kind), marked with the feed they came by unless they say. */
export function canonicalLines(source: NonNullable<CanonicalEvent['source']>): LineMapper {
  return (value) => {
    const validation = validateEvent(value);
    return validation.ok ? { ok: true, events: [withSource(validation.event, source)] } : validation;
  };
}

/** Marks the feed an event came by, unless the sender said. */
export function withSource(event: CanonicalEvent, source: NonNullable<CanonicalEvent['source']>): CanonicalEvent {
  return event.source === undefined ? { ...event, source } : event;
}

/** Where a unit held for review rather than stored waits (an ADT notification no member matches). */
export interface ReviewRef {
  /** The review list entry (GET /api/v1/adt/review). */
  id: string;
  reason: string;
}

export type LineResult =
  | { line: number; status: 'accepted' | 'duplicate' | 'parked'; eventIds: string[]; review?: ReviewRef }
  | { line: number; status: 'rejected'; error: AppError };

/**
 * What became of a unit: the ingest core's outcome, or — for a store that parks what it cannot store yet (FHIR
 * Encounters of patients no member matches) — held for review: `parked`, or `duplicate` when it already waits there.
 */
export type UnitOutcome = IngestOutcome | { status: 'parked' | 'duplicate'; eventIds: string[]; review: ReviewRef };

export type StoreUnits = (units: CanonicalEvent[][]) => Promise<IngestOutcome[]>;

/** A store that may hold units for review instead of storing them (the FHIR route's, for ADT Encounters). */
export type StoreOrPark = (units: CanonicalEvent[][]) => Promise<UnitOutcome[]>;

type Pending = { line: number; events: CanonicalEvent[] } | { line: number; error: AppError };
type Parsed = { line: number; value: unknown } | { line: number; error: AppError };

export interface BulkOptions {
  /** Lines parsed (and prepared) together. */
  batchLines?: number;
  /** Events stored in one step (at most MAX_EVENTS_PER_JOB). */
  batchEvents?: number;
  /** Batches being stored at once: parsing the next batch overlaps storing the last one. */
  maxInFlight?: number;
  /**
   * Called with each batch's parsed values before they are mapped, so a mapper that needs lookups (the FHIR
   * patient crosswalk) can fetch them for a whole batch in one round trip.
   */
  prepare?: (values: unknown[]) => Promise<void>;
}

export async function* bulkIngest(
  lines: AsyncIterable<NdjsonLine>,
  mapLine: LineMapper,
  store: StoreOrPark,
  options: BulkOptions = {},
): AsyncGenerator<LineResult> {
  const { batchLines = 500, maxInFlight = 4, prepare } = options;
  const batchEvents = Math.min(options.batchEvents ?? 500, MAX_EVENTS_PER_JOB);
  // Answers must come out in line order, so batches are awaited in the order they were started.
  const inFlight: Promise<LineResult[]>[] = [];
  let parsed: Parsed[] = [];

  const mapAndStore = async function* (): AsyncGenerator<LineResult> {
    const group = parsed;
    parsed = [];
    if (prepare !== undefined) {
      await prepare(group.flatMap((item) => ('value' in item ? [item.value] : [])));
    }
    let batch: Pending[] = [];
    let events = 0;
    for (const item of group) {
      const mapped = 'value' in item ? mapOne(item.line, item.value, mapLine) : item;
      const size = 'events' in mapped ? mapped.events.length : 0;
      if (events + size > batchEvents && batch.length > 0) {
        inFlight.push(answerBatch(batch, store));
        batch = [];
        events = 0;
        if (inFlight.length >= maxInFlight) {
          yield* await (inFlight.shift() as Promise<LineResult[]>);
        }
      }
      batch.push(mapped);
      events += size;
    }
    if (batch.length > 0) {
      inFlight.push(answerBatch(batch, store));
    }
    while (inFlight.length >= maxInFlight) {
      yield* await (inFlight.shift() as Promise<LineResult[]>);
    }
  };

  // When the lines stop with an error (a body over the limit, a client gone), the lines read before it are still
  // stored and answered — batches already being stored among them — and only then is the error passed on: every
  // line stored is a line answered.
  let failure: { error: unknown } | null = null;
  try {
    for await (const line of lines) {
      parsed.push(parseOne(line));
      if (parsed.length >= batchLines) {
        yield* mapAndStore();
      }
    }
  } catch (error) {
    failure = { error };
  }
  yield* mapAndStore();
  while (inFlight.length > 0) {
    yield* await (inFlight.shift() as Promise<LineResult[]>);
  }
  if (failure !== null) {
    throw failure.error;
  }
}

/** Stores a batch's valid lines and answers every line of it, in order. */
async function answerBatch(batch: Pending[], store: StoreOrPark): Promise<LineResult[]> {
  const toStore = batch.filter((p): p is { line: number; events: CanonicalEvent[] } => 'events' in p);
  const outcomes = toStore.length > 0 ? await store(toStore.map((p) => p.events)) : [];
  let next = 0;
  return batch.map((item): LineResult => {
    if ('error' in item) {
      return { line: item.line, status: 'rejected', error: item.error };
    }
    const outcome = outcomes[next++];
    if (outcome === undefined || outcome.status === 'rejected') {
      return {
        line: item.line,
        status: 'rejected',
        error: { code: outcome?.code ?? 'INTERNAL', message: outcome?.message ?? 'not stored' },
      };
    }
    return {
      line: item.line,
      status: outcome.status,
      eventIds: outcome.eventIds,
      ...('review' in outcome ? { review: outcome.review } : {}),
    };
  });
}

function parseOne(line: NdjsonLine): Parsed {
  if ('tooLong' in line) {
    return {
      line: line.lineNumber,
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'the line is longer than the limit' },
    };
  }
  if ('notUtf8' in line) {
    return { line: line.lineNumber, error: { code: 'MALFORMED_JSON', message: 'the line is not valid UTF-8' } };
  }
  try {
    return { line: line.lineNumber, value: parseUntrustedJson(line.text) };
  } catch (error) {
    return { line: line.lineNumber, error: { code: 'MALFORMED_JSON', message: (error as Error).message } };
  }
}

function mapOne(line: number, value: unknown, mapLine: LineMapper): Pending {
  const mapped = mapLine(value);
  if (!mapped.ok) {
    return { line, error: { code: 'VALIDATION_FAILED', issues: mapped.issues } };
  }
  if (mapped.events.length > MAX_EVENTS_PER_JOB) {
    return { line, error: { code: 'PAYLOAD_TOO_LARGE', message: 'the line carries too many events' } };
  }
  return { line, events: mapped.events };
}

/** Counts of a bulk request's answers, for the summary line. */
export interface BulkSummary {
  lines: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Lines held for review (present once one is). */
  parked?: number;
}

export function emptySummary(): BulkSummary {
  return { lines: 0, accepted: 0, duplicate: 0, rejected: 0 };
}

export function countResult(summary: BulkSummary, result: LineResult): void {
  summary.lines += 1;
  if (result.status === 'parked') {
    summary.parked = (summary.parked ?? 0) + 1;
  } else {
    summary[result.status] += 1;
  }
}
