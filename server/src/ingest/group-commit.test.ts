import type { CanonicalEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import type { EventIngest, IngestOutcome } from './event-ingest.js';
import { groupCommit } from './group-commit.js';

/** A fake store: records each batch, answers each unit with its own tag, resolves when the test says. */
function recordingStore() {
  const batches: string[][] = [];
  const release: (() => void)[] = [];
  const units: EventIngest['units'] = async (_tenant, batch) => {
    const tags = batch.map((unit) => unit.map((e) => (e.kind === 'claim' ? e.claimId : e.kind)).join('+'));
    batches.push(tags);
    await new Promise<void>((resolve) => release.push(resolve));
    return tags.map((tag): IngestOutcome => ({ status: 'accepted', eventIds: [tag] }));
  };
  return { units, batches, release };
}

const claim = (claimId: string) => ({ kind: 'claim', claimId }) as CanonicalEvent;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('groupCommit', () => {
  it('stores the first event at once and everything that arrives meanwhile as one next batch', async () => {
    const store = recordingStore();
    const commit = groupCommit(store.units, 100);
    const first = commit('t', [claim('A')]);
    await tick();
    expect(store.batches).toEqual([['A']]);
    const later = ['B', 'C', 'D'].map((id) => commit('t', [claim(id)]));
    await tick();
    expect(store.batches).toHaveLength(1); // waiting for the first batch
    store.release.shift()?.();
    expect(await first).toEqual({ status: 'accepted', eventIds: ['A'] });
    await tick();
    expect(store.batches).toEqual([['A'], ['B', 'C', 'D']]);
    store.release.shift()?.();
    // Each caller gets its own unit's outcome.
    expect(await Promise.all(later)).toEqual(['B', 'C', 'D'].map((id) => ({ status: 'accepted', eventIds: [id] })));
  });

  it('never puts more events in one batch than a job takes, and keeps tenants apart', async () => {
    const store = recordingStore();
    const commit = groupCommit(store.units, 3);
    const all = [commit('t', [claim('A')]), commit('u', [claim('X')])];
    await tick();
    all.push(commit('t', [claim('B'), claim('C')]), commit('t', [claim('D'), claim('E')]), commit('t', [claim('F')]));
    await tick();
    expect(store.batches).toEqual([['A'], ['X']]);
    for (let round = 0; round < 3; round += 1) {
      store.release.splice(0).forEach((release) => release());
      await tick();
    }
    expect(store.batches).toEqual([['A'], ['X'], ['B+C'], ['D+E', 'F']]);
    await Promise.all(all);
  });

  it('answers every waiting caller SERVICE_UNAVAILABLE when the store throws', async () => {
    const commit = groupCommit(() => Promise.reject(new Error('redis down')), 10);
    expect(await commit('t', [claim('A')])).toEqual({
      status: 'rejected',
      code: 'SERVICE_UNAVAILABLE',
      message: 'redis down',
    });
  });
});
