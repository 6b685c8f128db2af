/**
 * What no log line may carry, as pino `redact` paths for the server's and the workers' loggers: secrets (keys,
 * cookies, CSRF tokens, passwords) and anything that identifies a patient (names, birth dates, addresses,
 * diagnoses, member ids) at any of the first three levels of a log object. Code logs ids of requests, jobs and
 * tenants; these paths are the net under that rule, and the end-to-end log scan checks it.
 */
const SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/**
 * Payloads errors carry: an ioredis reply error keeps the failed command's arguments (`err.command.args`: a
 * script's event JSON, an audit entry's member ids), which the error serializer would write out whole.
 */
const PAYLOAD_PATHS = ['*.command.args'];

const PHI_FIELDS = [
  'password',
  'token',
  'secret',
  'givenName',
  'familyName',
  'firstName',
  'lastName',
  'patientName',
  'birthDate',
  'dateOfBirth',
  'dob',
  'address',
  'addressLine',
  'postalCode',
  'zip',
  'phone',
  'email',
  'diagnoses',
  'diagnosis',
  'conditions',
  'memberId',
  'memberIds',
  'mbi',
  'hicn',
  'ssn',
];

export const LOG_REDACTIONS: string[] = [
  ...SECRET_PATHS,
  ...PAYLOAD_PATHS,
  ...PHI_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** The parts of a Fastify request its log serializer reads (kept structural: shared does not depend on Fastify). */
export interface LoggedRequest {
  method: string;
  url: string;
  /** The route the request matched, as registered (`/api/v1/patients/:memberId/panel`); no url when none did. */
  routeOptions?: { url?: string | undefined } | undefined;
  host?: string | undefined;
  ip?: string | undefined;
  socket?: { remotePort?: number | undefined } | undefined;
}

/**
 * What a request log line says about the request. A path and query carry patient data (`/patients/<member
 * id>/panel`, `?subject=Patient/<id>`, a name pasted into a filter), so the line names the route the request
 * matched, never the URL it came with; a request no route matched (a 404, a client page such as
 * `/patients/<member id>`) keeps only its first path segment, and only when that is a plain lowercase word.
 */
export function loggedRequest(request: LoggedRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.routeOptions?.url ?? unroutedPath(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function unroutedPath(url: string): string {
  const segments = (url.split('?')[0] ?? '').split('/').filter((segment) => segment.length > 0);
  const [first] = segments;
  if (first === undefined) {
    return '/';
  }
  const head = /^[a-z][a-z-]{0,30}$/.test(first) ? first : '…';
  return segments.length > 1 ? `/${head}/…` : `/${head}`;
}

/** Pino serializers for the server's logger: `req` as loggedRequest. */
export const LOG_SERIALIZERS = { req: loggedRequest };
