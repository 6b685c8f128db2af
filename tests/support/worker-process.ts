/**
 * Worker processes for tests that need real ones — two processes competing for one queue, or a worker killed
 * with SIGKILL: each is `node` running the worker entry from source (through tsx, as `pnpm benchline` runs the
 * CLI), configured by environment variables like any deployment. Every process started here is tracked and
 * stopped by stopWorkerProcesses(); one whose test runner dies ends by itself (see worker-child.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = 'tests/support/worker-child.ts';

export interface WorkerProcessOptions {
  redisUrl: string;
  prefix: string;
  /** BENCHLINE_WORKER_CONCURRENCY. */
  concurrency: number;
  /** More environment (lock and stalled-check settings, …). */
  env?: Record<string, string>;
}

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves once the workers listen on their queues; rejects if the process ends first. */
  readonly ready: Promise<void>;
  /** Resolves when the process has ended (by whatever means). */
  readonly exited: Promise<void>;
  /** SIGKILL, no warning: jobs in flight are left to BullMQ's stalled-job recovery. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (finish jobs in flight), then SIGKILL after `graceMs`. Resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** True until the process ends. */
  running(): boolean;
  /** Its latest output lines, for a failure's message. */
  output(): string[];
}

const running = new Set<WorkerProcess>();
const OUTPUT_LINES = 200;

export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  return startServiceProcess(ENTRY, (line) => line.includes('"msg":"workers started"'), {
    REDIS_URL: options.redisUrl,
    BENCHLINE_KEY_PREFIX: options.prefix,
    BENCHLINE_WORKER_CONCURRENCY: String(options.concurrency),
    BENCHLINE_PERFORMANCE_YEAR: '2026',
    // 'workers started' is an info line; job failures are logged as errors.
    BENCHLINE_LOG_LEVEL: 'info',
    ...options.env,
  });
}

/**
 * Any Benchline process from source (a worker, a server): ready once a line of its output passes `isReady`,
 * tracked and stopped like the workers.
 */
export function startServiceProcess(
  entry: string,
  isReady: (line: string) => boolean,
  env: Record<string, string>,
): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@benchline/source', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > OUTPUT_LINES) {
        lines.shift();
      }
      if (isReady(line)) {
        markReady();
      }
    });
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const handle: WorkerProcess = {
    pid: child.pid ?? -1,
    ready: Promise.race([
      ready,
      exited.then(() => {
        throw new Error(`${entry} (pid ${child.pid}) ended before it was ready:\n${lines.slice(-20).join('\n')}`);
      }),
    ]),
    exited,
    async kill() {
      if (!gone()) {
        child.kill('SIGKILL');
      }
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (!gone()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
    },
    running: () => !gone(),
    output: () => [...lines],
  };
  // A rejection nobody awaited yet (the process died while the test was elsewhere) must not crash the run.
  handle.ready.catch(() => undefined);
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

/** Stops every worker process started here and still running (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopWorkerProcesses(graceMs = 10_000): Promise<void> {
  await Promise.all([...running].map((worker) => worker.stop(graceMs)));
}

// Last resort when the runner exits without cleaning up: no worker outlives it.
process.once('exit', () => {
  for (const worker of running) {
    try {
      process.kill(worker.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
