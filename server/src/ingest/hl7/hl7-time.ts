/**
 * HL7 v2 times (DTM, and TS's first component: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]) → RFC 3339 with the
 * sender's UTC offset kept, so the local day of an admission stays its first ten characters. Strict: a month 13, a
 * 30 February or a year before 1800 is an error, never a neighbouring date; precision below the day is refused
 * (a stay needs its day).
 *
 * A time without an offset is in the sender's local time (HL7 v2.5.1 §2.A.22). Which zone that is comes, in order,
 * from: the time's own offset; the zone the connection is configured with (an IANA name — `?tz=` on the request, or
 * BENCHLINE_HL7_TIME_ZONE), which gives the right offset on either side of a daylight-saving change; the offset of
 * the message's own time (MSH-7); else UTC, which is reported back as a warning so the sender's zone gets
 * configured. Pure.
 */

export interface SenderClock {
  /** IANA time zone of the sender, e.g. America/Chicago. */
  timeZone?: string | undefined;
  /** The offset MSH-7 carries (`-0500`), used when no zone is configured. */
  messageOffset?: string | undefined;
}

export type Hl7TimeReading =
  | {
      ok: true;
      /** RFC 3339 with an offset: 2026-03-02T21:10:00-05:00. */
      iso: string;
      /** False when no offset could be known and UTC was assumed. */
      zoned: boolean;
      /** The offset the time carried itself, as written (`-0500`), if any. */
      ownOffset: string | null;
    }
  | { ok: false; reason: 'format' | 'impossible-date' | 'imprecise'; message: string };

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;

export function parseHl7Time(raw: string, clock: SenderClock = {}): Hl7TimeReading {
  const match = DTM.exec(raw.trim());
  if (match === null) {
    return { ok: false, reason: 'format', message: 'is not an HL7 time (YYYYMMDD[HHMM[SS[.S]]][+/-ZZZZ])' };
  }
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, offsetText] = match;
  if (dayText === undefined) {
    return { ok: false, reason: 'imprecise', message: 'must give at least the day (YYYYMMDD)' };
  }
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText ?? 0);
  const minute = Number(minuteText ?? 0);
  const second = Number(secondText ?? 0);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    year < 1800 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, reason: 'impossible-date', message: 'is not a date and time that exists' };
  }
  if (offsetText !== undefined && !isOffset(offsetText)) {
    return { ok: false, reason: 'format', message: 'has an impossible UTC offset' };
  }
  const millis = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  let offsetMinutes: number;
  let zoned = true;
  if (offsetText !== undefined) {
    offsetMinutes = minutesOf(offsetText);
  } else if (clock.timeZone !== undefined) {
    offsetMinutes = offsetInZone(local, clock.timeZone);
  } else if (clock.messageOffset !== undefined && isOffset(clock.messageOffset)) {
    offsetMinutes = minutesOf(clock.messageOffset);
  } else {
    offsetMinutes = 0;
    zoned = false;
  }
  const wall = new Date(local).toISOString().slice(0, fraction === undefined ? 19 : 23);
  return { ok: true, iso: `${wall}${formatOffset(offsetMinutes)}`, zoned, ownOffset: offsetText ?? null };
}

/** True for an IANA zone name this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.trim() !== '';
  } catch {
    return false;
  }
}

function isOffset(text: string): boolean {
  const match = /^[+-](\d{2})(\d{2})$/.exec(text);
  return match !== null && Number(match[1]) <= 14 && Number(match[2]) <= 59;
}

function minutesOf(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC, in minutes, at an instant (ms). */
function zoneOffsetAt(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The offset of a local wall time (given as if it were UTC) in a zone. Around a change the wall time may not exist
 * (the spring gap: the offset before the change is used, as clocks that skipped it would write) or exist twice
 * (the autumn overlap: the earlier, daylight-saving reading).
 */
function offsetInZone(localAsUtc: number, timeZone: string): number {
  const before = zoneOffsetAt(localAsUtc - 86_400_000, timeZone);
  const after = zoneOffsetAt(localAsUtc + 86_400_000, timeZone);
  for (const offset of before >= after ? [before, after] : [after, before]) {
    if (zoneOffsetAt(localAsUtc - offset * 60_000, timeZone) === offset) {
      return offset;
    }
  }
  return before;
}
