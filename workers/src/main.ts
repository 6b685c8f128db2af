/** Worker process entry: configuration, workers, and a graceful stop on SIGINT/SIGTERM. */
import { LOG_REDACTIONS } from '@benchline/shared/backend';
import { pino } from 'pino';
import { loadWorkerConfig } from './config.js';
import { lowerProcessPriority } from './process-priority.js';
import { startWorkers } from './start-workers.js';

const config = loadWorkerConfig(process.env);
if (config.nice !== undefined) {
  lowerProcessPriority(config.nice);
}
// Ids only: the shared redaction paths are the net under that rule.
const logger = pino({ level: config.logLevel, name: 'benchline-workers', redact: LOG_REDACTIONS });
const workers = await startWorkers(config, logger);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping workers: finishing jobs in flight');
    workers.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, 'workers did not stop cleanly');
        process.exit(1);
      },
    );
  });
}
