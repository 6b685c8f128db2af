import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = `
import { readdirSync, readFileSync } from 'node:fs';
import { lowerProcessPriority } from ${JSON.stringify(fileURLToPath(new URL('./process-priority.ts', import.meta.url)))};
const niceOf = (tid) => {
  const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
  // Fields after the command's closing parenthesis: state is field 3, nice field 19.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};
const before = readdirSync('/proc/self/task').map(niceOf);
const reached = lowerProcessPriority(7);
const after = readdirSync('/proc/self/task').map(niceOf);
console.log(JSON.stringify({ before, reached, after }));
`;

describe('lowerProcessPriority', () => {
  it.runIf(process.platform === 'linux')('lowers every thread of the process, not only the main one', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const { before, reached, after } = JSON.parse(out) as { before: number[]; reached: number; after: number[] };
    // Node starts V8's platform threads (garbage collection, compilation) before any user code.
    expect(before.length).toBeGreaterThan(1);
    expect(before.every((nice) => nice < 7)).toBe(true);
    expect(reached).toBe(before.length);
    expect(after.every((nice) => nice === 7)).toBe(true);
  });
});
