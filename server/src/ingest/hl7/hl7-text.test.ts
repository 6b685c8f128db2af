import { describe, expect, it } from 'vitest';
import { parseHl7Time } from './hl7-time.js';
import { splitHl7Messages, unescapeHl7 } from './hl7-text.js';

const A = 'MSH|^~\\&|A|F|||20260302||ADT^A01|1|P|2.5.1\rPID|1||X^^^F^MR';
const B = 'MSH|^~\\&|A|F|||20260302||ADT^A03|2|P|2.5.1\rPID|1||X^^^F^MR';

describe('splitHl7Messages', () => {
  it.each([
    ['carriage returns', `${A}\r${B}\r`],
    ['line feeds', `${A}\r${B}`.replace(/\r/g, '\n')],
    ['CR LF', `${A}\r${B}`.replace(/\r/g, '\r\n')],
    ['MLLP framing around each message', `\u000b${A}\r\u001c\r\u000b${B}\r\u001c\r`],
    ['blank lines and leading spaces', `\n\n  ${A}\r\n\r\n${B}\n\n`],
  ])('cuts messages apart whatever ends the segments: %s', (_name, body) => {
    expect(splitHl7Messages(body)).toEqual({ messages: [A, B], batch: null, strayLines: 0 });
  });

  it('reads an FHS/BHS batch: the headers kept for the answer, the trailers belonging to no message', () => {
    const body = `FHS|^~\\&|A|F\rBHS|^~\\&|A|F\r${A}\r${B}\rBTS|2\rFTS|1\r`;
    expect(splitHl7Messages(body)).toEqual({
      messages: [A, B],
      batch: { fileHeader: 'FHS|^~\\&|A|F', batchHeader: 'BHS|^~\\&|A|F' },
      strayLines: 0,
    });
  });

  it('counts lines before the first MSH that are not batch headers (a body that is not HL7)', () => {
    expect(splitHl7Messages(`hello\r${A}`).strayLines).toBe(1);
    expect(splitHl7Messages('{"resourceType":"Encounter"}').messages).toEqual([]);
  });
});

describe('unescapeHl7', () => {
  const delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };
  it.each([
    ['O\\T\\BRIEN', 'O&BRIEN'],
    ['A\\F\\B\\S\\C\\R\\D\\E\\E', 'A|B^C~D\\E'],
    ['caf\\XE9\\', 'café'],
    ['line\\.br\\break', 'line break'],
    ['\\H\\bold\\N\\', 'bold'],
    ['no escapes', 'no escapes'],
    ['an unterminated \\escape', 'an unterminated \\escape'],
  ])('%j → %j', (raw, text) => {
    expect(unescapeHl7(raw, delimiters)).toBe(text);
  });
});

describe('parseHl7Time', () => {
  it('keeps the offset the time carries', () => {
    expect(parseHl7Time('20260302211000-0500')).toEqual({
      ok: true,
      iso: '2026-03-02T21:10:00-05:00',
      zoned: true,
      ownOffset: '-0500',
    });
    expect(parseHl7Time('20260302211000.25+0530')).toMatchObject({ iso: '2026-03-02T21:10:00.250+05:30' });
  });

  it('reads a time without an offset in the configured zone, on either side of a daylight-saving change', () => {
    const chicago = { timeZone: 'America/Chicago' };
    expect(parseHl7Time('202603072300', chicago)).toMatchObject({ iso: '2026-03-07T23:00:00-06:00', zoned: true });
    expect(parseHl7Time('202603081200', chicago)).toMatchObject({ iso: '2026-03-08T12:00:00-05:00' });
    // 02:30 does not exist that night: read with the offset before the change.
    expect(parseHl7Time('202603080230', chicago)).toMatchObject({ iso: '2026-03-08T02:30:00-06:00' });
    // 01:30 happens twice in November: the first (daylight-saving) reading.
    expect(parseHl7Time('202611010130', chicago)).toMatchObject({ iso: '2026-11-01T01:30:00-05:00' });
  });

  it("falls back to MSH-7's offset, then to UTC flagged as unzoned", () => {
    expect(parseHl7Time('20260302', { messageOffset: '-0500' })).toMatchObject({
      iso: '2026-03-02T00:00:00-05:00',
      zoned: true,
    });
    expect(parseHl7Time('202603022110')).toMatchObject({ iso: '2026-03-02T21:10:00+00:00', zoned: false });
    // The zone configured for the sender wins over MSH-7's offset (it is right across a DST change).
    expect(parseHl7Time('202607011200', { timeZone: 'America/New_York', messageOffset: '-0500' })).toMatchObject({
      iso: '2026-07-01T12:00:00-04:00',
    });
  });

  it.each([
    ['2026', 'imprecise'],
    ['202603', 'imprecise'],
    ['20260230', 'impossible-date'],
    ['20261301', 'impossible-date'],
    ['202603022460', 'impossible-date'],
    ['17991231', 'impossible-date'],
    ['20260302-0560', 'format'],
    ['2026-03-02', 'format'],
    ['20260302T1200', 'format'],
    ['', 'format'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(parseHl7Time(raw)).toMatchObject({ ok: false, reason });
  });
});
