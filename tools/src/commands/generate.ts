/**
 * `benchline generate`: writes a synthetic ACO, streaming member by member so memory stays flat whatever
 * --members says. `--format ndjson` (the default) writes canonical events — members.ndjson, providers.ndjson,
 * claims.ndjson, clinical.ndjson, contracts.ndjson and rosters.ndjson, one event per line; `--format fhir` writes
 * the same ACO as FHIR bulk-data NDJSON, one file per resource type (Patient.ndjson, Coverage.ndjson,
 * ExplanationOfBenefit.ndjson, …), shaped as BCDA / Blue Button serve it (no contracts or rosters: BCDA serves
 * neither). `--format cclf` writes the members and claims as one monthly CMS CCLF delivery made on the as-of date
 * (generator/cclf-writer.ts; providers, contracts, clinical events and rosters have no CCLF file), ready for
 * `benchline import --format cclf`. Prints one summary line per file (count and bytes); nothing about any member.
 *
 *   benchline generate [--members 10000] [--months 24] [--seed 7] [--end 2025-09] [--format ndjson|fhir|cclf] [--out ./generated]
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, statSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FHIR_EXPORT_RESOURCE_TYPES,
  memberBundleToFhir,
  providersToFhir,
  type FhirResource,
} from '../generator/fhir/index.js';
import {
  createSyntheticAco,
  DEFAULT_GENERATOR_OPTIONS,
  loadGeneratorReference,
  type SyntheticAco,
  writeCclfDelivery,
} from '../generator/index.js';

const OUTPUT_FORMATS = ['ndjson', 'fhir', 'cclf'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const USAGE = `usage: benchline generate [--members N] [--months M] [--seed S] [--end YYYY-MM] [--format ndjson|fhir|cclf] [--out DIR]

  --members  number of members (default ${DEFAULT_GENERATOR_OPTIONS.members})
  --months   length of the window in months, ending at --end (default ${DEFAULT_GENERATOR_OPTIONS.months})
  --seed     random seed; the same flags always give the same bytes (default ${DEFAULT_GENERATOR_OPTIONS.seed})
  --end      last month of the window; the as-of date is its last day (default ${DEFAULT_GENERATOR_OPTIONS.endMonth})
  --format   ndjson: canonical events, one file per kind; fhir: FHIR R4 bulk-data NDJSON, one file per
             resource type; cclf: members and claims as a CMS CCLF delivery made on the as-of date (default ndjson)
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
  let options: { members: number; months: number; seed: number; endMonth: string; out: string; format: OutputFormat };
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
        format: { type: 'string', default: 'ndjson' },
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
    if (!(OUTPUT_FORMATS as readonly string[]).includes(values.format)) {
      throw new RangeError(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got "${values.format}")`);
    }
    options = {
      format: values.format as OutputFormat,
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
  const files =
    options.format === 'fhir'
      ? await writeFhir(aco, options.out)
      : options.format === 'cclf'
        ? await writeCclf(aco, options.out)
        : await writeEvents(aco, options.out);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `synthetic ACO: ${options.members} members, ${aco.window.startMonth} … ${aco.window.endMonth}, as of ${aco.window.asOf}, seed ${options.seed} (${seconds} s)\n`,
  );
  const noun = options.format === 'fhir' ? 'resources' : options.format === 'cclf' ? 'records' : 'events';
  for (const file of files) {
    process.stdout.write(`${file.path}  ${file.events.toLocaleString('en-US')} ${noun}  ${formatBytes(file.bytes)}\n`);
  }
  return 0;
}

/** Canonical events: one file per event kind. */
async function writeEvents(aco: SyntheticAco, out: string): Promise<NdjsonFile[]> {
  const files = {
    members: new NdjsonFile(join(out, 'members.ndjson')),
    providers: new NdjsonFile(join(out, 'providers.ndjson')),
    claims: new NdjsonFile(join(out, 'claims.ndjson')),
    clinical: new NdjsonFile(join(out, 'clinical.ndjson')),
    contracts: new NdjsonFile(join(out, 'contracts.ndjson')),
    rosters: new NdjsonFile(join(out, 'rosters.ndjson')),
  };
  try {
    await files.contracts.write(aco.contracts);
    await files.providers.write(aco.providers);
    for (const bundle of aco.members()) {
      await files.members.write([bundle.member]);
      await files.rosters.write(bundle.rosters);
      await files.claims.write(bundle.claims);
      await files.clinical.write(bundle.clinical);
    }
  } finally {
    await Promise.all(Object.values(files).map((file) => file.close()));
  }
  return Object.values(files);
}

/** FHIR bulk data: one `<ResourceType>.ndjson` per resource type, listed in a fixed order, empty types omitted. */
async function writeFhir(aco: SyntheticAco, out: string): Promise<NdjsonFile[]> {
  const files = new Map<string, NdjsonFile>();
  const write = async (resources: readonly FhirResource[]): Promise<void> => {
    const byType = new Map<string, FhirResource[]>();
    for (const resource of resources) {
      byType.set(resource.resourceType, [...(byType.get(resource.resourceType) ?? []), resource]);
    }
    for (const [type, batch] of byType) {
      let file = files.get(type);
      if (file === undefined) {
        file = new NdjsonFile(join(out, `${type}.ndjson`));
        files.set(type, file);
      }
      await file.write(batch);
    }
  };
  try {
    await write(providersToFhir(aco.providers));
    for (const bundle of aco.members()) {
      await write(memberBundleToFhir(bundle));
    }
  } finally {
    await Promise.all([...files.values()].map((file) => file.close()));
  }
  const order: readonly string[] = FHIR_EXPORT_RESOURCE_TYPES;
  return [...files.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([, file]) => file);
}

/**
 * A CCLF delivery: the writer reads members, then claims, so the ACO is generated twice (deterministically) rather
 * than held in memory.
 */
async function writeCclf(aco: SyntheticAco, out: string): Promise<{ path: string; events: number; bytes: number }[]> {
  const written = await writeCclfDelivery(
    {
      members: (function* () {
        for (const bundle of aco.members()) {
          yield bundle.member;
        }
      })(),
      claims: (function* () {
        for (const bundle of aco.members()) {
          yield* bundle.claims;
        }
      })(),
    },
    { folder: out, deliveryDate: aco.window.asOf },
  );
  return Object.entries(written.files).map(([type, name]) => {
    const path = join(out, name);
    return {
      path,
      events: type === 'CCLF0' ? 11 : written.records[type as keyof typeof written.records],
      bytes: statSync(path).size,
    };
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(1)} kB`;
}
