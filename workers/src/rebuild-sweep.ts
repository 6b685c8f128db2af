/**
 * Rebuild's final sweep shared between processes: every member is recomputed by exactly one of `processes` parts
 * (sweepPartOf), part 0 in this process and the others each in a child process of its own (rebuild-sweep-child.ts)
 * with its own Redis connection, so a rebuild uses every core the machine has instead of one. Members are
 * independent and every commit is guarded, so the parts need no coordination; a member a part missed (a child that
 * died) is caught by rebuild's dirty-mark pass and by the next sweep, and the rebuild fails loudly either way.
 */
import { fork } from 'node:child_process';
import type { WorkerConfig } from './config.js';
import type { SweepDeps } from './jobs/sweep-members.job.js';
import { sweepTenant } from './jobs/sweep-members.job.js';

/** What a child needs to build the same pipeline the parent runs (createPipelineDeps's settings). */
export type SweepChildSettings = Pick<WorkerConfig, 'redisUrl' | 'keyPrefix' | 'feedMaxLen' | 'performanceYear'> &
  Partial<Pick<WorkerConfig, 'feedRetentionMs' | 'calendar'>>;

export interface SweepPartRequest {
  settings: SweepChildSettings;
  tenantId: string;
  part: number;
  parts: number;
}

export type SweepPartReply = { ok: true; recomputed: number; skipped: number } | { ok: false; error: string };

export interface SweepShare {
  /** Processes in all, this one included; 1 sweeps in-process only. */
  processes: number;
  settings: SweepChildSettings;
}

const CHILD_ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? './rebuild-sweep-child.ts' : './rebuild-sweep-child.js',
  import.meta.url,
);

/**
 * The parent's own node flags, so the child loads what the parent did (tsx's loader when run from source); from
 * source under a runner that transforms TypeScript its own way (vitest), tsx's loader is added.
 */
const CHILD_EXEC_ARGV =
  CHILD_ENTRY.pathname.endsWith('.ts') &&
  !process.execArgv.some((arg) => arg === 'tsx' || /[\\/]tsx[\\/]dist[\\/]/.test(arg))
    ? [...process.execArgv, '--import', 'tsx', '--conditions=@benchline/source']
    : process.execArgv;

export async function sweepInProcesses(
  deps: SweepDeps,
  tenantId: string,
  share: SweepShare,
): Promise<{ recomputed: number; skipped: number }> {
  const parts = Math.max(1, Math.floor(share.processes));
  const children = Array.from({ length: parts - 1 }, (_, i) =>
    sweepPartInChild({ settings: share.settings, tenantId, part: i + 1, parts }),
  );
  const settled = await Promise.allSettled([sweepTenant(deps, tenantId, { part: 0, parts }), ...children]);
  const total = { recomputed: 0, skipped: 0 };
  for (const outcome of settled) {
    if (outcome.status === 'rejected') {
      throw outcome.reason;
    }
    total.recomputed += outcome.value.recomputed;
    total.skipped += outcome.value.skipped;
  }
  return total;
}

function sweepPartInChild(request: SweepPartRequest): Promise<{ recomputed: number; skipped: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD_ENTRY, [], { execArgv: CHILD_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: SweepPartReply | null = null;
    child.once('message', (message) => {
      reply = message as SweepPartReply;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply?.ok === true) {
        resolve({ recomputed: reply.recomputed, skipped: reply.skipped });
      } else {
        const why = reply?.ok === false ? reply.error : `exited with ${signal ?? `code ${String(code)}`}`;
        reject(new Error(`sweep part ${request.part + 1} of ${request.parts} failed: ${why}`));
      }
    });
    child.send(request);
  });
}
