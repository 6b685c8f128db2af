/** A typed socket.io-client for tests, recording every view change it receives. */
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
  ViewChanged,
  ViewChangedOf,
  ViewId,
  ViewState,
  ViewStateOf,
} from '@benchline/shared';
import { io, type Socket } from 'socket.io-client';

export interface TestClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Every change received, in order. */
  changes: ViewChanged[];
  /** The changes of one view. */
  changesOf<K extends ViewId>(viewId: K): ViewChangedOf<K>[];
  subscribe<K extends ViewId>(viewId: K): Promise<ViewStateOf<K>>;
  close(): void;
}

export async function connectClient(url: string, tenantId: string): Promise<TestClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { tenantId },
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
      const reply = (await socket.timeout(5000).emitWithAck('view:subscribe', { viewId })) as Ack<ViewState>;
      if (!reply.ok) {
        throw new Error(`subscribe failed: ${reply.error.code}`);
      }
      if (reply.data.viewId !== viewId) {
        throw new Error(`asked for ${viewId}, got ${reply.data.viewId}`);
      }
      return reply.data as ViewStateOf<K>;
    },
    close: () => {
      socket.disconnect();
    },
  };
}
