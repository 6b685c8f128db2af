import { Type } from 'typebox';

/** A calendar date, ISO 8601 (YYYY-MM-DD). The format check rejects impossible dates such as 2025-02-30. */
export const IsoDate = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD' });

/** A calendar month, YYYY-MM. */
export const IsoMonth = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: 'Calendar month, YYYY-MM',
});

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
export const EventSource = Type.Enum(['api', 'fhir', 'cclf', 'ehr', 'lab', 'hie', 'attestation', 'generator'], {
  description: 'The feed the event arrived on',
});
