/**
 * The demo's sign-ins: one person per role in the demo tenant (two coordinators, so two people can work the queue
 * together) and a wall device, written straight into the server's identity store in Redis. Passwords are random,
 * made on the first start and kept — with the wall's token — in a file only this machine's user can read
 * (.benchline/demo-sign-ins.json), so a restart prints the same ones; BENCHLINE_DEMO_PASSWORD gives every demo
 * user that one password instead. Redis holds only the password hashes and the token's digest.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createIdentityStore } from '@benchline/server';
import type { UserRole } from '@benchline/shared';
import { createKeySpace } from '@benchline/shared/backend';
import { Redis } from 'ioredis';

export interface DemoUser {
  login: string;
  userId: string;
  name: string;
  role: UserRole;
  /** What the role does, for the printed list. */
  does: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    login: 'coordinator@demo.benchline',
    userId: 'demo-coordinator',
    name: 'Ana Ruiz',
    role: 'coordinator',
    does: 'works the care-gap queue',
  },
  {
    login: 'coordinator2@demo.benchline',
    userId: 'demo-coordinator-2',
    name: 'Ben Okafor',
    role: 'coordinator',
    does: 'a second coordinator, to work the queue together',
  },
  {
    login: 'quality@demo.benchline',
    userId: 'demo-quality',
    name: 'Quinn Lam',
    role: 'quality',
    does: 'quality lead: measures and the queue, reassigns patients',
  },
  {
    login: 'leader@demo.benchline',
    userId: 'demo-leader',
    name: 'Lena Park',
    role: 'leader',
    does: 'every screen, read only: spend, finance, quality',
  },
  {
    login: 'admin@demo.benchline',
    userId: 'demo-admin',
    name: 'Adam Stone',
    role: 'admin',
    does: "the care team's screens and /admin: API keys, wall devices, audit",
  },
];

export const DEMO_WALL_NAME = 'Demo wall';

export interface DemoSignIns {
  users: (DemoUser & { password: string })[];
  /** The wall device's token: the display opens /wall#device=<token>. */
  wallToken: string;
  /** True when the passwords are BENCHLINE_DEMO_PASSWORD's. */
  fixedPassword: boolean;
}

/** What the file keeps: random passwords by login, and the wall device. */
interface StoredSignIns {
  passwords: Record<string, string>;
  wall: { id: string; token: string } | null;
}

/** A random password: 16 characters of base64url (96 bits). */
export function newPassword(): string {
  return randomBytes(12).toString('base64url');
}

function readStored(file: string): StoredSignIns {
  if (!existsSync(file)) {
    return { passwords: {}, wall: null };
  }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSignIns>;
    return { passwords: parsed.passwords ?? {}, wall: parsed.wall ?? null };
  } catch {
    return { passwords: {}, wall: null };
  }
}

function writeStored(file: string, stored: StoredSignIns): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * Makes sure every demo user can sign in with the password this returns, and the wall device exists: a user whose
 * stored password still works is left alone (so a restart is quick and prints the same); one that is missing or
 * does not match is (re)written with that password.
 */
export async function seedDemoSignIns(options: {
  redisUrl: string;
  keyPrefix: string;
  tenantId: string;
  /** Where the random passwords and the wall's token are kept between starts. */
  file: string;
  /**
   * BENCHLINE_DEMO_PASSWORD: every demo user's password. Not written to the file, which keeps the random ones: a
   * start without it puts them back.
   */
  fixedPassword?: string | undefined;
  /** Password hashing cost (a test lowers it; the demo keeps the server's default). */
  scryptCost?: Parameters<typeof createIdentityStore>[0]['scryptCost'];
}): Promise<DemoSignIns> {
  const fixed = options.fixedPassword !== undefined && options.fixedPassword.length > 0 ? options.fixedPassword : null;
  const stored = readStored(options.file);
  const redis = new Redis(options.redisUrl);
  try {
    const identity = createIdentityStore({
      redis,
      keys: createKeySpace(options.keyPrefix),
      scryptCost: options.scryptCost,
    });
    const users: DemoSignIns['users'] = [];
    const existing = new Map((await identity.listUsers(options.tenantId)).map((user) => [user.login, user]));
    // One at a time: each check or hash takes 128 MiB of scrypt memory.
    for (const user of DEMO_USERS) {
      const password = fixed ?? stored.passwords[user.login] ?? newPassword();
      const known = existing.get(user.login);
      const matches =
        known !== undefined &&
        known.userId === user.userId &&
        known.role === user.role &&
        (await identity.checkPassword(user.login, password))?.tenantId === options.tenantId;
      if (!matches) {
        const { login, userId, name, role } = user;
        await identity.putUser({ tenantId: options.tenantId, login, userId, name, role, password });
      }
      if (fixed === null) {
        stored.passwords[user.login] = password;
      }
      users.push({ ...user, password });
    }
    const devices = await identity.listDevices(options.tenantId);
    let wall = stored.wall;
    if (wall === null || !devices.some((device) => device.id === wall?.id)) {
      const made = await identity.createDevice(options.tenantId, DEMO_WALL_NAME);
      wall = { id: made.record.id, token: made.token };
    }
    writeStored(options.file, { passwords: stored.passwords, wall });
    return { users, wallToken: wall.token, fixedPassword: fixed !== null };
  } finally {
    redis.disconnect();
  }
}

/** The block `benchline start` prints: where to go, who to sign in as, and the wall's link. */
export function signInBlock(baseUrl: string, signIns: DemoSignIns, file: string): string[] {
  const width = Math.max(...signIns.users.map((user) => user.login.length));
  const passwordWidth = Math.max(...signIns.users.map((user) => user.password.length));
  return [
    `Sign in at ${baseUrl}/ (tenant demo):`,
    ...signIns.users.map(
      (user) => `  ${user.login.padEnd(width)}  ${user.password.padEnd(passwordWidth)}  ${user.role}: ${user.does}`,
    ),
    `Wall display (signs in as the device "${DEMO_WALL_NAME}"): ${baseUrl}/wall#device=${signIns.wallToken}`,
    signIns.fixedPassword
      ? 'The passwords are BENCHLINE_DEMO_PASSWORD; the wall link is kept in ' + file
      : `These are kept in ${file} (readable by you only), so a restart prints the same ones.`,
  ];
}
