/** @benchline/shared/backend — contracts between server and workers only. Never imported by the client. */
export * from './feed.js';
export * from './queues.js';
export * from './redis-keys.js';
