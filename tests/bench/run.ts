/**
 * `pnpm bench [section…]`: measures what the issues set speed targets for, each beside a baseline or a count
 * that gives it meaning, and writes `bench/results/<date>.md` (the report), `bench/results/<date>.json` (each
 * section's numbers and every target, met or not) with a copy at `bench/results/latest.json`, and the README's
 * results table. Timings live here, never in tests. Sections: baselines (baselines.ts), ingest (ingest.ts), risk
 * (risk.ts), measures (measures.ts), finance (finance.ts), pipeline (pipeline.ts), rebuild (rebuild.ts), cclf (cclf.ts), adt (adt.ts),
 * analysts (analysts.ts: PMPM beside DuckDB), latency (latency.ts) and client (client.ts); all by default. The soak
 * (tests/soak/soak.ts, an hour) and scale (pipeline.ts: the pipeline at a million members) run only when named. A run replaces only its own sections in today's report and
 * results and keeps the others — on a day's first run, the newest earlier day's, marked with their day (report.ts,
 * results.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { benchAdt } from './adt.js';
import { benchRebuild } from './rebuild.js';
import { benchBaselines } from './baselines.js';
import { benchCclf } from './cclf.js';
import { benchClient } from './client.js';
import { RUNS } from './common.js';
import { benchFinance } from './finance.js';
import { benchIngest } from './ingest.js';
import { benchAnalysts } from './analysts.js';
import { benchLatency } from './latency.js';
import { benchSoak } from '../soak/soak.js';
import { benchMeasures } from './measures.js';
import { benchPipeline, benchPipelineScale } from './pipeline.js';
import { carriedReport, mergeReport, tagged, withMachine } from './report.js';
import { mergeResults, targetsTable, withResultsTable, type BenchResults, type SectionResult } from './results.js';
import { benchRisk } from './risk.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = `${ROOT}bench/results/`;

const SECTIONS: Record<string, () => SectionResult | Promise<SectionResult>> = {
  baselines: benchBaselines,
  ingest: benchIngest,
  risk: benchRisk,
  measures: benchMeasures,
  finance: benchFinance,
  pipeline: benchPipeline,
  scale: benchPipelineScale,
  rebuild: benchRebuild,
  cclf: benchCclf,
  adt: benchAdt,
  analysts: benchAnalysts,
  latency: benchLatency,
  client: benchClient,
  soak: benchSoak,
};

/** Sections run only when named: the soak takes an hour; the scale section a quarter of one and some 8 GB of Redis. */
const ON_REQUEST = new Set(['soak', 'scale']);

/** The newest day before `today` with both a report and results, or null. */
function newestEarlierDay(today: string): string | null {
  if (!existsSync(RESULTS)) {
    return null;
  }
  const files = new Set(readdirSync(RESULTS));
  const days = [...files]
    .map((file) => /^(\d{4}-\d{2}-\d{2})\.md$/.exec(file)?.[1])
    .filter((day): day is string => day !== undefined && day < today && files.has(`${day}.json`))
    .sort();
  return days.at(-1) ?? null;
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((arg) => arg !== '--');
  const unknown = asked.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown bench section ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const names = asked.length > 0 ? asked : Object.keys(SECTIONS).filter((name) => !ON_REQUEST.has(name));
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`;
  const preamble = [`# Benchline benchmark — ${today}`, '', `Machine: ${machine}. Median of ${RUNS} runs.`, ''];
  const sections: SectionResult[] = [];
  for (const name of names) {
    process.stderr.write(`bench: ${name}…\n`);
    sections.push(await (SECTIONS[name] as () => SectionResult | Promise<SectionResult>)());
  }
  mkdirSync(RESULTS, { recursive: true });

  // The report keeps the sections this run did not produce: today's, or on a day's first run the newest earlier
  // day's, each marked with the day it was measured (the soak, run only on request, is kept the same way).
  const reportPath = `${RESULTS}${today}.md`;
  const earlierDay = newestEarlierDay(today);
  const earlierReport = existsSync(reportPath)
    ? readFileSync(reportPath, 'utf8')
    : earlierDay === null
      ? null
      : carriedReport(readFileSync(`${RESULTS}${earlierDay}.md`, 'utf8'), earlierDay);
  const text = mergeReport(
    earlierReport,
    preamble,
    sections.map((s) => tagged(withMachine(s.markdown, machine), s.id)),
  );
  writeFileSync(reportPath, text);

  const resultsPath = `${RESULTS}${today}.json`;
  const earlierResultsPath = existsSync(resultsPath)
    ? resultsPath
    : earlierDay === null
      ? null
      : `${RESULTS}${earlierDay}.json`;
  const earlierResults =
    earlierResultsPath === null ? null : (JSON.parse(readFileSync(earlierResultsPath, 'utf8')) as BenchResults);
  const results = mergeResults(earlierResults, {
    date: today,
    machine,
    runs: RUNS,
    sections: Object.fromEntries(
      sections.map((s) => [s.id, { metrics: s.metrics ?? {}, measuredAt: now.toISOString() }]),
    ),
    targets: sections.flatMap((s) => s.targets ?? []),
  });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(resultsPath, json);
  writeFileSync(`${RESULTS}latest.json`, json);

  // The README is checked by prettier in CI: the table goes in formatted as prettier would write it.
  const readmePath = `${ROOT}README.md`;
  const readme = withResultsTable(readFileSync(readmePath, 'utf8'), targetsTable(results));
  const options = (await prettier.resolveConfig(readmePath)) ?? {};
  writeFileSync(readmePath, await prettier.format(readme, { ...options, filepath: readmePath }));
  process.stdout.write(
    `${text}\nwritten to bench/results/${today}.md and ${today}.json (and latest.json); README results table updated\n`,
  );
}

await main();
