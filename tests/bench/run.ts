/**
 * `pnpm bench [section…]`: measures what the issues set speed targets for, each beside a baseline or a count
 * that gives it meaning, and writes a dated report (tests/bench/reports/<date>.md). Timings live here, never in
 * tests. Sections: ingest (ingest.ts), risk (risk.ts), measures (measures.ts), finance (finance.ts), pipeline
 * (pipeline.ts) and latency (latency.ts); all by default. Running some sections replaces only theirs in today's report and keeps the
 * others (report.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RUNS } from './common.js';
import { benchFinance } from './finance.js';
import { benchIngest } from './ingest.js';
import { benchLatency } from './latency.js';
import { benchMeasures } from './measures.js';
import { benchPipeline } from './pipeline.js';
import { mergeReport } from './report.js';
import { benchRisk } from './risk.js';

const REPORTS = fileURLToPath(new URL('./reports/', import.meta.url));

const SECTIONS: Record<string, () => string[] | Promise<string[]>> = {
  ingest: benchIngest,
  risk: benchRisk,
  measures: benchMeasures,
  finance: benchFinance,
  pipeline: benchPipeline,
  latency: benchLatency,
};

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
  const names = asked.length > 0 ? asked : Object.keys(SECTIONS);
  const today = new Date().toISOString().slice(0, 10);
  const preamble = [
    `# Benchline benchmark — ${today}`,
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}. Median of ${RUNS} runs.`,
    '',
  ];
  const sections: string[][] = [];
  for (const name of names) {
    process.stderr.write(`bench: ${name}…\n`);
    sections.push(await (SECTIONS[name] as () => string[] | Promise<string[]>)());
  }
  const path = `${REPORTS}${today}.md`;
  // All sections: the report is written whole. Some: today's report keeps the sections that were not run.
  const earlier = asked.length > 0 && existsSync(path) ? readFileSync(path, 'utf8') : null;
  const text = mergeReport(earlier, preamble, sections);
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(path, text);
  process.stdout.write(`${text}\nwritten to tests/bench/reports/${today}.md\n`);
}

await main();
