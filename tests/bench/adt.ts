/**
 * ADT (issue 14): HL7 v2 ADT messages per second over a generated feed (adt-feed.ts: A01/A03/A04/A08 about a roster
 * of synthetic members with MBIs, five hospitals, realistic visit numbers; generation is not timed).
 *   - parsed: the request bodies cut into messages, each parsed and mapped to its canonical `adt` notification
 *     (splitHl7Messages + readAdtMessage) in-process — beside its baseline, @medplum/core's parse alone (ReadableHl7);
 *     medians of RUNS runs after a warm-up;
 *   - end to end, with the server in-process and the worker in its own process as deployed (pipeline.ts), each run
 *     in a fresh key space whose roster was posted and applied first (untimed): the feed POSTed to /api/v1/adt in
 *     batches of BATCH messages, LANES senders at once (a member's messages always in one lane, in order).
 *     "Accepted" is every ACK back (AA, stored); "applied" is every queue drained — the pipeline benches' completion
 *     signal — after which each message must be in its member's facts (checked, not timed).
 *   - admission to alert: after the first run's feed, a coordinator's socket on the queue, and ALERTS admissions of
 *     today sent one at a time (ALERT_INTERVAL_MS apart) about unassigned members: the time from the POST to the
 *     `alert:raised` on the socket (parse, store, apply, recompute, publish, relay), p50/p95/p99.
 * Sizes: BENCH_ADT_MEMBERS (default 5000); `BENCH_SMOKE=1` shrinks the roster to a toy.
 */
import { buildApp, ReadableHl7, readAdtMessage, splitHl7Messages } from '@benchline/server';
import { createKeySpace } from '@benchline/shared/backend';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import type { CareAlert } from '@benchline/shared';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { findOrStartRedis } from '../../tools/src/services/redis-service.js';
import { deleteKeysWithPrefix } from '../support/redis.js';
import { type AdtFeed, generateAdtFeed, triggerCounts } from './adt-feed.js';
import { formatSeconds, median, RUNS, timeRuns } from './common.js';
import { drained, startWorkerProcess, stopProcess } from './pipeline.js';
import { atMost, type SectionResult } from './results.js';

const API_KEY = 'bench-key-0123456789';
const TENANT = 'bench';
/** Messages a request: an interface engine's batch, well under the endpoint's 10,000. */
const BATCH = 500;
/** Senders at once. */
const LANES = 2;
const SEED = 14;
/** Admissions timed to their alert, one every ALERT_INTERVAL_MS. */
const ALERTS = process.env.BENCH_SMOKE === '1' ? 10 : 200;
const ALERT_INTERVAL_MS = 50;

function members(): number {
  if (process.env.BENCH_SMOKE === '1') {
    return 40;
  }
  return Number(process.env.BENCH_ADT_MEMBERS ?? 5000);
}

/** The feed as each lane sends it: request bodies of BATCH messages, a member's messages in one lane, in order. */
function lanesOf(feed: AdtFeed): string[][] {
  const lanes: string[][] = Array.from({ length: LANES }, () => []);
  for (let lane = 0; lane < LANES; lane += 1) {
    const texts = feed.messages.filter((message) => message.member % LANES === lane).map((message) => message.text);
    for (let start = 0; start < texts.length; start += BATCH) {
      lanes[lane]!.push(texts.slice(start, start + BATCH).join(''));
    }
  }
  return lanes;
}

export async function benchAdt(): Promise<SectionResult> {
  const feed = generateAdtFeed({ members: members(), seed: SEED });
  const total = feed.messages.length;
  const lanes = lanesOf(feed);
  const bodies = lanes.flat();
  const counts = triggerCounts(feed.messages);
  process.stderr.write(
    `bench: ADT feed of ${total} messages (${Object.entries(counts)
      .map(([trigger, n]) => `${trigger} ${n}`)
      .join(', ')}) about ${feed.members.length} members, ${feed.visits} visits\n`,
  );

  // Parsed, in-process: every body cut into messages, each parsed (and, for the measurement, read and mapped).
  const parseOnly = timeRuns(() => {
    let parsed = 0;
    for (const body of bodies) {
      for (const text of splitHl7Messages(body).messages) {
        parsed += ReadableHl7.parse(text) === null ? 0 : 1;
      }
    }
    if (parsed !== total) {
      throw new Error(`parsed ${parsed} of ${total} messages`);
    }
  });
  const parsedAndMapped = timeRuns(() => {
    let read = 0;
    for (const body of bodies) {
      for (const text of splitHl7Messages(body).messages) {
        const reading = readAdtMessage(text);
        if (reading.status !== 'read' || reading.warnings.length > 0) {
          throw new Error(
            `a generated message was not read cleanly: ${JSON.stringify(reading.status === 'read' ? reading.warnings : reading.issues)}`,
          );
        }
        read += 1;
      }
    }
    if (read !== total) {
      throw new Error(`read ${read} of ${total} messages`);
    }
  });

  const redisService = await findOrStartRedis({
    url: 'redis://127.0.0.1:1',
    persistence: 'none',
    log: () => undefined,
  });
  const accepted: number[] = [];
  const applied: number[] = [];
  let alertMs: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const seconds = await endToEnd(redisService.url, feed, lanes, run);
      accepted.push(seconds.accepted);
      applied.push(seconds.applied);
      if (seconds.alertMs.length > 0) {
        alertMs = seconds.alertMs;
      }
    }
  } finally {
    await redisService.stop();
  }

  const rate = (seconds: number[]): number => total / median(seconds);
  const row = (name: string, seconds: number[]): string =>
    `| ${name} | ${total.toLocaleString('en-US')} | ${Math.round(rate(seconds)).toLocaleString('en-US')} | ${formatSeconds(seconds)} |`;
  const markdown = [
    '## ADT (HL7 v2 messages parsed, accepted and applied)',
    '',
    `A generated feed (seed ${SEED}) from five hospitals about ${feed.members.length.toLocaleString('en-US')} members with MBIs over half a year: ${total.toLocaleString('en-US')} messages — ${Object.entries(
      counts,
    )
      .map(([trigger, n]) => `${trigger} ${n.toLocaleString('en-US')}`)
      .join(
        ', ',
      )} — in ${feed.visits.toLocaleString('en-US')} stays and visits; admissions carry the MBI and the MRN, two hospitals' follow-ups the MRN alone. Members carry a roster record only, so the recompute each message triggers is light.`,
    '',
    '| Measurement | Messages | Messages/s | Seconds per run |',
    '| --- | ---: | ---: | --- |',
    row("Baseline: @medplum/core's parse alone (cut into messages, parsed)", parseOnly),
    row('Parsed: cut, parsed, read and mapped to canonical `adt` (in-process, nothing stored)', parsedAndMapped),
    row(`Accepted: POST /api/v1/adt, ${BATCH} a request, ${LANES} senders — every ACK back (AA, stored)`, accepted),
    row('Applied: the same until every queue is drained (folded into member facts, members recomputed)', applied),
    '',
    `Mapping runs at ${(rate(parsedAndMapped) / rate(parseOnly)).toFixed(2)}× the bare parse rate; the endpoint accepts ${(rate(accepted) / rate(parsedAndMapped)).toFixed(2)}× the parse-and-map rate, and the pipeline applies ${(rate(applied) / rate(accepted)).toFixed(2)}× the accept rate.`,
    '',
    `Admission to alert: ${alertMs.length} admissions of today, one every ${ALERT_INTERVAL_MS} ms, each from its POST to the \`alert:raised\` on a coordinator's socket — p50 ${percentile(alertMs, 0.5).toFixed(0)} ms, p95 ${percentile(alertMs, 0.95).toFixed(0)} ms, p99 ${percentile(alertMs, 0.99).toFixed(0)} ms, max ${Math.max(...alertMs).toFixed(0)} ms.`,
    '',
  ];
  return {
    id: 'adt',
    markdown,
    metrics: {
      adtMessages: total,
      adtParseOnlyMessagesPerSecond: rate(parseOnly),
      adtParsedMessagesPerSecond: rate(parsedAndMapped),
      adtAcceptedMessagesPerSecond: rate(accepted),
      adtAppliedMessagesPerSecond: rate(applied),
      adtAlertP50Ms: percentile(alertMs, 0.5),
      adtAlertP95Ms: percentile(alertMs, 0.95),
      adtAlertP99Ms: percentile(alertMs, 0.99),
    },
    targets: [
      atMost(
        'adt-alert-p99',
        'Admission to the coordinator’s alert, p99 (product map: an ADT message becomes an alert in under 10 s)',
        10_000,
        alertMs.length === 0 ? null : Math.round(percentile(alertMs, 0.99)),
        'ms',
      ),
    ],
  };
}

/** One run: a fresh key space with the roster applied, then the feed; seconds to every ACK and to drained. */
async function endToEnd(
  redisUrl: string,
  feed: AdtFeed,
  lanes: readonly (readonly string[])[],
  run: number,
): Promise<{ accepted: number; applied: number; alertMs: number[] }> {
  const keyPrefix = `bench-adt-${process.pid}-${run}`;
  const keys = createKeySpace(keyPrefix);
  const redis = new Redis(redisUrl);
  const worker = startWorkerProcess(redisUrl, keyPrefix);
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({
      host: '127.0.0.1',
      port: 0,
      redisUrl,
      keyPrefix,
      apiKeys: [{ tenantId: TENANT, key: API_KEY }],
      clientDist: '/nonexistent',
      fanoutTickMs: 100,
      bodyLimitBytes: 5 * 1024 * 1024,
      maxLineBytes: 1024 * 1024,
      bulkLimitBytes: 1024 * 1024 * 1024,
      logLevel: 'warn',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    // The roster, applied before the clock starts: the tenant's members are what PID-3's MBIs are matched against.
    const roster = await postBulkEvents(feed.members, { baseUrl: url, apiKey: API_KEY, linesPerRequest: 5000 });
    if (roster.accepted !== feed.members.length) {
      throw new Error(`the roster was not taken: ${JSON.stringify(roster)}`);
    }
    await drained(redisUrl, keyPrefix);

    const started = performance.now();
    const acks = await Promise.all(lanes.map((bodies) => sendLane(`${url}/api/v1/adt`, bodies)));
    const acceptedAt = performance.now();
    await drained(redisUrl, keyPrefix);
    const appliedAt = performance.now();

    const tally = acks.reduce((sum, lane) => ({ aa: sum.aa + lane.aa, other: sum.other + lane.other }), {
      aa: 0,
      other: 0,
    });
    if (tally.aa !== feed.messages.length || tally.other > 0) {
      throw new Error(`of ${feed.messages.length} messages, ${tally.aa} stored (AA) and ${tally.other} not`);
    }
    const inFacts = await adtFactsCount(redis, keys, feed);
    if (inFacts !== feed.messages.length) {
      throw new Error(`the member facts hold ${inFacts} notifications of ${feed.messages.length}`);
    }
    const alertMs = run === 0 ? await admissionToAlert(app, url, feed, run) : [];
    return { accepted: (acceptedAt - started) / 1000, applied: (appliedAt - started) / 1000, alertMs };
  } finally {
    await app?.close();
    await stopProcess(worker);
    redis.disconnect();
    await deleteKeysWithPrefix(redisUrl, keyPrefix);
  }
}

/**
 * Posts one lane's bodies in order, one request at a time (a 429 — the workers behind — or a 503 waited out and
 * sent again); ACKs that stored their message (MSA AA without an ERR of 204 parked or 205 duplicate) and the others.
 */
async function sendLane(url: string, bodies: readonly string[]): Promise<{ aa: number; other: number }> {
  let aa = 0;
  let other = 0;
  for (const body of bodies) {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/hl7-v2', authorization: `Bearer ${API_KEY}` },
        body,
      });
      if ((response.status === 429 || response.status === 503) && attempt < 50) {
        await response.body?.cancel();
        const seconds = Number(response.headers.get('retry-after'));
        await new Promise((resolve) =>
          setTimeout(resolve, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500),
        );
        continue;
      }
      if (response.status !== 200) {
        throw new Error(`POST /api/v1/adt answered ${response.status}: ${await response.text()}`);
      }
      const acks = (await response.text()).split(/\r(?=MSH\|)/);
      for (const ack of acks) {
        if (ack.includes('\rMSA|AA|') && !/\|20[45]\^/.test(ack)) {
          aa += 1;
        } else {
          other += 1;
        }
      }
      break;
    }
  }
  return { aa, other };
}

/** Notifications in the members' facts: each is its own fact slot `a:<sender>|<control id>`. */
async function adtFactsCount(redis: Redis, keys: ReturnType<typeof createKeySpace>, feed: AdtFeed): Promise<number> {
  let count = 0;
  for (let start = 0; start < feed.members.length; start += 1000) {
    const pipeline = redis.pipeline();
    for (const member of feed.members.slice(start, start + 1000)) {
      pipeline.hkeys(keys.memberFacts(TENANT, member.memberId));
    }
    for (const [error, fields] of (await pipeline.exec()) ?? []) {
      if (error) {
        throw error;
      }
      count += (fields as string[]).filter((field) => field.startsWith('a:')).length;
    }
  }
  return count;
}

/** The q-quantile (nearest rank) of a sample; NaN when empty. */
function percentile(sample: readonly number[], q: number): number {
  if (sample.length === 0) {
    return Number.NaN;
  }
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** An HL7 time of now, UTC with its offset. */
function hl7Now(): string {
  return `${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}+0000`;
}

/**
 * ALERTS admissions of today, each about another (unassigned) member, timed from its POST to the alert on a
 * coordinator's socket subscribed to the queue (an unassigned patient's alert goes to everyone on it).
 */
async function admissionToAlert(app: FastifyInstance, url: string, feed: AdtFeed, run: number): Promise<number[]> {
  const token = await app.identity.startUserSession({
    tenantId: TENANT,
    userId: 'bench-coordinator',
    name: 'Bench Coordinator',
    role: 'coordinator',
  });
  const socket = io(url, {
    transports: ['websocket'],
    extraHeaders: { cookie: `benchline_session=${token}` },
    reconnection: false,
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const expected = Math.min(ALERTS, feed.members.length);
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  socket.on('alert:raised', (alert: CareAlert) => {
    const sent = sentAt.get(alert.memberId);
    if (sent !== undefined && alert.type === 'admission') {
      latencies.push(performance.now() - sent);
      sentAt.delete(alert.memberId);
      if (latencies.length === expected) {
        resolveAll();
      }
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      socket.emit('view:subscribe', { viewId: 'gaps' }, (reply: { ok: boolean }) =>
        reply.ok ? resolve() : reject(new Error('the queue subscription was refused')),
      );
    });
    for (let i = 0; i < expected; i += 1) {
      const member = feed.members[i]!.memberId;
      const now = hl7Now();
      const text = [
        `MSH|^~\\&|BENCH|ALERTHOSP^330777^CCN|BENCHLINE|ACO|${now}||ADT^A01^ADT_A01|ALERT-${run}-${i}|P|2.5.1`,
        `EVN|A01|${now}`,
        `PID|1||${member}^^^CMS&2.16.840.1.113883.4.927&ISO^MC||DOE^PAT||19500101|F`,
        `PV1|1|I|2EAST^201^A^ALERTHOSP&330777&CCN||||||||||||||||AV-${run}-${i}^^^ALERTHOSP^VN||||||||||||||||||||ALERTHOSP|||||${now}`,
      ].join('\r');
      sentAt.set(member, performance.now());
      const response = await fetch(`${url}/api/v1/adt`, {
        method: 'POST',
        headers: { 'content-type': 'application/hl7-v2', authorization: `Bearer ${API_KEY}` },
        body: text,
      });
      const ack = await response.text();
      if (!ack.includes('MSA|AA|')) {
        throw new Error(`an admission was not stored: ${ack}`);
      }
      await new Promise((resolve) => setTimeout(resolve, ALERT_INTERVAL_MS));
    }
    await Promise.race([
      all,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${latencies.length} of ${expected} alerts arrived within 60 s`)), 60_000),
      ),
    ]);
    return latencies;
  } finally {
    socket.disconnect();
  }
}
