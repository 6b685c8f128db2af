/** A preparation thread: takes batches of line texts, answers each line prepared or refused (line-preparation.ts). */
import { parentPort } from 'node:worker_threads';
import { prepareCanonicalLine } from './line-preparation.js';
import type { PreparationReply, PreparationTask } from './line-preparation-pool.js';

parentPort?.on('message', (task: PreparationTask) => {
  const reply: PreparationReply = {
    id: task.id,
    lines: task.texts.map((text) => prepareCanonicalLine(text, task.source)),
  };
  parentPort?.postMessage(reply);
});
