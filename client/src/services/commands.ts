/**
 * The socket commands stores send: each one acknowledged, with a timeout, and answered as an Ack whatever happens —
 * a lost acknowledgement becomes TIMEOUT and a closed connection SERVICE_UNAVAILABLE, so callers handle one shape.
 * Stores use this; components never touch the socket.
 */
import type { Ack, AppError, ClientToServerEvents } from '@benchline/shared';
import { ACK_TIMEOUT_MS, socket } from './socket.js';

/** Commands with an acknowledgement (every client → server event has one). */
export type CommandName = keyof ClientToServerEvents;
export type CommandRequest<E extends CommandName> = Parameters<ClientToServerEvents[E]>[0];
export type CommandReply<E extends CommandName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** What the stores need from the transport; tests stand in their own. */
export interface CommandTransport {
  send<E extends CommandName>(event: E, request: CommandRequest<E>, timeoutMs?: number): Promise<CommandReply<E>>;
}

function failed(code: AppError['code'], message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}

export const commands: CommandTransport = {
  async send(event, request, timeoutMs = ACK_TIMEOUT_MS) {
    if (!socket.connected) {
      // socket.io would buffer it until the next connection; a coordinator's action must not fire minutes later.
      return failed('SERVICE_UNAVAILABLE', 'not connected');
    }
    // socket.io's types lose the event map once a timeout is set on a generic event name; the map says what comes back.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: string, request: unknown): Promise<unknown>;
    };
    try {
      return (await timed.emitWithAck(event, request)) as CommandReply<typeof event>;
    } catch {
      return failed('TIMEOUT', 'no answer in time');
    }
  },
};

/** A client-made command id (uuid v4): a retried command carries the same one, so the server sees a duplicate. */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  // randomUUID needs a secure context; a plain-http LAN address is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
