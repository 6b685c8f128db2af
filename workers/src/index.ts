/** @benchline/workers — the worker side as a library, for the process entry (main.ts), tests and the demo. */
export type { WorkerConfig } from './config.js';
export { loadWorkerConfig } from './config.js';
export type { RunningWorkers } from './start-workers.js';
export { startWorkers } from './start-workers.js';
export * from './reference/index.js';
export * from './domain/risk/index.js';
export * from './domain/attribution/index.js';
export * from './domain/claims.js';
export * from './domain/measures/index.js';
export * from './domain/member-profile.js';
export type { RebuildOptions, RebuildProgress } from './rebuild.js';
export type { RebuildChildSettings, RebuildShare } from './rebuild-processes.js';
export { rebuildTenant } from './rebuild.js';
export { createPipelineDeps, engineConfigFor } from './start-workers.js';
export * from './domain/finance/index.js';
export { createFactsStore } from './adapters/facts-store.js';
export { createDailyRefreshProcessor } from './jobs/daily-refresh.job.js';
