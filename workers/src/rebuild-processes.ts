/**
 * A rebuild shared between processes, so it uses every core the machine has instead of one: child processes
 * (rebuild-process-child.ts), each with its own Redis connection, take part in both of rebuild's phases beside the
 * parent — the replay (each process its own time slices of the event stream) and, once every process has finished
 * replaying, the recompute of every member (each member in exactly one part, by a hash of its id). Batches and
 * members are independent and every write is guarded or idempotent, so the parts need no coordination beyond that
 * one barrier; a child that fails or dies fails the rebuild loudly.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { execArgvFor, siblingEntry } from '@benchline/shared/backend';
import type { WorkerConfig } from './config.js';
import type { StreamRange } from './rebuild-replay.js';

/** What a child needs to build the same pipeline the parent runs (createPipelineDeps's settings). */
export type RebuildChildSettings = Pick<WorkerConfig, 'redisUrl' | 'keyPrefix' | 'feedMaxLen' | 'performanceYear'> &
  Partial<Pick<WorkerConfig, 'feedRetentionMs' | 'calendar' | 'recaptureLookbackYears'>>;

export interface RebuildShare {
  /** Processes in all, this one included; 1 rebuilds in this process alone. */
  processes: number;
  settings: RebuildChildSettings;
}

/** Parent → child. */
export type RebuildTask =
  | { task: 'replay'; tenantId: string; ranges: StreamRange[] }
  | { task: 'sweep'; tenantId: string; part: number; parts: number };

/** Child → parent: progress while replaying, then one reply per task. */
export type RebuildChildMessage =
  | { kind: 'replayed'; events: number }
  | { kind: 'done'; events: number; recomputed: number; skipped: number }
  | { kind: 'failed'; error: string };

const CHILD_ENTRY = new URL(siblingEntry('rebuild-process-child', import.meta.url));

/** A child process taking part in a rebuild: one task at a time. */
export interface RebuildHelper {
  run(task: RebuildTask, onReplayed?: (events: number) => void): Promise<{ events: number; recomputed: number }>;
  close(): void;
}

export function startRebuildHelper(settings: RebuildChildSettings, name: string): RebuildHelper {
  const child: ChildProcess = fork(CHILD_ENTRY, [JSON.stringify(settings)], {
    execArgv: execArgvFor(CHILD_ENTRY.href, process.execArgv),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited: string | null = null;
  const waiting = new Set<(why: string) => void>();
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${String(code)}`}`;
    for (const fail of waiting) {
      fail(exited);
    }
  });
  child.once('error', (error) => {
    for (const fail of waiting) {
      fail(error.message);
    }
  });
  return {
    run(task, onReplayed = () => undefined) {
      return new Promise((resolve, reject) => {
        const fail = (why: string) => {
          waiting.delete(fail);
          child.off('message', listen);
          reject(new Error(`rebuild helper ${name} (${task.task}) failed: ${why}`));
        };
        const listen = (message: unknown) => {
          const m = message as RebuildChildMessage;
          if (m.kind === 'replayed') {
            onReplayed(m.events);
          } else if (m.kind === 'done') {
            waiting.delete(fail);
            child.off('message', listen);
            resolve({ events: m.events, recomputed: m.recomputed });
          } else if (m.kind === 'failed') {
            fail(m.error);
          }
        };
        if (exited !== null) {
          fail(exited);
          return;
        }
        waiting.add(fail);
        child.on('message', listen);
        child.send(task);
      });
    },
    close() {
      if (exited === null && child.connected) {
        child.disconnect(); // the child exits once its channel closes
      }
    },
  };
}
