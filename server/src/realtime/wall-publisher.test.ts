import { emptyWallSnapshot, type ViewChanged } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import type { ViewStore } from '../plugins/app/view-store.js';
import { createWallPublisher } from './wall-publisher.js';

const logger = { warn: () => undefined } as unknown as Parameters<typeof createWallPublisher>[0]['logger'];

function viewStoreAt(day: () => string): ViewStore {
  return {
    read: (_tenantId: string, viewId: string) =>
      Promise.resolve({
        viewId,
        version: 7,
        snapshot: { ...emptyWallSnapshot(), transitions: { ...emptyWallSnapshot().transitions, day: day() } },
        feedId: '1-0',
      }),
  } as unknown as ViewStore;
}

describe('the wall publisher', () => {
  it("sends every watched wall again when the day turns, though no source changed (today's admissions move on)", async () => {
    let today = '2026-11-27';
    const sent: ViewChanged[] = [];
    const publisher = createWallPublisher({
      viewStore: viewStoreAt(() => today),
      tickMs: 1,
      watched: () => true,
      emit: (_room, change) => sent.push(change),
      logger,
      today: () => today,
      dayCheckMs: 5,
    });
    publisher.noteEntry('aco-1', 'rollups');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toHaveLength(1);
    today = '2026-11-28';
    await new Promise((resolve) => setTimeout(resolve, 30));
    publisher.close();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.change).toMatchObject({ transitions: { day: '2026-11-28' } });
  });
});
