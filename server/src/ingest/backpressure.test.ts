import { describe, expect, it } from 'vitest';
import { createBackpressure } from './backpressure.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ingest backpressure', () => {
  it('admits while the apply lag is within the bound and refuses past it, with a bounded wait', async () => {
    const time = clock();
    let lag = 0;
    const gate = createBackpressure({ maxLagMs: 5000, refreshMs: 100, readLagMs: async () => lag, now: time.now });
    expect(await gate.retryAfterSeconds()).toBe(0);
    lag = 5000;
    time.advance(100);
    expect(await gate.retryAfterSeconds()).toBe(0);
    lag = 5001;
    time.advance(100);
    expect(await gate.retryAfterSeconds()).toBe(1);
    lag = 12_500;
    time.advance(100);
    expect(await gate.retryAfterSeconds()).toBe(8);
    lag = 600_000;
    time.advance(100);
    expect(await gate.retryAfterSeconds()).toBe(30);
    lag = 0;
    time.advance(100);
    expect(await gate.retryAfterSeconds()).toBe(0);
  });

  it('reads the lag at most once per refresh interval, however many requests ask at once', async () => {
    const time = clock();
    let reads = 0;
    const gate = createBackpressure({
      maxLagMs: 1000,
      refreshMs: 250,
      readLagMs: async () => {
        reads += 1;
        return 2000;
      },
      now: time.now,
    });
    const answers = await Promise.all(Array.from({ length: 50 }, () => gate.retryAfterSeconds()));
    expect(answers.every((s) => s === 1)).toBe(true);
    expect(reads).toBe(1);
    time.advance(249);
    await gate.retryAfterSeconds();
    expect(reads).toBe(1);
    time.advance(1);
    await gate.retryAfterSeconds();
    expect(reads).toBe(2);
  });

  it('lets requests through when the lag cannot be read (the store answers 503 itself)', async () => {
    const gate = createBackpressure({
      maxLagMs: 1,
      readLagMs: () => Promise.reject(new Error('redis away')),
    });
    expect(await gate.retryAfterSeconds()).toBe(0);
  });
});
