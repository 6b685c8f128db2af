import { Type } from 'typebox';

/**
 * The years a date in an event may have: 1800 to 9999. Earlier years are no date a claim, a record or a birth can
 * have (year 0000 is a placeholder for "unknown", and JavaScript reads the years 0–99 as 1900–1999).
 */
export const YEAR_PATTERN = '^(1[89]|[2-9][0-9])[0-9]{2}-';

/**
 * A calendar date, ISO 8601 (YYYY-MM-DD), in the years 1800–9999. The format check rejects impossible dates such
 * as 2025-02-30.
 */
export const IsoDate = Type.String({
  format: 'date',
  pattern: YEAR_PATTERN,
  description: 'Calendar date, YYYY-MM-DD (years 1800–9999)',
});

/** A calendar month, YYYY-MM (years 1800–9999). */
export const IsoMonth = Type.String({
  pattern: '^(1[89]|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])$',
  description: 'Calendar month, YYYY-MM',
});

/** A date and time, RFC 3339 with its offset, in the years 1800–9999. */
export const IsoDateTime = Type.String({
  format: 'date-time',
  pattern: YEAR_PATTERN,
  description: 'Date and time, RFC 3339',
});

/**
 * Free text (names, notes): any characters but C0 control characters other than tab, line feed and carriage
 * return (NUL, escape sequences that drive terminals and log viewers) and UTF-16 surrogates that are not part of a
 * pair — a lone surrogate has no UTF-8 encoding, so it could not be stored as sent.
 */
export const FREE_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF]*$';

export function FreeText(options: { minLength: number; maxLength: number; description?: string }) {
  return Type.String({ ...options, pattern: FREE_TEXT_PATTERN });
}

/**
 * An identifier from a source system: letters, digits and . _ : / # - (FHIR-derived ids look like
 * `Observation/123#8480-6`), no spaces, at most 64 characters.
 */
export const SourceId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:/#\\-]+$' });

/** The member's identifier in the feed that sent the event (an MBI for Medicare, a plan member id otherwise). */
export const MemberId = SourceId;

/** A dollar amount as sent by the payer; summed only after conversion to integer cents. */
export const Amount = Type.Number({ minimum: 0, maximum: 100_000_000, description: 'US dollars' });

/** Where an event came from; kept on every event so a number on screen can say what it is based on. */
export const EventSource = Type.Enum(['api', 'fhir', 'hl7', 'cclf', 'ehr', 'lab', 'hie', 'attestation', 'generator'], {
  description: 'The feed the event arrived on',
});
