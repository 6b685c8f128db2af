/**
 * The patient-panel processor: one member's panel, computed on demand from their facts (through the facts store)
 * against the tenant context the pipeline computes members against, with the engine configuration the pipeline
 * uses (domain/patient-panel.ts); the panel is left under its expiring key for the server, and the job returns
 * counts only. It writes nothing else: no member result, no roll-up — a read, not a recompute.
 *
 * A malformed job is unrecoverable; a Redis error fails the job and the server answers 503 (a request/reply job is
 * not retried: the coordinator is waiting and retries themselves).
 */
import type { KeySpace, PatientPanelJob, PatientPanelReply } from '@benchline/shared/backend';
import {
  PATIENT_PANEL_QUEUE,
  PatientPanelJob as PatientPanelJobSchema,
  createKeySpace,
} from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Compile } from 'typebox/compile';
import type { FactsStore } from '../adapters/facts-store.js';
import type { PanelStore } from '../adapters/panel-store.js';
import { createPanelStore } from '../adapters/panel-store.js';
import type { WorkerConfig } from '../config.js';
import type { MemberResultConfig } from '../domain/member-result.js';
import { patientPanel } from '../domain/patient-panel.js';
import { currentTenantContext } from './recompute-members.js';

export interface PatientPanelDeps {
  facts: Pick<FactsStore, 'load' | 'tenantVersion' | 'loadTenant'>;
  panels: PanelStore;
  /** The engines' configuration as of now (today, the performance year, the tables): the pipeline's own. */
  engineConfig: () => MemberResultConfig;
}

const isPatientPanelJob = Compile(PatientPanelJobSchema);

export function createPatientPanelProcessor(
  deps: PatientPanelDeps,
): (job: Job<PatientPanelJob>) => Promise<PatientPanelReply> {
  return async (job) => {
    if (!isPatientPanelJob.Check(job.data) || job.id === undefined) {
      throw new UnrecoverableError('malformed patient-panel job');
    }
    const { tenantId, memberId } = job.data;
    const config = deps.engineConfig();
    const [{ facts }, tenant] = await Promise.all([
      deps.facts.load(tenantId, memberId),
      currentTenantContext(deps.facts, tenantId, config),
    ]);
    const panel = patientPanel(facts, tenant.context, config);
    await deps.panels.save(tenantId, job.id, panel);
    return {
      gaps: panel.gaps.length,
      openGaps: panel.gaps.filter((gap) => gap.state === 'open').length,
      hccs: panel.hccs.length,
      contracts: panel.attribution.length,
    };
  };
}

/**
 * The patient-panel worker, over the worker process's Redis connection and the pipeline's facts store and engine
 * configuration (the CMS tables are not read a second time, and the tenant context is derived once for both).
 * Called by startWorkers, closed with it.
 */
export async function startPatientPanelWorker(
  config: Pick<WorkerConfig, 'redisUrl' | 'keyPrefix' | 'concurrency'>,
  redis: Redis,
  logger: Logger,
  pipeline: Pick<PatientPanelDeps, 'facts' | 'engineConfig'>,
): Promise<{ close(): Promise<void> }> {
  const keys: KeySpace = createKeySpace(config.keyPrefix);
  const processor = createPatientPanelProcessor({
    facts: pipeline.facts,
    engineConfig: pipeline.engineConfig,
    panels: createPanelStore(redis, keys),
  });
  const worker = new Worker<PatientPanelJob, PatientPanelReply>(PATIENT_PANEL_QUEUE, processor, {
    // BullMQ needs its blocking connection to retry forever rather than fail a pending command.
    connection: { url: config.redisUrl, maxRetriesPerRequest: null },
    prefix: keys.bullPrefix,
    concurrency: config.concurrency,
  });
  worker.on('failed', (job, error) => {
    // Ids only: never the member, their facts or the panel.
    logger.error({ jobId: job?.id, tenantId: job?.data.tenantId, err: error.message }, 'patient-panel job failed');
  });
  worker.on('error', (error) => {
    logger.error({ err: error.message }, 'patient-panel worker error');
  });
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
