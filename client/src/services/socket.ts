/**
 * The one Socket.IO connection of this tab, typed by the event maps in @benchline/shared. Components never
 * touch it: stores are fed through composables/use-live-view.ts. It connects only once signed in (the auth store
 * opens and closes it): the gateway authenticates the handshake by the session cookie, which the browser sends
 * because the socket is same-origin — nothing else identifies the tab. Reconnection retries forever with backoff —
 * a wall screen must come back by itself after a network drop, however long.
 */
import type { ClientToServerEvents, ServerToClientEvents } from '@benchline/shared';
import { io, type Socket } from 'socket.io-client';

export type BenchlineSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const socket: BenchlineSocket = io({
  autoConnect: false,
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 500,
  reconnectionDelayMax: 10_000,
  timeout: 10_000,
});

/** How long a command waits for its acknowledgement before it is treated as lost. */
export const ACK_TIMEOUT_MS = 8000;
