/**
 * The child process of the finance bench (finance.ts): reads one `CellsJob` (v8-serialised) on stdin, times the
 * projection from the cells and the fold of the last paid month's claim versions, and answers a `CellsResult` on
 * stdout. Its own process, so its heap holds what a pipeline job would — not the tenant's claim versions.
 */
import { deserialize, serialize } from 'node:v8';
import type { CellsJob } from './finance.js';
import { runCellsJob } from './finance.js';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk as Buffer);
}
process.stdout.write(serialize(runCellsJob(deserialize(Buffer.concat(chunks)) as CellsJob)));
