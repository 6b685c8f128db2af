/**
 * One HL7 v2 message, parsed with @medplum/core's Hl7Message, and read safely: fields, repetitions, components and
 * subcomponents by their 1-based HL7 positions with escape sequences undone, never throwing for a field, component
 * or repetition the message does not have. Also the problems found, located as an HL7 ERR segment locates them.
 */
import { Hl7Message, type Hl7Segment } from '@medplum/core';
import { type Hl7Delimiters, unescapeHl7 } from './hl7-text.js';

/** HL7 table 0357, the error condition codes an ACK's ERR-3 carries. */
export const HL7_ERROR_TEXT = {
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  202: 'Unsupported processing id',
  203: 'Unsupported version id',
  204: 'Unknown key identifier',
  205: 'Duplicate key identifier',
  207: 'Application internal error',
} as const;
export type Hl7ErrorCode = keyof typeof HL7_ERROR_TEXT;

/**
 * A problem with a message, where ERR-2 puts it (segment, which one of that name, field, component) and what ERR-3,
 * ERR-4 and ERR-8 say. Messages name the rule, never a value from the message (they reach logs and ACKs).
 */
export interface Hl7Issue {
  segment: string;
  /** 1 for the first segment of that name. */
  sequence: number;
  /** 0 when the issue is about the segment as a whole. */
  field: number;
  component?: number;
  code: Hl7ErrorCode;
  /** E error (the message is refused), W warning (accepted, the field left out), I information. */
  severity: 'E' | 'W' | 'I';
  message: string;
}

/** A segment of the message and its place among the segments of its name. */
export interface SegmentRef {
  segment: Hl7Segment;
  name: string;
  sequence: number;
}

/**
 * The message's text has a usable MSH: the encoding characters after "MSH" are five distinct punctuation
 * characters (usually |^~\&). Anything else cannot be split into fields and is answered without being read.
 */
export function hasUsableHeader(text: string): boolean {
  if (!text.startsWith('MSH') || text.length < 8) {
    return false;
  }
  const encoding = text.slice(3, 8);
  return /^[!-/:-@[-`{-~]{5}$/.test(encoding) && new Set(encoding).size === 5;
}

export class ReadableHl7 {
  readonly message: Hl7Message;
  readonly delimiters: Hl7Delimiters;
  /** Each field's non-empty repetitions, worked out once: a field is read component by component. */
  private readonly fieldCache = new Map<Hl7Segment, Map<number, string[][]>>();

  private constructor(message: Hl7Message) {
    this.message = message;
    const context = message.context;
    this.delimiters = {
      field: context.fieldSeparator,
      component: context.componentSeparator,
      repetition: context.repetitionSeparator,
      escape: context.escapeCharacter,
      subcomponent: context.subcomponentSeparator,
    };
  }

  /** Null when the text has no usable MSH (see hasUsableHeader). */
  static parse(text: string): ReadableHl7 | null {
    if (!hasUsableHeader(text)) {
      return null;
    }
    try {
      return new ReadableHl7(Hl7Message.parse(text));
    } catch {
      return null;
    }
  }

  /** The first segment of a name (and its place), if the message has one. */
  first(name: string): SegmentRef | undefined {
    const segment = this.message.getSegment(name);
    return segment === undefined ? undefined : { segment, name, sequence: 1 };
  }

  all(name: string): SegmentRef[] {
    return this.message.getAllSegments(name).map((segment, index) => ({ segment, name, sequence: index + 1 }));
  }

  /** A field's repetitions, each as its components (raw, still escaped); [] when the field is absent or empty. */
  private repetitions(ref: SegmentRef | undefined, field: number): string[][] {
    if (ref === undefined) {
      return [];
    }
    let fields = this.fieldCache.get(ref.segment);
    if (fields === undefined) {
      fields = new Map();
      this.fieldCache.set(ref.segment, fields);
    }
    let repetitions = fields.get(field);
    if (repetitions === undefined) {
      // MSH-1 and MSH-2 are the delimiters themselves; fields past the segment's end are absent.
      const hl7Field = ref.name === 'MSH' && field <= 2 ? undefined : safeField(ref.segment, field);
      repetitions =
        hl7Field === undefined
          ? []
          : hl7Field.components.filter((components) => components.some((component) => component !== ''));
      fields.set(field, repetitions);
    }
    return repetitions;
  }

  /** How many non-empty repetitions a field has. */
  count(ref: SegmentRef | undefined, field: number): number {
    return this.repetitions(ref, field).length;
  }

  /**
   * A component's text (1-based field, component and, optionally, subcomponent; repetition 0-based), escapes
   * undone and trimmed; '' when absent.
   */
  text(ref: SegmentRef | undefined, field: number, component = 1, subcomponent?: number, repetition = 0): string {
    const raw = this.repetitions(ref, field)[repetition]?.[component - 1] ?? '';
    const part = subcomponent === undefined ? raw : (raw.split(this.delimiters.subcomponent)[subcomponent - 1] ?? '');
    return unescapeHl7(part, this.delimiters).trim();
  }

  /** The message as text, segments separated by \r (what the ACK answers). */
  toString(): string {
    return this.message.toString();
  }
}

function safeField(segment: Hl7Segment, field: number): ReturnType<Hl7Segment['getField']> | undefined {
  try {
    return segment.getField(field);
  } catch {
    return undefined;
  }
}
