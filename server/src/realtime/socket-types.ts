/** The typed Socket.IO server and socket, from the event maps in @benchline/shared. */
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '@benchline/shared';
import type { Server, Socket } from 'socket.io';

export type BenchlineServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type BenchlineSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
