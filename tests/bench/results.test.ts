import { describe, expect, it } from 'vitest';
import {
  atLeast,
  atMost,
  mergeResults,
  README_BEGIN,
  README_END,
  targetsTable,
  withResultsTable,
  type BenchResults,
} from './results.js';

const run = (date: string, sections: BenchResults['sections'], targets: BenchResults['targets']): BenchResults => ({
  date,
  machine: 'test machine',
  runs: 3,
  sections,
  targets,
});

describe('targets', () => {
  it('are met on the right side of the bound, inclusive, and unknown when not measured', () => {
    expect(atLeast('a', 'A', 60_000, 60_000, 'lines/s').met).toBe(true);
    expect(atLeast('a', 'A', 60_000, 59_999, 'lines/s').met).toBe(false);
    expect(atMost('b', 'B', 50, 50, 'ms').met).toBe(true);
    expect(atMost('b', 'B', 50, 130.6, 'ms')).toEqual({
      id: 'b',
      description: 'B',
      target: '≤ 50',
      measured: 130.6,
      unit: 'ms',
      met: false,
    });
    expect(atMost('b', 'B', 1.2, null, '×').met).toBeNull();
  });
});

describe('mergeResults', () => {
  const morning = run(
    '2026-11-27',
    {
      risk: { metrics: { membersPerSecond: 3600 }, measuredAt: 'm' },
      latency: { metrics: { p99: 130 }, measuredAt: 'm' },
    },
    [atMost('p99', 'p99', 50, 130, 'ms'), atLeast('risk', 'risk', 1000, 3600, 'members/s')],
  );

  it('replaces what the run measured and keeps the rest, targets in their first order', () => {
    const noon = run('2026-11-27', { latency: { metrics: { p99: 45 }, measuredAt: 'n' } }, [
      atLeast('new', 'new', 1, 2, 'x'),
      atMost('p99', 'p99', 50, 45, 'ms'),
    ]);
    const merged = mergeResults(morning, noon);
    expect(merged.sections).toEqual({
      risk: { metrics: { membersPerSecond: 3600 }, measuredAt: 'm' },
      latency: { metrics: { p99: 45 }, measuredAt: 'n' },
    });
    expect(merged.targets.map((t) => [t.id, t.measured])).toEqual([
      ['p99', 45],
      ['risk', 3600],
      ['new', 2],
    ]);
  });

  it('carries an earlier day into a new day, saying which day measured what', () => {
    const tomorrow = run('2026-11-28', { latency: { metrics: { p99: 40 }, measuredAt: 't' } }, [
      atMost('p99', 'p99', 50, 40, 'ms'),
    ]);
    const merged = mergeResults(morning, tomorrow);
    expect(merged.date).toBe('2026-11-28');
    expect(merged.sections.risk).toEqual({ metrics: { membersPerSecond: 3600 }, measuredAt: 'm' });
    expect(merged.targets.map((t) => [t.id, t.measured, t.measuredOn])).toEqual([
      ['p99', 40, undefined],
      ['risk', 3600, '2026-11-27'],
    ]);
    // Carried again later that day, or the next: still the day that measured it.
    const later = mergeResults(merged, run('2026-11-29', {}, []));
    expect(later.targets.map((t) => t.measuredOn)).toEqual(['2026-11-28', '2026-11-27']);
    expect(targetsTable(later)).toContain('| risk | ≥ 1,000 members/s | 3,600 members/s (2026-11-27) | met |');
  });

  it('names the machine that measured what another machine’s run carried', () => {
    const elsewhere = { ...run('2026-11-27', {}, [atMost('p99', 'p99', 50, 40, 'ms')]), machine: 'other machine' };
    const merged = mergeResults(morning, elsewhere);
    expect(merged.targets.map((t) => [t.id, t.machine])).toEqual([
      ['p99', undefined],
      ['risk', 'test machine'],
    ]);
    // Still named after a third run on the same other machine.
    const again = mergeResults(merged, { ...run('2026-11-27', {}, []), machine: 'other machine' });
    expect(again.targets.map((t) => t.machine)).toEqual([undefined, 'test machine']);
    const table = targetsTable(again);
    expect(table[0]).toMatch(/on other machine .*\. ¹ Carried from a run on test machine\.$/);
    expect(table).toContain('| risk | ≥ 1,000 members/s | 3,600 members/s ¹ | met |');
  });

  it('starts from the run alone when nothing came before', () => {
    const first = run('2026-11-28', {}, []);
    expect(mergeResults(null, first)).toBe(first);
  });
});

describe('the README table', () => {
  const results = run('2026-11-27', {}, [
    atMost('p99', 'Event to screen p99, 1,000 events/s, 500 screens', 50, 130.64, 'ms', 'gateway fan-out'),
    atLeast('x', 'Something not run', 2, null, '×'),
    atLeast('lines', 'Claim lines/s', 60_000, 13_470, 'lines/s'),
  ]);

  it('says met, not met or not measured for each target', () => {
    const table = targetsTable(results);
    expect(table).toContain(
      '| Event to screen p99, 1,000 events/s, 500 screens | ≤ 50 ms | 130.6 ms | not met (161% over) — gateway fan-out |',
    );
    // By how much, either way: 13,470 of 60,000 is 78% short.
    expect(table).toContain('| Claim lines/s | ≥ 60,000 lines/s | 13,470 lines/s | not met (78% short) |');
    expect(table).toContain('| Something not run | ≥ 2 × | not measured | — |');
  });

  it('replaces only the text between the markers', () => {
    const readme = `# T\n\nbefore\n${README_BEGIN}\nold table\n${README_END}\nafter\n`;
    const updated = withResultsTable(readme, ['new', 'table']);
    expect(updated).toBe(`# T\n\nbefore\n${README_BEGIN}\nnew\ntable\n${README_END}\nafter\n`);
    expect(withResultsTable(updated, ['new', 'table'])).toBe(updated);
    expect(() => withResultsTable('# no markers', [])).toThrow('bench:results');
  });
});
