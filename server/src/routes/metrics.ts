/**
 * GET /metrics — what an operator graphs and alerts on, in the Prometheus text format: every pipeline queue's
 * jobs by state (a malformed job lands in `failed` and stays there, visible, instead of retrying forever), and how
 * long the oldest waiting job has waited (the pipeline's lag). Queue totals only — no tenant, member or event
 * appears — so it can be scraped without a key; restrict it at the network edge as usual.
 */
import { PUBLIC } from '../plugins/app/auth.js';
import {
  APPLY_EVENTS_QUEUE,
  DAILY_REFRESH_QUEUE,
  EVALUATE_MEASURE_QUEUE,
  FINANCE_VIEW_QUEUE,
  PATIENT_PANEL_QUEUE,
  RECOMPUTE_MEMBERS_QUEUE,
  SWEEP_MEMBERS_QUEUE,
} from '@benchline/shared/backend';
import { Queue } from 'bullmq';
import type { FastifyPluginAsync } from 'fastify';
import { errorBody } from '../http/errors.js';

const QUEUES = [
  APPLY_EVENTS_QUEUE,
  RECOMPUTE_MEMBERS_QUEUE,
  SWEEP_MEMBERS_QUEUE,
  FINANCE_VIEW_QUEUE,
  EVALUATE_MEASURE_QUEUE,
  PATIENT_PANEL_QUEUE,
  DAILY_REFRESH_QUEUE,
] as const;
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;

const metrics: FastifyPluginAsync = async (app) => {
  // Reads only, on the app's own connection: no blocking commands, no extra connections per queue.
  const queues = QUEUES.map((name) => new Queue(name, { connection: app.redis, prefix: app.keys.bullPrefix }));
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  });

  app.get('/metrics', { schema: { hide: true }, config: { access: PUBLIC } }, async (_request, reply) => {
    const lines = [
      '# HELP benchline_queue_jobs Jobs in each pipeline queue, by state.',
      '# TYPE benchline_queue_jobs gauge',
    ];
    const lag = [
      '# HELP benchline_queue_oldest_waiting_seconds How long the oldest job waiting in each queue has waited.',
      '# TYPE benchline_queue_oldest_waiting_seconds gauge',
    ];
    try {
      const now = Date.now();
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...STATES);
        for (const state of STATES) {
          lines.push(`benchline_queue_jobs{queue="${queue.name}",state="${state}"} ${counts[state] ?? 0}`);
        }
        const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
        lag.push(
          `benchline_queue_oldest_waiting_seconds{queue="${queue.name}"} ${oldest === undefined ? 0 : Math.max(0, (now - oldest.timestamp) / 1000)}`,
        );
      }
    } catch {
      return reply
        .code(503)
        .header('retry-after', '5')
        .send(errorBody('SERVICE_UNAVAILABLE', 'redis is not answering'));
    }
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${[...lines, ...lag].join('\n')}\n`);
  });
};

export default metrics;
