/**
 * HTTP hardening shared by every route: cookies (parsed for sessions), security headers (helmet: a strict Content
 * Security Policy for the client, no sniffing, no framing, HSTS), and CORS closed unless origins are configured —
 * the client is served from this origin and needs none.
 *
 * helmet is built once here and run as a plain onRequest hook: @fastify/helmet rebuilt the whole middleware (and
 * re-parsed the CSP) on every request, ~2% of the server's CPU under single-event ingest.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from 'helmet';
import fp from 'fastify-plugin';

export interface HttpSecurityOptions {
  /** Origins allowed to call the API from a browser (BENCHLINE_CORS_ORIGINS); none by default. */
  corsOrigins: readonly string[];
}

export default fp<HttpSecurityOptions>(
  async (app, options) => {
    await app.register(cookie);
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Vue binds style attributes and Chart.js sizes its canvas inline.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // Self-hosted over plain HTTP on a private network is allowed; TLS belongs to the proxy in front.
          upgradeInsecureRequests: null,
        },
      },
      // The API docs page (swagger-ui) is served from this origin too.
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
    await app.register(cors, {
      origin: options.corsOrigins.length === 0 ? false : [...options.corsOrigins],
      credentials: options.corsOrigins.length > 0,
    });
  },
  { name: 'http-security' },
);
