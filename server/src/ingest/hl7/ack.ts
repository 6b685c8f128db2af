/**
 * HL7 acknowledgements (original mode): one ACK per message — MSA-1 AA accepted, AE application error (the content
 * is wrong; nothing was stored), AR rejected (not a message this endpoint takes, or it could not be stored now: send
 * it again) — with an ERR segment per issue: ERR-2 where (segment^sequence^field^component), ERR-3 the HL7 table 0357
 * code, ERR-4 severity (E, W, I), ERR-8 the reason; for v2.3 and v2.4 senders, ERR-1 too (their only ERR field).
 * Built with @medplum/core's Hl7Message.buildAck (it swaps sender and receiver and echoes MSH-9 and MSH-12), with
 * our own MSH-7 (with its offset) and a control id unique per ACK.
 */
import { randomBytes } from 'node:crypto';
import { Hl7Context, Hl7Message, Hl7Segment } from '@medplum/core';
import type { Hl7Issue } from './hl7-message.js';
import { HL7_ERROR_TEXT } from './hl7-message.js';
import type { ReadableHl7 } from './hl7-message.js';

export type AckCode = 'AA' | 'AE' | 'AR';

export function buildAck(
  message: ReadableHl7 | null,
  ack: AckCode,
  issues: readonly Hl7Issue[],
  now: Date,
): Hl7Message {
  const base = message?.message ?? new Hl7Message([Hl7Segment.parse('MSH|^~\\&', new Hl7Context())]);
  const context = base.context;
  const answer = base.buildAck({ ackCode: ack });
  const msh = answer.getSegment('MSH')!;
  msh.setField(7, hl7Time(now));
  msh.setField(10, ackControlId());
  // What the ACK echoes of the message (its parties, type, version and control id) is echoed only when it is what
  // such a field can be: an answer never carries back a megabyte, a control character or a made-up trigger.
  for (const field of [3, 4, 5, 6]) {
    if (!isEchoable(msh.getField(field)?.toString() ?? '', 227)) {
      msh.setField(field, '');
    }
  }
  if (!/^ACK(\^[A-Z][0-9]{2}(\^ACK)?)?$/.test(msh.getField(9)?.toString() ?? '')) {
    msh.setField(9, 'ACK');
  }
  if (!/^2\.[0-9](\.[0-9]{1,2})?$/.test(msh.getField(12)?.toString() ?? '')) {
    msh.setField(12, '2.5.1');
  }
  const msa = answer.getSegment('MSA')!;
  if (!isEchoable(msa.getField(2)?.toString() ?? '', 199)) {
    msa.setField(2, '');
  }
  const version = message === null ? '2.5.1' : message.text(message.first('MSH'), 12);
  const legacy = /^2\.[34]\b/.test(version);
  for (const problem of issues) {
    answer.setSegment(answer.segments.length, errSegment(problem, legacy, context));
  }
  return answer;
}

function errSegment(problem: Hl7Issue, legacy: boolean, context: Hl7Context): Hl7Segment {
  const separator = context.componentSeparator;
  const field = problem.field === 0 ? '' : String(problem.field);
  const location = [problem.segment, String(problem.sequence), field, String(problem.component ?? '')]
    .join(separator)
    .replace(new RegExp(`(${escapeRegExp(separator)})+$`), '');
  const code = [String(problem.code), HL7_ERROR_TEXT[problem.code], 'HL70357'].join(separator);
  // ERR-1 (v2.3/2.4): segment^sequence^field^code&text — the code and its text as subcomponents.
  const legacyField = legacy
    ? [
        problem.segment,
        String(problem.sequence),
        field,
        `${problem.code}${context.subcomponentSeparator}${HL7_ERROR_TEXT[problem.code]}`,
      ].join(separator)
    : '';
  return new Hl7Segment(
    ['ERR', legacyField, location, code, problem.severity, '', '', '', sanitize(problem.message, context)],
    context,
  );
}

/** Printable, and no longer than HL7 lets the field be. */
function isEchoable(value: string, maxLength: number): boolean {
  return value.length <= maxLength && ![...value].some((char) => char < ' ' || char === '\u007f');
}

/** Text for a field: no delimiter or escape character of the message (they would split it), at most 250 characters. */
function sanitize(text: string, context: Hl7Context): string {
  const reserved = new Set([
    context.fieldSeparator,
    context.componentSeparator,
    context.repetitionSeparator,
    context.escapeCharacter,
    context.subcomponentSeparator,
  ]);
  return [...text]
    .map((char) => (reserved.has(char) || char < ' ' ? ' ' : char))
    .join('')
    .slice(0, 250);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An HL7 time in UTC, with its offset (medplum's formatHl7DateTime leaves the offset out). */
function hl7Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

/** 20 characters (MSH-10's length in v2.5.1), random: unique per ACK, unlike a millisecond timestamp. */
function ackControlId(): string {
  return `ACK${randomBytes(9).toString('hex').slice(0, 17).toUpperCase()}`;
}

/**
 * The ACKs of a batch, as a batch: FHS/BHS answering the sender's (sender and receiver swapped, their control id
 * referenced in FHS-12/BHS-12), the ACKs, then BTS with the count of messages and FTS.
 */
export function batchAnswer(
  received: { fileHeader: string | null; batchHeader: string | null },
  acks: readonly string[],
  now: Date,
): string {
  const answerHeader = (line: string | null, name: 'FHS' | 'BHS'): string | null => {
    if (line === null) {
      return null;
    }
    const separator = line.charAt(3) || '|';
    const encoding = line.slice(4, 8) || '^~\\&';
    // parts[n - 1] is field n, as in MSH: field 1 is the separator itself.
    const parts = line.split(separator);
    const field = (n: number): string => parts[n - 1] ?? '';
    return [name, encoding, field(5), field(6), field(3), field(4), hl7Time(now), '', '', '', ackControlId(), field(11)]
      .join(separator)
      .replace(new RegExp(`${escapeRegExp(separator)}+$`), '');
  };
  const fileHeader = answerHeader(received.fileHeader, 'FHS');
  const batchHeader = answerHeader(received.batchHeader ?? received.fileHeader?.replace(/^FHS/, 'BHS') ?? null, 'BHS');
  const separator = (received.batchHeader ?? received.fileHeader ?? '').charAt(3) || '|';
  const segments = [
    ...(fileHeader === null ? [] : [fileHeader]),
    ...(batchHeader === null ? [] : [batchHeader]),
    ...acks,
    `BTS${separator}${acks.length}`,
    ...(fileHeader === null ? [] : [`FTS${separator}1`]),
  ];
  return `${segments.join('\r')}\r`;
}
