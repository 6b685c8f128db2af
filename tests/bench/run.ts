/**
 * `pnpm bench [section…]`: measures what the issues set speed targets for, each beside a baseline or a count
 * that gives it meaning, and writes a dated report (tests/bench/reports/<date>.md). Timings live here, never in
 * tests. Sections: ingest (ingest.ts), risk (risk.ts), measures (measures.ts); all by default.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RUNS } from './common.js';
import { benchIngest } from './ingest.js';
import { benchMeasures } from './measures.js';
import { benchRisk } from './risk.js';

const REPORTS = fileURLToPath(new URL('./reports/', import.meta.url));

const SECTIONS: Record<string, () => string[] | Promise<string[]>> = {
  ingest: benchIngest,
  risk: benchRisk,
  measures: benchMeasures,
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
  const report = [
    `# Benchline benchmark — ${today}`,
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}. Median of ${RUNS} runs.`,
    '',
  ];
  for (const name of names) {
    process.stderr.write(`bench: ${name}…\n`);
    report.push(...(await (SECTIONS[name] as () => string[] | Promise<string[]>)()));
  }
  const text = report.join('\n');
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(`${REPORTS}${today}.md`, text);
  process.stdout.write(`${text}\nwritten to tests/bench/reports/${today}.md\n`);
}

await main();
