/**
 * `benchline feed`: streams a synthetic ACO's live feed into any Benchline server at a steady rate — the claims
 * that become available day by day after the generated as-of date (run-out, new services, adjustments and
 * cancels). Use it with the same flags as `benchline generate` to continue a population you loaded.
 *
 *   benchline feed --api-key KEY [--url http://127.0.0.1:3000] [--rate 5] [--members 10000] [--months 24]
 *                  [--seed 7] [--end 2025-09]
 */
import { parseArgs } from 'node:util';
import { demoAco, startLiveFeed } from '../demo/demo-data.js';
import { DEFAULT_GENERATOR_OPTIONS } from '../generator/index.js';

export async function runFeed(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      'api-key': { type: 'string', default: process.env.BENCHLINE_API_KEY },
      rate: { type: 'string', default: '5' },
      members: { type: 'string', default: String(DEFAULT_GENERATOR_OPTIONS.members) },
      months: { type: 'string', default: String(DEFAULT_GENERATOR_OPTIONS.months) },
      seed: { type: 'string', default: String(DEFAULT_GENERATOR_OPTIONS.seed) },
      end: { type: 'string', default: DEFAULT_GENERATOR_OPTIONS.endMonth },
    },
  });
  const apiKey = values['api-key'];
  const rate = Number(values.rate);
  if (apiKey === undefined || apiKey.length === 0 || !(rate > 0)) {
    console.error(
      'usage: benchline feed --api-key KEY (or BENCHLINE_API_KEY) [--url URL] [--rate N] [generator flags]',
    );
    return 2;
  }
  const aco = demoAco({
    members: Number(values.members),
    months: Number(values.months),
    seed: Number(values.seed),
    endMonth: values.end,
  });
  let lastDay = aco.window.asOf;
  const feed = startLiveFeed({
    aco,
    resumeAfter: null,
    baseUrl: values.url.replace(/\/$/, ''),
    apiKey,
    ratePerSecond: rate,
    onDayPosted: async (day) => {
      if (day !== lastDay) {
        lastDay = day;
        process.stdout.write(`simulated day ${day} posted\n`);
      }
    },
    log: (line) => void process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `feeding ${values.url} at about ${rate} claims a second from ${aco.window.asOf}; Ctrl-C stops\n`,
  );
  await Promise.race([
    feed.finished,
    new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }),
  ]);
  await feed.stop();
  return 0;
}
