/**
 * ADT ingest: HL7 v2 messages in, one ACK per message out. Each message is read (map-adt), its patient matched
 * (patient-match), and then stored as an `adt` event through the ingest core — idempotent by message control id —
 * or, when no member matches, parked for review (review-list). Used by POST /api/v1/adt and by
 * `benchline import --format hl7`.
 *
 * The messages of one body are matched in order against one lookup of the members and the crosswalk, which learns
 * as it goes: an A01 carrying the MBI and an MRN, followed in the same batch by an A03 carrying the MRN alone, both
 * reach the member.
 */
import { createHash } from 'node:crypto';
import type { AdtEvent, CanonicalEvent } from '@benchline/shared';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import { canonicalEventJson } from '../canonical-event-json.js';
import type { IngestOutcome } from '../event-ingest.js';
import { type AckCode, buildAck } from './ack.js';
import type { Hl7Issue, ReadableHl7 } from './hl7-message.js';
import { type AdtReading, identifierKey, type MessageHeader, readAdtMessage } from './map-adt.js';
import { type AdtPatientStore, matchPatient, type MatchFacts, type PatientMatch } from './patient-match.js';
import { type ParkedMessage, type ParkOutcome, parkIdOf, type ReviewList } from './review-list.js';

export type AdtStatus = 'accepted' | 'duplicate' | 'parked' | 'refused' | 'conflict' | 'unavailable';

export interface AdtMessageResult {
  status: AdtStatus;
  ack: AckCode;
  issues: Hl7Issue[];
  header: MessageHeader;
  /** The member the message was stored for (accepted or duplicate). */
  memberId?: string;
  /** The event store id, when stored. */
  eventId?: string;
  /** The ACK message, segments separated by \r. */
  ackText: string;
}

export interface AdtIngestDeps {
  patients: AdtPatientStore;
  review: ReviewList;
  /** Stores units of events (the ingest core's units): at most MAX_EVENTS_PER_JOB events a call. */
  store: (tenantId: string, units: readonly (readonly CanonicalEvent[])[]) => Promise<IngestOutcome[]>;
  now: () => Date;
}

export interface AdtIngestOptions {
  /** The sender's IANA time zone, for times written without an offset. */
  timeZone?: string | undefined;
}

const INFO_DUPLICATE = 'this message was already received; nothing changed';
const INFO_PARKED_DUPLICATE = 'this message was already received and is held for review';
const WARN_PARKED = 'no member matches the patient identifiers (PID-3); the message is held for review';
const ERROR_CONFLICT = 'this message control id was already received with other content';
const ERROR_UNAVAILABLE = 'storage is unavailable; nothing was stored: send the message again';
const ERROR_FULL = 'the review list of unmatched patients is full; nothing was stored: send the message again later';

interface Pending {
  index: number;
  reading: Extract<AdtReading, { status: 'read' }>;
}

export async function ingestAdtMessages(
  deps: AdtIngestDeps,
  tenantId: string,
  texts: readonly string[],
  options: AdtIngestOptions = {},
): Promise<AdtMessageResult[]> {
  const results: (AdtMessageResult | undefined)[] = texts.map(() => undefined);
  const readings = texts.map((text) => readAdtMessage(text, { timeZone: options.timeZone }));
  const pending: Pending[] = [];
  readings.forEach((reading, index) => {
    if (reading.status === 'refused') {
      results[index] = answer(reading.message, reading.header, 'refused', reading.ack, reading.issues, deps.now());
    } else {
      pending.push({ index, reading });
    }
  });

  let facts: MatchFacts;
  try {
    facts = await deps.patients.facts(
      tenantId,
      pending.flatMap(({ reading }) => reading.identifiers),
    );
  } catch {
    for (const { index, reading } of pending) {
      results[index] = unavailable(reading, deps.now());
    }
    return results as AdtMessageResult[];
  }
  await settle(deps, tenantId, pending, facts, results, 0);
  return results as AdtMessageResult[];
}

/**
 * Matches, stores and parks the pending messages. A message the park step hands back as linked (a person linked its
 * identifier meanwhile) is matched once more against a fresh lookup.
 */
async function settle(
  deps: AdtIngestDeps,
  tenantId: string,
  pending: readonly Pending[],
  facts: MatchFacts,
  results: (AdtMessageResult | undefined)[],
  round: number,
): Promise<void> {
  const crosswalk = new Map(facts.crosswalk);
  const matched: { pending: Pending; match: Extract<PatientMatch, { matched: true }> }[] = [];
  const unmatched: { pending: Pending; match: Extract<PatientMatch, { matched: false }> }[] = [];
  for (const item of pending) {
    const match = matchPatient(item.reading.identifiers, { knownMembers: facts.knownMembers, crosswalk });
    if (match.matched) {
      matched.push({ pending: item, match });
      // What this message teaches, the next ones of the batch already know.
      for (const key of match.teaches) {
        crosswalk.set(key, match.memberId);
      }
    } else {
      unmatched.push({ pending: item, match });
    }
  }

  for (let start = 0; start < matched.length; start += MAX_EVENTS_PER_JOB) {
    const chunk = matched.slice(start, start + MAX_EVENTS_PER_JOB);
    const events = chunk.map(({ pending: item, match }): AdtEvent => ({
      ...item.reading.notification,
      memberId: match.memberId,
    }));
    let outcomes: IngestOutcome[];
    try {
      outcomes = await deps.store(
        tenantId,
        events.map((event) => [event]),
      );
    } catch {
      outcomes = events.map(() => ({ status: 'rejected', code: 'SERVICE_UNAVAILABLE', message: ERROR_UNAVAILABLE }));
    }
    const stored = new Map<string, string[]>();
    chunk.forEach(({ pending: item, match }, i) => {
      const outcome = outcomes[i];
      results[item.index] = storedAnswer(item.reading, outcome, match.memberId, deps.now());
      if (outcome !== undefined && outcome.status !== 'rejected' && match.teaches.length > 0) {
        stored.set(match.memberId, [...(stored.get(match.memberId) ?? []), ...match.teaches]);
      }
    });
    for (const [memberId, keys] of stored) {
      // Learning is best effort: the messages are stored, and the next one carrying the MBI teaches it again.
      await deps.patients.learn(tenantId, keys, memberId).catch(() => undefined);
    }
  }

  if (unmatched.length === 0) {
    return;
  }
  const parkedAt = deps.now().toISOString();
  const toPark = unmatched.map(({ pending: item, match }) => parkedMessageOf(item.reading, match.reason, parkedAt));
  let outcomes: ParkOutcome[];
  try {
    outcomes = await deps.review.park(tenantId, toPark);
  } catch {
    for (const { pending: item } of unmatched) {
      results[item.index] = unavailable(item.reading, deps.now());
    }
    return;
  }
  const again: Pending[] = [];
  unmatched.forEach(({ pending: item }, i) => {
    const outcome = outcomes[i];
    if (outcome === 'linked' && round === 0) {
      again.push(item);
      return;
    }
    results[item.index] = parkedAnswer(item.reading, outcome, deps.now());
  });
  if (again.length > 0) {
    let fresh: MatchFacts;
    try {
      fresh = await deps.patients.facts(
        tenantId,
        again.flatMap(({ reading }) => reading.identifiers),
      );
    } catch {
      for (const item of again) {
        results[item.index] = unavailable(item.reading, deps.now());
      }
      return;
    }
    await settle(deps, tenantId, again, fresh, results, round + 1);
  }
}

function parkedMessageOf(
  reading: Extract<AdtReading, { status: 'read' }>,
  reason: Extract<PatientMatch, { matched: false }>['reason'],
  parkedAt: string,
): ParkedMessage {
  const { notification } = reading;
  const { source: _source, ...content } = notification;
  const key = `adt:${notification.sender}|${notification.messageId}`;
  return {
    id: parkIdOf(key),
    key,
    // The notification's content as the event store would hash it (its member not known yet, its feed left out).
    hash: createHash('sha256')
      .update(canonicalEventJson({ ...content, memberId: '' }))
      .digest('base64url'),
    parkedAt,
    reason,
    notification,
    identifiers: reading.identifiers,
    patient: reading.patient,
    identifierKeys: reading.identifiers.map(identifierKey),
  };
}

function storedAnswer(
  reading: Extract<AdtReading, { status: 'read' }>,
  outcome: IngestOutcome | undefined,
  memberId: string,
  now: Date,
): AdtMessageResult {
  if (outcome === undefined || outcome.status === 'rejected') {
    if (outcome?.code === 'CONFLICT') {
      return answer(
        reading.message,
        reading.header,
        'conflict',
        'AE',
        [...reading.warnings, problem(205, 'E', ERROR_CONFLICT)],
        now,
      );
    }
    return unavailable(reading, now);
  }
  const issues =
    outcome.status === 'duplicate' ? [...reading.warnings, problem(205, 'I', INFO_DUPLICATE)] : reading.warnings;
  return {
    ...answer(reading.message, reading.header, outcome.status, 'AA', issues, now),
    memberId,
    ...(outcome.eventIds[0] === undefined ? {} : { eventId: outcome.eventIds[0] }),
  };
}

function parkedAnswer(
  reading: Extract<AdtReading, { status: 'read' }>,
  outcome: ParkOutcome | undefined,
  now: Date,
): AdtMessageResult {
  switch (outcome) {
    case 'parked':
      return answer(
        reading.message,
        reading.header,
        'parked',
        'AA',
        [...reading.warnings, problem(204, 'W', WARN_PARKED)],
        now,
      );
    case 'duplicate':
      return answer(
        reading.message,
        reading.header,
        'duplicate',
        'AA',
        [...reading.warnings, problem(205, 'I', INFO_PARKED_DUPLICATE)],
        now,
      );
    case 'conflict':
      return answer(
        reading.message,
        reading.header,
        'conflict',
        'AE',
        [...reading.warnings, problem(205, 'E', ERROR_CONFLICT)],
        now,
      );
    case 'full':
      return answer(reading.message, reading.header, 'unavailable', 'AR', [problem(207, 'E', ERROR_FULL)], now);
    default:
      return unavailable(reading, now);
  }
}

function unavailable(reading: Extract<AdtReading, { status: 'read' }>, now: Date): AdtMessageResult {
  return answer(reading.message, reading.header, 'unavailable', 'AR', [problem(207, 'E', ERROR_UNAVAILABLE)], now);
}

/** An issue about the message as a whole (ERR-2 names MSH-10, the control id it is about). */
function problem(code: 204 | 205 | 207, severity: Hl7Issue['severity'], message: string): Hl7Issue {
  return { segment: code === 204 ? 'PID' : 'MSH', sequence: 1, field: code === 204 ? 3 : 10, code, severity, message };
}

function answer(
  message: ReadableHl7 | null,
  header: MessageHeader,
  status: AdtStatus,
  ack: AckCode,
  issues: Hl7Issue[],
  now: Date,
): AdtMessageResult {
  return { status, ack, issues, header, ackText: buildAck(message, ack, issues, now).toString() };
}
