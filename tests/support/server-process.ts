/**
 * A server instance in a process of its own, for tests that need one to die the hard way (SIGKILL: no close
 * hooks, no disconnect handlers, nothing released) while the others carry on.
 */
import { startServiceProcess, type WorkerProcess } from './worker-process.js';

export interface ServerProcess {
  url: string;
  process: WorkerProcess;
}

export async function startServerProcess(options: {
  redisUrl: string;
  prefix: string;
  apiKeys: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  let url = '';
  const child = startServiceProcess(
    'tests/support/server-child.ts',
    (line) => {
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (listening?.[1] !== undefined) {
        url = listening[1];
      }
      return listening !== null;
    },
    {
      REDIS_URL: options.redisUrl,
      BENCHLINE_KEY_PREFIX: options.prefix,
      BENCHLINE_API_KEYS: options.apiKeys,
      BENCHLINE_HOST: '127.0.0.1',
      BENCHLINE_PORT: '0',
      BENCHLINE_CLIENT_DIST: '/nonexistent',
      BENCHLINE_LOG_LEVEL: 'info',
      ...options.env,
    },
  );
  await child.ready;
  return { url, process: child };
}
