/**
 * Helpers for the security tests (tests/integration/security): raw socket commands whose answer may be a refusal
 * or nothing at all, sockets opened with chosen headers, waiting for the server to drop a socket, the audit trail
 * as records, and every value under a key prefix (to look for secrets stored in clear).
 */
import type { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';

/** What a command got back: the ack, or NO_ANSWER when none came in time. */
export type RawReply = { ok: true; data: unknown } | { ok: false; error: { code: string; message?: string } };

export const NO_ANSWER = 'NO_ANSWER';

/** Sends any event name with any payload and an ack; resolves with the reply or NO_ANSWER after `timeoutMs`. */
export async function askRaw(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 3000,
): Promise<RawReply | typeof NO_ANSWER> {
  try {
    return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as RawReply;
  } catch {
    return NO_ANSWER;
  }
}

/** The error code of a reply, `ok` for a success, or NO_ANSWER. */
export function codeOf(reply: RawReply | typeof NO_ANSWER): string {
  if (reply === NO_ANSWER) {
    return NO_ANSWER;
  }
  return reply.ok ? 'ok' : reply.error.code;
}

/**
 * Opens a socket with exactly these request headers (cookie, origin…); resolves with the connected socket, or with
 * the handshake's error message when the server refused it.
 */
export async function openSocket(
  url: string,
  headers: Record<string, string>,
): Promise<{ connected: true; socket: Socket } | { connected: false; error: string }> {
  const socket = io(url, {
    extraHeaders: headers,
    transports: ['websocket'],
    reconnection: false,
    timeout: 5000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true, socket }));
    socket.once('connect_error', (error: Error) => {
      socket.disconnect();
      resolve({ connected: false, error: error.message });
    });
  });
}

/** Resolves with the disconnect reason once the server drops the socket; rejects after `timeoutMs`. */
export function disconnection(socket: Socket, timeoutMs: number): Promise<string> {
  if (!socket.connected) {
    return Promise.resolve('already disconnected');
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the socket was still connected after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

export type AuditRecord = Record<string, string>;

/** A tenant's audit trail, oldest first, straight from its stream. */
export async function auditTrailOf(redis: Redis, streamKey: string): Promise<AuditRecord[]> {
  const entries = (await redis.xrange(streamKey, '-', '+')) as [string, string[]][];
  return entries.map(([id, fields]) => {
    const record: AuditRecord = { id };
    for (let i = 0; i + 1 < fields.length; i += 2) {
      record[fields[i]!] = fields[i + 1]!;
    }
    return record;
  });
}

/** Every key under `prefix:` with everything it holds as text (names, members, fields and values). */
export async function everythingUnder(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let text: string;
      switch (type) {
        case 'string':
          text = (await redis.get(key)) ?? '';
          break;
        case 'hash':
          text = JSON.stringify(await redis.hgetall(key));
          break;
        case 'set':
          text = JSON.stringify(await redis.smembers(key));
          break;
        case 'zset':
          text = JSON.stringify(await redis.zrange(key, '0', '-1'));
          break;
        case 'list':
          text = JSON.stringify(await redis.lrange(key, '0', '-1'));
          break;
        case 'stream':
          text = JSON.stringify(await redis.xrange(key, '-', '+'));
          break;
        default:
          text = '';
      }
      out.set(key, `${key}\n${text}`);
    }
  } while (cursor !== '0');
  return out;
}

/** The Set-Cookie header of a response for one cookie name, split into its value and attributes. */
export function setCookie(
  response: Response,
  name: string,
): { value: string; attributes: Map<string, string | true> } | null {
  for (const line of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    if (pair.slice(0, at) !== name) {
      continue;
    }
    return {
      value: pair.slice(at + 1),
      attributes: new Map(
        attributes.map((attribute): [string, string | true] => {
          const eq = attribute.indexOf('=');
          return eq < 0
            ? [attribute.toLowerCase(), true]
            : [attribute.slice(0, eq).toLowerCase(), attribute.slice(eq + 1)];
        }),
      ),
    };
  }
  return null;
}
