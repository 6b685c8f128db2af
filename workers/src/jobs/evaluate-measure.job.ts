/**
 * The `$evaluate-measure` processor: one measure over one member (an individual report, or a summary of one) or
 * over every member of the tenant (a summary), for the period asked. It loads facts through the facts store,
 * merges the member's records, runs the measure engine and builds the MeasureReport (domain/measures/
 * measure-report.ts), then leaves the report under its expiring key for the server; the job returns only how many
 * members it read. Members are evaluated a page at a time, each page's facts loaded concurrently over the one
 * connection (so the reads are pipelined), and only the running counts are kept.
 *
 * A malformed job is unrecoverable; a Redis error fails the job, and the server answers 503 (a request/reply job
 * is not retried: the client is waiting and retries itself).
 */
import type { EvaluateMeasureJob, EvaluateMeasureReply, KeySpace } from '@benchline/shared/backend';
import {
  EVALUATE_MEASURE_QUEUE,
  EvaluateMeasureJob as EvaluateMeasureJobSchema,
  createKeySpace,
} from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Compile } from 'typebox/compile';
import type { EvaluationStore } from '../adapters/evaluation-store.js';
import { createEvaluationStore } from '../adapters/evaluation-store.js';
import type { FactsStore } from '../adapters/facts-store.js';
import { createFactsStore } from '../adapters/facts-store.js';
import type { WorkerConfig } from '../config.js';
import { currentClaims } from '../domain/claims.js';
import type { MeasureId, MeasureResult, MeasureTerminology, Period } from '../domain/measures/index.js';
import { evaluateMeasures, isMeasureId, loadMeasureTerminology } from '../domain/measures/index.js';
import type { MeasureReport } from '../domain/measures/measure-report.js';
import {
  addToTally,
  emptyTally,
  individualMeasureReport,
  summaryMeasureReport,
} from '../domain/measures/measure-report.js';
import { mergeMemberRecords } from '../domain/member-profile.js';
import type { MemberFacts } from '../domain/member-result.js';
import { loadEcqmValueSets, readReferenceText } from '../reference/index.js';

export interface EvaluateMeasureDeps {
  facts: Pick<FactsStore, 'load'>;
  evaluations: EvaluationStore;
  terminology: MeasureTerminology;
  /** Members loaded at once when evaluating a whole tenant. */
  pageSize?: number;
  /** The report's date; injected so tests control it. */
  now: () => Date;
}

const isEvaluateMeasureJob = Compile(EvaluateMeasureJobSchema);

export function createEvaluateMeasureProcessor(
  deps: EvaluateMeasureDeps,
): (job: Job<EvaluateMeasureJob>) => Promise<EvaluateMeasureReply> {
  return async (job) => {
    if (!isEvaluateMeasureJob.Check(job.data) || job.id === undefined) {
      throw new UnrecoverableError('malformed evaluate-measure job');
    }
    const { tenantId, measureId, periodStart, periodEnd, reportType, subject } = job.data;
    if (!isMeasureId(measureId) || periodEnd < periodStart) {
      throw new UnrecoverableError('malformed evaluate-measure job');
    }
    const period: Period = { start: periodStart, end: periodEnd };
    const date = deps.now().toISOString();
    let report: MeasureReport;
    let members: number;
    if (subject !== undefined) {
      const { facts } = await deps.facts.load(tenantId, subject.memberId);
      const result = evaluate(facts, measureId, period, deps.terminology);
      members = 1;
      if (reportType === 'individual') {
        const fhirEventIds = new Set(
          facts.clinical.filter((event) => event.source === 'fhir').map((event) => event.clinicalId),
        );
        report = individualMeasureReport(result, { date, subject: subject.reference, fhirEventIds });
      } else {
        const tally = emptyTally(measureId, period);
        addToTally(tally, result);
        report = summaryMeasureReport(tally, { date, subject: subject.reference });
      }
    } else {
      if (reportType === 'individual') {
        throw new UnrecoverableError('an individual report needs a subject');
      }
      const tally = emptyTally(measureId, period);
      for await (const page of deps.evaluations.memberIds(tenantId, deps.pageSize)) {
        const loaded = await Promise.all(page.map((memberId) => deps.facts.load(tenantId, memberId)));
        for (const { facts } of loaded) {
          addToTally(tally, evaluate(facts, measureId, period, deps.terminology));
        }
      }
      members = tally.members;
      report = summaryMeasureReport(tally, { date });
    }
    await deps.evaluations.saveReport(tenantId, job.id, report);
    return { members };
  };
}

/** One measure for one member, from their facts as the live pipeline reads them. */
function evaluate(
  facts: MemberFacts,
  measureId: MeasureId,
  period: Period,
  terminology: MeasureTerminology,
): MeasureResult {
  const patient = {
    memberId: facts.memberId,
    profile: mergeMemberRecords(facts.records),
    clinical: facts.clinical,
    claims: currentClaims(facts.claims),
  };
  const [result] = evaluateMeasures([measureId], patient, period, terminology);
  if (result === undefined) {
    throw new Error('the measure engine returned no result');
  }
  return result;
}

/**
 * The `$evaluate-measure` worker, over the worker process's Redis connection; the measure terminology is read
 * once, here. Called by startWorkers, closed with it.
 */
export async function startEvaluateMeasureWorker(
  config: Pick<WorkerConfig, 'redisUrl' | 'keyPrefix' | 'concurrency'>,
  redis: Redis,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  const keys: KeySpace = createKeySpace(config.keyPrefix);
  const processor = createEvaluateMeasureProcessor({
    facts: createFactsStore(redis, keys),
    evaluations: createEvaluationStore(redis, keys),
    terminology: loadMeasureTerminology(readReferenceText, loadEcqmValueSets()),
    now: () => new Date(),
  });
  const worker = new Worker<EvaluateMeasureJob, EvaluateMeasureReply>(EVALUATE_MEASURE_QUEUE, processor, {
    // BullMQ needs its blocking connection to retry forever rather than fail a pending command.
    connection: { url: config.redisUrl, maxRetriesPerRequest: null },
    prefix: keys.bullPrefix,
    concurrency: config.concurrency,
  });
  worker.on('failed', (job, error) => {
    // Ids only: never the member or the report.
    logger.error(
      { jobId: job?.id, tenantId: job?.data.tenantId, measureId: job?.data.measureId, err: error.message },
      'evaluate-measure job failed',
    );
  });
  worker.on('error', (error) => {
    logger.error({ err: error.message }, 'evaluate-measure worker error');
  });
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
