/** @benchline/shared/backend — contracts between server and workers only. Never imported by the client. */
export * from './canonical-json.js';
export * from './config.js';
export * from './entry-point.js';
export * from './evaluate-measure.js';
export * from './event-store.js';
export * from './feed.js';
export * from './log-redaction.js';
export * from './lua-script.js';
export * from './patient-panel.js';
export * from './queues.js';
export * from './redis-keys.js';
