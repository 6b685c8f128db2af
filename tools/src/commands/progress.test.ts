import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('the import progress line', () => {
  it('shows a bar, the percent of bytes read, lines, the rate and the time left, redrawn in place on a terminal', () => {
    let clock = 0;
    const { stream, written } = fakeStream(true);
    const progress = createProgress(1000, stream, () => clock);
    clock = 10_000;
    progress.addBytes(250);
    progress.update(5000);
    // A quarter read in 10 s: 500 lines/s, 30 s to go.
    expect(written).toEqual(['\r[#####---------------] 25% · 5,000 lines · 500/s · 30 s left\u001b[K']);
    clock = 10_100;
    progress.update(5100); // too soon to redraw
    expect(written).toHaveLength(1);
    clock = 20_000;
    progress.addBytes(750);
    progress.done(10_000);
    expect(written[1]).toBe('\r[####################] 100% · 10,000 lines · 500/s\u001b[K\n');
  });

  it('writes a plain line every few seconds to a log', () => {
    let clock = 0;
    const { stream, written } = fakeStream(false);
    const progress = createProgress(100, stream, () => clock);
    clock = 1000;
    progress.addBytes(50);
    progress.update(10);
    clock = 3000;
    progress.update(20);
    clock = 6000;
    progress.update(30);
    // Nothing for the first five seconds, then one line: 30 lines in 6 s, half read.
    expect(written).toEqual(['[##########----------] 50% · 30 lines · 5/s · 6 s left\n']);
  });
});
