/**
 * The change-feed record: written by the workers (inside the same Lua step that changes the read model),
 * tailed by the server gateway. A stream entry's fields are a flat list [name, value, name, value, …].
 */
import type { ViewChangeMap, ViewId } from '../views/index.js';
import { VIEW_IDS } from '../views/index.js';

export interface FeedEntry<K extends ViewId = ViewId> {
  viewId: K;
  /** This change's place in the tenant feed: the view's version after it. */
  version: number;
  /** The view's version before it (0 for the first change). */
  prev: number;
  change: ViewChangeMap[K];
}

/** Field names, shared with the Lua scripts that XADD them. */
export const FEED_FIELDS = { view: 'view', version: 'v', prev: 'p', change: 'c' } as const;

export function decodeFeedEntry(fields: string[]): FeedEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    map.set(fields[i] as string, fields[i + 1] as string);
  }
  const viewId = map.get(FEED_FIELDS.view);
  if (!VIEW_IDS.includes(viewId as ViewId)) {
    throw new Error(`feed entry with unknown view ${String(viewId)}`);
  }
  return {
    viewId: viewId as ViewId,
    version: Number(map.get(FEED_FIELDS.version)),
    prev: Number(map.get(FEED_FIELDS.prev)),
    change: JSON.parse(map.get(FEED_FIELDS.change) ?? 'null') as ViewChangeMap[ViewId],
  };
}

/**
 * Lua for appending a change record, spliced into every script that changes a view (so the change and its record
 * are one atomic step). Defines `appendFeed(versionKey, seqKey, feedKey, view, change, maxLen, retentionMs)`:
 * takes the tenant's next feed sequence as the view's version and appends the entry; returns the version.
 *
 * Trimming: entries older than `retentionMs` go (stream ids are arrival times), so a client that far behind
 * resyncs from a snapshot while one inside it catches up from the feed; `maxLen` caps memory under a burst
 * (approximate trims, as Redis does them cheaply).
 */
export const APPEND_FEED_LUA = `
local function appendFeed(versionKey, seqKey, feedKey, view, change, maxLen, retentionMs)
  local prev = redis.call('GET', versionKey) or '0'
  local version = redis.call('INCR', seqKey)
  redis.call('SET', versionKey, version)
  local id = redis.call('XADD', feedKey, 'MAXLEN', '~', maxLen, '*',
    '${FEED_FIELDS.view}', view, '${FEED_FIELDS.version}', version, '${FEED_FIELDS.prev}', prev,
    '${FEED_FIELDS.change}', change)
  local ms = tonumber(string.match(id, '^(%d+)'))
  redis.call('XTRIM', feedKey, 'MINID', '~', tostring(ms - tonumber(retentionMs)))
  return version
end
-- Both bounds in one argument ("<maxLen> <retentionMs>", see feedBoundsArg), for scripts whose arguments are full.
local function appendFeedWithin(bounds, versionKey, seqKey, feedKey, view, change)
  local maxLen, retentionMs = string.match(bounds, '^(%d+) (%d+)$')
  return appendFeed(versionKey, seqKey, feedKey, view, change, maxLen, retentionMs)
end
`;

/** A feed's bounds as one script argument (appendFeedWithin). */
export function feedBoundsArg(bounds: FeedBounds): string {
  return `${bounds.feedMaxLen} ${bounds.feedRetentionMs}`;
}

export interface FeedBounds {
  /** At most about this many entries (approximate trimming). */
  feedMaxLen: number;
  /** Entries older than this go. */
  feedRetentionMs: number;
}

/** Feed retention every writer uses unless configured: ten minutes behind must still catch up, so fifteen. */
export const DEFAULT_FEED_RETENTION_MS = 15 * 60 * 1000;
