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
