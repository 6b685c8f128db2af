/**
 * A one-line progress display for long imports: a bar and percent of the bytes read, lines so far, lines per
 * second and the time left. Redrawn in place on a terminal (at most a few times a second); on a pipe or a CI log, a plain
 * line every few seconds instead.
 */
export interface Progress {
  addBytes(bytes: number): void;
  update(lines: number): void;
  done(lines: number): void;
}

const BAR_WIDTH = 20;

export function createProgress(totalBytes: number, out: NodeJS.WriteStream, now: () => number = Date.now): Progress {
  const started = now();
  const interactive = out.isTTY === true;
  const every = interactive ? 200 : 5000;
  let bytes = 0;
  let last = 0;

  const render = (lines: number): string => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = Math.round(lines / seconds);
    const fraction = totalBytes > 0 ? Math.min(bytes / totalBytes, 1) : 1;
    const eta = fraction > 0 && fraction < 1 ? Math.round((seconds / fraction) * (1 - fraction)) : 0;
    const filled = Math.floor(fraction * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    return `${bar} ${Math.floor(fraction * 100)}% · ${lines.toLocaleString('en-US')} lines · ${rate.toLocaleString('en-US')}/s${eta > 0 ? ` · ${eta} s left` : ''}`;
  };

  return {
    addBytes(n) {
      bytes += n;
    },
    update(lines) {
      const t = now();
      if (t - last < every) {
        return;
      }
      last = t;
      out.write(interactive ? `\r${render(lines)}\u001b[K` : `${render(lines)}\n`);
    },
    done(lines) {
      out.write(interactive ? `\r${render(lines)}\u001b[K\n` : `${render(lines)}\n`);
    },
  };
}
