/**
 * `benchline users add`: someone who can sign in — the first admin of a new deployment, who then issues API keys and
 * wall devices at /admin — written straight into the identity store in Redis (REDIS_URL, BENCHLINE_KEY_PREFIX);
 * the server need not run. The password is generated and printed once, unless given on stdin (--password-stdin),
 * so it is never in a command line or a shell's history. Adding a login that exists replaces that user.
 */
import { parseArgs } from 'node:util';
import { createIdentityStore } from '@benchline/server';
import { USER_ID_PATTERN, USER_ROLES, type UserRole } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { newPassword } from '../demo/sign-ins.js';

const USAGE = [
  'usage: benchline users add --tenant <tenant> --login <login> --name <display name> --role <role>',
  `                           [--user-id <id>] [--password-stdin]`,
  `  roles: ${USER_ROLES.join(', ')}`,
  '  Redis: REDIS_URL (default redis://127.0.0.1:6379), key prefix BENCHLINE_KEY_PREFIX (default bl)',
].join('\n');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function runUsers(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'add') {
    console.error(USAGE);
    return action === undefined || action === '--help' || action === '-h' ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      tenant: { type: 'string' },
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'user-id': { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const { tenant, login, name, role } = values;
  if (tenant === undefined || login === undefined || name === undefined || role === undefined) {
    console.error(USAGE);
    return 2;
  }
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    console.error(`unknown role ${role}: one of ${USER_ROLES.join(', ')}`);
    return 2;
  }
  const userId = values['user-id'] ?? login.trim().toLowerCase();
  if (!new RegExp(USER_ID_PATTERN).test(userId)) {
    console.error(`the user id ${userId} is not valid (letters, digits and . _ : @ + | -): pass --user-id`);
    return 2;
  }
  const password = values['password-stdin'] ? await readStdin() : newPassword();
  if (password.length < 12) {
    console.error('the password must be at least 12 characters');
    return 2;
  }
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
  try {
    const identity = createIdentityStore({ redis, keys: createKeySpace(process.env.BENCHLINE_KEY_PREFIX ?? 'bl') });
    await identity.putUser({ tenantId: tenant, userId, login, name, role: role as UserRole, password });
  } catch (error) {
    process.stderr.write(`the user could not be written: ${(error as Error).message}\n`);
    return 1;
  } finally {
    redis.disconnect();
  }
  process.stdout.write(`${login} (${role}, tenant ${tenant}) can sign in now.\n`);
  if (!values['password-stdin']) {
    process.stdout.write(`password: ${password}   (shown once; add the user again to set a new one)\n`);
  }
  return 0;
}
