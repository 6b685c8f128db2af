/**
 * The development identity, until sign-in lands (the security issue replaces this module): `?user=ana&name=Ana%20Ruiz
 * &role=coordinator` in the URL, remembered in localStorage for the next visit, and sent in the socket handshake. The
 * server trusts it as-is — it is not authentication. Without one the gateway makes each socket a guest.
 */
import type { Role } from '@benchline/shared';
import { ROLES, USER_ID_PATTERN } from '@benchline/shared';

export interface DevIdentity {
  userId: string;
  name: string;
  role: Role;
}

const STORAGE_KEY = 'benchline.identity';
const USER_ID_RE = new RegExp(USER_ID_PATTERN);
const MAX_NAME = 200;

function cleanIdentity(userId: unknown, name: unknown, role: unknown): DevIdentity | null {
  if (typeof userId !== 'string' || !USER_ID_RE.test(userId)) {
    return null;
  }
  const trimmed = typeof name === 'string' ? name.trim().slice(0, MAX_NAME) : '';
  return {
    userId,
    name: trimmed === '' ? userId : trimmed,
    role: ROLES.includes(role as Role) ? (role as Role) : 'coordinator',
  };
}

/**
 * The identity the URL names, else the one remembered (as stored JSON), else none. Pure, so the rules are tested
 * without a browser.
 */
export function resolveIdentity(search: string, remembered: string | null): DevIdentity | null {
  const params = new URLSearchParams(search);
  const fromUrl = cleanIdentity(params.get('user'), params.get('name'), params.get('role'));
  if (fromUrl !== null) {
    return fromUrl;
  }
  if (remembered === null) {
    return null;
  }
  try {
    const parsed = JSON.parse(remembered) as Record<string, unknown>;
    return cleanIdentity(parsed.userId, parsed.name, parsed.role);
  } catch {
    return null;
  }
}

/** This tab's identity; a new one from the URL replaces the remembered one. */
export function currentIdentity(): DevIdentity | null {
  const identity = resolveIdentity(window.location.search, window.localStorage.getItem(STORAGE_KEY));
  if (identity !== null) {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  }
  return identity;
}

/** The handshake fields the gateway reads (see server/src/realtime/socket-server.ts, handshakeIdentity). */
export function identityHandshake(): { userId?: string; name?: string; role?: Role } {
  const identity = currentIdentity();
  return identity === null ? {} : { userId: identity.userId, name: identity.name, role: identity.role };
}
