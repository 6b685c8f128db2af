/** A typed socket.io-client for tests, recording every view change it receives. */
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
  ViewChanged,
  ViewChangedOf,
  ViewId,
  ViewStateOf,
  ViewSync,
} from '@benchline/shared';
import { io, type Socket } from 'socket.io-client';

type CommandName = keyof ClientToServerEvents;
type CommandPayload<E extends CommandName> = Parameters<ClientToServerEvents[E]>[0];
type CommandReply<E extends CommandName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface TestClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Every change received, in order. */
  changes: ViewChanged[];
  /** The changes of one view. */
  changesOf<K extends ViewId>(viewId: K): ViewChangedOf<K>[];
  subscribe<K extends ViewId>(viewId: K): Promise<ViewStateOf<K>>;
  /** Sends a command and resolves with its acknowledgement (rejects when none comes within 5 s). */
  ask<E extends CommandName>(event: E, payload: CommandPayload<E>): Promise<CommandReply<E>>;
  close(): void;
}

/** Connects with a session cookie (see TestStack.signIn), as a signed-in browser tab does. */
export async function connectClient(url: string, session: { cookie: string }): Promise<TestClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    extraHeaders: { cookie: session.cookie },
    transports: ['websocket'],
    reconnection: false,
  });
  const changes: ViewChanged[] = [];
  socket.on('view:changed', (change) => changes.push(change));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    changes,
    changesOf<K extends ViewId>(viewId: K) {
      return changes.filter((change): change is ViewChangedOf<K> => change.viewId === viewId);
    },
    async subscribe<K extends ViewId>(viewId: K) {
      const reply = (await socket.timeout(5000).emitWithAck('view:subscribe', { viewId })) as Ack<ViewSync>;
      if (!reply.ok) {
        throw new Error(`subscribe failed: ${reply.error.code}`);
      }
      if (reply.data.mode !== 'snapshot' || reply.data.state.viewId !== viewId) {
        throw new Error(`asked for a ${viewId} snapshot, got ${JSON.stringify(reply.data).slice(0, 200)}`);
      }
      return reply.data.state as ViewStateOf<K>;
    },
    async ask(event, payload) {
      // socket.io's overloads cannot follow a generic event name; the event map fixes the types above.
      const timed = socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> };
      return (await timed.emitWithAck(event, payload)) as CommandReply<typeof event>;
    },
    close: () => {
      socket.disconnect();
    },
  };
}
