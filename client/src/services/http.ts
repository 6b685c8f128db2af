/**
 * The client's HTTP: same-origin JSON requests that carry the session cookie. Every change (POST, PUT, PATCH,
 * DELETE) also sends the session's CSRF token in `X-CSRF-Token`, which the server requires of any change made with a
 * session. A failure is thrown as an HttpFailure with the server's error code and message (and, for 429, how long to
 * wait). A 401 outside /api/v1/auth means the session is gone: the auth store hears of it through onSessionLost.
 * Stores use this; components never call fetch.
 */
import type { ErrorBody } from '@benchline/shared';

export const CSRF_HEADER = 'X-CSRF-Token';

/** A request the server refused or could not answer; status 0 when no answer came at all. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After, when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export type ChangeMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClient {
  /** GETs JSON. */
  get<T>(path: string): Promise<T>;
  /** A change: the CSRF token is always sent; `body` (if any) as JSON. 204 answers resolve to undefined. */
  send<T = void>(method: ChangeMethod, path: string, body?: unknown): Promise<T>;
}

export interface HttpOptions {
  fetch?: typeof fetch;
  /** The session's CSRF token (null before sign-in: sign-in itself needs none). */
  csrfToken(): string | null;
  /** A 401 from anything but the sign-in routes: the session ended (expired, signed out elsewhere, revoked). */
  onSessionLost?(): void;
}

const AUTH_ROUTES = '/api/v1/auth/';

/** Retry-After as seconds (it may also be an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') {
    return null;
  }
  const value = header.trim();
  if (/^\d+$/.test(value)) {
    return Number(value);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

async function failureOf(response: Response): Promise<HttpFailure> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || `the server answered ${response.status}`;
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (typeof body.error?.code === 'string') {
      code = body.error.code;
    }
    if (typeof body.error?.message === 'string' && body.error.message !== '') {
      message = body.error.message;
    }
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new HttpFailure(response.status, code, message, retryAfterSeconds(response.headers.get('retry-after')));
}

export function createHttp(options: HttpOptions): HttpClient {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<T>(method: string, path: string, headers: Headers, body?: string): Promise<T> {
    headers.set('accept', 'application/json');
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        // The session cookie goes to this origin only.
        credentials: 'same-origin',
        cache: 'no-store',
        ...(body === undefined ? {} : { body }),
      });
    } catch {
      throw new HttpFailure(0, 'NETWORK', 'the server could not be reached');
    }
    if (!response.ok) {
      if (response.status === 401 && !path.startsWith(AUTH_ROUTES)) {
        options.onSessionLost?.();
      }
      throw await failureOf(response);
    }
    if (response.status === 204 || response.headers.get('content-length') === '0') {
      return undefined as T;
    }
    return (await response.json()) as T;
  }

  return {
    get: (path) => call('GET', path, new Headers()),
    send: (method, path, body) => {
      const headers = new Headers();
      headers.set(CSRF_HEADER, options.csrfToken() ?? '');
      if (body === undefined) {
        return call(method, path, headers);
      }
      // A JSON content type with an empty body is refused by the server: only with a body.
      headers.set('content-type', 'application/json');
      return call(method, path, headers, JSON.stringify(body));
    },
  };
}

let csrfToken: string | null = null;
const sessionLostListeners = new Set<() => void>();

/** The auth store keeps the token here, in memory only (it comes with the session, never from storage). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request finds the session gone; returns the unsubscribe. */
export function onSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

/** This tab's HTTP client. */
export const http: HttpClient = createHttp({
  csrfToken: () => csrfToken,
  onSessionLost: () => {
    for (const listener of sessionLostListeners) {
      listener();
    }
  },
});
