/**
 * HL7 v2 ADT ingest as a library: what POST /api/v1/adt uses, for `benchline import --format hl7` and the bench —
 * the splitter, the reader, the ingest core that matches, stores or parks, and its Redis stores.
 */
export type { AdtIngestDeps, AdtIngestOptions, AdtMessageResult, AdtStatus } from './adt-ingest.js';
export { ingestAdtMessages } from './adt-ingest.js';
export type { AdtItem, AdtItemOutcome, AdtSettleDeps, LocalFacts } from './adt-settle.js';
export { eventsFor, matchAdtItems, settleAdtItems } from './adt-settle.js';
export type { AckCode } from './ack.js';
export type { Hl7ErrorCode, Hl7Issue } from './hl7-message.js';
export { HL7_ERROR_TEXT, ReadableHl7 } from './hl7-message.js';
export type { SplitHl7 } from './hl7-text.js';
export { splitHl7Messages } from './hl7-text.js';
export { isTimeZone } from './hl7-time.js';
export type { AdtReading, MemberlessEvent, MessageHeader, PatientIdentifier } from './map-adt.js';
export { readAdtMessage } from './map-adt.js';
export type { AdtPatientStore, MatchFacts } from './patient-match.js';
export { createAdtPatientStore } from './patient-match.js';
export type { ParkOutcome, ReviewList } from './review-list.js';
export { createReviewList, DEFAULT_REVIEW_MAX } from './review-list.js';
