/** The words and parsing of signing in, pure (tested without a browser). */
import type { HttpFailure } from '../services/http.js';

/** "45 seconds", "1 minute", "15 minutes". */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) {
    return s === 1 ? '1 second' : `${s} seconds`;
  }
  const minutes = Math.ceil(s / 60);
  return `${minutes} minutes`;
}

/** What the sign-in form says when the server refused. */
export function signInFailureMessage(failure: Pick<HttpFailure, 'status' | 'code' | 'retryAfterSeconds'>): string {
  switch (failure.status) {
    case 0:
      return 'The server could not be reached. Check the connection and try again.';
    case 400:
      return 'Enter your login name and password.';
    case 401:
      return 'The login name or password is wrong.';
    case 429:
      return failure.retryAfterSeconds === null
        ? 'Too many failed sign-ins. Wait a few minutes, then try again.'
        : `Too many failed sign-ins. Try again in ${formatWait(failure.retryAfterSeconds)}.`;
    default:
      return failure.status >= 500
        ? 'The server could not sign you in just now. Try again in a moment.'
        : `Sign-in failed (${failure.code}).`;
  }
}

/** The device token in a wall link's fragment (`#device=<token>`), or null. */
export function deviceTokenFromHash(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') {
    return null;
  }
  const token = new URLSearchParams(fragment).get('device');
  // The server's bounds (DeviceSignIn): anything else is not a token.
  return token !== null && token.length >= 16 && token.length <= 200 ? token : null;
}

/** The wall link an admin opens on a display: the token in the fragment, which browsers never send to a server. */
export function wallLink(origin: string, token: string): string {
  return `${origin}/wall#device=${encodeURIComponent(token)}`;
}
