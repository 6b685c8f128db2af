/**
 * The replay's time slices (rebuild-replay.ts) against a real Redis stream: whatever the spread of ids and the
 * number of slices, the slices and the `after` range together read every entry exactly once, and entries added
 * after the cut are read by `after` alone.
 */
import { describe, expect, it } from 'vitest';
import { sliceStream, type StreamRange } from '../../workers/src/rebuild-replay.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix();

const redis = connectTestRedis(prefix);

async function idsIn(stream: string, ranges: readonly StreamRange[]): Promise<string[]> {
  const ids: string[] = [];
  for (const range of ranges) {
    const entries = (await redis.xrange(stream, range.start, range.end)) as [string, string[]][];
    ids.push(...entries.map(([id]) => id));
  }
  return ids;
}

describe('sliceStream', () => {
  it('is null for an empty stream', async () => {
    expect(await sliceStream(redis, `${prefix}:empty`, 8)).toBeNull();
  });

  it.each([1, 2, 7, 64, 1000])('cuts a stream into %i slices that read every entry once', async (count) => {
    const stream = `${prefix}:s${count}`;
    // Bursts and gaps: several entries in one millisecond, long quiet spells, one entry alone at the end.
    const added: string[] = [];
    for (const [ms, entries] of [
      [1_000, 3],
      [1_001, 1],
      [1_500, 5],
      [9_999, 2],
      [10_000, 1],
      [250_000, 4],
    ] as const) {
      for (let seq = 0; seq < entries; seq += 1) {
        added.push(String(await redis.xadd(stream, `${ms}-${seq}`, 'e', '{}')));
      }
    }
    const cut = await sliceStream(redis, stream, count);
    expect(cut).not.toBeNull();
    const { slices, after } = cut as NonNullable<typeof cut>;
    expect(slices.length).toBeLessThanOrEqual(count);
    expect(await idsIn(stream, slices)).toEqual(added);
    expect(await idsIn(stream, [after])).toEqual([]);

    const later = String(await redis.xadd(stream, '*', 'e', '{}'));
    expect(await idsIn(stream, slices)).toEqual(added);
    expect(await idsIn(stream, [after])).toEqual([later]);
  });
});
