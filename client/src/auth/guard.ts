/**
 * The router's guard: every page but the public ones needs a session, and the session's role limits which (rules in
 * auth/access.ts). A wall link (`/wall#device=<token>`) signs the display in first; its token is taken out of the
 * address bar before anything else happens, so it is not left on a screen in a room.
 */
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import { useAuthStore } from '../stores/auth.js';
import { browser } from '../services/browser.js';
import { SIGN_IN_PATH, WALL_PATH, WALL_SIGNED_OUT_PATH, accessDecision, safeNext, type PageAccess } from './access.js';
import { deviceTokenFromHash } from './sign-in.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page (default: any signed-in person). */
    access?: PageAccess;
    /** No top bar (the wall, the sign-in page). */
    fullScreen?: boolean;
  }
}

export async function authGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore();
  if (to.path === WALL_PATH) {
    const token = deviceTokenFromHash(to.hash);
    if (token !== null) {
      browser.stripFragment();
      const signedIn = await auth.signInDevice(token);
      return signedIn
        ? { path: WALL_PATH, query: to.query, hash: '', replace: true }
        : { path: WALL_SIGNED_OUT_PATH, query: { reason: 'link' }, replace: true };
    }
  }
  const session = await auth.load();
  const pathAndQuery = to.fullPath.split('#')[0] ?? to.path;
  if (to.path === SIGN_IN_PATH || to.path === WALL_SIGNED_OUT_PATH) {
    if (session === null) {
      return true;
    }
    return session.kind === 'device' ? WALL_PATH : to.path === SIGN_IN_PATH ? safeNext(to.query.next) : true;
  }
  const decision = accessDecision(session, to.meta.access ?? 'people', pathAndQuery, browser.isDisplay());
  return decision.allow ? true : decision.redirect;
}
