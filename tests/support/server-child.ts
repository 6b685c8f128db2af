/**
 * What a test runs as a server child process: the real server entry (server/src/server.ts), ending as soon as its
 * parent's end of stdin closes, so a test runner killed hard never leaves a server behind. See server-process.ts.
 */
process.stdin.on('end', () => process.exit(1));
process.stdin.resume();
await import('../../server/src/server.js');
