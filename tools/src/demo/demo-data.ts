/**
 * The demo ACO: which synthetic population `benchline start` seeds, and the live feed that keeps its screens
 * moving. The seed goes through the public API like any client; the feed advances the generator's simulated
 * clock one day at a time and posts what became available at a steady rate. What was seeded and how far the
 * feed got are kept in Redis, so a restart continues where the last run stopped instead of replaying it.
 */
import type { CanonicalEvent, ClaimEvent } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { createLiveFeed, createSyntheticAco, loadGeneratorReference, type SyntheticAco } from '../generator/index.js';
import { emptyTally, postOne, type PostTally } from './post-events.js';

export interface DemoPlan {
  members: number;
  months: number;
  seed: number;
  /** The generated window's last month (YYYY-MM); its last day is the seed's as-of date. */
  endMonth: string;
  /** True once every seed claim was posted; an interrupted seed is posted again (duplicates are harmless). */
  seeded: boolean;
  /** How far the live feed has run (YYYY-MM-DD); the as-of date until it starts. */
  feedClock: string | null;
}

export function demoAco(plan: Pick<DemoPlan, 'members' | 'months' | 'seed' | 'endMonth'>): SyntheticAco {
  return createSyntheticAco(plan, loadGeneratorReference());
}

/** Every claim version of the demo population, member by member. */
export function* demoClaims(aco: SyntheticAco): Generator<ClaimEvent> {
  for (const bundle of aco.members()) {
    yield* bundle.claims;
  }
}

/**
 * Everything the demo population's feeds would have delivered: the organisation's contracts (the MSSP agreement
 * with its benchmark, the MA plan) and the participant list first, then member by member — the roster record, the
 * member's row on the MA plan's roster, claims and clinical events.
 */
export function* demoEvents(aco: SyntheticAco): Generator<CanonicalEvent> {
  yield* aco.contracts;
  yield* aco.providers;
  for (const bundle of aco.members()) {
    yield bundle.member;
    yield* bundle.rosters;
    yield* bundle.claims;
    yield* bundle.clinical;
  }
}

/** The plan recorded for a tenant's demo, or null when the tenant was not seeded by the demo. */
export async function readDemoPlan(redisUrl: string, prefix: string, tenantId: string): Promise<DemoPlan | null> {
  const redis = new Redis(redisUrl);
  try {
    const fields = await redis.hgetall(createKeySpace(prefix).demo(tenantId));
    if (fields.endMonth === undefined) {
      return null;
    }
    return {
      members: Number(fields.members),
      months: Number(fields.months),
      seed: Number(fields.seed),
      endMonth: fields.endMonth,
      seeded: fields.seeded === 'true',
      feedClock: fields.feedClock ?? null,
    };
  } finally {
    redis.disconnect();
  }
}

export async function writeDemoPlan(
  redisUrl: string,
  prefix: string,
  tenantId: string,
  plan: Partial<DemoPlan>,
): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const fields = Object.entries(plan).filter(([, value]) => value !== null && value !== undefined);
    if (fields.length > 0) {
      await redis.hset(
        createKeySpace(prefix).demo(tenantId),
        Object.fromEntries(fields.map(([k, v]) => [k, String(v)])),
      );
    }
  } finally {
    redis.disconnect();
  }
}

export interface LiveFeedHandle {
  /** Resolves when the simulated period has been fed to its end. */
  finished: Promise<void>;
  /** What the API answered so far. */
  readonly tally: PostTally;
  stop(): Promise<void>;
}

export interface LiveFeedOptions {
  aco: SyntheticAco;
  /** Continue after this simulated day (a previous run's clock), or from the seed's as-of date. */
  resumeAfter: string | null;
  baseUrl: string;
  apiKey: string;
  ratePerSecond: number;
  /** Called after each simulated day has been fully posted, so the caller can record it. */
  onDayPosted: (day: string) => Promise<void>;
  log: (line: string) => void;
}

/** How often the feed wakes up to post; the rate is spread over these ticks. */
const TICK_MS = 200;

export function startLiveFeed(options: LiveFeedOptions): LiveFeedHandle {
  const feed = createLiveFeed(options.aco);
  if (options.resumeAfter !== null && options.resumeAfter > feed.clock && options.resumeAfter <= feed.until) {
    feed.next(options.resumeAfter); // already posted by an earlier run: generate and drop
  }
  const queue: CanonicalEvent[] = [];
  let day = feed.clock;
  let credit = 0;
  let busy = false;
  let stopped = false;
  const tally = emptyTally();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const tick = async (): Promise<void> => {
    if (busy || stopped) {
      return;
    }
    busy = true;
    try {
      credit = Math.min(credit + (options.ratePerSecond * TICK_MS) / 1000, options.ratePerSecond);
      while (credit >= 1 && !stopped) {
        if (queue.length === 0) {
          if (day >= feed.until) {
            options.log('live feed: reached the end of the simulated period');
            stopped = true;
            clearInterval(timer);
            finish();
            return;
          }
          await options.onDayPosted(day);
          day = nextDay(day);
          queue.push(...feed.next(day).map((item) => item.event));
          continue;
        }
        // Shifted only once posted: a failed post (server restarting) is tried again on the next tick.
        await postOne(queue[0]!, options, tally);
        queue.shift();
        credit -= 1;
      }
    } catch (error) {
      options.log(`live feed: ${(error as Error).message}; retrying`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  return {
    finished,
    tally,
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (busy) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
