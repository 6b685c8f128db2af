/**
 * What every benchmark section shares: the number of timed runs, the median, and the generated ACO the engine
 * benchmarks read (generated once per `pnpm bench`; generation is never timed).
 */
import type { ClaimEvent, ClinicalEvent } from '@benchline/shared';
import type { MemberProfile } from '@benchline/workers';
import { mergeMemberRecords } from '@benchline/workers';
import { Worker } from 'node:worker_threads';
import { demoAco } from '../../tools/src/demo/demo-data.js';

export const RUNS = 3;

export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Seconds per run, for RUNS runs after one untimed warm-up. */
export function timeRuns(work: () => void): number[] {
  work();
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    work();
    seconds.push((performance.now() - started) / 1000);
  }
  return seconds;
}

export const formatSeconds = (seconds: number[]): string => seconds.map((s) => s.toFixed(2)).join(' / ');

/** The demo generator's ACO: two years of data to June 2026, so 2025 is a whole year for every engine. */
export const POPULATION = { members: 10_000, months: 24, seed: 7, endMonth: '2026-06' } as const;

export interface BenchMember {
  profile: MemberProfile;
  claims: readonly ClaimEvent[];
  clinical: readonly ClinicalEvent[];
}

let population: BenchMember[] | undefined;

export function benchPopulation(): BenchMember[] {
  if (population === undefined) {
    population = [];
    for (const bundle of demoAco(POPULATION).members()) {
      const profile = mergeMemberRecords([bundle.member]);
      if (profile !== null) {
        population.push({ profile, claims: bundle.claims, clinical: bundle.clinical });
      }
    }
  }
  return population;
}

export function describePopulation(members: BenchMember[]): string {
  const claims = members.reduce((sum, m) => sum + m.claims.length, 0);
  const clinical = members.reduce((sum, m) => sum + m.clinical.length, 0);
  return `the demo generator's ACO (${members.length.toLocaleString('en-US')} members, ${POPULATION.months} months to ${POPULATION.endMonth}, seed ${POPULATION.seed}; ${claims.toLocaleString('en-US')} claim versions, ${clinical.toLocaleString('en-US')} clinical events)`;
}

/** The p-th percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** A worker thread running `file` (relative to this folder) and its messages in order. */
export function thread<T>(file: string, data: unknown): { worker: Worker; next: () => Promise<T> } {
  const worker = new Worker(new URL(file, import.meta.url), { workerData: data });
  const queue: T[] = [];
  const waiting: ((value: T) => void)[] = [];
  let failure: Error | null = null;
  const failed: ((error: Error) => void)[] = [];
  worker.on('message', (message: T) => {
    const resolve = waiting.shift();
    if (resolve) {
      resolve(message);
    } else {
      queue.push(message);
    }
  });
  worker.on('error', (error) => {
    failure = error;
    failed.splice(0).forEach((reject) => reject(error));
  });
  return {
    worker,
    next: () =>
      new Promise<T>((resolve, reject) => {
        if (failure !== null) {
          return reject(failure);
        }
        const ready = queue.shift();
        if (ready !== undefined) {
          return resolve(ready);
        }
        waiting.push(resolve);
        failed.push(reject);
      }),
  };
}
