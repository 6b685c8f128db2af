/** A typed socket.io-client for tests, recording every view change it receives. */
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
  ViewChanged,
  ViewId,
  ViewState,
} from '@benchline/shared';
import { io, type Socket } from 'socket.io-client';

export interface TestClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  changes: ViewChanged[];
  subscribe(viewId: ViewId): Promise<ViewState>;
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
    async subscribe(viewId) {
      const reply = (await socket.timeout(5000).emitWithAck('view:subscribe', { viewId })) as Ack<ViewState>;
      if (!reply.ok) {
        throw new Error(`subscribe failed: ${reply.error.code}`);
      }
      return reply.data;
    },
    close: () => {
      socket.disconnect();
    },
  };
}
