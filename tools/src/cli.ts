#!/usr/bin/env node
/**
 * The benchline command line: `benchline <command> [options]`. Each command lives in commands/ and returns its
 * exit code; this file only dispatches.
 */
import { runFeed } from './commands/feed.js';
import { runGenerate } from './commands/generate.js';
import { runImport } from './commands/import.js';
import { runMeasures } from './commands/measures.js';
import { runRebuild } from './commands/rebuild.js';
import { runRisk } from './commands/risk.js';
import { runStart } from './commands/start.js';
import { runUsers } from './commands/users.js';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; summary: string }> = {
  start: { run: runStart, summary: 'start Redis (if needed), server, workers and the demo ACO with a live feed' },
  generate: { run: runGenerate, summary: 'write a synthetic ACO (members, providers, claims, clinical) as NDJSON' },
  import: { run: runImport, summary: "stream NDJSON files into a tenant's event store (--dry-run to check only)" },
  rebuild: { run: runRebuild, summary: "recompute a tenant's read models from its event store (--tenant T)" },
  risk: { run: runRisk, summary: 'score CMS model-software input files (persons, diagnoses) with V28 or V24' },
  measures: {
    run: runMeasures,
    summary: 'evaluate eCQMs (CMS122/125/130/165/2) over FHIR input; CSV of populations per patient',
  },
  feed: { run: runFeed, summary: "stream a synthetic ACO's live feed of claims into a server at a given rate" },
  users: { run: runUsers, summary: 'add someone who can sign in (the first admin, say): users add --tenant --login …' },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return ['usage: benchline <command> [options]', '', 'commands:', ...lines].join('\n');
}

const [name, ...argv] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (command === undefined) {
  console.error(usage());
  process.exit(name === undefined || name === '--help' || name === '-h' ? 0 : 2);
}
process.exitCode = await command.run(argv);
