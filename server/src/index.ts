/** @benchline/server — the server as a library, for the process entry (server.ts), tests and the demo. */
export { buildApp } from './app.js';
export type { ServerConfig } from './config.js';
export { loadServerConfig } from './config.js';
export type { BulkSummary, LineMapper, LineResult } from './ingest/bulk-ingest.js';
export { bulkIngest, canonicalLines, countResult, emptySummary, withSource } from './ingest/bulk-ingest.js';
export type { EventIngest, IngestOutcome } from './ingest/event-ingest.js';
export { createEventIngest } from './ingest/event-ingest.js';
export type { NdjsonLine } from './ingest/ndjson-lines.js';
export { ndjsonLines } from './ingest/ndjson-lines.js';
