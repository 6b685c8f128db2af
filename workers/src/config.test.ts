import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.js';

describe('loadWorkerConfig', () => {
  it('works every queue unless told which, and refuses a queue that does not exist', () => {
    expect(loadWorkerConfig({}).queues).toBeUndefined();
    expect(loadWorkerConfig({ BENCHLINE_WORKER_QUEUES: 'apply-events, finance-view' }).queues).toEqual([
      'apply-events',
      'finance-view',
    ]);
    expect(() => loadWorkerConfig({ BENCHLINE_WORKER_QUEUES: 'apply-events,nope' })).toThrow('/queues/1');
    expect(() => loadWorkerConfig({ BENCHLINE_WORKER_QUEUES: 'apply-events,apply-events' })).toThrow('/queues');
  });
});
