/**
 * Finds the Redis a command should use, or starts one. Used by `pnpm start` (a local Redis with AOF, data in
 * .benchline/redis, so the demo survives restarts), by the test run (a throwaway Redis without persistence
 * on a free port) and by the fault tests (a private Redis with AOF they kill with SIGKILL and start again). When no
 * Redis answers and none can be started, it fails with a message saying how to get one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface RedisService {
  url: string;
  /** True when this process started the server (and stop() will stop it). */
  started: boolean;
  /** SIGTERM (Redis writes its AOF and exits); resolves once it is gone. Nothing when it was not started here. */
  stop(): Promise<void>;
  /**
   * SIGKILL, no warning: what a crashed Redis process leaves behind (what it had written to its AOF, nothing of
   * what it had not). Resolves once it is gone. Nothing when it was not started here.
   */
  kill(): Promise<void>;
}

/**
 * When Redis fsyncs its append-only file (`appendfsync`): `always` before answering each write (nothing
 * acknowledged is lost even if the host loses power, at a cost in throughput), `everysec` once a second (a host
 * crash can lose about the last second; a crash of the Redis process alone loses nothing, as the kernel still holds
 * what was written), `no` when the kernel decides.
 */
export const APPENDFSYNC_POLICIES = ['always', 'everysec', 'no'] as const;
export type AppendFsync = (typeof APPENDFSYNC_POLICIES)[number];
export const DEFAULT_APPENDFSYNC: AppendFsync = 'everysec';

/** BENCHLINE_REDIS_APPENDFSYNC's value (default everysec); throws a RangeError naming a bad one. */
export function appendFsyncSetting(raw: string | undefined): AppendFsync {
  if (raw === undefined || raw.trim() === '') {
    return DEFAULT_APPENDFSYNC;
  }
  const value = raw.trim().toLowerCase();
  if (!(APPENDFSYNC_POLICIES as readonly string[]).includes(value)) {
    throw new RangeError(`BENCHLINE_REDIS_APPENDFSYNC must be one of ${APPENDFSYNC_POLICIES.join(', ')} (got ${raw})`);
  }
  return value as AppendFsync;
}

export interface FindOrStartOptions {
  url: string;
  /** 'aof': appendonly (fsync per `appendfsync`), in dataDir. 'none': nothing on disk, on a free port. */
  persistence: 'aof' | 'none';
  dataDir?: string;
  /** With 'aof': when the AOF is fsynced (default everysec). */
  appendfsync?: AppendFsync;
  /** The port to start on; by default the URL's port ('aof') or a free one ('none'). */
  port?: number;
  log: (line: string) => void;
}

export class RedisUnavailableError extends Error {}

export async function findOrStartRedis(options: FindOrStartOptions): Promise<RedisService> {
  if (await answersPing(options.url)) {
    return { url: options.url, started: false, stop: async () => undefined, kill: async () => undefined };
  }
  const target = new URL(options.url);
  const local = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(target.hostname);
  if (!local) {
    throw new RedisUnavailableError(
      `No Redis answers at ${redacted(options.url)}. Check REDIS_URL and that the server is reachable.`,
    );
  }
  if (!hasRedisServer()) {
    throw new RedisUnavailableError(
      [
        `No Redis answers at ${redacted(options.url)}, and redis-server is not installed to start one.`,
        'Get one of these:',
        '  - Debian/Ubuntu: sudo apt-get install -y redis-server',
        '  - macOS: brew install redis',
        '  - Docker: docker compose up -d redis',
        'or point REDIS_URL at a running Redis (6.2 or later).',
      ].join('\n'),
    );
  }
  const port = options.port ?? (options.persistence === 'none' ? await freePort() : Number(target.port || 6379));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', ''];
  const appendfsync = options.appendfsync ?? DEFAULT_APPENDFSYNC;
  if (options.persistence === 'aof') {
    const dir = options.dataDir ?? '.benchline/redis';
    mkdirSync(dir, { recursive: true });
    args.push('--appendonly', 'yes', '--appendfsync', appendfsync, '--dir', dir);
  } else {
    args.push('--appendonly', 'no');
  }
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new RedisUnavailableError(`redis-server did not start on port ${port}: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  options.log(
    `started redis-server on ${url} (${options.persistence === 'aof' ? `AOF, appendfsync ${appendfsync}` : 'no persistence'})`,
  );
  const end = (signal: NodeJS.Signals): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { url, started: true, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

export async function answersPing(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A TCP port on 127.0.0.1 nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A URL fit for a log line: no password. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) {
    parsed.password = '***';
  }
  return parsed.toString();
}
