/**
 * Runs a Benchline process (server, workers) as a child of the CLI: output prefixed with its name, a stop()
 * that asks it to finish (SIGTERM) and insists after a grace period, and a rejection if it dies early.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildService {
  name: string;
  process: ChildProcess;
  /** Resolves when the process exits, with its exit code. */
  exited: Promise<number>;
  stop(graceMs?: number): Promise<void>;
}

export function startChildService(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  write: (line: string) => void,
): ChildService {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => write(`[${name}] ${line}`));
  }
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
  return {
    name,
    process: child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
