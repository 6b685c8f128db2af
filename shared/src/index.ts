/**
 * @benchline/shared — the client-safe contracts: canonical events, live views, socket events, errors.
 * Server-only contracts (Redis keys, queue names) live in `@benchline/shared/backend`.
 */
export * from './codes.js';
export * from './errors.js';
export * from './events/index.js';
export * from './http/auth.js';
export * from './http/ingest.js';
export * from './http/patient-panel.js';
export * from './realtime/ack.js';
export * from './realtime/alerts.js';
export * from './realtime/commands.js';
export * from './realtime/events.js';
export * from './security/access.js';
export * from './tenant.js';
export * from './validation/index.js';
export * from './views/index.js';
