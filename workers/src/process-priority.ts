/**
 * Lowers the scheduling priority of every thread of this process. On Linux a niceness belongs to a thread, and
 * `setpriority(pid)` reaches only the thread whose id equals the pid: V8's garbage-collection and compiler threads,
 * started before any of our code runs, would keep the old priority and take the cores from the processes the niceness
 * was meant to yield to. Threads started later inherit the main thread's niceness.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Only ever lowers (raising needs privileges a container should not have); returns the threads it reached. */
export function lowerProcessPriority(nice: number): number {
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: the process-wide call is all there is.
    setPriority(Math.max(getPriority(), nice));
    return 1;
  }
  let reached = 0;
  for (const thread of threads) {
    try {
      setPriority(thread, Math.max(getPriority(thread), nice));
      reached += 1;
    } catch {
      // A thread that ended between the listing and the call.
    }
  }
  return reached;
}
