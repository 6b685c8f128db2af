/**
 * Posts events to the Benchline API with bounded concurrency over keep-alive connections, retrying a 503
 * (Redis briefly away) with backoff, and counting accepted / duplicate / rejected. Used by the demo seed and
 * the live feed — the demo goes through the same API any client uses.
 */
import type { ClaimEvent } from '@benchline/shared';

export interface PostTally {
  accepted: number;
  duplicate: number;
  rejected: number;
  /** The first few rejections, by claim id and reason: enough to see what went wrong. */
  firstErrors: string[];
}

export interface PostOptions {
  baseUrl: string;
  apiKey: string;
  concurrency: number;
  onProgress?: (tally: PostTally) => void;
}

export function emptyTally(): PostTally {
  return { accepted: 0, duplicate: 0, rejected: 0, firstErrors: [] };
}

export async function postClaims(
  events: AsyncIterable<ClaimEvent> | Iterable<ClaimEvent>,
  options: PostOptions,
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

export async function postOne(
  event: ClaimEvent,
  options: Pick<PostOptions, 'baseUrl' | 'apiKey'>,
  tally: PostTally,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${options.baseUrl}/api/v1/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify(event),
    });
    if (response.status === 503 && attempt < 8) {
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      continue;
    }
    const body = (await response.json()) as { status?: string; error?: { code: string; issues?: { path: string }[] } };
    if (response.status === 202) {
      if (body.status === 'duplicate') {
        tally.duplicate += 1;
      } else {
        tally.accepted += 1;
      }
      return;
    }
    tally.rejected += 1;
    if (tally.firstErrors.length < 5) {
      const where = body.error?.issues?.map((i) => i.path).join(', ') ?? '';
      tally.firstErrors.push(
        `${event.claimId} v${event.version}: ${response.status} ${body.error?.code ?? ''} ${where}`.trim(),
      );
    }
    return;
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
