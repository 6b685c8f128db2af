/**
 * How much the fault suite does. In CI (`pnpm test`) a size that keeps the whole `faults` project to a few
 * minutes on two cores; BENCHLINE_FAULT_TRIALS=N runs the full set with N trials of each test (N = 20 makes
 * 100,000 events ingested under SIGKILL, as issue 12 asks). BENCHLINE_FAULT_SEED replays a failed run's seed.
 */
function positiveInteger(name: string): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return null;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer (got ${raw})`);
  }
  return value;
}

const fullTrials = positiveInteger('BENCHLINE_FAULT_TRIALS');

/** True when BENCHLINE_FAULT_TRIALS asks for the full set. */
export const FULL_RUN = fullTrials !== null;

/** fast-check runs of the pipeline property. */
export const PROPERTY_RUNS = fullTrials ?? 8;

/** SIGKILL trials, and events ingested in each (20 × 5,000 = 100,000 in the full set). */
export const KILL_TRIALS = fullTrials ?? 2;
export const KILL_TRIAL_EVENTS = FULL_RUN ? 5000 : 2000;
/**
 * Parts of a SIGKILL trial, each with a kill; the last part kills both workers twice (a crash loop), so a trial
 * has one kill more than this. At most 5 in all, so no job can be orphaned by kills more often than the workers'
 * default BENCHLINE_WORKER_MAX_STALLED (5) allows.
 */
export const KILLS_PER_TRIAL = FULL_RUN ? 4 : 3;

/** A seed for the run: BENCHLINE_FAULT_SEED when replaying, else a fresh one (printed with any failure). */
export const FAULT_SEED = positiveInteger('BENCHLINE_FAULT_SEED') ?? Math.floor(Math.random() * 2 ** 31) + 1;

/**
 * Redis killed with SIGKILL mid-ingest and started again on its AOF (redis-aof-restart.test.ts): how many times, and
 * the events asked for (1,500 per kill; the mix adds about a fifth). In CI 2 kills: about 15 s on two cores, 25 s
 * with other jobs running.
 */
export const REDIS_KILLS = fullTrials ?? 2;
export const REDIS_RESTART_EVENTS = REDIS_KILLS * 1500;

/**
 * The server process killed with SIGKILL mid-ingest and started again (server-restart.test.ts): how many times, and
 * the events asked for (the mix adds about a fifth): 1,200 for each kill, twice that for every other one, which waits
 * for a 2,200-line bulk request to be part answered. In CI 2 kills, 3,600 events: about 25 s on two cores, 45 s with
 * other jobs running (a server started from source takes seconds, more on a busy machine).
 */
export const SERVER_KILLS = fullTrials ?? 2;
export const SERVER_RESTART_EVENTS = 1200 * (2 * Math.ceil(SERVER_KILLS / 2) + Math.floor(SERVER_KILLS / 2));
