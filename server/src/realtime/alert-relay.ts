/**
 * Relays care-transition alerts from the workers (Redis pub/sub, see workers/src/adapters/alert-publisher.ts) to
 * the screens that should see them: the patient's coordinator's (every tab they have open on this instance), or,
 * for a patient nobody is assigned, everyone on the tenant's queue. Every server instance subscribes and sends only
 * to its own sockets, so each screen gets each alert once however many instances run. Each delivery is audited:
 * an alert names a patient (by member id) to the people it reaches.
 */
import type { CareAlert, CareAlertMessage } from '@benchline/shared';
import { userRoom, viewRoom } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

export interface AlertRelayOptions {
  /** A connection of its own: a subscribed connection can do nothing else. Closed by close(). */
  subscriber: Redis;
  keys: KeySpace;
  /** How many of this instance's sockets are in a room (0: nobody here to tell). */
  roomSize: (room: string) => number;
  emit: (room: string, alert: CareAlert) => void;
  audit: (tenantId: string, alert: CareAlert, room: string, screens: number) => Promise<void>;
  logger: FastifyBaseLogger;
}

export interface AlertRelay {
  /** Resolves once subscribed: alerts published before then are not seen (their rows are on the queue). */
  ready: Promise<void>;
  close(): Promise<void>;
}

function isAlertMessage(value: unknown): value is CareAlertMessage {
  const message = value as Partial<CareAlertMessage> | null;
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof message.tenantId === 'string' &&
    Array.isArray(message.alerts) &&
    message.alerts.every(
      (a: Partial<CareAlert> | null) =>
        typeof a === 'object' && a !== null && typeof a.alertId === 'string' && typeof a.memberId === 'string',
    )
  );
}

/** The room an alert goes to: its coordinator's screens, else everyone on the tenant's queue. */
export function alertRoom(tenantId: string, alert: Pick<CareAlert, 'coordinator'>): string {
  return alert.coordinator === null ? viewRoom(tenantId, 'gaps') : userRoom(tenantId, alert.coordinator);
}

export function createAlertRelay(options: AlertRelayOptions): AlertRelay {
  const channel = options.keys.careAlerts();
  options.subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) {
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = null;
    }
    if (!isAlertMessage(message)) {
      options.logger.warn({ channel }, 'care alert relay: a message that is not a care alert was ignored');
      return;
    }
    for (const alert of message.alerts) {
      const room = alertRoom(message.tenantId, alert);
      const screens = options.roomSize(room);
      if (screens === 0) {
        continue;
      }
      options.emit(room, alert);
      options.audit(message.tenantId, alert, room, screens).catch((error: unknown) => {
        options.logger.error({ err: (error as Error).message }, 'care alert relay: the audit record was not written');
      });
    }
  });
  const ready = options.subscriber.subscribe(channel).then(() => undefined);
  return {
    ready,
    async close() {
      await options.subscriber.quit().catch(() => options.subscriber.disconnect());
    },
  };
}
