/**
 * HL7 v2 (ER7) text as feeds send it, cut into messages before any parsing: MLLP framing (0x0B … 0x1C 0x0D) is
 * dropped wherever it appears, segments may end in \r, \n or \r\n, and a body may hold one message, several MSH
 * blocks back to back, or a batch (FHS/BHS … BTS/FTS). Also HL7's escape sequences, undone for the few fields that
 * are read as text. Pure.
 */

/** MLLP's start-of-block and end-of-block characters (the carriage return after the end ends a segment anyway). */
const MLLP_START = '\u000b';
const MLLP_END = '\u001c';

/** A line without the spaces, tabs and NULs some engines pad blocks with. */
function withoutLeadingPadding(line: string): string {
  let start = 0;
  while (start < line.length && line.charCodeAt(start) <= 0x20) {
    start += 1;
  }
  return line.slice(start);
}

export interface SplitHl7 {
  /** Each message's segments joined with \r, in order. */
  messages: string[];
  /** The batch's header segments as sent, when the body was a batch: the acknowledgement mirrors them. */
  batch: { fileHeader: string | null; batchHeader: string | null } | null;
  /** Lines before the first MSH that are neither batch headers nor blank (a body that is not HL7). */
  strayLines: number;
}

const BATCH_TRAILERS = new Set(['BTS', 'FTS']);

export function splitHl7Messages(text: string): SplitHl7 {
  const lines = text
    .replaceAll(MLLP_START, '\r')
    .replaceAll(MLLP_END, '\r')
    .split(/\r\n|\r|\n/)
    .map(withoutLeadingPadding)
    .filter((line) => line.trim() !== '');
  const messages: string[] = [];
  let current: string[] | null = null;
  let fileHeader: string | null = null;
  let batchHeader: string | null = null;
  let strayLines = 0;
  for (const line of lines) {
    const name = line.slice(0, 3);
    if (name === 'MSH') {
      if (current !== null) {
        messages.push(current.join('\r'));
      }
      current = [line];
    } else if (name === 'FHS' && current === null) {
      fileHeader ??= line;
    } else if (name === 'BHS' && current === null) {
      batchHeader ??= line;
    } else if (BATCH_TRAILERS.has(name)) {
      // A trailer closes the message before it; it belongs to no message.
      if (current !== null) {
        messages.push(current.join('\r'));
        current = null;
      }
    } else if (name === 'FHS' || name === 'BHS') {
      // A second batch in one file: the message before it is complete.
      if (current !== null) {
        messages.push(current.join('\r'));
        current = null;
      }
    } else if (current === null) {
      strayLines += 1;
    } else {
      current.push(line);
    }
  }
  if (current !== null) {
    messages.push(current.join('\r'));
  }
  const batch = fileHeader === null && batchHeader === null ? null : { fileHeader, batchHeader };
  return { messages, batch, strayLines };
}

/** The separators a message declares in MSH-1 and MSH-2. */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/**
 * A field's text with HL7's escape sequences undone (\F\ \S\ \T\ \R\ \E\, \Xhh…\ hexadecimal); the formatting
 * sequences (\H\ \N\ \.br\ …) become nothing, or a space for a line break. Text that is not an escape is kept.
 */
export function unescapeHl7(value: string, delimiters: Hl7Delimiters): string {
  const escape = delimiters.escape;
  if (escape === '' || !value.includes(escape)) {
    return value;
  }
  let out = '';
  let i = 0;
  while (i < value.length) {
    const char = value[i]!;
    if (char !== escape) {
      out += char;
      i += 1;
      continue;
    }
    const end = value.indexOf(escape, i + 1);
    if (end === -1) {
      out += value.slice(i);
      break;
    }
    const sequence = value.slice(i + 1, end);
    out += expand(sequence, delimiters);
    i = end + 1;
  }
  return out;
}

function expand(sequence: string, delimiters: Hl7Delimiters): string {
  switch (sequence) {
    case 'F':
      return delimiters.field;
    case 'S':
      return delimiters.component;
    case 'T':
      return delimiters.subcomponent;
    case 'R':
      return delimiters.repetition;
    case 'E':
      return delimiters.escape;
    case 'H':
    case 'N':
      return '';
    case '.br':
      return ' ';
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(sequence)) {
    return Buffer.from(sequence.slice(1), 'hex').toString('latin1');
  }
  // Other formatting sequences (.sp, .in, .ti, .ce, .fi, .nf) carry no text.
  return sequence.startsWith('.') ? '' : `${delimiters.escape}${sequence}${delimiters.escape}`;
}
