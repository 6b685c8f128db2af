/**
 * What a test runs as a worker child process: the real worker entry (workers/src/main.ts), plus one thing a
 * test needs and production does not — the process ends as soon as its parent's end of stdin closes, so a test
 * runner killed hard (or crashing) never leaves workers running behind it. Spawned by worker-process.ts.
 */
process.stdin.on('end', () => process.exit(1));
process.stdin.resume();
await import('../../workers/src/main.js');
