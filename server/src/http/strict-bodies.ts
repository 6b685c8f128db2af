/**
 * Request bodies as the API takes them, for the routes of the plugin that installs this (the ingest, sign-in and
 * admin routes):
 *   - JSON must be UTF-8 (RFC 8259): a body in Latin-1 or with stray bytes is a 400 MALFORMED_JSON, not a record
 *     whose names silently became "\uFFFD"; and, as Fastify's own parser does, a `__proto__` key or a
 *     `constructor.prototype` anywhere is a 400.
 *   - No Content-Encoding: bodies are never inflated (so a gzip bomb is never a bomb), and one sent compressed is
 *     refused with 415 before a byte is read — not answered as garbage, line by line.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

export function strictBodies(app: FastifyInstance, types: readonly string[] = ['application/json']): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  for (const type of types) {
    if (app.hasContentTypeParser(type)) {
      app.removeContentTypeParser(type);
    }
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
      if (!isUtf8(body)) {
        done(new HttpError(400, 'MALFORMED_JSON', 'the body is not valid UTF-8'), undefined);
        return;
      }
      void parseJson(request, body.toString('utf8'), done);
    });
  }
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      throw new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Encoding ${encoding} is not accepted: send the body uncompressed`,
      );
    }
  });
}
