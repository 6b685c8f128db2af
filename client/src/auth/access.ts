/**
 * Which pages a session may open, decided before the page loads (router.ts installs the guard). Pure, so the rules
 * are tested without a browser. The server decides again on every request and socket command: this only keeps
 * people away from pages that would be refused, and a wall display on the wall.
 */
import type { Role, SessionInfo } from '@benchline/shared';

/**
 * - `public`: anyone (the sign-in page, the signed-out display);
 * - `people`: any signed-in person (not a wall device);
 * - `admins`: role admin;
 * - `wall`: people and wall devices (the only page a device may open).
 */
export type PageAccess = 'public' | 'people' | 'admins' | 'wall';

/** Where the sign-in page, the wall's signed-out notice and the not-allowed page live. */
export const SIGN_IN_PATH = '/sign-in';
export const WALL_PATH = '/wall';
export const WALL_SIGNED_OUT_PATH = '/wall/signed-out';
export const NOT_ALLOWED_PATH = '/not-allowed';
/** Where a person lands after signing in when they were not on their way anywhere. */
export const HOME_PATH = '/queue';

export type Who = Pick<SessionInfo, 'kind' | 'role'>;

export type AccessDecision = { allow: true } | { allow: false; redirect: string };

const allow: AccessDecision = { allow: true };
const redirect = (to: string): AccessDecision => ({ allow: false, redirect: to });

/** The sign-in page's URL that comes back to `fullPath` afterwards. */
export function signInPath(fullPath: string, ended = false): string {
  const query = new URLSearchParams();
  const next = safeNext(fullPath);
  if (next !== HOME_PATH) {
    query.set('next', next);
  }
  if (ended) {
    query.set('ended', '1');
  }
  const text = query.toString();
  return text === '' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?${text}`;
}

/**
 * A page to go back to after sign-in, from the `next` query parameter: a path on this site only (never another
 * origin, never the sign-in page again), else home.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return HOME_PATH;
  }
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`) || next.startsWith(`${SIGN_IN_PATH}/`)) {
    return HOME_PATH;
  }
  return next;
}

/** The first page for a session: a wall device has one page. */
export function homeFor(who: Who): string {
  return who.kind === 'device' || who.role === 'wall' ? WALL_PATH : HOME_PATH;
}

/**
 * Whether `who` (null: not signed in) may open a page with this access rule, and if not, where to go instead.
 * `displayMarked`: this browser was last signed in as a wall display, so a wall without a session says so on screen
 * rather than offering a sign-in form to a room.
 */
export function accessDecision(
  who: Who | null,
  access: PageAccess,
  fullPath: string,
  displayMarked = false,
): AccessDecision {
  if (access === 'public') {
    return allow;
  }
  if (who === null) {
    return access === 'wall' && displayMarked ? redirect(WALL_SIGNED_OUT_PATH) : redirect(signInPath(fullPath));
  }
  if (who.kind === 'device' || who.role === 'wall') {
    return access === 'wall' ? allow : redirect(WALL_PATH);
  }
  if (access === 'admins' && who.role !== 'admin') {
    return redirect(`${NOT_ALLOWED_PATH}?${new URLSearchParams({ page: fullPath }).toString()}`);
  }
  return allow;
}

/** Which of the top bar's links a role sees. */
export function canOpen(role: Role | null, access: PageAccess): boolean {
  if (role === null) {
    return access === 'public';
  }
  return accessDecision({ kind: role === 'wall' ? 'device' : 'user', role }, access, '/').allow;
}
