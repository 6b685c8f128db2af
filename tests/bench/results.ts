/**
 * The machine-readable side of a bench run: each section's measured values and the targets the issues set, written
 * as `bench/results/<date>.json` (and copied to `latest.json`), and the README's results table made from the
 * targets. Pure (no file access), so the unit tests check it; run.ts reads and writes the files.
 */

/** One speed or size target from the issues, and whether this run met it. */
export interface Target {
  id: string;
  description: string;
  /** The bound as text, e.g. `≥ 60,000` or `≤ 50`. */
  target: string;
  /** null: the run could not measure it (the section did not run, or its scenario was not part of this run). */
  measured: number | null;
  unit: string;
  met: boolean | null;
  /** What the measured value depends on or what limits it (sizes, the bottleneck), when a reader needs it. */
  note?: string;
  /** The day of the run that measured it, when that was an earlier day's run carried into this report. */
  measuredOn?: string;
  /** The machine that measured it, when that was another machine than this report's (carried from its run). */
  machine?: string;
}

/** What a section returns: its Markdown for the dated report, and its numbers. */
export interface SectionResult {
  id: string;
  markdown: string[];
  metrics?: Record<string, number>;
  targets?: Target[];
}

export interface BenchResults {
  date: string;
  machine: string;
  runs: number;
  sections: Record<string, { metrics: Record<string, number>; measuredAt: string }>;
  targets: Target[];
}

export function atLeast(
  id: string,
  description: string,
  bound: number,
  measured: number | null,
  unit: string,
  note?: string,
): Target {
  return target(
    id,
    description,
    `≥ ${format(bound)}`,
    measured,
    unit,
    measured === null ? null : measured >= bound,
    note,
  );
}

export function atMost(
  id: string,
  description: string,
  bound: number,
  measured: number | null,
  unit: string,
  note?: string,
): Target {
  return target(
    id,
    description,
    `≤ ${format(bound)}`,
    measured,
    unit,
    measured === null ? null : measured <= bound,
    note,
  );
}

function target(
  id: string,
  description: string,
  bound: string,
  measured: number | null,
  unit: string,
  met: boolean | null,
  note: string | undefined,
): Target {
  return { id, description, target: bound, measured, unit, met, ...(note === undefined ? {} : { note }) };
}

const format = (value: number): string =>
  Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * The results after a run of some sections: sections and targets the run measured replace their earlier selves
 * (by id); the others are kept, so `pnpm bench risk` does not erase the morning's pipeline figures. Targets keep
 * the order they were first reported in, new ones at the end. `earlier` is today's results or, on a day's first
 * run, the newest earlier day's: what is carried from another day says which day measured it (`measuredOn`;
 * sections keep their own `measuredAt`), so a single section run after midnight neither blanks the table nor
 * passes old figures off as new. Likewise what another machine measured says which (`machine`).
 */
export function mergeResults(earlier: BenchResults | null, fresh: BenchResults): BenchResults {
  if (earlier === null) {
    return fresh;
  }
  const carried = (t: Target): Target => ({
    ...t,
    ...(earlier.date === fresh.date || t.measuredOn !== undefined ? {} : { measuredOn: earlier.date }),
    ...(earlier.machine === fresh.machine || t.machine !== undefined ? {} : { machine: earlier.machine }),
  });
  const freshTargets = new Map(fresh.targets.map((t) => [t.id, t]));
  const targets = earlier.targets.map((t) => freshTargets.get(t.id) ?? carried(t));
  const known = new Set(earlier.targets.map((t) => t.id));
  targets.push(...fresh.targets.filter((t) => !known.has(t.id)));
  return { ...fresh, sections: { ...earlier.sections, ...fresh.sections }, targets };
}

/** The README's table: one row per target, met / not met / not measured. */
export function targetsTable(results: BenchResults): string[] {
  // Figures from other machines are marked ¹, ², … and their machines named under the table.
  const otherMachines = [...new Set(results.targets.flatMap((t) => (t.machine === undefined ? [] : [t.machine])))];
  const mark = (machine: string): string => '¹²³⁴⁵⁶⁷⁸⁹'[otherMachines.indexOf(machine)] ?? '*';
  const cell = (t: Target): string =>
    (t.measured === null ? 'not measured' : `${format(Number(t.measured.toPrecision(4)))} ${t.unit}`) +
    (t.measuredOn === undefined ? '' : ` (${t.measuredOn})`) +
    (t.machine === undefined ? '' : ` ${mark(t.machine)}`);
  const verdict = (t: Target): string =>
    t.met === null
      ? '—'
      : t.met
        ? 'met'
        : `not met${t.measured === null ? '' : ` (${shortfallOf(t.target, t.measured)})`}`;
  return [
    `Measured ${results.date} on ${results.machine} (median of ${results.runs} runs; \`pnpm bench\`, full report in \`bench/results/${results.date}.md\`).` +
      otherMachines.map((machine) => ` ${mark(machine)} Carried from a run on ${machine}.`).join(''),
    '',
    '| Target | Bound | Measured | |',
    '| --- | ---: | ---: | --- |',
    ...results.targets.map(
      (t) => `| ${t.description} | ${t.target} ${t.unit} | ${cell(t)} | ${verdict(t)}${t.note ? ` — ${t.note}` : ''} |`,
    ),
  ];
}

/** By how much a measured value misses its bound (`≥ 60,000` → "78% short", `≤ 50` → "13% over"). */
export function shortfallOf(bound: string, measured: number): string {
  const [, direction, value] = /^([≥≤]) ([\d,.]+)$/.exec(bound) ?? [];
  const limit = Number((value ?? '').replace(/,/g, ''));
  if (direction === undefined || !(limit > 0)) {
    return `bound ${bound}`;
  }
  return direction === '≥'
    ? `${Math.round(100 * (1 - measured / limit))}% short`
    : `${Math.round(100 * (measured / limit - 1))}% over`;
}

export const README_BEGIN = '<!-- bench:results:begin -->';
export const README_END = '<!-- bench:results:end -->';

/** The README with the text between its bench markers replaced; throws when the markers are missing. */
export function withResultsTable(readme: string, table: readonly string[]): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(`README.md needs ${README_BEGIN} … ${README_END} around the bench results table`);
  }
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${table.join('\n')}\n${readme.slice(end)}`;
}
