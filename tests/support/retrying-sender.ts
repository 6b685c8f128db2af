/**
 * A sender that behaves like a real one when the other end fails: single events (POST /api/v1/events) and NDJSON
 * bulk requests, each sent again until it is answered — after a 503 or 429 (waiting as Retry-After asks, capped so a
 * test does not idle), a refused or dropped connection (a server being restarted), or a bulk answer cut off part way.
 * What was answered `accepted` or `duplicate` is acknowledged — for bulk, line by line as the answer streams in, so a
 * line answered just before the server died counts, as it would for a real sender that never sends it again. Every
 * HTTP attempt is recorded with its outcome and how long it took, so a test can assert that none hung and nothing
 * but the expected statuses came back; any other answer (a 4xx, a 500, a rejected line) fails the send.
 */
import type { CanonicalEvent } from '@benchline/shared';
import { eventKeyOf } from '@benchline/shared/backend';
import type { Acknowledged, PostTarget } from './acknowledged.js';
import { toNdjson } from './ndjson.js';

export interface Attempt {
  kind: 'single' | 'bulk';
  /** When it was sent (Date.now()). */
  at: number;
  /** The HTTP status, 'network' when no answer came (refused, reset, cut off part way), 'timeout' when it hung. */
  outcome: number | 'network' | 'timeout';
  /** From sending to the last byte of the answer (or the failure). */
  ms: number;
  /** The Retry-After header of a 503 or 429. */
  retryAfter: string | null;
  /** Events sent (1 for a single event). */
  lines: number;
  /** Bulk: lines answered SERVICE_UNAVAILABLE (to be sent again). */
  unavailableLines: number;
  /** Bulk: lines the answer never got to (the connection dropped). */
  unansweredLines: number;
  /** What went wrong, for a network failure. */
  error?: string;
}

export interface RetryingSenderOptions {
  /** An attempt taking longer than this is abandoned and counts as 'timeout' (then sent again). */
  requestTimeoutMs?: number;
  /** The longest wait between attempts (a 503's Retry-After of 5 s is honoured up to this). */
  maxBackoffMs?: number;
  /** Give up (fail) on an event still unanswered after this long. */
  giveUpAfterMs?: number;
  /**
   * Told of every bulk line answered, as the answer streams in (`answered` lines of the attempt so far): a test can
   * kill the server right there, with the rest of the answer still to come.
   */
  onBulkLine?: (attempt: Attempt, answered: number) => void;
  /** Told of every attempt as it is sent. */
  onAttempt?: (attempt: Attempt) => void;
  /**
   * A bulk request of more than `afterLines` lines is uploaded as a slow sender would: the first `afterLines`, then
   * nothing more until the first answer line has arrived (or `maxPauseMs` has passed), then the rest — so the server
   * is answering the first lines while the last are not even sent.
   */
  slowUpload?: { afterLines: number; maxPauseMs: number };
}

export interface RetryingSender {
  readonly attempts: Attempt[];
  /** Every event acknowledged so far, in the order the answers came. */
  readonly acknowledged: Acknowledged[];
  single(event: CanonicalEvent): Promise<Acknowledged>;
  bulk(events: readonly CanonicalEvent[]): Promise<Acknowledged[]>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function retryingSender(target: PostTarget, options: RetryingSenderOptions = {}): RetryingSender {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 1000;
  const giveUpAfterMs = options.giveUpAfterMs ?? 120_000;
  const attempts: Attempt[] = [];
  const acknowledged: Acknowledged[] = [];

  /** How long to wait before attempt `n + 1`: exponential from 50 ms, never past the cap or Retry-After. */
  const backoff = (n: number, retryAfter: string | null): number => {
    const exponential = Math.min(maxBackoffMs, 50 * 2 ** n);
    const asked = retryAfter === null ? Number.NaN : Number(retryAfter) * 1000;
    return Number.isFinite(asked) ? Math.min(asked, exponential) : exponential;
  };

  /** `body` in pieces: each after the one before and `pause` (or `maxPauseMs`). */
  const post = (
    path: string,
    contentType: string,
    body: string | string[],
    pause: Promise<void> = Promise.resolve(),
  ): Promise<Response> => {
    const init: RequestInit & { duplex?: 'half' } = {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${target.apiKey}` },
      signal: AbortSignal.timeout(requestTimeoutMs),
    };
    if (typeof body === 'string') {
      init.body = body;
    } else {
      // Piece by piece, with the pause between (see slowUpload).
      const encoder = new TextEncoder();
      let next = 0;
      init.body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const piece = body[next];
          if (piece === undefined) {
            controller.close();
            return;
          }
          if (next > 0) {
            await Promise.race([pause, sleep(options.slowUpload?.maxPauseMs ?? 0)]);
          }
          next += 1;
          controller.enqueue(encoder.encode(piece));
        },
      });
      init.duplex = 'half';
    }
    return fetch(`${target.url}${path}`, init);
  };

  const failureOf = (error: unknown): { outcome: 'network' | 'timeout'; error: string } => {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
    return {
      outcome: timedOut ? 'timeout' : 'network',
      error: [err.message, err.cause?.code ?? err.cause?.message].filter(Boolean).join(': '),
    };
  };

  const single = async (event: CanonicalEvent): Promise<Acknowledged> => {
    const began = Date.now();
    for (let n = 0; ; n += 1) {
      if (Date.now() - began > giveUpAfterMs) {
        throw new Error(`${eventKeyOf(event)}: still unanswered after ${giveUpAfterMs} ms`);
      }
      const at = Date.now();
      const attempt: Attempt = {
        kind: 'single',
        at,
        outcome: 'network',
        ms: 0,
        lines: 1,
        retryAfter: null,
        unavailableLines: 0,
        unansweredLines: 0,
      };
      attempts.push(attempt);
      options.onAttempt?.(attempt);
      let status: number;
      let text: string;
      try {
        const response = await post('/api/v1/events', 'application/json', JSON.stringify(event));
        status = response.status;
        attempt.retryAfter = response.headers.get('retry-after');
        text = await response.text();
      } catch (error) {
        Object.assign(attempt, failureOf(error), { ms: Date.now() - at });
        await sleep(backoff(n, null));
        continue;
      }
      attempt.outcome = status;
      attempt.ms = Date.now() - at;
      if (status === 202) {
        const answer = JSON.parse(text) as { status: 'accepted' | 'duplicate'; eventId: string };
        const ack: Acknowledged = { event, status: answer.status, eventIds: [answer.eventId] };
        acknowledged.push(ack);
        return ack;
      }
      if (status === 503 || status === 429) {
        await sleep(backoff(n, attempt.retryAfter));
        continue;
      }
      throw new Error(`${eventKeyOf(event)}: POST /api/v1/events answered ${status}: ${text.slice(0, 300)}`);
    }
  };

  const bulk = async (events: readonly CanonicalEvent[]): Promise<Acknowledged[]> => {
    const out: Acknowledged[] = [];
    let pending = [...events];
    const began = Date.now();
    for (let n = 0; pending.length > 0; n += 1) {
      if (Date.now() - began > giveUpAfterMs) {
        throw new Error(`${pending.length} bulk lines still unanswered after ${giveUpAfterMs} ms`);
      }
      const at = Date.now();
      const attempt: Attempt = {
        kind: 'bulk',
        at,
        outcome: 'network',
        ms: 0,
        lines: pending.length,
        retryAfter: null,
        unavailableLines: 0,
        unansweredLines: pending.length,
      };
      attempts.push(attempt);
      options.onAttempt?.(attempt);
      const answered = new Set<number>();
      const retry: CanonicalEvent[] = [];
      let answerArrived: () => void = () => undefined;
      const firstAnswer = new Promise<void>((resolve) => (answerArrived = resolve));
      let response: Response | undefined;
      let bodyText = '';
      try {
        const slow = options.slowUpload;
        response = await post(
          '/api/v1/events/bulk',
          'application/x-ndjson',
          slow !== undefined && pending.length > slow.afterLines
            ? [toNdjson(pending.slice(0, slow.afterLines)), toNdjson(pending.slice(slow.afterLines))]
            : toNdjson(pending),
          firstAnswer,
        );
        attempt.outcome = response.status;
        attempt.retryAfter = response.headers.get('retry-after');
        if (response.status !== 200 || response.body === null) {
          bodyText = await response.text();
        } else {
          // Line by line as the answer arrives: what was answered before a failure stays answered.
          const decoder = new TextDecoder();
          let buffered = '';
          const take = (line: string): void => {
            if (line.trim() === '') {
              return;
            }
            let parsed: {
              line?: number;
              status?: string;
              eventIds?: string[];
              error?: { code: string; message?: string };
              summary?: unknown;
            };
            try {
              parsed = JSON.parse(line) as typeof parsed;
            } catch {
              throw new Error(`bulk answer line unreadable: ${line.slice(0, 200)}`);
            }
            if (parsed.summary !== undefined) {
              if (parsed.error !== undefined) {
                throw new Error(`bulk answer ended with an error: ${JSON.stringify(parsed.error)}`);
              }
              return;
            }
            const event = pending[(parsed.line ?? 0) - 1];
            if (event === undefined) {
              throw new Error(`bulk answer names line ${parsed.line} of ${pending.length}`);
            }
            answered.add(parsed.line as number);
            answerArrived();
            if (parsed.status === 'accepted' || parsed.status === 'duplicate') {
              const ack: Acknowledged = { event, status: parsed.status, eventIds: parsed.eventIds ?? [] };
              out.push(ack);
              acknowledged.push(ack);
            } else if (parsed.error?.code === 'SERVICE_UNAVAILABLE') {
              retry.push(event);
            } else {
              throw new Error(
                `bulk line ${parsed.line} (${eventKeyOf(event)}) refused: ${JSON.stringify(parsed.error)}`,
              );
            }
            options.onBulkLine?.(attempt, answered.size);
          };
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              break;
            }
            buffered += decoder.decode(value, { stream: true });
            let newline = buffered.indexOf('\n');
            while (newline >= 0) {
              take(buffered.slice(0, newline));
              buffered = buffered.slice(newline + 1);
              newline = buffered.indexOf('\n');
            }
          }
          take(buffered);
        }
      } catch (error) {
        if (error instanceof Error && /^bulk (answer|line)/.test(error.message)) {
          throw error;
        }
        Object.assign(attempt, failureOf(error));
      }
      attempt.ms = Date.now() - at;
      if (response !== undefined && response.status !== 200 && response.status !== 503 && response.status !== 429) {
        throw new Error(`POST /api/v1/events/bulk answered ${response.status}: ${bodyText.slice(0, 300)}`);
      }
      // Lines never answered (an answer cut off, a whole request refused) go again with those to retry.
      const unanswered = pending.filter((_, i) => !answered.has(i + 1));
      attempt.unavailableLines = retry.length;
      attempt.unansweredLines = unanswered.length;
      pending = [...retry, ...unanswered];
      if (pending.length > 0) {
        await sleep(backoff(n, attempt.retryAfter));
      }
    }
    return out;
  };

  return { attempts, acknowledged, single, bulk };
}

export interface ConcurrentIngest {
  /** Resolves with every acknowledged event once all are answered; rejects on the first unexpected answer. */
  done: Promise<Acknowledged[]>;
  /** Events acknowledged so far (a bulk request's once it has finished). */
  acknowledgedCount(): number;
  /** Resolves once `count` events are acknowledged (or all are); rejects if the ingest fails first. */
  whenAcknowledged(count: number): Promise<void>;
}

/**
 * Sends `events` over `singleLanes` lanes of one event per request and `bulkLanes` lanes of NDJSON chunks (sizes
 * cycled from `chunkSizes`), all drawing from one queue in order, as fast as the answers come.
 */
export function ingestConcurrently(
  sender: RetryingSender,
  events: readonly CanonicalEvent[],
  options: { singleLanes: number; bulkLanes: number; chunkSizes: readonly number[] },
): ConcurrentIngest {
  const out: Acknowledged[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const acknowledge = (acks: readonly Acknowledged[]): void => {
    out.push(...acks);
    for (const waiter of waiters.filter((w) => w.count <= out.length)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  let next = 0;
  let chunk = 0;
  const singleLane = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next] as CanonicalEvent;
      next += 1;
      acknowledge([await sender.single(event)]);
    }
  };
  const bulkLane = async (): Promise<void> => {
    while (next < events.length) {
      const size = Math.max(1, options.chunkSizes[chunk % Math.max(1, options.chunkSizes.length)] ?? 100);
      chunk += 1;
      const part = events.slice(next, next + size);
      next += part.length;
      acknowledge(await sender.bulk(part));
    }
  };
  const done = Promise.all([
    ...Array.from({ length: options.singleLanes }, singleLane),
    ...Array.from({ length: options.bulkLanes }, bulkLane),
  ]).then(() => out);
  // A failure is reported through `done` (and whenAcknowledged); never as an unhandled rejection meanwhile.
  done.catch(() => undefined);
  return {
    done,
    acknowledgedCount: () => out.length,
    whenAcknowledged: (count) =>
      Promise.race([
        done.then(() => undefined),
        new Promise<void>((resolve) => {
          if (out.length >= count) {
            resolve();
          } else {
            waiters.push({ count, resolve });
          }
        }),
      ]),
  };
}
