/**
 * Where a finished patient panel waits for the server: one key per job, expiring after PATIENT_PANEL_TTL_SECONDS
 * (the server takes it with GETDEL as soon as the job completes). Nothing else of the panel is written anywhere —
 * not in the job's return value, which BullMQ keeps in clear text, and not per member.
 */
import type { KeySpace } from '@benchline/shared/backend';
import { PATIENT_PANEL_TTL_SECONDS } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export interface PanelStore {
  save(tenantId: string, jobId: string, panel: unknown): Promise<void>;
}

export function createPanelStore(redis: Redis, keys: KeySpace): PanelStore {
  return {
    async save(tenantId, jobId, panel) {
      await redis.set(keys.patientPanel(tenantId, jobId), JSON.stringify(panel), 'EX', PATIENT_PANEL_TTL_SECONDS);
    },
  };
}
