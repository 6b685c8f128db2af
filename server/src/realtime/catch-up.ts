/**
 * A returning subscriber's missed changes, from the change feed: everything after the feed entry it last saw,
 * for its view, merged into one change. Answers null — "take a snapshot" — when the feed no longer holds all of
 * it (trimmed past the holder) or when it is too much to be worth replaying.
 */
import type { ViewChanged, ViewId, ViewSubscribe } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import { decodeFeedEntry } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { changedOf, mergeChanged } from './change-fanout.js';

export interface CaughtUp {
  /** The missed changes as one, or null when nothing was missed. */
  changed: ViewChanged | null;
  /** The feed entry the holder is now caught up to. */
  feedId: string;
}

export async function catchUp(
  redis: Redis,
  keys: KeySpace,
  tenantId: string,
  viewId: ViewId,
  since: NonNullable<ViewSubscribe['since']>,
  limit: number,
): Promise<CaughtUp | null> {
  const results = await redis
    .multi()
    .xrange(keys.feed(tenantId), `(${since.feedId}`, '+', 'COUNT', limit + 1)
    .get(keys.viewVersion(tenantId, viewId))
    .exec();
  const [[rangeError, range], [versionError, rawVersion]] = (results ?? []) as [
    [Error | null, [string, string[]][]],
    [Error | null, string | null],
  ];
  if (rangeError || versionError || range.length > limit) {
    return null;
  }
  const current = Number(rawVersion ?? 0);
  let changed: ViewChanged | null = null;
  for (const [id, fields] of range) {
    const entry = decodeFeedEntry(fields);
    if (entry.viewId === viewId && entry.version > since.version) {
      changed = changed === null ? changedOf(entry, id) : mergeChanged(changed, entry, id);
    }
  }
  const feedId = range.at(-1)?.[0] ?? since.feedId;
  if (changed === null) {
    // Nothing of this view in what the feed still holds: nothing missed only if the holder is at the current version.
    return current === since.version ? { changed: null, feedId } : null;
  }
  // The first kept change must build on what the holder has (else changes between were trimmed away), and the
  // range must reach the view's current version.
  return changed.fromVersion <= since.version && changed.toVersion === current ? { changed, feedId } : null;
}
