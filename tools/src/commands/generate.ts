/**
 * `benchline generate`: writes a synthetic ACO as NDJSON — members.ndjson, providers.ndjson, claims.ndjson and
 * clinical.ndjson, one canonical event per line — streaming member by member so memory stays flat whatever
 * --members says. Prints one summary line per file (event count and bytes); nothing about any member.
 *
 *   benchline generate [--members 10000] [--months 24] [--seed 7] [--end 2025-09] [--out ./generated]
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSyntheticAco, DEFAULT_GENERATOR_OPTIONS, loadGeneratorReference } from '../generator/index.js';

const USAGE = `usage: benchline generate [--members N] [--months M] [--seed S] [--end YYYY-MM] [--out DIR]

  --members  number of members (default ${DEFAULT_GENERATOR_OPTIONS.members})
  --months   length of the window in months, ending at --end (default ${DEFAULT_GENERATOR_OPTIONS.months})
  --seed     random seed; the same flags always give the same bytes (default ${DEFAULT_GENERATOR_OPTIONS.seed})
  --end      last month of the window; the as-of date is its last day (default ${DEFAULT_GENERATOR_OPTIONS.endMonth})
  --out      output directory (default ./generated)
`;

/** An NDJSON file being written, with backpressure and a running count of events and bytes. */
class NdjsonFile {
  events = 0;
  bytes = 0;
  private readonly stream: WriteStream;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  /** Writes a batch of events; waits for the stream to drain when its buffer is full. */
  async write(events: readonly unknown[]): Promise<void> {
    if (events.length === 0) {
      return;
    }
    let chunk = '';
    for (const event of events) {
      chunk += `${JSON.stringify(event)}\n`;
    }
    this.events += events.length;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) {
      await once(this.stream, 'drain');
    }
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^-?[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`--${name} must be an integer from ${min} to ${max} (got "${text}")`);
  }
  return value;
}

export async function runGenerate(argv: string[]): Promise<number> {
  let options: { members: number; months: number; seed: number; endMonth: string; out: string };
  try {
    const { values } = parseArgs({
      // A leading "--" (as `tsx -e … -- --members 100` passes it) is not an option terminator here.
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options: {
        members: { type: 'string', default: String(DEFAULT_GENERATOR_OPTIONS.members) },
        months: { type: 'string', default: String(DEFAULT_GENERATOR_OPTIONS.months) },
        seed: { type: 'string', default: String(DEFAULT_GENERATOR_OPTIONS.seed) },
        end: { type: 'string', default: DEFAULT_GENERATOR_OPTIONS.endMonth },
        out: { type: 'string', default: './generated' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(values.end)) {
      throw new RangeError(`--end must be a month, YYYY-MM (got "${values.end}")`);
    }
    options = {
      members: parseInteger('members', values.members, 1, 10_000_000),
      months: parseInteger('months', values.months, 1, 120),
      seed: parseInteger('seed', values.seed, 0, 0xffff_ffff),
      endMonth: values.end,
      out: resolve(values.out),
    };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }

  const started = performance.now();
  const aco = createSyntheticAco(options, loadGeneratorReference());
  mkdirSync(options.out, { recursive: true });
  const files = {
    members: new NdjsonFile(join(options.out, 'members.ndjson')),
    providers: new NdjsonFile(join(options.out, 'providers.ndjson')),
    claims: new NdjsonFile(join(options.out, 'claims.ndjson')),
    clinical: new NdjsonFile(join(options.out, 'clinical.ndjson')),
  };
  try {
    await files.providers.write(aco.providers);
    for (const bundle of aco.members()) {
      await files.members.write([bundle.member]);
      await files.claims.write(bundle.claims);
      await files.clinical.write(bundle.clinical);
    }
  } finally {
    await Promise.all(Object.values(files).map((file) => file.close()));
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `synthetic ACO: ${options.members} members, ${aco.window.startMonth} … ${aco.window.endMonth}, as of ${aco.window.asOf}, seed ${options.seed} (${seconds} s)\n`,
  );
  for (const file of Object.values(files)) {
    process.stdout.write(`${file.path}  ${file.events.toLocaleString('en-US')} events  ${formatBytes(file.bytes)}\n`);
  }
  return 0;
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(1)} kB`;
}
