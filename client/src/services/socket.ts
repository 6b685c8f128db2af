/**
 * The one Socket.IO connection of this tab, typed by the event maps in @benchline/shared. Components never
 * touch it: stores are fed through composables/use-live-view.ts. Reconnection retries forever with backoff —
 * a wall screen must come back by itself after a network drop, however long.
 */
import type { ClientToServerEvents, ServerToClientEvents } from '@benchline/shared';
import { io, type Socket } from 'socket.io-client';
import { identityHandshake } from './identity.js';
import { currentTenant } from './tenant.js';

export type BenchlineSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const socket: BenchlineSocket = io({
  autoConnect: false,
  // The development identity rides along until sign-in replaces it (services/identity.ts).
  auth: (send) => send({ tenantId: currentTenant(), ...identityHandshake() }),
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 500,
  reconnectionDelayMax: 10_000,
  timeout: 10_000,
});

/** How long a command waits for its acknowledgement before it is treated as lost. */
export const ACK_TIMEOUT_MS = 8000;
