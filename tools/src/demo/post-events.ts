/**
 * Posts events to the Benchline API — one at a time with bounded concurrency, or as NDJSON bulk requests —
 * retrying a 503 (Redis briefly away) with backoff and counting accepted / duplicate / rejected. Used by the
 * demo seed and the live feed: the demo goes through the same API any client uses.
 */
import type { CanonicalEvent } from '@benchline/shared';

export interface PostTally {
  accepted: number;
  duplicate: number;
  rejected: number;
  /** The first few rejections, by event and reason: enough to see what went wrong. */
  firstErrors: string[];
}

export interface PostTarget {
  baseUrl: string;
  apiKey: string;
}

export function emptyTally(): PostTally {
  return { accepted: 0, duplicate: 0, rejected: 0, firstErrors: [] };
}

const MAX_RETRIES = 8;
const backoff = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
/** The longest Retry-After honoured as given; a longer one is waited in steps of this, asking again each time. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Whether a refused request should be sent again, once the wait is over. 429 is the pipeline's flow control (it is
 * behind; see server/src/ingest/backpressure.ts): wait as long as Retry-After says and send again, however often —
 * the events are not wrong, only early. 503 (Redis unreachable) is tried again a few times with backoff.
 */
async function waitedToRetry(response: Response, unavailableAttempt: number): Promise<boolean> {
  if (response.status === 429) {
    await response.body?.cancel();
    const seconds = Number(response.headers.get('retry-after'));
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, MAX_RETRY_AFTER_MS)));
    return true;
  }
  if (response.status === 503 && unavailableAttempt < MAX_RETRIES) {
    await response.body?.cancel();
    await backoff(unavailableAttempt);
    return true;
  }
  return false;
}

/** Posts events one request each (POST /api/v1/events), `concurrency` at a time. */
export async function postEvents(
  events: AsyncIterable<CanonicalEvent> | Iterable<CanonicalEvent>,
  options: PostTarget & { concurrency: number; onProgress?: (tally: PostTally) => void },
): Promise<PostTally> {
  const tally = emptyTally();
  const iterator = Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : toAsync(events);
  const worker = async (): Promise<void> => {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) {
        return;
      }
      await postOne(next.value, options, tally);
      options.onProgress?.(tally);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return tally;
}

export async function postOne(event: CanonicalEvent, target: PostTarget, tally: PostTally): Promise<void> {
  for (let attempt = 0; ;) {
    const response = await fetch(`${target.baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` },
      body: JSON.stringify(event),
    });
    if (await waitedToRetry(response, attempt)) {
      attempt += response.status === 503 ? 1 : 0;
      continue;
    }
    const body = (await response.json()) as { status?: string; error?: { code: string; issues?: { path: string }[] } };
    if (response.status === 202) {
      tally[body.status === 'duplicate' ? 'duplicate' : 'accepted'] += 1;
      return;
    }
    recordRejection(tally, describeEvent(event), `${response.status} ${body.error?.code ?? ''}`, body.error?.issues);
    return;
  }
}

/**
 * Posts events as NDJSON bulk requests (POST /api/v1/events/bulk) of `linesPerRequest` lines, one request at a
 * time. Lines answered SERVICE_UNAVAILABLE are sent again; a request refused whole (503, or 429 while the pipeline
 * is behind) is retried whole.
 */
export async function postBulkEvents(
  events: Iterable<CanonicalEvent>,
  options: PostTarget & { linesPerRequest?: number; onProgress?: (tally: PostTally) => void },
): Promise<PostTally> {
  const tally = emptyTally();
  let chunk: CanonicalEvent[] = [];
  const send = async (batch: CanonicalEvent[]): Promise<void> => {
    let pending = batch;
    // Counts 503s and lines answered SERVICE_UNAVAILABLE, not the waits 429 asks for.
    for (let attempt = 0; pending.length > 0;) {
      const response = await fetch(`${options.baseUrl}/api/v1/events/bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${options.apiKey}` },
        body: pending.map((event) => JSON.stringify(event)).join('\n'),
      });
      if (response.status !== 200) {
        if (await waitedToRetry(response, attempt)) {
          attempt += response.status === 503 ? 1 : 0;
          continue;
        }
        throw new Error(`bulk ingest answered ${response.status}: ${await response.text()}`);
      }
      const retry: CanonicalEvent[] = [];
      for (const line of (await response.text()).split('\n')) {
        if (!line.startsWith('{"line"')) {
          continue;
        }
        const result = JSON.parse(line) as {
          line: number;
          status: string;
          error?: { code: string; issues?: { path: string }[] };
        };
        const event = pending[result.line - 1] as CanonicalEvent;
        if (result.status === 'accepted' || result.status === 'duplicate') {
          tally[result.status] += 1;
        } else if (result.error?.code === 'SERVICE_UNAVAILABLE' && attempt < MAX_RETRIES) {
          retry.push(event);
        } else {
          recordRejection(tally, describeEvent(event), result.error?.code ?? 'rejected', result.error?.issues);
        }
      }
      options.onProgress?.(tally);
      pending = retry;
      if (retry.length > 0) {
        await backoff(attempt);
        attempt += 1;
      }
    }
  };
  for (const event of events) {
    chunk.push(event);
    if (chunk.length >= (options.linesPerRequest ?? 20_000)) {
      await send(chunk);
      chunk = [];
    }
  }
  await send(chunk);
  return tally;
}

function recordRejection(tally: PostTally, what: string, why: string, issues?: { path: string }[]): void {
  tally.rejected += 1;
  if (tally.firstErrors.length < 5) {
    tally.firstErrors.push(`${what}: ${why} ${issues?.map((i) => i.path).join(', ') ?? ''}`.trim());
  }
}

/** An event named by kind and natural id only — no PHI in a progress line. */
function describeEvent(event: CanonicalEvent): string {
  switch (event.kind) {
    case 'claim':
      return `claim ${event.claimId} v${event.version}`;
    case 'clinical':
      return `clinical ${event.clinicalId}`;
    case 'member':
      return `member record ${event.recordId ?? 'roster'} of ${event.asOf}`;
    case 'provider':
      return `provider ${event.npi}`;
    case 'contract':
      return `contract ${event.contractId} v${event.version}`;
    case 'roster':
      return `roster ${event.contractId} ${event.asOf}`;
    case 'worklist':
      return `worklist action ${event.actionId}`;
    case 'adt':
      return `ADT notification ${event.messageId} from ${event.sender}`;
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
