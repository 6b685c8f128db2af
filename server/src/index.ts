/** @benchline/server — the server as a library, for the process entry (server.ts), tests and the demo. */
export { buildApp } from './app.js';
export type { ServerConfig } from './config.js';
export { loadServerConfig } from './config.js';
export type {
  BatchMapper,
  BulkOptions,
  BulkSummary,
  LineMapper,
  LineResult,
  StoreOrPark,
  StoreUnits,
} from './ingest/bulk-ingest.js';
export {
  bulkIngest,
  canonicalLines,
  countResult,
  emptySummary,
  mapLinesHere,
  withSource,
} from './ingest/bulk-ingest.js';
export {
  createLinePreparationPool,
  defaultIngestThreads,
  type LinePreparationPool,
} from './ingest/line-preparation-pool.js';
export type { PreparedEvent } from './ingest/prepared-event.js';
export type { EventIngest, IngestOutcome } from './ingest/event-ingest.js';
export { createEventIngest } from './ingest/event-ingest.js';
export type { NdjsonLine } from './ingest/ndjson-lines.js';
export { ndjsonLines } from './ingest/ndjson-lines.js';
export type { FhirLines } from './ingest/fhir-lines.js';
export { fhirLines } from './ingest/fhir-lines.js';
export type { EncounterSettler } from './ingest/fhir-encounter-lines.js';
export { encounterLines, encounterSettler } from './ingest/fhir-encounter-lines.js';
export type { PatientCrosswalkStore } from './ingest/patient-crosswalk.js';
export { createPatientCrosswalkStore } from './ingest/patient-crosswalk.js';
export { SUPPORTED_RESOURCE_TYPES as FHIR_RESOURCE_TYPES } from './ingest/fhir/index.js';
export type {
  FhirBundleMappingResult,
  FhirMappingContext,
  FhirMappingResult,
  PatientCrosswalk,
} from './ingest/fhir/index.js';
export { mapFhirBundle, mapFhirResource, patientCrosswalkOf } from './ingest/fhir/index.js';
export type {
  CclfDelivery,
  CclfFieldLayout,
  CclfFileType,
  CclfImportOptions,
  CclfIssue,
  CclfUnitKind,
  CclfUnitResult,
  CclfUnitStatus,
  MbiCrosswalkStore,
  MbiLink,
} from './ingest/cclf/index.js';
export {
  ADJUSTMENT_CODES,
  CCLF_FILE_TYPES,
  CCLF_LAYOUT,
  claimVersion,
  createMbiCrosswalkStore,
  createStoredHistory,
  DeliveryRefused,
  findCclfFiles,
  folderFiles,
  importCclfDelivery,
  inMemoryMbiCrosswalkStore,
  openDelivery,
  parseSummary,
  recogniseCclfFileName,
} from './ingest/cclf/index.js';
export type {
  AckCode,
  AdtIngestDeps,
  AdtIngestOptions,
  AdtMessageResult,
  AdtPatientStore,
  AdtReading,
  AdtStatus,
  Hl7ErrorCode,
  Hl7Issue,
  MatchFacts,
  MessageHeader,
  ParkOutcome,
  PatientIdentifier,
  ReviewList,
  SplitHl7,
} from './ingest/hl7/index.js';
export {
  createAdtPatientStore,
  createReviewList,
  DEFAULT_REVIEW_MAX,
  HL7_ERROR_TEXT,
  ingestAdtMessages,
  isTimeZone,
  readAdtMessage,
  ReadableHl7,
  splitHl7Messages,
} from './ingest/hl7/index.js';
export type { RouteAccess, RouteEntry } from './plugins/app/auth.js';
export { CSRF_HEADER, SESSION_COOKIE } from './plugins/app/auth.js';
export type { IdentityStore, Principal, SessionPrincipal } from './auth/identity-store.js';
export { createIdentityStore } from './auth/identity-store.js';
