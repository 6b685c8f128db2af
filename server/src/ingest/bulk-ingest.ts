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
export type StoreOrPark<E = CanonicalEvent> = (units: E[][]) => Promise<UnitOutcome[]>;

/** What one line became: the events it carries (stored together or not at all), or why it was refused. */
export type MappedLine<E> = { events: E[] } | { error: AppError };

/** A line that is text (lines too long or not UTF-8 are answered without mapping). */
export type TextLine = Extract<NdjsonLine, { text: string }>;

/**
 * Maps a batch of lines, answering each in order. Called in line order; a mapper whose lines depend on earlier
 * ones (FHIR's Patient crosswalk) finishes one batch before it starts the next.
 */
export type BatchMapper<E> = (lines: TextLine[]) => Promise<MappedLine<E>[]>;

/**
 * A batch mapper that parses and maps on this thread, line by line. `prepare` sees each batch's parsed values
 * before they are mapped, so a mapper that needs lookups (the FHIR patient crosswalk) can fetch them for a whole
 * batch in one round trip.
 */
export function mapLinesHere(
  mapLine: LineMapper,
  prepare?: (values: unknown[]) => Promise<void>,
): BatchMapper<CanonicalEvent> {
  const mapBatch = async (lines: TextLine[]): Promise<MappedLine<CanonicalEvent>[]> => {
    const parsed = lines.map((line) => parseLine(line.text));
    if (prepare !== undefined) {
      await prepare(parsed.flatMap((item) => ('value' in item ? [item.value] : [])));
    }
    return parsed.map((item) => ('value' in item ? mapValue(item.value, mapLine) : item));
  };
  if (prepare === undefined) {
    return mapBatch;
  }
  // With lookups in between, batches would otherwise map out of order.
  let previous: Promise<unknown> = Promise.resolve();
  return (lines) => {
    const mapped = previous.then(() => mapBatch(lines));
    previous = mapped.catch(() => undefined);
    return mapped;
  };
}

export interface BulkOptions {
  /** Lines mapped together. */
  batchLines?: number;
  /** Events stored in one step (at most MAX_EVENTS_PER_JOB). */
  batchEvents?: number;
  /** Batches being mapped or stored at once: mapping the next batch overlaps storing the last one. */
  maxInFlight?: number;
}

/** Answers come a batch at a time, each line once, in line order. */
export async function* bulkIngest<E>(
  lines: AsyncIterable<NdjsonLine>,
  mapBatch: BatchMapper<E>,
  store: StoreOrPark<E>,
  options: BulkOptions = {},
): AsyncGenerator<LineResult[]> {
  const { batchLines = 500, maxInFlight = 4 } = options;
  const batchEvents = Math.min(options.batchEvents ?? 500, MAX_EVENTS_PER_JOB);
  // Answers must come out in line order, so batches are awaited in the order they were started.
  const inFlight: Promise<LineResult[]>[] = [];
  let group: NdjsonLine[] = [];

  const start = (): void => {
    if (group.length > 0) {
      const answered = mapAndStore(group, mapBatch, store, batchEvents);
      // Awaited in turn below; until then a failure must not count as unhandled (which would end the process).
      answered.catch(() => undefined);
      inFlight.push(answered);
      group = [];
    }
  };

  // When the lines stop with an error (a body over the limit, a client gone), the lines read before it are still
  // stored and answered — batches already being stored among them — and only then is the error passed on: every
  // line stored is a line answered.
  let failure: { error: unknown } | null = null;
  try {
    for await (const line of lines) {
      group.push(line);
      if (group.length >= batchLines) {
        start();
        if (inFlight.length >= maxInFlight) {
          yield await (inFlight.shift() as Promise<LineResult[]>);
        }
      }
    }
  } catch (error) {
    failure = { error };
  }
  start();
  while (inFlight.length > 0) {
    yield await (inFlight.shift() as Promise<LineResult[]>);
  }
  if (failure !== null) {
    throw failure.error;
  }
}

type Pending<E> = { line: number; events: E[] } | { line: number; error: AppError };

/** Maps a batch of lines, stores its valid lines (several steps if they carry many events), answers every line. */
async function mapAndStore<E>(
  lines: NdjsonLine[],
  mapBatch: BatchMapper<E>,
  store: StoreOrPark<E>,
  batchEvents: number,
): Promise<LineResult[]> {
  const texts = lines.filter((line): line is TextLine => 'text' in line);
  const mapped = texts.length > 0 ? await mapBatch(texts) : [];
  let next = 0;
  const pending = lines.map((line): Pending<E> => {
    if ('tooLong' in line) {
      return {
        line: line.lineNumber,
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'the line is longer than the limit' },
      };
    }
    if ('notUtf8' in line) {
      return { line: line.lineNumber, error: { code: 'MALFORMED_JSON', message: 'the line is not valid UTF-8' } };
    }
    const result = mapped[next++] ?? { error: { code: 'INTERNAL', message: 'the line was not mapped' } };
    if ('error' in result) {
      return { line: line.lineNumber, error: result.error };
    }
    if (result.events.length > MAX_EVENTS_PER_JOB) {
      return {
        line: line.lineNumber,
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'the line carries too many events' },
      };
    }
    return { line: line.lineNumber, events: result.events };
  });

  const steps: Promise<LineResult[]>[] = [];
  let step: Pending<E>[] = [];
  let events = 0;
  for (const item of pending) {
    const size = 'events' in item ? item.events.length : 0;
    if (events + size > batchEvents && step.length > 0) {
      steps.push(answerStep(step, store));
      step = [];
      events = 0;
    }
    step.push(item);
    events += size;
  }
  steps.push(answerStep(step, store));
  return (await Promise.all(steps)).flat();
}

/** Stores a step's valid lines and answers every line of it, in order. */
async function answerStep<E>(batch: Pending<E>[], store: StoreOrPark<E>): Promise<LineResult[]> {
  const toStore = batch.filter((p): p is { line: number; events: E[] } => 'events' in p);
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

/** Parses one line's JSON; a line that is not JSON (or tries prototype poisoning) is refused. */
export function parseLine(text: string): { value: unknown } | { error: AppError } {
  try {
    return { value: parseUntrustedJson(text) };
  } catch (error) {
    return { error: { code: 'MALFORMED_JSON', message: (error as Error).message } };
  }
}

/** Maps one parsed line to its events, or the validation issues that refuse it. */
export function mapValue<E>(
  value: unknown,
  mapLine: (value: unknown) => { ok: true; events: E[] } | { ok: false; issues: FieldIssue[] },
): MappedLine<E> {
  const mapped = mapLine(value);
  return mapped.ok ? { events: mapped.events } : { error: { code: 'VALIDATION_FAILED', issues: mapped.issues } };
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
