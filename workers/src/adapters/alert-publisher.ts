/**
 * Publishes care-transition alerts to the gateway: Redis pub/sub on one channel for every tenant (each server
 * instance subscribes once and sends to its own sockets). At most once by design — the queue row the alert is about
 * is committed before and is what a screen that missed the alert finds.
 */
import type { CareAlert, CareAlertMessage } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';

export function createAlertPublisher(
  redis: Redis,
  keys: KeySpace,
): (tenantId: string, alerts: CareAlert[]) => Promise<void> {
  return async (tenantId, alerts) => {
    const message: CareAlertMessage = { tenantId, alerts };
    await redis.publish(keys.careAlerts(), JSON.stringify(message));
  };
}
