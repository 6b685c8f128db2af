/** @benchline/server — the server as a library, for the process entry (server.ts), tests and the demo. */
export { buildApp } from './app.js';
export type { ServerConfig } from './config.js';
export { loadServerConfig } from './config.js';
