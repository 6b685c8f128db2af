// A preparation thread that dies on its first batch, as one killed by an out-of-memory error would.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(3));
