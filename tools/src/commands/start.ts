/**
 * `benchline start`: everything a first-time user needs to see Benchline move. Finds or starts Redis (AOF on,
 * data in .benchline/redis), starts the server and the workers from their builds, seeds a demo ACO from the
 * synthetic generator through the public API (only when the tenant is empty, so restarts keep the data), makes
 * the demo's sign-ins (a person per role and a wall device, demo/sign-ins.ts), then keeps a live feed of new claims
 * going and prints the URL, the logins with their passwords and the wall's link. Ctrl-C stops everything it
 * started.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import {
  demoAco,
  demoEvents,
  readDemoPlan,
  startLiveFeed,
  writeDemoPlan,
  type DemoPlan,
  type LiveFeedHandle,
} from '../demo/demo-data.js';
import { postBulkEvents } from '../demo/post-events.js';
import { seedDemoSignIns, signInBlock, type DemoSignIns } from '../demo/sign-ins.js';
import { startChildService, type ChildService } from '../services/child-service.js';
import {
  appendFsyncSetting,
  findOrStartRedis,
  RedisUnavailableError,
  type AppendFsync,
  type RedisService,
} from '../services/redis-service.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TENANT = 'demo';
/** The demo users' random passwords and the wall's token, between starts (mode 0600; .benchline is git-ignored). */
const SIGN_INS_FILE = `${ROOT}.benchline/demo-sign-ins.json`;
/**
 * A larger young generation: ingest and apply allocate many short-lived objects per event, and V8's default
 * 16 MB semi-space makes the scavenger run often enough to cost about a third of bulk-ingest throughput
 * (measured in `pnpm bench`).
 */
export const NODE_FLAGS = ['--max-semi-space-size=64'];

export async function runStart(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: 'string', default: '3000' },
      months: { type: 'string', default: '12' },
      seed: { type: 'string', default: '7' },
      rate: { type: 'string', default: '5' },
      port: { type: 'string', default: process.env.BENCHLINE_PORT ?? '3000' },
      'no-seed': { type: 'boolean', default: false },
      'no-feed': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  const rate = Number(values.rate);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);

  for (const entry of ['server/dist/server.js', 'workers/dist/main.js', 'client/dist/index.html']) {
    if (!existsSync(`${ROOT}${entry}`)) {
      log(`${entry} is missing: run \`pnpm start\` (it builds first) or \`pnpm build\`.`);
      return 1;
    }
  }

  // When the Redis started here fsyncs its AOF (README "Redis persistence"); a Redis already running keeps its own.
  let appendfsync: AppendFsync;
  try {
    appendfsync = appendFsyncSetting(process.env.BENCHLINE_REDIS_APPENDFSYNC);
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
  let redis: RedisService;
  try {
    redis = await findOrStartRedis({
      url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      persistence: 'aof',
      dataDir: `${ROOT}.benchline/redis`,
      appendfsync,
      log,
    });
  } catch (error) {
    if (error instanceof RedisUnavailableError) {
      log(error.message);
      return 1;
    }
    throw error;
  }
  log(`redis: ${redis.url}${redis.started ? ' (started for this session)' : ''}`);

  // A fresh ingest key per run unless one is configured; it is printed below for trying the API by hand.
  const apiKey = process.env.BENCHLINE_DEMO_API_KEY ?? randomBytes(18).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redis.url,
    BENCHLINE_PORT: String(port),
    BENCHLINE_API_KEYS: [process.env.BENCHLINE_API_KEYS, `${TENANT}:${apiKey}`].filter(Boolean).join(','),
    BENCHLINE_LOG_LEVEL: process.env.BENCHLINE_LOG_LEVEL ?? 'warn',
  };
  const children: ChildService[] = [
    startChildService('server', process.execPath, [...NODE_FLAGS, `${ROOT}server/dist/server.js`], env, log),
    startChildService('workers', process.execPath, [...NODE_FLAGS, `${ROOT}workers/dist/main.js`], env, log),
  ];
  let feed: LiveFeedHandle | null = null;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    log('stopping…');
    await feed?.stop();
    await Promise.all(children.map((child) => child.stop()));
    await redis.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));

  const baseUrl = `http://127.0.0.1:${port}`;
  const died = Promise.race(children.map((child) => child.exited.then((code) => ({ child, code }))));
  const ready = await Promise.race([waitForReady(baseUrl).then(() => null), died]);
  if (ready !== null) {
    log(`${ready.child.name} exited with code ${ready.code} before the server was ready.`);
    await stop();
    return 1;
  }

  const prefix = env.BENCHLINE_KEY_PREFIX ?? 'bl';
  // Sign-ins first: they are quick, and a seed that fails part-way still leaves a demo one can open.
  let signIns: DemoSignIns;
  try {
    signIns = await seedDemoSignIns({
      redisUrl: redis.url,
      keyPrefix: prefix,
      tenantId: TENANT,
      file: SIGN_INS_FILE,
      fixedPassword: process.env.BENCHLINE_DEMO_PASSWORD,
    });
  } catch (error) {
    log(`the demo sign-ins could not be made: ${(error as Error).message}`);
    await stop();
    return 1;
  }
  let plan: DemoPlan | null = await readDemoPlan(redis.url, prefix, TENANT);
  const interruptedSeed = plan !== null && !plan.seeded;
  if (!values['no-seed'] && (interruptedSeed || (await tenantIsEmpty(redis.url, prefix)))) {
    plan = interruptedSeed
      ? plan!
      : {
          members: Number(values.members),
          months: Number(values.months),
          seed: Number(values.seed),
          // The demo's data runs to the last complete month, so its dates look like today's.
          endMonth: lastCompleteMonth(new Date()),
          seeded: false,
          feedClock: null,
        };
    await writeDemoPlan(redis.url, prefix, TENANT, plan);
    log(
      `seeding the demo ACO: ${plan.members} members, ${plan.months} months to ${plan.endMonth} (seed ${plan.seed})…`,
    );
    const began = Date.now();
    let lastReport = 0;
    const tally = await postBulkEvents(demoEvents(demoAco(plan)), {
      baseUrl,
      apiKey,
      onProgress: (t) => {
        const done = t.accepted + t.duplicate + t.rejected;
        if (done - lastReport >= 10_000) {
          lastReport = done;
          log(`  ${done.toLocaleString('en-US')} events posted`);
        }
      },
    });
    const seconds = (Date.now() - began) / 1000;
    if (tally.rejected === 0) {
      plan.seeded = true;
      await writeDemoPlan(redis.url, prefix, TENANT, { seeded: true });
    }
    log(
      `seeded ${tally.accepted.toLocaleString('en-US')} events (contracts, providers, members, rosters, claims, clinical) in ${seconds.toFixed(1)} s` +
        (tally.rejected > 0 ? ` (${tally.rejected} rejected: ${tally.firstErrors.join('; ')})` : ''),
    );
  } else if (!values['no-seed'] && plan !== null) {
    // A demo seeded before the generator made contracts has none: send them once per start (a duplicate changes
    // nothing; the live feed never sends contracts).
    const tally = await postBulkEvents(demoAco(plan).contracts, { baseUrl, apiKey });
    if (tally.rejected > 0) {
      log(`contracts: ${tally.rejected} rejected: ${tally.firstErrors.join('; ')}`);
    }
  }

  if (!values['no-feed'] && rate > 0) {
    if (plan === null) {
      log('the demo tenant holds data the demo did not seed: no live feed (start with an empty Redis to get one)');
    } else {
      const current = plan;
      feed = startLiveFeed({
        aco: demoAco(current),
        resumeAfter: current.feedClock,
        baseUrl,
        apiKey,
        ratePerSecond: rate,
        onDayPosted: (day) => writeDemoPlan(redis.url, prefix, TENANT, { feedClock: day }),
        log,
      });
      log(
        `live feed: about ${rate} events a second${current.feedClock ? `, continuing after ${current.feedClock}` : ''}`,
      );
    }
  }

  log('');
  log(`Benchline is running: ${baseUrl}/`);
  signInBlock(baseUrl, signIns, SIGN_INS_FILE.slice(ROOT.length)).forEach((line) => log(line));
  log(
    `Post a claim yourself: curl -X POST ${baseUrl}/api/v1/claims -H 'authorization: Bearer ${apiKey}' -H 'content-type: application/json' -d @claim.json`,
  );
  log('Ctrl-C stops it.');
  const { child, code } = await died;
  if (!stopping) {
    log(`${child.name} exited unexpectedly with code ${code}.`);
    await stop();
    return 1;
  }
  return 0;
}

/** The month before the given date's month, YYYY-MM. */
export function lastCompleteMonth(now: Date): string {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
}

async function waitForReady(baseUrl: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function tenantIsEmpty(redisUrl: string, prefix: string): Promise<boolean> {
  const redis = new Redis(redisUrl);
  try {
    return (await redis.xlen(createKeySpace(prefix).events(TENANT))) === 0;
  } finally {
    redis.disconnect();
  }
}
