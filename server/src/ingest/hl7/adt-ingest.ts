/**
 * ADT ingest: HL7 v2 messages in, one ACK per message out. Each message is read (map-adt), then matched, stored or
 * parked by the core FHIR Encounters share (adt-settle): its patient matched (patient-match), stored as an `adt`
 * event through the ingest core — idempotent by message control id — or, when no member matches, parked for review
 * (review-list). Used by POST /api/v1/adt and by `benchline import --format hl7`.
 *
 * The messages of one body are matched in order against one lookup of the members and the crosswalk, which learns
 * as it goes: an A01 carrying the MBI and an MRN, followed in the same batch by an A03 carrying the MRN alone, both
 * reach the member.
 */
import { type AckCode, buildAck } from './ack.js';
import { type AdtItemOutcome, type AdtSettleDeps, settleAdtItems } from './adt-settle.js';
import type { Hl7Issue, ReadableHl7 } from './hl7-message.js';
import { type AdtReading, type MessageHeader, readAdtMessage } from './map-adt.js';

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

export type AdtIngestDeps = AdtSettleDeps;

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

type ReadMessage = Extract<AdtReading, { status: 'read' }>;

export async function ingestAdtMessages(
  deps: AdtIngestDeps,
  tenantId: string,
  texts: readonly string[],
  options: AdtIngestOptions = {},
): Promise<AdtMessageResult[]> {
  const results: (AdtMessageResult | undefined)[] = texts.map(() => undefined);
  const readings = texts.map((text) => readAdtMessage(text, { timeZone: options.timeZone }));
  const pending: { index: number; reading: ReadMessage }[] = [];
  readings.forEach((reading, index) => {
    if (reading.status === 'refused') {
      results[index] = answer(reading.message, reading.header, 'refused', reading.ack, reading.issues, deps.now());
    } else {
      pending.push({ index, reading });
    }
  });
  const outcomes = await settleAdtItems(
    deps,
    tenantId,
    pending.map(({ reading }) => ({
      notification: reading.notification,
      identifiers: reading.identifiers,
      patient: reading.patient,
    })),
  );
  pending.forEach(({ index, reading }, i) => {
    results[index] = answerOf(reading, outcomes[i], deps.now());
  });
  return results as AdtMessageResult[];
}

function answerOf(reading: ReadMessage, outcome: AdtItemOutcome | undefined, now: Date): AdtMessageResult {
  const { message, header, warnings } = reading;
  switch (outcome?.status) {
    case 'accepted':
    case 'duplicate': {
      const issues = outcome.status === 'duplicate' ? [...warnings, problem(205, 'I', INFO_DUPLICATE)] : warnings;
      return {
        ...answer(message, header, outcome.status, 'AA', issues, now),
        ...(outcome.memberId === undefined ? {} : { memberId: outcome.memberId }),
        ...(outcome.eventIds[0] === undefined ? {} : { eventId: outcome.eventIds[0] }),
      };
    }
    case 'parked':
      return answer(message, header, 'parked', 'AA', [...warnings, problem(204, 'W', WARN_PARKED)], now);
    case 'parked-duplicate':
      return answer(message, header, 'duplicate', 'AA', [...warnings, problem(205, 'I', INFO_PARKED_DUPLICATE)], now);
    case 'conflict':
      return answer(message, header, 'conflict', 'AE', [...warnings, problem(205, 'E', ERROR_CONFLICT)], now);
    case 'full':
      return answer(message, header, 'unavailable', 'AR', [problem(207, 'E', ERROR_FULL)], now);
    default:
      return answer(message, header, 'unavailable', 'AR', [problem(207, 'E', ERROR_UNAVAILABLE)], now);
  }
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
