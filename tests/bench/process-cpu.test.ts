import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuSecondsOf } from './process-cpu.js';

describe('cpuSecondsOf', () => {
  it.runIf(existsSync('/proc/self/stat'))('reads the CPU a process has used, as Node itself counts it', () => {
    const before = cpuSecondsOf(process.pid);
    const ownBefore = process.cpuUsage();
    // Burn 0.3 s of CPU (not of wall time: a descheduled loop would burn less).
    let spin = 0;
    while (process.cpuUsage(ownBefore).user < 300_000) {
      spin += Math.sqrt(spin + 1);
    }
    const own = process.cpuUsage(ownBefore);
    const after = cpuSecondsOf(process.pid);
    expect(spin).toBeGreaterThan(0);
    expect(before).not.toBeNull();
    expect(after).not.toBeNull();
    // Ticks of 10 ms, and the test runner's other threads may add a little.
    expect((after as number) - (before as number)).toBeGreaterThanOrEqual((own.user + own.system) / 1e6 - 0.03);
    expect((after as number) - (before as number)).toBeLessThan((own.user + own.system) / 1e6 + 0.3);
  });

  it('is null for no process, a malformed pid and one that does not exist', () => {
    expect(cpuSecondsOf(undefined)).toBeNull();
    expect(cpuSecondsOf(Number.NaN)).toBeNull();
    expect(cpuSecondsOf(-1)).toBeNull();
    expect(cpuSecondsOf(2 ** 30)).toBeNull();
  });
});
