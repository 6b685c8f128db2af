/**
 * Threads that prepare bulk lines of canonical events (parse, validate, canonical JSON, hash — most of a line's
 * cost) while the event loop reads the body, talks to Redis and writes the answers: on a machine with a core to
 * spare, bulk ingest is no longer bound by one thread. A batch goes to the thread with the least work queued.
 *
 * A thread that fails or exits takes no line with it: its batches are prepared on the event loop instead (same
 * function, same answers), a warning is logged, and a new thread takes its place for later batches.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchMapper, MappedLine } from './bulk-ingest.js';
import { prepareCanonicalLine, type EventSource } from './line-preparation.js';
import type { PreparedEvent } from './prepared-event.js';

export interface PreparationTask {
  id: number;
  source: EventSource;
  texts: string[];
}

export interface PreparationReply {
  id: number;
  lines: MappedLine<PreparedEvent>[];
}

export interface LinePreparationPool {
  /** A bulk-ingest mapper for lines of canonical events that came by `source`. */
  mapper(source: EventSource): BatchMapper<PreparedEvent>;
  /** Threads started so far (a thread that failed is replaced by a new one). */
  threadsStarted(): number;
  close(): Promise<void>;
}

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const THREAD_ENTRY = new URL(
  FROM_SOURCE ? './line-preparation-thread-from-source.mjs' : './line-preparation-thread.js',
  import.meta.url,
).href;
/**
 * Built, a thread inherits this process's node flags (Node drops those a thread cannot take, such as heap sizes).
 * From source, it is given only what it needs — the workspace packages resolved to their source, as vitest and tsx
 * do here — since flags given explicitly must all be valid for a thread, and V8's heap flags are not.
 */
const THREAD_EXEC_ARGV = FROM_SOURCE ? ['--conditions=@benchline/source'] : undefined;

interface Thread {
  worker: Worker;
  /** Batches sent and not yet answered, by task id. */
  pending: Map<number, { task: PreparationTask; resolve: (lines: MappedLine<PreparedEvent>[]) => void }>;
  queuedLines: number;
}

/**
 * One thread per core beyond the event loop's, at most four (the event loop and Redis need their share too); none
 * on a single core, where a thread would only compete with the event loop.
 */
export function defaultIngestThreads(): number {
  return Math.min(4, availableParallelism() - 1);
}

/** `threads` 0 prepares every line on the event loop. */
export function createLinePreparationPool(options: {
  threads: number;
  warn: (details: Record<string, unknown>, message: string) => void;
  /** The thread's module and node flags (tests give ones that fail). */
  threadEntry?: string;
  threadExecArgv?: string[];
}): LinePreparationPool {
  const execArgv = options.threadExecArgv ?? THREAD_EXEC_ARGV;
  const entry = options.threadEntry ?? THREAD_ENTRY;
  const threads: (Thread | null)[] = Array.from({ length: options.threads }, () => null);
  let nextId = 0;
  let started = 0;
  let closed = false;
  // A thread that cannot even be created (bad flags, no threads allowed) will not be next time either.
  let cannotStart = false;

  const here = (task: PreparationTask): MappedLine<PreparedEvent>[] =>
    task.texts.map((text) => prepareCanonicalLine(text, task.source));

  const start = (slot: number): Thread | null => {
    let worker: Worker;
    try {
      worker = new Worker(new URL(entry), execArgv === undefined ? {} : { execArgv });
    } catch (error) {
      cannotStart = true;
      options.warn(
        { reason: (error as Error).message },
        'line preparation threads cannot start; preparing every line here',
      );
      return null;
    }
    started += 1;
    // An idle thread must not keep a finished process (a CLI, a test) alive.
    worker.unref();
    const thread: Thread = { worker, pending: new Map(), queuedLines: 0 };
    worker.on('message', (reply: PreparationReply) => {
      const waiting = thread.pending.get(reply.id);
      if (waiting !== undefined) {
        thread.pending.delete(reply.id);
        thread.queuedLines -= waiting.task.texts.length;
        waiting.resolve(reply.lines);
      }
    });
    const fail = (reason: string): void => {
      if (threads[slot] === thread) {
        threads[slot] = null;
      }
      if (thread.pending.size > 0 && !closed) {
        options.warn(
          { reason, batches: thread.pending.size },
          'line preparation thread failed; preparing its lines here',
        );
      }
      for (const { task, resolve } of thread.pending.values()) {
        resolve(here(task));
      }
      thread.pending.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    return thread;
  };

  const prepare = (task: PreparationTask): Promise<MappedLine<PreparedEvent>[]> => {
    if (threads.length === 0 || closed || cannotStart) {
      return Promise.resolve(here(task));
    }
    let slot = 0;
    for (let i = 1; i < threads.length; i += 1) {
      if ((threads[i]?.queuedLines ?? 0) < (threads[slot]?.queuedLines ?? 0)) {
        slot = i;
      }
    }
    const thread = threads[slot] ?? (threads[slot] = start(slot));
    if (thread === null) {
      return Promise.resolve(here(task));
    }
    thread.worker.ref();
    return new Promise((resolve) => {
      thread.pending.set(task.id, {
        task,
        resolve: (lines) => {
          if (thread.pending.size === 0) {
            thread.worker.unref();
          }
          resolve(lines);
        },
      });
      thread.queuedLines += task.texts.length;
      thread.worker.postMessage(task);
    });
  };

  return {
    mapper: (source) => (lines) => prepare({ id: nextId++, source, texts: lines.map((line) => line.text) }),
    threadsStarted: () => started,
    async close() {
      closed = true;
      await Promise.all(threads.flatMap((thread) => (thread === null ? [] : [thread.worker.terminate()])));
    },
  };
}
