import type { ViewChanged, ViewRef, ViewState } from '../views/index.js';
import type { Ack } from './ack.js';

/** Client → server commands, `noun:verb` in the imperative. Every payload is validated on arrival. */
export interface ClientToServerEvents {
  'view:subscribe': (ref: ViewRef, ack: (res: Ack<ViewState>) => void) => void;
  'view:unsubscribe': (ref: ViewRef, ack: (res: Ack<null>) => void) => void;
}

/** Server → client events, in the past tense. */
export interface ServerToClientEvents {
  'view:changed': (change: ViewChanged) => void;
}

/** Between server instances (the Redis adapter, when several run). */
export type InterServerEvents = Record<string, never>;

/** What the gateway knows about a connected socket after the handshake. */
export interface SocketData {
  tenantId: string;
}

/** Room name for one tenant's view. Tenant ids contain no colon (see TenantId). */
export function viewRoom(tenantId: string, viewId: string): string {
  return `t:${tenantId}:v:${viewId}`;
}
