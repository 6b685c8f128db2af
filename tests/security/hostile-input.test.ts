/**
 * Hostile input (issue 12, reliability): several hundred malformed or hostile inputs, generated from tables, against
 * one stack (server and workers in this process, real Redis) — single events of every kind, NDJSON bulk lines, FHIR
 * (resources, batch and transaction Bundles, bulk-data NDJSON), HL7 v2 ADT messages, sign-in and admin bodies and query strings, and the
 * payload of every client → server socket event. Truncated JSON, wrong types, 1 MB strings, 100,000-item arrays,
 * 10,000-level nesting, `__proto__` / `constructor` / `prototype` keys at every level, script tags, control
 * characters, invalid UTF-8 and lone surrogates, invalid codes (ICD-10, HCPCS, NPI check digit, TIN), impossible
 * dates, out-of-range and non-finite numbers, a key sent again with other content, content-type and
 * content-encoding lies, oversized bodies.
 *
 * Every case must be refused with the status (or socket error code, or per-line answer) its table names — never a
 * 5xx, an INTERNAL, a hang or a crash. Then: nothing of a refused input was applied (the tenant's event store,
 * idempotency index, crosswalk and every read model are as they were; a bulk request stored exactly its good lines,
 * and said which), no object prototype was polluted in this process (the server's and the workers'), no stored event
 * carries a hostile key, no job failed, nothing was logged at error level, and the stack still answers /health/ready
 * and carries a new claim to a subscribed socket.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { CanonicalEvent, EventKind } from '@benchline/shared';
import { EVENT_KINDS } from '@benchline/shared';
import { decodeStoredEvent, eventKeyOf } from '@benchline/shared/backend';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  condition,
  coverage,
  eob,
  observation,
  patient,
} from '../../server/src/ingest/fhir/__fixtures__/bad-fhir-cases.js';
import { VALID_EVENTS } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { aClaim } from '../support/claims.js';
import type { TestClient } from '../support/connect-client.js';
import { eventually } from '../support/eventually.js';
import { parseBulkAnswer, type BulkAnswer } from '../support/ndjson.js';
import { openQueues, type QueuesView } from '../support/queues.js';
import { captureReadModels, type ReadModels } from '../support/read-models.js';
import { startStack, type TestSession, type TestStack } from '../support/start-stack.js';

const KB = 1024;
const MB = 1024 * KB;
/** The stack's limits (start-stack's defaults, and a bulk limit small enough to cross in a test). */
const BODY_LIMIT = 5 * MB;
const MAX_LINE = 64 * KB;
const BULK_LIMIT = 8 * MB;

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Building hostile JSON
// ---------------------------------------------------------------------------------------------------------------

const MARK = '@@hostile@@';

function clone<T>(value: T): T {
  return structuredClone(value);
}

function getAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    node = (node as Json)[part];
  }
  return node;
}

function setAt(root: Json, pointer: string, value: unknown): Json {
  const parts = pointer.split('/').slice(1);
  const parent = getAt(root, parts.length > 1 ? `/${parts.slice(0, -1).join('/')}` : '') as Json;
  parent[parts.at(-1)!] = value;
  return root;
}

/** The event as JSON text with `rawValue` (any text: 1e309, NaN, a deep nesting) in place of the field's value. */
function withRawValue(event: Json, pointer: string, rawValue: string): string {
  return JSON.stringify(setAt(clone(event), pointer, MARK)).replace(`"${MARK}"`, () => rawValue);
}

/** The event as JSON text with `rawMember` (`"__proto__":{…}`) added to the object at `pointer`. */
function withRawMember(event: Json, pointer: string, rawMember: string): string {
  const copy = clone(event);
  (getAt(copy, pointer) as Json)[MARK] = 0;
  return JSON.stringify(copy).replace(`"${MARK}":0`, () => rawMember);
}

/** The event as UTF-8 bytes with `bytes` (invalid UTF-8) inside the string value of a field. */
function withBytes(event: Json, pointer: string, bytes: number[]): Buffer {
  const [before = '', after = ''] = JSON.stringify(setAt(clone(event), pointer, MARK)).split(MARK);
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}

const deepArray = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
const deepObject = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const POLLUTE = '{"polluted":"yes"}';
const PROTO_KEYS: [name: string, member: string][] = [
  ['__proto__', `"__proto__":${POLLUTE}`],
  ['__proto__ spelt with an escape', `"\\u005f_proto__":${POLLUTE}`],
  ['constructor.prototype', `"constructor":{"prototype":${POLLUTE}}`],
];
/** 100,000 items. */
const HUGE_ARRAY = 100_000;
const ONE_MB_STRING = 'x'.repeat(MB);

// ---------------------------------------------------------------------------------------------------------------
// Single events: a profile per kind, and the hostile versions of each kind's valid event
// ---------------------------------------------------------------------------------------------------------------

interface KindProfile {
  endpoint: string;
  /** Makes the event's idempotency key unique, so only what a case breaks can refuse it. */
  unique: (event: Json, n: number) => void;
  /** A source-id field (letters, digits and . _ : / # - only). */
  id: string;
  /** A calendar-date field (an ADT notification has times only: its cases are among `codes`). */
  date?: string;
  /** A nested object ('' when the kind has none but the event itself). */
  nested: string;
  array?: { pointer: string; item: unknown };
  /** Free-text fields. */
  text: string[];
  /** Numeric fields and their maximum. */
  numbers: [pointer: string, maximum: number][];
  /** [what, pointer, value, the issue's reason]. */
  codes: [string, string, unknown, string][];
}

const PROFILES: Record<EventKind, KindProfile> = {
  claim: {
    endpoint: '/api/v1/claims',
    unique: (e, n) => (e.claimId = `HX-CLM-${n}`),
    id: '/claimId',
    date: '/fromDate',
    nested: '/lines/0',
    array: { pointer: '/diagnoses', item: 'I5023' },
    text: [],
    numbers: [
      ['/paidAmount', 100_000_000],
      ['/lines/0/units', 100_000],
      ['/version', 2_147_483_647],
    ],
    codes: [
      ['an ICD-10 code with a leading digit', '/diagnoses/0', '250.00', 'pattern'],
      ['an ICD-10 code of one letter', '/diagnoses/1', 'E', 'pattern'],
      ['an ICD-10 code with a script tag', '/diagnoses/2', '<script>', 'pattern'],
      ['an ICD-10 code as a number', '/diagnoses/0', 4280, 'type'],
      ['an ICD-10-PCS code with an O', '/procedures/0', '5A1955O', 'pattern'],
      ['an HCPCS code of three characters', '/lines/0/hcpcs', 'A12', 'pattern'],
      ['an HCPCS code with a W', '/lines/0/hcpcs', 'W1234', 'pattern'],
      ['a billing NPI with a wrong check digit', '/billingNpi', '1234567890', 'npi-check-digit'],
      ['a billing NPI of letters', '/billingNpi', 'ABCDEFGHIJ', 'pattern'],
      ['a TIN with a letter', '/billingTin', '12345678A', 'pattern'],
      ['a TIN of eight digits', '/billingTin', '12345678', 'pattern'],
      ['a rendering NPI with a wrong check digit', '/lines/0/renderingNpi', '1234567894', 'npi-check-digit'],
      ['a DRG with a NUL', '/drg', '29\u0000', 'pattern'],
    ],
  },
  member: {
    endpoint: '/api/v1/members',
    unique: (e, n) => (e.recordId = `hx-member-${n}`),
    id: '/memberId',
    date: '/birthDate',
    nested: '/enrollment/0',
    array: { pointer: '/enrollment', item: { month: '2026-01' } },
    text: ['/givenName', '/familyName'],
    numbers: [],
    codes: [
      ['a voluntary-alignment NPI check digit', '/voluntaryAlignment/npi', '1234567890', 'npi-check-digit'],
      ['a voluntary-alignment TIN with a dash', '/voluntaryAlignment/tin', '12-3456789', 'pattern'],
      ['a state with a script tag', '/stateCode', '<s', 'pattern'],
      ['a county of letters', '/countyFips', 'ABCDE', 'pattern'],
      ['an enrolment month 13', '/enrollment/0/month', '2026-13', 'pattern'],
    ],
  },
  provider: {
    endpoint: '/api/v1/providers',
    unique: (e, n) => (e.tin = String(800_000_000 + n)),
    id: '/practiceId',
    date: '/asOf',
    nested: '',
    text: ['/name'],
    numbers: [],
    codes: [
      ['an NPI with a wrong check digit', '/npi', '1234567890', 'npi-check-digit'],
      ['an NPI of eleven digits', '/npi', '12345678930', 'pattern'],
      ['an NPI as a number', '/npi', 1234567893, 'type'],
      ['a TIN with a dash', '/tin', '12-3456789', 'pattern'],
      ['a TIN with a newline', '/tin', '12345678\n', 'pattern'],
      ['a specialty with a script tag', '/specialtyCode', '<>', 'pattern'],
    ],
  },
  clinical: {
    endpoint: '/api/v1/clinical',
    unique: (e, n) => (e.clinicalId = `Observation/hx-${n}`),
    id: '/clinicalId',
    date: '/effectiveDate',
    nested: '/code',
    array: { pointer: '/additionalCodes', item: { system: 'loinc', code: '17856-6' } },
    text: ['/value/unit'],
    numbers: [['/version', 2_147_483_647]],
    codes: [
      ['a LOINC code with a space', '/code/code', '4548 4', 'pattern'],
      ['a LOINC code with a script tag', '/code/code', '<script>alert(1)</script>', 'pattern'],
      ['an ICD-9 code system', '/code/system', 'icd9', 'enum'],
      ['a code system as an object', '/code/system', { loinc: true }, 'enum'],
    ],
  },
  contract: {
    endpoint: '/api/v1/contracts',
    unique: (e, n) => (e.contractId = `HX${n}`),
    id: '/contractId',
    date: '/effectiveFrom',
    nested: '/years/0',
    array: { pointer: '/participantTins', item: '123456789' },
    text: ['/name', '/payer'],
    numbers: [
      ['/years/0/benchmark/perCapita/esrd', 1_000_000],
      ['/years/0/quality/assumedScore', 100],
    ],
    codes: [
      ['a participant TIN of eight digits', '/participantTins/0', '12345678', 'pattern'],
      ['a measure id with a space', '/measureSet/0', '0 01', 'pattern'],
      ['a year in the last century', '/years/0/year', 1999, 'minimum'],
    ],
  },
  roster: {
    endpoint: '/api/v1/rosters',
    unique: (e, n) => (e.memberId = `HX-ROSTER-${n}`),
    id: '/memberId',
    date: '/asOf',
    nested: '',
    array: { pointer: '/months', item: '2026-01' },
    text: [],
    numbers: [],
    codes: [
      ['an attributed NPI with a wrong check digit', '/attributedNpi', '1234567890', 'npi-check-digit'],
      ['an attributed TIN of ten digits', '/attributedTin', '1234567890', 'pattern'],
      ['a month 00', '/months/0', '2026-00', 'pattern'],
    ],
  },
  worklist: {
    endpoint: '/api/v1/events',
    unique: (e, n) => (e.actionId = `hx-action-${n}`),
    id: '/actionId',
    date: '/action/nextAttemptOn',
    nested: '/action',
    text: ['/action/note'],
    numbers: [],
    codes: [
      ['a user id with a script tag', '/by', '<script>', 'pattern'],
      ['a gap id with a NUL', '/action/gapId', 'g\u0000', 'pattern'],
      ['an action time without an offset', '/at', '2026-03-04T14:05:00', 'format'],
      ['an action time on 30 February', '/at', '2026-02-30T14:05:00Z', 'format'],
      ['an action time in year 0', '/at', '0000-01-01T00:00:00Z', 'pattern'],
      ['an action time with hour 24', '/at', '2026-03-04T24:00:00Z', 'format'],
      ['an unknown action type', '/action/type', '__proto__', 'enum'],
      ['an action type of constructor', '/action/type', 'constructor', 'enum'],
    ],
  },
  adt: {
    endpoint: '/api/v1/events',
    unique: (e, n) => (e.messageId = `hx-adt-${n}`),
    id: '/memberId',
    nested: '/facility',
    array: { pointer: '/diagnoses', item: { code: 'I5023' } },
    text: ['/facility/name', '/location'],
    numbers: [],
    codes: [
      ['an event time without an offset', '/eventAt', '2026-03-02T21:14:00', 'format'],
      ['an event time on 30 February', '/eventAt', '2026-02-30T21:14:00Z', 'format'],
      ['an event time with hour 24', '/eventAt', '2026-03-02T24:00:00Z', 'format'],
      ['an admission in year 0', '/admitAt', '0000-01-01T00:00:00Z', 'pattern'],
      ['an admission as a date alone', '/admitAt', '2026-03-02', 'format'],
      ['a message id with the field separator', '/messageId', 'MSG|1', 'pattern'],
      ['a message id with a NUL', '/messageId', 'MSG\u00001', 'pattern'],
      ['a sender with an escape sequence', '/sender', '\u001b[31mEPIC', 'pattern'],
      ['a visit number with a lone surrogate', '/visitNumber', 'V\ud800', 'pattern'],
      ['a facility CCN with a script tag', '/facility/ccn', '<script>', 'pattern'],
      ['a facility NPI with a wrong check digit', '/facility/npi', '1234567890', 'npi-check-digit'],
      ['an event of __proto__', '/event', '__proto__', 'enum'],
      ['a patient class of constructor', '/patientClass', 'constructor', 'enum'],
      ['an ICD-9 diagnosis', '/diagnoses/0/code', '428.0', 'pattern'],
    ],
  },
};

/** The tests' own ids, so every case's key is new. */
let nextId = 0;
function fresh(kind: EventKind): Json {
  const event = clone(VALID_EVENTS[kind]) as Json;
  PROFILES[kind].unique(event, (nextId += 1));
  return event;
}

interface Expected {
  status: number;
  code: string;
  /** A field issue the answer must name: [JSON pointer, reason]. */
  issue?: [string, string];
}

interface EventCase extends Expected {
  kind: EventKind;
  name: string;
  body: string | Buffer;
}

function eventCases(kind: EventKind): EventCase[] {
  const p = PROFILES[kind];
  const cases: EventCase[] = [];
  const malformed = (name: string, body: string | Buffer) =>
    cases.push({ kind, name, body, status: 400, code: 'MALFORMED_JSON' });
  const invalid = (name: string, body: string | Buffer, issue?: [string, string]) =>
    cases.push({ kind, name, body, status: 400, code: 'VALIDATION_FAILED', ...(issue ? { issue } : {}) });
  const text = JSON.stringify(fresh(kind));

  // Truncated and otherwise broken JSON.
  malformed('truncated in the middle', text.slice(0, Math.floor(text.length / 2)));
  malformed('without its closing brace', text.slice(0, -1));
  malformed('with trailing garbage', `${text}x`);
  malformed('two events run together', `${JSON.stringify(fresh(kind))}${JSON.stringify(fresh(kind))}`);
  malformed('a NaN literal', withRawValue(fresh(kind), p.id, 'NaN'));
  malformed('an Infinity literal', withRawValue(fresh(kind), p.id, 'Infinity'));
  malformed('single quotes', JSON.stringify(fresh(kind)).replace(/"/g, "'"));
  malformed('a comment', `/* hostile */${JSON.stringify(fresh(kind))}`);
  malformed('an unterminated string', withRawValue(fresh(kind), p.id, '"abc'));
  malformed('a raw control character in a string', withRawValue(fresh(kind), p.id, '"a\u0001b"'));

  // Prototype pollution, at the top and in a nested object.
  for (const [name, member] of PROTO_KEYS) {
    malformed(`${name} at the top`, withRawMember(fresh(kind), '', member));
    if (p.nested !== '') {
      malformed(`${name} in ${p.nested}`, withRawMember(fresh(kind), p.nested, member));
    }
  }
  invalid('a constructor field', withRawMember(fresh(kind), '', '"constructor":"x"'), [
    '/constructor',
    'unknown-field',
  ]);
  invalid('a prototype field', withRawMember(fresh(kind), '', `"prototype":${POLLUTE}`), [
    '/prototype',
    'unknown-field',
  ]);
  if (p.nested !== '') {
    invalid('a prototype field in a nested object', withRawMember(fresh(kind), p.nested, '"prototype":1'), [
      `${p.nested}/prototype`,
      'unknown-field',
    ]);
  }

  // Wrong types, and not an event at all.
  invalid('kind as a number', withRawValue(fresh(kind), '/kind', '7'), ['/kind', 'enum']);
  invalid('kind "__proto__"', withRawValue(fresh(kind), '/kind', '"__proto__"'), ['/kind', 'enum']);
  invalid('the id as a number', withRawValue(fresh(kind), p.id, '12345'), [p.id, 'type']);
  invalid('the id as an object', withRawValue(fresh(kind), p.id, POLLUTE), [p.id, 'type']);
  invalid('the id as null', withRawValue(fresh(kind), p.id, 'null'), [p.id, 'type']);
  invalid('the id as true', withRawValue(fresh(kind), p.id, 'true'), [p.id, 'type']);
  invalid('an array instead of an event', `[${text}]`, ['', 'type']);
  invalid('null instead of an event', 'null', ['', 'type']);
  invalid('a number instead of an event', '1e309', ['', 'type']);

  // Huge, deep.
  invalid('a 1 MB id', withRawValue(fresh(kind), p.id, JSON.stringify(ONE_MB_STRING)), [p.id, 'maxLength']);
  invalid(
    'an unknown field 10,000 levels deep (arrays)',
    withRawMember(fresh(kind), '', `"deep":${deepArray(10_000)}`),
    ['/deep', 'unknown-field'],
  );
  invalid(
    'an unknown field 10,000 levels deep (objects)',
    withRawMember(fresh(kind), '', `"deep":${deepObject(10_000)}`),
    ['/deep', 'unknown-field'],
  );
  invalid('the id 10,000 levels deep', withRawValue(fresh(kind), p.id, deepArray(10_000)), [p.id, 'type']);
  invalid('the event inside 10,000 arrays', `${'['.repeat(10_000)}${text}${']'.repeat(10_000)}`, ['', 'type']);
  invalid(
    'an unknown field with 100,000 items',
    JSON.stringify({ ...fresh(kind), extra: new Array(HUGE_ARRAY).fill(0) }),
    ['/extra', 'unknown-field'],
  );
  if (p.array !== undefined) {
    const { pointer, item } = p.array;
    invalid(
      `${pointer} with 100,000 items`,
      JSON.stringify(setAt(fresh(kind), pointer, new Array(HUGE_ARRAY).fill(item))),
      [pointer, 'maxItems'],
    );
    invalid(
      `${pointer} with 100,000 items of the wrong type`,
      JSON.stringify(setAt(fresh(kind), pointer, new Array(HUGE_ARRAY).fill(7))),
    );
    invalid(
      `${pointer} with an item 10,000 levels deep`,
      withRawValue(fresh(kind), `${pointer}/0`, deepArray(10_000)),
      [`${pointer}/0`, 'type'],
    );
    invalid(
      `${pointer} with 100,000 items 100 levels deep`,
      withRawValue(fresh(kind), pointer, `[${new Array(1000).fill(deepArray(100)).join(',')}]`),
    );
  }

  // Hostile text in ids.
  const badIds: [string, string][] = [
    ['a script tag', '<script>window.__pwned=1</script>'],
    ['an img onerror', '"><img src=x onerror=alert(1)>'],
    ['a NUL', 'A\u0000B'],
    ['an escape sequence', '\u001b[31mred'],
    ['a newline', 'A\nB'],
    ['a lone surrogate', 'A\ud800B'],
    ['a right-to-left override', 'A\u202eB'],
    ['a zero-width space', 'A\u200bB'],
    ['a space', 'A B'],
    ['an empty string', ''],
    ['a backslash', 'A\\B'],
    ['a glob', 'A*'],
  ];
  for (const [name, id] of badIds) {
    invalid(`an id with ${name}`, JSON.stringify(setAt(fresh(kind), p.id, id)), [
      p.id,
      id === '' ? 'minLength' : 'pattern',
    ]);
  }
  malformed('an id with invalid UTF-8 (0xC3 0x28)', withBytes(fresh(kind), p.id, [0xc3, 0x28]));
  malformed('an id with an overlong slash (0xC0 0xAF)', withBytes(fresh(kind), p.id, [0xc0, 0xaf]));

  // Hostile free text: control characters and lone surrogates (script tags in text are data: see below).
  for (const field of p.text) {
    invalid(`${field} 1 MB long`, JSON.stringify(setAt(fresh(kind), field, ONE_MB_STRING)), [field, 'maxLength']);
    invalid(`${field} with a NUL`, JSON.stringify(setAt(fresh(kind), field, 'Ru\u0000th')), [field, 'pattern']);
    invalid(`${field} with an escape sequence`, JSON.stringify(setAt(fresh(kind), field, '\u001b]0;pwned\u0007')), [
      field,
      'pattern',
    ]);
    invalid(`${field} with a lone high surrogate`, JSON.stringify(setAt(fresh(kind), field, 'Ru\ud800th')), [
      field,
      'pattern',
    ]);
    invalid(`${field} with a lone low surrogate`, withRawValue(fresh(kind), field, '"\\udc00"'), [field, 'pattern']);
    invalid(`${field} as an array`, JSON.stringify(setAt(fresh(kind), field, ['<script>'])), [field, 'type']);
    malformed(`${field} with invalid UTF-8 (0xFF)`, withBytes(fresh(kind), field, [0x52, 0xff, 0x75]));
    malformed(`${field} with a truncated 3-byte character`, withBytes(fresh(kind), field, [0xe2, 0x82]));
    malformed(`${field} with an encoded surrogate (0xED 0xA0 0x80)`, withBytes(fresh(kind), field, [0xed, 0xa0, 0x80]));
  }

  // Impossible dates.
  const badDates: [string, unknown, string][] = [
    ['30 February', '2025-02-30', 'format'],
    ['29 February of a common year', '2026-02-29', 'format'],
    ['31 April', '2026-04-31', 'format'],
    ['year 0', '0000-01-01', 'pattern'],
    ['year 999', '0999-12-31', 'pattern'],
    ['9999-99-99', '9999-99-99', 'format'],
    ['month 0', '2026-00-10', 'format'],
    ['a date without padding', '2026-1-1', 'format'],
    ['a date with a time', '2026-01-01T00:00:00Z', 'format'],
    ['a date with a leading space', ' 2026-01-01', 'format'],
    ['an empty date', '', 'format'],
    ['a date as a number', 20260101, 'type'],
    ['a negative year', '-2026-01-01', 'format'],
    ['a five-digit year', '20260-01-01', 'format'],
  ];
  const date = p.date;
  for (const [name, value, reason] of date === undefined ? [] : badDates) {
    invalid(`${date} ${name}`, JSON.stringify(setAt(fresh(kind), date!, value)), [date!, reason]);
  }

  // Out-of-range and non-finite numbers.
  for (const [pointer, maximum] of p.numbers) {
    invalid(`${pointer} negative`, JSON.stringify(setAt(fresh(kind), pointer, -1)), [pointer, 'minimum']);
    invalid(`${pointer} over its maximum`, JSON.stringify(setAt(fresh(kind), pointer, maximum * 10 + 1)), [
      pointer,
      'maximum',
    ]);
    invalid(`${pointer} 1e309 (Infinity)`, withRawValue(fresh(kind), pointer, '1e309'), [pointer, 'type']);
    invalid(`${pointer} -1e309`, withRawValue(fresh(kind), pointer, '-1e309'), [pointer, 'type']);
    invalid(`${pointer} 1e308`, withRawValue(fresh(kind), pointer, '1e308'), [pointer, 'maximum']);
    invalid(`${pointer} as a string`, JSON.stringify(setAt(fresh(kind), pointer, '10')), [pointer, 'type']);
    malformed(`${pointer} NaN`, withRawValue(fresh(kind), pointer, 'NaN'));
    malformed(`${pointer} hexadecimal`, withRawValue(fresh(kind), pointer, '0x10'));
  }

  // Invalid codes.
  for (const [name, pointer, value, reason] of p.codes) {
    invalid(name, JSON.stringify(setAt(fresh(kind), pointer, value)), [pointer, reason]);
  }
  return cases;
}

const EVENT_CASES = EVENT_KINDS.flatMap(eventCases);

/** The same key with other content: the first is stored, the second is a 409 that changes nothing. */
function conflictPairs(): { kind: EventKind; first: Json; second: Json }[] {
  const change: Record<EventKind, (e: Json) => void> = {
    claim: (e) => (e.paidAmount = 1),
    member: (e) => (e.givenName = '<script>window.__pwned=1</script>'),
    provider: (e) => (e.name = 'Someone Else'),
    clinical: (e) => setAt(e, '/value/quantity', 12.5),
    contract: (e) => (e.name = 'Another contract'),
    roster: (e) => (e.months = ['2026-01']),
    worklist: (e) => setAt(e, '/action/note', 'Rewritten history'),
    adt: (e) => (e.location = 'Another ward'),
  };
  return EVENT_KINDS.map((kind) => {
    const first = fresh(kind);
    const second = clone(first);
    change[kind](second);
    return { kind, first, second };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Transport: content types, encodings and sizes
// ---------------------------------------------------------------------------------------------------------------

interface RequestCase extends Expected {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Who sends it: the ingest key (default), a session of this role, or nobody. */
  as?: 'ingest' | 'admin' | 'coordinator' | 'nobody';
}

type HeaderMap = Record<string, string>;
const json: HeaderMap = { 'content-type': 'application/json' };
const ndjson = { 'content-type': 'application/x-ndjson' };
const fhirJson = { 'content-type': 'application/fhir+json' };
const fhirNdjson = { 'content-type': 'application/fhir+ndjson' };
const aMember = (): string => JSON.stringify(fresh('member'));
/** 50 MB of spaces, gzipped to about 50 KB. */
const GZIP_BOMB = gzipSync(Buffer.alloc(50 * MB, 0x20));

function transportCases(): RequestCase[] {
  return [
    {
      name: 'an event gzipped (Content-Encoding: gzip)',
      path: '/api/v1/members',
      headers: { ...json, 'content-encoding': 'gzip' },
      body: gzipSync(Buffer.from(aMember())),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'a gzip bomb (50 MB of spaces) as an event',
      path: '/api/v1/events',
      headers: { ...json, 'content-encoding': 'gzip' },
      body: GZIP_BOMB,
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'a gzip bomb as NDJSON',
      path: '/api/v1/events/bulk',
      headers: { ...ndjson, 'content-encoding': 'gzip' },
      body: GZIP_BOMB,
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'a gzip bomb as FHIR bulk data',
      path: '/api/v1/fhir',
      headers: { ...fhirNdjson, 'content-encoding': 'gzip' },
      body: GZIP_BOMB,
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'a deflated FHIR resource',
      path: '/api/v1/fhir',
      headers: { ...fhirJson, 'content-encoding': 'deflate' },
      body: gzipSync(Buffer.from(JSON.stringify(patient()))),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'Content-Encoding: br on an event',
      path: '/api/v1/claims',
      headers: { ...json, 'content-encoding': 'br' },
      body: JSON.stringify(fresh('claim')),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'form-encoded as JSON',
      path: '/api/v1/members',
      headers: json,
      body: 'kind=member&memberId=1EG4TE5MK73',
      status: 400,
      code: 'MALFORMED_JSON',
    },
    {
      name: 'JSON as form-encoded',
      path: '/api/v1/members',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: aMember(),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'JSON as multipart',
      path: '/api/v1/members',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: `--x\r\nContent-Disposition: form-data; name="e"\r\n\r\n${aMember()}\r\n--x--`,
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'JSON as text/html',
      path: '/api/v1/members',
      headers: { 'content-type': 'text/html' },
      body: aMember(),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'JSON without a content type',
      path: '/api/v1/members',
      headers: {},
      body: Buffer.from(aMember()),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'UTF-16 declared as JSON',
      path: '/api/v1/members',
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from(`\ufeff${aMember()}`, 'utf16le'),
      status: 400,
      code: 'MALFORMED_JSON',
    },
    {
      name: 'Latin-1 declared as JSON',
      path: '/api/v1/members',
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      body: Buffer.from(JSON.stringify({ ...fresh('member'), givenName: 'Zoë' }), 'latin1'),
      status: 400,
      code: 'MALFORMED_JSON',
    },
    {
      name: 'XML declared as JSON',
      path: '/api/v1/claims',
      headers: json,
      body: '<?xml version="1.0"?><claim/>',
      status: 400,
      code: 'MALFORMED_JSON',
    },
    {
      name: 'NDJSON declared as FHIR JSON',
      path: '/api/v1/fhir',
      headers: fhirJson,
      body: `${JSON.stringify(patient())}\n${JSON.stringify(observation())}`,
      status: 400,
      code: 'MALFORMED_JSON',
    },
    {
      name: 'FHIR XML',
      path: '/api/v1/fhir',
      headers: { 'content-type': 'application/fhir+xml' },
      body: '<Patient xmlns="http://hl7.org/fhir"/>',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'an event over the body limit',
      path: '/api/v1/members',
      headers: json,
      body: JSON.stringify({ ...fresh('member'), givenName: 'x'.repeat(BODY_LIMIT + KB) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a FHIR resource over the body limit',
      path: '/api/v1/fhir',
      headers: fhirJson,
      body: JSON.stringify({ ...patient(), text: { div: 'x'.repeat(BODY_LIMIT + KB) } }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a bulk body over the bulk limit',
      path: '/api/v1/events/bulk',
      headers: ndjson,
      body: Buffer.alloc(BULK_LIMIT + KB, 0x0a),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'FHIR bulk data over the bulk limit',
      path: '/api/v1/fhir',
      headers: fhirNdjson,
      body: Buffer.alloc(BULK_LIMIT + KB, 0x0a),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a 1 MB bearer token',
      path: '/api/v1/members',
      headers: { ...json, authorization: `Bearer ${'k'.repeat(MB)}` },
      body: aMember(),
      status: 431,
      code: '',
      as: 'nobody',
    },
    {
      name: 'a bearer token of 1,000 characters',
      path: '/api/v1/members',
      headers: { ...json, authorization: `Bearer ${'k'.repeat(1000)}` },
      body: aMember(),
      status: 401,
      code: 'UNAUTHORIZED',
      as: 'nobody',
    },
    {
      name: 'a bearer token with a script tag',
      path: '/api/v1/members',
      headers: { ...json, authorization: 'Bearer <script>alert(1)</script>' },
      body: aMember(),
      status: 401,
      code: 'UNAUTHORIZED',
      as: 'nobody',
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// FHIR
// ---------------------------------------------------------------------------------------------------------------

type FhirCase = RequestCase & { resource?: string | Buffer };

function bundle(type: string, resources: unknown[]): Json {
  return {
    resourceType: 'Bundle',
    type,
    entry: resources.map((resource, i) => ({ fullUrl: `urn:uuid:hx-${i}`, resource })),
  };
}

/** A new Patient (id and MBI of its own) that would be accepted: the cases break it. */
let patientSerial = 0;
function newPatient(): Json {
  patientSerial += 1;
  const mbi = `9EG4TE5MK${String(patientSerial % 100).padStart(2, '0')}`;
  return {
    ...patient(),
    id: `hx-p${patientSerial}`,
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: mbi }],
  };
}

/** An EOB diagnosis entry with its own ICD-10 code (E0000 … E9999, then F0000 …). */
function diagnosis(i: number): Json {
  const code = `${String.fromCharCode(69 + Math.floor(i / 10_000))}${String(i % 10_000).padStart(4, '0')}`;
  return {
    sequence: i + 1,
    diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
  };
}

function fhirCases(): FhirCase[] {
  const refused = (name: string, body: string | Buffer, code = 'VALIDATION_FAILED', status = 400): FhirCase => ({
    name,
    path: '/api/v1/fhir',
    headers: fhirJson,
    body,
    status,
    code,
  });
  const cases: FhirCase[] = [];
  const resources: [string, () => Json][] = [
    ['Patient', newPatient],
    ['ExplanationOfBenefit', eob],
    ['Observation', observation],
    ['Condition', condition],
    ['Coverage', coverage],
  ];
  for (const [type, make] of resources) {
    const text = JSON.stringify(make());
    cases.push(refused(`${type} truncated`, text.slice(0, -10), 'MALFORMED_JSON'));
    cases.push(refused(`${type} with trailing garbage`, `${text}]`, 'MALFORMED_JSON'));
    for (const [name, member] of PROTO_KEYS) {
      cases.push(refused(`${type} with ${name} at the top`, withRawMember(make(), '', member), 'MALFORMED_JSON'));
    }
    cases.push(
      refused(`${type} with invalid UTF-8`, withBytes(make(), '/id', [0xf8, 0x88, 0x80, 0x80, 0x80]), 'MALFORMED_JSON'),
    );
    cases.push(
      refused(`${type} with resourceType "__proto__"`, JSON.stringify({ ...make(), resourceType: '__proto__' })),
    );
    cases.push(
      refused(`${type} with resourceType "constructor"`, JSON.stringify({ ...make(), resourceType: 'constructor' })),
    );
    cases.push(
      refused(`${type} with resourceType 10,000 levels deep`, withRawValue(make(), '/resourceType', deepArray(10_000))),
    );
  }
  const withPatientIdentifier = (value: string): string =>
    JSON.stringify({ ...newPatient(), identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value }] });
  cases.push(
    refused(
      'a Patient with __proto__ in its name',
      withRawMember(newPatient(), '/name/0', `"__proto__":${POLLUTE}`),
      'MALFORMED_JSON',
    ),
    refused(
      'a Patient with __proto__ in its identifier',
      withRawMember(newPatient(), '/identifier/0', `"__proto__":${POLLUTE}`),
      'MALFORMED_JSON',
    ),
    refused(
      'an EOB with constructor.prototype in an item',
      withRawMember(eob(), '/item/0', `"constructor":{"prototype":${POLLUTE}}`),
      'MALFORMED_JSON',
    ),
    refused('a Patient whose MBI has a script tag', withPatientIdentifier('<script>alert(1)</script>')),
    refused('a Patient whose MBI has a lone surrogate', withPatientIdentifier('1EG4TE5MK7\ud800')),
    refused('a Patient whose MBI is 1 MB', withPatientIdentifier(ONE_MB_STRING)),
    refused(
      'a Patient whose identifier is 10,000 levels deep',
      withRawValue(newPatient(), '/identifier', deepArray(10_000)),
    ),
    refused(
      'a Patient whose given name has a NUL',
      JSON.stringify(setAt(newPatient(), '/name/0/given/0', 'A\u0000na')),
    ),
    refused(
      'a Patient whose family name has a lone surrogate',
      JSON.stringify(setAt(newPatient(), '/name/0/family', 'Riv\udfffera')),
    ),
    refused(
      'a Patient whose family name is 1 MB',
      JSON.stringify(setAt(newPatient(), '/name/0/family', ONE_MB_STRING)),
    ),
    refused('a Patient born on 30 February', JSON.stringify({ ...newPatient(), birthDate: '1950-02-30' })),
    refused('a Patient born in year 0', JSON.stringify({ ...newPatient(), birthDate: '0000-01-01' })),
    refused('a Patient born on 9999-99-99', JSON.stringify({ ...newPatient(), birthDate: '9999-99-99' })),
    refused('a Patient born as a number', JSON.stringify({ ...newPatient(), birthDate: 19500228 })),
    refused(
      'an Observation whose subject is 10,000 objects deep',
      withRawValue(observation(), '/subject', deepObject(10_000)),
    ),
    refused(
      'an Observation whose subject is 10,000 arrays deep',
      withRawValue(observation(), '/subject', deepArray(10_000)),
    ),
    refused(
      'an Observation with a LOINC code of a script tag',
      JSON.stringify(setAt(observation(), '/code/coding/0/code', '<script>')),
    ),
    refused('an Observation with Infinity as its value', withRawValue(observation(), '/valueQuantity/value', '1e309')),
    refused(
      'an Observation on 31 April',
      JSON.stringify({ ...observation(), effectiveDateTime: '2025-04-31T08:00:00Z' }),
    ),
    refused('an EOB paid -1 dollars', JSON.stringify(setAt(eob(), '/payment/amount/value', -1))),
    refused('an EOB paid 1e309 dollars', withRawValue(eob(), '/payment/amount/value', '1e309')),
    refused('an EOB paid in euros', JSON.stringify(setAt(eob(), '/payment/amount/currency', 'EUR'))),
    refused(
      'an EOB with an ICD-10 code of a script tag',
      JSON.stringify(setAt(eob(), '/diagnosis/0/diagnosisCodeableConcept/coding/0/code', '<img src=x>')),
    ),
    refused(
      'an EOB with an HCPCS code of three characters',
      JSON.stringify(setAt(eob(), '/item/0/productOrService/coding/0/code', '992')),
    ),
    refused(
      'an EOB billed by an NPI with a wrong check digit',
      JSON.stringify(setAt(eob(), '/provider/identifier/value', '1548226989')),
    ),
    refused(
      'an EOB with 100,000 items',
      JSON.stringify({ ...eob(), item: new Array(HUGE_ARRAY).fill({ sequence: 1 }) }),
    ),
    refused(
      'an EOB with 20,000 different diagnoses',
      JSON.stringify({ ...eob(), diagnosis: Array.from({ length: 20_000 }, (_, i) => diagnosis(i)) }),
    ),
    refused(
      'an EOB for a Patient nobody sent',
      JSON.stringify(setAt(eob(), '/patient/reference', 'Patient/hx-never-sent')),
    ),
    refused(
      'an EOB whose patient reference is __proto__',
      JSON.stringify(setAt(eob(), '/patient/reference', 'Patient/__proto__')),
    ),
    refused('a resource of 10,000 nested arrays', deepArray(10_000)),
    refused('a Bundle without entries', JSON.stringify({ resourceType: 'Bundle', type: 'batch' })),
    refused(
      'a Bundle whose entry is an object',
      JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: { resource: patient() } }),
    ),
    refused('a Bundle of type __proto__', JSON.stringify({ ...bundle('__proto__', [newPatient()]) })),
    refused('a history Bundle', JSON.stringify(bundle('history', [newPatient()]))),
    refused(
      'a Bundle with __proto__ in an entry',
      withRawMember(bundle('batch', [newPatient()]), '/entry/0', `"__proto__":${POLLUTE}`),
      'MALFORMED_JSON',
    ),
    refused(
      'a transaction with one bad entry among good ones',
      JSON.stringify(
        bundle('transaction', [newPatient(), { ...newPatient(), birthDate: '2025-02-30' }, observation()]),
      ),
    ),
    refused(
      'a transaction with an entry 10,000 levels deep',
      JSON.stringify(bundle('transaction', [newPatient(), MARK])).replace(`"${MARK}"`, deepArray(10_000)),
    ),
    refused(
      'a transaction of 5,000 empty entries',
      JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: new Array(5000).fill({}) }),
    ),
    refused(
      'a transaction of 100,000 entries',
      JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: new Array(HUGE_ARRAY).fill({}) }),
      'PAYLOAD_TOO_LARGE',
      413,
    ),
    refused(
      'a batch of 100,000 Patients',
      JSON.stringify(bundle('batch', new Array(HUGE_ARRAY).fill({ resourceType: 'Patient' }))),
      'PAYLOAD_TOO_LARGE',
      413,
    ),
    refused(
      'a transaction whose Patient has a lone surrogate in its name',
      JSON.stringify(bundle('transaction', [setAt(newPatient(), '/name/0/given/0', '\ud83d')])),
    ),
  );
  return cases;
}

/** Hostile entries of a batch Bundle (each refused on its own; the good entry beside them is stored). */
const FHIR_BATCH: [name: string, make: () => unknown][] = [
  ['a Patient whose given name has a NUL', () => setAt(newPatient(), '/name/0/given/0', 'A\u0000na')],
  ['a Patient born in year 0', () => ({ ...newPatient(), birthDate: '0000-01-01' })],
  ['a Patient whose family name has a lone surrogate', () => setAt(newPatient(), '/name/0/family', '\udc00')],
  ['a resource of type __proto__', () => ({ resourceType: '__proto__' })],
  ['a resource of type constructor', () => ({ resourceType: 'constructor', id: 'x' })],
  ['a string', () => 'not a resource'],
  ['an array', () => [patient()]],
  ['an Observation with a code of a script tag', () => setAt(observation(), '/code/coding/0/code', '<script>')],
  ['an EOB paid 1e309 dollars', () => JSON.parse(withRawValue(eob(), '/payment/amount/value', '1e309')) as unknown],
];

/** Hostile FHIR bulk-data lines, and the code each line's answer must carry. */
const FHIR_NDJSON: [name: string, make: () => string | Buffer, code: string][] = [
  ['__proto__ at the top', () => withRawMember(newPatient(), '', `"__proto__":${POLLUTE}`), 'MALFORMED_JSON'],
  [
    'constructor.prototype in a name',
    () => withRawMember(newPatient(), '/name/0', `"constructor":{"prototype":${POLLUTE}}`),
    'MALFORMED_JSON',
  ],
  [
    '__proto__ spelt with an escape in an identifier',
    () => withRawMember(newPatient(), '/identifier/0', `"\\u005f_proto__":${POLLUTE}`),
    'MALFORMED_JSON',
  ],
  [
    'a subject 10,000 objects deep',
    () => withRawValue(observation(), '/subject', deepObject(10_000)),
    'VALIDATION_FAILED',
  ],
  [
    'an identifier 10,000 arrays deep',
    () => withRawValue(newPatient(), '/identifier', deepArray(10_000)),
    'VALIDATION_FAILED',
  ],
  ['10,000 nested arrays', () => deepArray(10_000), 'VALIDATION_FAILED'],
  [
    'a family name with a lone surrogate',
    () => JSON.stringify(setAt(newPatient(), '/name/0/family', 'R\ud800')),
    'VALIDATION_FAILED',
  ],
  [
    'a family name with an escape sequence',
    () => JSON.stringify(setAt(newPatient(), '/name/0/family', '\u001b[2J')),
    'VALIDATION_FAILED',
  ],
  ['a family name in invalid UTF-8', () => withBytes(newPatient(), '/name/0/family', [0xc0, 0x80]), 'MALFORMED_JSON'],
  [
    'a Patient with a new MBI born on 30 February',
    () => JSON.stringify({ ...newPatient(), birthDate: '2025-02-30' }),
    'VALIDATION_FAILED',
  ],
  ['a Patient born in year 0', () => JSON.stringify({ ...newPatient(), birthDate: '0000-01-01' }), 'VALIDATION_FAILED'],
  [
    'a line longer than the limit',
    () => JSON.stringify({ ...newPatient(), name: [{ family: 'x'.repeat(MAX_LINE) }] }),
    'PAYLOAD_TOO_LARGE',
  ],
  [
    'an EOB with an HCPCS code of three characters',
    () => JSON.stringify(setAt(eob(), '/item/0/productOrService/coding/0/code', 'A12')),
    'VALIDATION_FAILED',
  ],
  [
    'an EOB with 30 different diagnoses',
    () => JSON.stringify({ ...eob(), diagnosis: Array.from({ length: 30 }, (_, i) => diagnosis(i)) }),
    'VALIDATION_FAILED',
  ],
  [
    'an EOB with 10,000 different diagnoses',
    () => JSON.stringify({ ...eob(), diagnosis: Array.from({ length: 10_000 }, (_, i) => diagnosis(i)) }),
    'PAYLOAD_TOO_LARGE',
  ],
  ['a truncated resource', () => '{"resourceType":"Patient",', 'MALFORMED_JSON'],
  ['a resource of type __proto__', () => '{"resourceType":"__proto__"}', 'VALIDATION_FAILED'],
  [
    'two resources on one line',
    () => `${JSON.stringify(newPatient())}${JSON.stringify(newPatient())}`,
    'MALFORMED_JSON',
  ],
];

/** What only an NDJSON line can be (and blank lines, which are skipped). */
const NDJSON_ONLY: [line: Buffer, code: string][] = [
  [Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from(JSON.stringify(fresh('member')))]), 'MALFORMED_JSON'],
  [Buffer.from('\u0000\u0000\u0000'), 'MALFORMED_JSON'],
  [Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), 'MALFORMED_JSON'],
  [Buffer.from('\r'), 'skipped'],
  [Buffer.from(' \t '), 'skipped'],
  [Buffer.from(`${JSON.stringify(fresh('claim')).slice(0, 40)}\r`), 'MALFORMED_JSON'],
  [Buffer.from(`[${JSON.stringify(fresh('claim'))}]`), 'VALIDATION_FAILED'],
  [Buffer.from(`"${'x'.repeat(MAX_LINE * 4)}"`), 'PAYLOAD_TOO_LARGE'],
  [Buffer.from(JSON.stringify({ ...fresh('member'), givenName: 'x'.repeat(MAX_LINE) })), 'PAYLOAD_TOO_LARGE'],
];

/** Text that looks like an attack but is a valid name: stored byte for byte, and shown as text (tests/e2e/inert-script). */
const VALID_TEXTS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"; DROP TABLE members; --',
  "{{constructor.constructor('return process')()}}",
  '${7*7} #{7*7} <%= 7*7 %>',
  '__proto__',
  'Zoë 🧪 李 עברית \u202e',
  'Line one\nline two\ttabbed',
];

// ---------------------------------------------------------------------------------------------------------------
// HL7 v2 ADT
// ---------------------------------------------------------------------------------------------------------------

/**
 * An HL7 case: refused whole (a 4xx and its code), or answered 200 with these ACK codes — never an AA, so nothing
 * of it is stored or parked.
 */
type Hl7Case = { name: string; body: string | Buffer; contentType?: string; encoding?: string } & (
  { status: number; code: string } | { acks: ('AE' | 'AR')[] }
);

/** The hand-written A01 of the HL7 fixtures: its patient is the tenant's member, so only what a case breaks refuses it. */
const HL7_ADMIT = readFileSync(
  new URL('../../server/src/ingest/hl7/__fixtures__/a01-admit.hl7', import.meta.url),
  'latin1',
);
let hl7Serial = 0;

/** The A01 with a control id of its own and one field replaced (segment, HL7 field number, raw value). */
function hostileAdmit(segment?: string, field?: number, value?: string): string {
  hl7Serial += 1;
  const lines = HL7_ADMIT.split('\r').map((line) =>
    line.startsWith('MSH|') ? line.replace('GH20260302-0001', `HX-HL7-${hl7Serial}`) : line,
  );
  return lines
    .map((line) => {
      if (segment === undefined || field === undefined || !line.startsWith(`${segment}|`)) {
        return line;
      }
      const parts = line.split('|');
      const index = segment === 'MSH' ? field - 1 : field;
      while (parts.length <= index) {
        parts.push('');
      }
      parts[index] = value ?? '';
      return parts.join('|');
    })
    .join('\r');
}

function hl7Cases(): Hl7Case[] {
  const ae = (name: string, body: string): Hl7Case => ({ name, body, acks: ['AE'] });
  const ar = (name: string, body: string): Hl7Case => ({ name, body, acks: ['AR'] });
  const refused = (name: string, body: string | Buffer, status: number, code: string, more = {}): Hl7Case => ({
    name,
    body,
    status,
    code,
    ...more,
  });
  return [
    refused('no MSH: JSON', JSON.stringify(VALID_EVENTS.adt), 400, 'MALFORMED_HL7'),
    refused('no MSH: XML', '<?xml version="1.0"?><ADT_A01/>', 400, 'MALFORMED_HL7'),
    refused('only NULs', Buffer.alloc(64, 0), 400, 'MALFORMED_HL7'),
    refused(
      'a script tag before the MSH',
      `<script>window.__pwned=1</script>\r${hostileAdmit()}`,
      400,
      'MALFORMED_HL7',
    ),
    refused(
      'invalid UTF-8 in a name',
      Buffer.concat([Buffer.from(hostileAdmit().slice(0, 200)), Buffer.from([0xc3, 0x28])]),
      400,
      'MALFORMED_HL7',
    ),
    refused(
      'an encoded surrogate (0xED 0xA0 0x80)',
      Buffer.concat([Buffer.from(hostileAdmit()), Buffer.from([0xed, 0xa0, 0x80])]),
      400,
      'MALFORMED_HL7',
    ),
    refused('UTF-16 declared as UTF-8', Buffer.from(`\ufeff${hostileAdmit()}`, 'utf16le'), 400, 'MALFORMED_HL7'),
    refused('UTF-16 declared as such', Buffer.from(hostileAdmit(), 'utf16le'), 415, 'UNSUPPORTED_MEDIA_TYPE', {
      contentType: 'application/hl7-v2; charset=utf-16le',
    }),
    refused('gzipped', gzipSync(Buffer.from(hostileAdmit())), 415, 'UNSUPPORTED_MEDIA_TYPE', { encoding: 'gzip' }),
    refused('a gzip bomb', GZIP_BOMB, 415, 'UNSUPPORTED_MEDIA_TYPE', { encoding: 'gzip' }),
    // Read as what it claims to be: JSON, which it is not.
    refused('declared as JSON', hostileAdmit(), 400, 'MALFORMED_JSON', { contentType: 'application/json' }),
    refused('as form data', hostileAdmit(), 415, 'UNSUPPORTED_MEDIA_TYPE', {
      contentType: 'application/x-www-form-urlencoded',
    }),
    refused('over the body limit', hostileAdmit('PID', 5, 'x'.repeat(BODY_LIMIT + KB)), 413, 'PAYLOAD_TOO_LARGE'),
    refused('10,001 messages', 'MSH|^~\\&|A|F\r'.repeat(10_001), 413, 'PAYLOAD_TOO_LARGE'),
    ar('a header of one character', 'MSH|'),
    ar('encoding characters that repeat', hostileAdmit().replace('MSH|^~\\&|', 'MSH|^^^^|')),
    ar('a letter as the field separator', hostileAdmit().replace(/\|/g, 'X')),
    ar('a message type of __proto__', hostileAdmit('MSH', 9, '__proto__^A01')),
    ar('a trigger of constructor', hostileAdmit('MSH', 9, 'ADT^constructor^ADT_A01')),
    ar('a trigger of __proto__', hostileAdmit('MSH', 9, 'ADT^__proto__')),
    ar('version 3.0', hostileAdmit('MSH', 12, '3.0')),
    ar('a debugging message', hostileAdmit('MSH', 11, 'D')),
    ae('a control id of 1 MB', hostileAdmit('MSH', 10, 'C'.repeat(MB))),
    ae('a control id with a NUL', hostileAdmit('MSH', 10, 'HX\u0000ID')),
    ae('a control id with an escaped NUL (\\X00\\)', hostileAdmit('MSH', 10, 'HX\\X00\\ID')),
    ae('a control id with an escaped field separator (\\F\\)', hostileAdmit('MSH', 10, 'HX\\F\\ID')),
    ae('a control id with a lone surrogate', hostileAdmit('MSH', 10, 'HX\ud800')),
    ae('a sender with an escape sequence', hostileAdmit('MSH', 3, '\u001b[31mEPIC')),
    ae('a visit number of 1 MB', hostileAdmit('PV1', 19, 'V'.repeat(MB))),
    ae('a visit number with a right-to-left override', hostileAdmit('PV1', 19, 'V\u202e1')),
    ae('an event time of 99999999999999', hostileAdmit('EVN', 2, '99999999999999')),
    ae('an event time in year 0', hostileAdmit('EVN', 2, '00000101')),
    ae('an event time with a script tag', hostileAdmit('EVN', 2, '<script>alert(1)</script>')),
    ae('an admission at hour 25', hostileAdmit('PV1', 44, '20260302251000-0500')),
    ae('a patient class of __proto__', hostileAdmit('PV1', 2, '__proto__')),
    ae('a patient class of constructor', hostileAdmit('PV1', 2, 'constructor')),
    ae(
      '100,000 patient identifiers',
      hostileAdmit('PID', 3, new Array(HUGE_ARRAY).fill('MRN1^^^GENHOSP^MR').join('~')),
    ),
    ae('only a social security number', hostileAdmit('PID', 3, '123-45-6789^^^SSA^SS')),
    ae('a facility name with an escaped NUL', hostileAdmit('PV2', 23, 'General\\X00\\Hospital')),
    ae('no PV1', hostileAdmit().replace(/\rPV1\|[^\r]*/, '')),
    ae('no PID but 100,000 Z segments', hostileAdmit().replace(/\rPID\|[^\r]*/, `\r${'ZXX|1\r'.repeat(HUGE_ARRAY)}`)),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-in and admin
// ---------------------------------------------------------------------------------------------------------------

function signInAndAdminCases(): RequestCase[] {
  const login = (name: string, body: string | Buffer, status: number, code: string, headers = json): RequestCase => ({
    name: `sign-in: ${name}`,
    path: '/api/v1/auth/login',
    headers,
    body,
    status,
    code,
    as: 'nobody',
  });
  const device = (name: string, body: string, status: number, code: string): RequestCase => ({
    name: `device sign-in: ${name}`,
    path: '/api/v1/auth/device',
    headers: json,
    body,
    status,
    code,
    as: 'nobody',
  });
  const adminGet = (name: string, query: string, status = 400, code = 'VALIDATION_FAILED'): RequestCase => ({
    name: `admin GET ${name}`,
    method: 'GET',
    path: `/api/v1/admin/audit${query}`,
    status,
    code,
    as: 'admin',
  });
  const adminPost = (
    name: string,
    path: string,
    body: string | Buffer,
    status = 400,
    code = 'VALIDATION_FAILED',
    headers = json,
  ): RequestCase => ({
    name: `admin POST ${name}`,
    path: `/api/v1/admin${path}`,
    headers,
    body,
    status,
    code,
    as: 'admin',
  });
  const ok = { login: 'someone@hx.example', password: 'not-the-password' };
  return [
    login('truncated', '{"login":"a","pass', 400, 'MALFORMED_JSON'),
    login('empty', '', 400, 'MALFORMED_JSON'),
    login('__proto__', `{"login":"a","password":"b","__proto__":${POLLUTE}}`, 400, 'MALFORMED_JSON'),
    login(
      'constructor.prototype',
      `{"login":"a","password":"b","constructor":{"prototype":${POLLUTE}}}`,
      400,
      'MALFORMED_JSON',
    ),
    login('a prototype field', `{"login":"a","password":"b","prototype":${POLLUTE}}`, 400, 'VALIDATION_FAILED'),
    login('the login as an object', JSON.stringify({ ...ok, login: { $ne: null } }), 400, 'VALIDATION_FAILED'),
    login('the login as an array', JSON.stringify({ ...ok, login: ['admin'] }), 400, 'VALIDATION_FAILED'),
    login('the password as a number', JSON.stringify({ ...ok, password: 123456 }), 400, 'VALIDATION_FAILED'),
    login('the password as null', JSON.stringify({ ...ok, password: null }), 400, 'VALIDATION_FAILED'),
    login('an empty login', JSON.stringify({ ...ok, login: '' }), 400, 'VALIDATION_FAILED'),
    login('a login of 1 KB', JSON.stringify({ ...ok, login: 'a'.repeat(KB) }), 400, 'VALIDATION_FAILED'),
    login('a 2 KB password', JSON.stringify({ ...ok, password: 'p'.repeat(2 * KB) }), 400, 'VALIDATION_FAILED'),
    login('a body of 1 MB', JSON.stringify({ ...ok, password: ONE_MB_STRING }), 413, 'PAYLOAD_TOO_LARGE'),
    login('10,000 nested arrays', deepArray(10_000), 413, 'PAYLOAD_TOO_LARGE'),
    login('1,000 nested arrays', deepArray(1000), 400, 'VALIDATION_FAILED'),
    login('an unknown field', JSON.stringify({ ...ok, role: 'admin' }), 400, 'VALIDATION_FAILED'),
    login(
      'a script-tag login that no one has',
      JSON.stringify({ ...ok, login: '<script>alert(1)</script>' }),
      401,
      'UNAUTHORIZED',
    ),
    login('a login with a NUL', JSON.stringify({ ...ok, login: 'admin\u0000@hx.example' }), 401, 'UNAUTHORIZED'),
    login('a login with a lone surrogate', JSON.stringify({ ...ok, login: 'admin\ud800' }), 401, 'UNAUTHORIZED'),
    login('a login of glob characters', JSON.stringify({ ...ok, login: '*' }), 401, 'UNAUTHORIZED'),
    login('a login of __proto__', JSON.stringify({ ...ok, login: '__proto__' }), 401, 'UNAUTHORIZED'),
    login('invalid UTF-8', withBytes(ok, '/login', [0xff, 0xfe, 0xfd]), 400, 'MALFORMED_JSON'),
    login('form-encoded', 'login=a&password=b', 415, 'UNSUPPORTED_MEDIA_TYPE', {
      'content-type': 'application/x-www-form-urlencoded',
    }),
    login('gzipped', gzipSync(Buffer.from(JSON.stringify(ok))), 415, 'UNSUPPORTED_MEDIA_TYPE', {
      ...json,
      'content-encoding': 'gzip',
    }),
    device('a short token', JSON.stringify({ token: 'short' }), 400, 'VALIDATION_FAILED'),
    device('a token as an array', JSON.stringify({ token: ['a'.repeat(20)] }), 400, 'VALIDATION_FAILED'),
    device('__proto__', `{"token":"${'a'.repeat(20)}","__proto__":${POLLUTE}}`, 400, 'MALFORMED_JSON'),
    device('a made-up token', JSON.stringify({ token: 'a'.repeat(64) }), 401, 'UNAUTHORIZED'),
    adminGet('after=__proto__', '?after=__proto__'),
    adminGet('after with a script tag', `?after=${encodeURIComponent('<script>')}`),
    adminGet('after of 100 digits', `?after=${'9'.repeat(100)}-0`),
    adminGet('limit=NaN', '?limit=NaN'),
    adminGet('limit=Infinity', '?limit=Infinity'),
    adminGet('limit=1e309', '?limit=1e309'),
    adminGet('limit=-1', '?limit=-1'),
    adminGet('limit of 1,000,000', '?limit=1000000'),
    adminGet('__proto__[polluted]=yes', '?__proto__[polluted]=yes'),
    adminGet('__proto__=x', '?__proto__=x'),
    adminGet('constructor[prototype][polluted]=yes', '?constructor[prototype][polluted]=yes'),
    adminGet('a parameter twice', '?limit=1&limit=2'),
    adminGet('1,000 parameters', `?${Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&')}`),
    adminGet(
      '10,000 parameters (past the header limit)',
      `?${Array.from({ length: 10_000 }, (_, i) => `p${i}=1`).join('&')}`,
      431,
      '',
    ),
    adminGet('a NUL', '?after=%00'),
    adminGet('invalid percent-encoding', '?after=%E0%A4%A'),
    {
      name: 'admin GET audit/export from 30 February',
      method: 'GET',
      path: '/api/v1/admin/audit/export?from=2026-02-30T00:00:00Z',
      status: 400,
      code: 'VALIDATION_FAILED',
      as: 'admin',
    },
    {
      name: 'admin GET audit/export from a time zone name Date cannot read',
      method: 'GET',
      path: `/api/v1/admin/audit/export?from=${encodeURIComponent('2026-01-01T00:00:00Z[Europe/Paris]')}`,
      status: 400,
      code: 'VALIDATION_FAILED',
      as: 'admin',
    },
    {
      name: 'admin GET audit/export to a date without a time',
      method: 'GET',
      path: '/api/v1/admin/audit/export?to=2026-01-01',
      status: 400,
      code: 'VALIDATION_FAILED',
      as: 'admin',
    },
    {
      name: 'admin GET api-keys with a bad id',
      method: 'DELETE',
      path: `/api/v1/admin/api-keys/${encodeURIComponent('../../auth')}`,
      status: 400,
      code: 'VALIDATION_FAILED',
      as: 'admin',
    },
    {
      name: 'admin DELETE a device with __proto__ for an id',
      method: 'DELETE',
      path: '/api/v1/admin/devices/__proto__',
      status: 400,
      code: 'VALIDATION_FAILED',
      as: 'admin',
    },
    {
      name: 'admin DELETE a key that does not exist',
      method: 'DELETE',
      path: '/api/v1/admin/api-keys/0123456789abcdef',
      status: 404,
      code: 'NOT_FOUND',
      as: 'admin',
    },
    adminPost('an API key named with a NUL', '/api-keys', JSON.stringify({ name: 'a\u0000b' })),
    adminPost('an API key named with an escape sequence', '/api-keys', JSON.stringify({ name: '\u001b[2J' })),
    adminPost('an API key named with a lone surrogate', '/api-keys', JSON.stringify({ name: 'key \ud800' })),
    adminPost('an API key named 1 MB', '/api-keys', JSON.stringify({ name: ONE_MB_STRING })),
    adminPost('an API key with no name', '/api-keys', '{}'),
    adminPost('an API key named with an object', '/api-keys', JSON.stringify({ name: { toString: 'x' } })),
    adminPost('an API key with __proto__', '/api-keys', `{"name":"k","__proto__":${POLLUTE}}`, 400, 'MALFORMED_JSON'),
    adminPost(
      'an API key with constructor.prototype',
      '/api-keys',
      `{"name":"k","constructor":{"prototype":${POLLUTE}}}`,
      400,
      'MALFORMED_JSON',
    ),
    adminPost('an API key with scopes', '/api-keys', JSON.stringify({ name: 'k', scopes: ['admin'] })),
    adminPost('an API key as an array', '/api-keys', JSON.stringify([{ name: 'k' }])),
    adminPost('an API key 10,000 levels deep', '/api-keys', `{"name":${deepArray(10_000)}}`),
    adminPost('an API key truncated', '/api-keys', '{"name":"k', 400, 'MALFORMED_JSON'),
    adminPost(
      'an API key in invalid UTF-8',
      '/api-keys',
      withBytes({ name: 'k' }, '/name', [0xc3, 0x28]),
      400,
      'MALFORMED_JSON',
    ),
    adminPost('a device named with a NUL', '/devices', JSON.stringify({ name: 'Wall\u0000' })),
    adminPost('a device named with a lone surrogate', '/devices', JSON.stringify({ name: 'Wall \udc00' })),
    adminPost('a device with __proto__', '/devices', `{"name":"w","__proto__":${POLLUTE}}`, 400, 'MALFORMED_JSON'),
    adminPost(
      'a rotation with a negative grace',
      '/api-keys/0123456789abcdef/rotate',
      JSON.stringify({ graceSeconds: -1 }),
    ),
    adminPost('a rotation with 1e309 grace', '/api-keys/0123456789abcdef/rotate', '{"graceSeconds":1e309}'),
    adminPost(
      'a rotation with a grace as a string',
      '/api-keys/0123456789abcdef/rotate',
      JSON.stringify({ graceSeconds: '60' }),
    ),
    adminPost('a rotation of a key that does not exist', '/api-keys/0123456789abcdef/rotate', '{}', 404, 'NOT_FOUND'),
    adminPost('a gzipped API key', '/api-keys', gzipSync(Buffer.from('{"name":"k"}')), 415, 'UNSUPPORTED_MEDIA_TYPE', {
      ...json,
      'content-encoding': 'gzip',
    }),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Sockets: every client → server event
// ---------------------------------------------------------------------------------------------------------------

interface SocketCase {
  name: string;
  event: string;
  /** The packet's JSON after the event name (`,{…}`), written by hand; '' for no payload at all. */
  args: string;
  code: string;
  /** A quality user's socket (who may reassign) instead of a coordinator's. */
  quality?: boolean;
}

const SOCKET_EVENTS: { event: string; valid: Json; quality?: boolean }[] = [
  { event: 'view:subscribe', valid: { viewId: 'spend' } },
  { event: 'view:unsubscribe', valid: { viewId: 'spend' } },
  { event: 'session:heartbeat', valid: {} },
  { event: 'presence:update', valid: { page: 'queue', memberId: null } },
  { event: 'lease:claim', valid: { memberId: 'HX-SOCKET-1' } },
  { event: 'lease:release', valid: { memberId: 'HX-SOCKET-1', token: 1 } },
  { event: 'lease:reassign', valid: { memberId: 'HX-SOCKET-1', toUserId: 'u-2', toUserName: 'Ben' }, quality: true },
  { event: 'patient:panel', valid: { memberId: '1EG4TE5MK73' } },
  { event: 'export:record', valid: { view: 'gaps', filters: {}, memberIds: [], rows: 0 } },
  {
    event: 'worklist:record',
    valid: {
      commandId: 'hx-cmd-1',
      memberId: '1EG4TE5MK73',
      token: 1,
      at: '2026-03-04T14:05:00Z',
      action: { type: 'outreach', channel: 'phone', outcome: 'no-answer' },
    },
  },
];

/** A field of each event's payload and hostile values for it (all refused by its schema). */
const SOCKET_FIELDS: Record<string, [pointer: string, values: [string, string][]]> = {
  'view:subscribe': [
    '/viewId',
    [
      ['an unknown view', '"secrets"'],
      ['view "__proto__"', '"__proto__"'],
      ['view "constructor"', '"constructor"'],
    ],
  ],
  'view:unsubscribe': ['/viewId', [['view "toString"', '"toString"']]],
  'presence:update': [
    '/page',
    [
      ['a page with a script tag', '"<script>"'],
      ['a page with a NUL', '"queue\\u0000"'],
    ],
  ],
  'lease:claim': [
    '/memberId',
    [
      ['a member id with a script tag', '"<img src=x onerror=alert(1)>"'],
      ['a member id with a lone surrogate', '"A\\ud800"'],
      ['a member id with a glob', '"*"'],
    ],
  ],
  'lease:release': [
    '/token',
    [
      ['a token of 1e309', '1e309'],
      ['a token of -1', '-1'],
      ['a token of 1.5', '1.5'],
    ],
  ],
  'lease:reassign': [
    '/toUserName',
    [
      ['an empty name', '""'],
      ['a name of 1,000 characters', JSON.stringify('n'.repeat(1000))],
    ],
  ],
  'patient:panel': [
    '/memberId',
    [
      ['a member id with a backslash', '"..\\\\.."'],
      ['a member id of __proto__ spelt with a space', '"__proto__ "'],
    ],
  ],
  'export:record': [
    '/rows',
    [
      ['rows of 1e309', '1e309'],
      ['rows of -1', '-1'],
    ],
  ],
  'worklist:record': [
    '/at',
    [
      ['a time on 30 February', '"2026-02-30T10:00:00Z"'],
      ['a time in year 0', '"0000-01-01T00:00:00Z"'],
      ['a time without an offset', '"2026-03-04T14:05:00"'],
    ],
  ],
};

function socketCases(): SocketCase[] {
  const cases: SocketCase[] = [];
  for (const { event, valid, quality } of SOCKET_EVENTS) {
    const add = (name: string, args: string, code = 'VALIDATION_FAILED') =>
      cases.push({ name: `${event}: ${name}`, event, args, code, ...(quality ? { quality } : {}) });
    add('no payload', '');
    add('null', ',null');
    add('a string', ',"claim"');
    add('a number', ',1e309');
    add('an array', `,[${JSON.stringify(valid)}]`);
    add('an unknown field', `,${JSON.stringify({ ...valid, extra: 1 })}`);
    add('a prototype field', `,${JSON.stringify({ ...valid, prototype: { polluted: 'yes' } })}`);
    for (const [name, member] of PROTO_KEYS) {
      add(`${name}`, `,${withRawMember(valid, '', member)}`);
    }
    add('10,000 nested arrays', `,${deepArray(10_000)}`);
    add('an unknown field 10,000 objects deep', `,${withRawMember(valid, '', `"deep":${deepObject(10_000)}`)}`);
    add('an unknown field of 100,000 items', `,${JSON.stringify({ ...valid, extra: new Array(HUGE_ARRAY).fill(0) })}`);
    add('an unknown field of 900 KB', `,${JSON.stringify({ ...valid, extra: 'x'.repeat(900 * KB) })}`);
    if (event !== 'session:heartbeat') {
      add('{}', ',{}');
    }
    const fields = SOCKET_FIELDS[event];
    if (fields !== undefined) {
      const [pointer, values] = fields;
      for (const [name, raw] of values) {
        add(name, `,${withRawValue(valid, pointer, raw)}`);
      }
      add(`${pointer} 10,000 levels deep`, `,${withRawValue(valid, pointer, deepArray(10_000))}`);
      add(`${pointer} of 900 KB`, `,${withRawValue(valid, pointer, JSON.stringify('9'.repeat(900 * KB)))}`);
    }
  }
  const worklist = SOCKET_EVENTS.find((e) => e.event === 'worklist:record')!.valid;
  const withAction = (action: unknown): string => `,${JSON.stringify({ ...worklist, action })}`;
  cases.push(
    ...(
      [
        ['an action with __proto__', `,${withRawMember(worklist, '/action', `"__proto__":${POLLUTE}`)}`],
        [
          'an action with constructor.prototype',
          `,${withRawMember(worklist, '/action', `"constructor":{"prototype":${POLLUTE}}`)}`,
        ],
        ['an action with an unknown type', withAction({ type: 'delete-patient' })],
        ['an action without a type', withAction({ channel: 'phone' })],
        ['an action 10,000 levels deep', `,${withRawValue(worklist, '/action', deepArray(10_000))}`],
        [
          'an action with a field 10,000 levels deep',
          `,${withRawMember(worklist, '/action', `"deep":${deepObject(10_000)}`)}`,
        ],
        ['a note with a NUL', withAction({ type: 'outreach', channel: 'phone', outcome: 'reached', note: 'a\u0000b' })],
        [
          'a note with a lone surrogate',
          withAction({ type: 'outreach', channel: 'phone', outcome: 'reached', note: '\udbff' }),
        ],
        [
          'a note of 900 KB',
          withAction({ type: 'outreach', channel: 'phone', outcome: 'reached', note: 'n'.repeat(900 * KB) }),
        ],
        [
          'a next attempt on 9999-99-99',
          withAction({ type: 'outreach', channel: 'phone', outcome: 'reached', nextAttemptOn: '9999-99-99' }),
        ],
        ['a close for "other" without a note', withAction({ type: 'close', gapId: 'g-1', reason: 'other' })],
        ['an assignee with a script tag', withAction({ type: 'assign', assignee: '<script>' })],
        ['a command id with a NUL', `,${JSON.stringify({ ...worklist, commandId: 'a\u0000' })}`],
        ['a time 10 years ahead', `,${JSON.stringify({ ...worklist, at: '2036-03-04T14:05:00Z' })}`],
      ] as const
    ).map(([name, args]) => ({
      name: `worklist:record: ${name}`,
      event: 'worklist:record',
      args,
      code: 'VALIDATION_FAILED',
    })),
    {
      name: 'export:record: 100,000 member ids with a script tag',
      event: 'export:record',
      args: `,${JSON.stringify({ view: 'gaps', filters: {}, memberIds: new Array(HUGE_ARRAY).fill('<s>'), rows: 1 })}`,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'export:record: filters with a value 10,000 levels deep',
      event: 'export:record',
      args: `,${withRawValue({ view: 'gaps', filters: { q: '' }, memberIds: [], rows: 0 }, '/filters/q', deepArray(10_000))}`,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'export:record: filters with __proto__',
      event: 'export:record',
      args: `,{"view":"gaps","filters":{"__proto__":${POLLUTE}},"memberIds":[],"rows":0}`,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'view:subscribe: since with a feed id past 2^64 (a snapshot instead)',
      event: 'view:subscribe',
      args: `,${JSON.stringify({ viewId: 'spend', since: { version: 0, feedId: `${'9'.repeat(30)}-0` } })}`,
      code: 'snapshot',
    },
    {
      name: 'view:subscribe: since with a version of 1e309',
      event: 'view:subscribe',
      args: `,{"viewId":"spend","since":{"version":1e309,"feedId":"0-0"}}`,
      code: 'VALIDATION_FAILED',
    },
    { name: 'lease:reassign by a coordinator', event: 'lease:reassign', args: ',{}', code: 'FORBIDDEN' },
    { name: 'an unknown event', event: 'lease:steal', args: ',{}', code: 'FORBIDDEN' },
    { name: 'an event named __proto__', event: '__proto__', args: ',{}', code: 'FORBIDDEN' },
    { name: 'an event named constructor', event: 'constructor', args: ',{}', code: 'FORBIDDEN' },
    { name: 'an event named hasOwnProperty', event: 'hasOwnProperty', args: ',{}', code: 'FORBIDDEN' },
    { name: 'an event named with a script tag', event: '<script>', args: ',{}', code: 'FORBIDDEN' },
    { name: 'an event named session:ready (server → client)', event: 'session:ready', args: ',{}', code: 'FORBIDDEN' },
    {
      name: 'patient:panel: a member the tenant never heard of',
      event: 'patient:panel',
      args: ',{"memberId":"HX-NOBODY"}',
      code: 'NOT_FOUND',
    },
    {
      name: 'lease:release: a lease nobody holds',
      event: 'lease:release',
      args: ',{"memberId":"HX-NOBODY","token":999}',
      code: 'LEASE_STALE',
    },
    {
      name: 'worklist:record: a valid command without a lease',
      event: 'worklist:record',
      args: `,${JSON.stringify({ ...worklist, commandId: 'hx-no-lease' })}`,
      code: 'LEASE_STALE',
    },
  );
  return cases;
}

/**
 * Packets a socket.io client would never send: each must cost the sender its connection, and nothing else.
 * Written to the engine directly (`4` is engine.io's message type; `2`/`5` socket.io's event/binary event).
 */
const PROTOCOL_ABUSE: [name: string, frames: (string | Buffer)[]][] = [
  ['a truncated event packet', ['2["lease:claim",{"memberId":']],
  ['an event packet that is not an array', ['2{"lease:claim":1}']],
  ['an event named disconnect (reserved)', ['2["disconnect"]']],
  ['an event whose name is an object', ['2[{"__proto__":1}]']],
  ['an unknown packet type', ['9["x"]']],
  ['a binary event with 1,000 attachments', ['51000-["lease:claim",{"_placeholder":true,"num":0}]']],
  ['a binary attachment nobody announced', [Buffer.from([1, 2, 3])]],
  [
    'a binary event whose placeholder points past its attachments',
    ['51-["lease:claim",{"_placeholder":true,"num":5}]', Buffer.from([1])],
  ],
  ['an event packet for a namespace it never joined', ['2/admin,["lease:claim",{}]']],
];

// ---------------------------------------------------------------------------------------------------------------
// The stack, and what it holds before the hostile inputs
// ---------------------------------------------------------------------------------------------------------------

let stack: TestStack;
let queues: QueuesView;
let admin: TestSession;
const errorLogs: string[] = [];
let before: { models: ReadModels; index: Record<string, string>; events: number };
/** Every event key the tests store on purpose (good lines, conflict pairs' firsts, valid hostile text). */
const expectedNewKeys = new Set<string>();
/** The FHIR Patients (ids) stored on purpose: the only ones the crosswalk may learn. */
const acceptedPatientIds = new Set<string>();
const sockets: TestClient[] = [];

async function readIndex(): Promise<Record<string, string>> {
  return stack.redis.hgetall(stack.keys.eventIndex(stack.tenantId));
}

/** Read models to compare; presence (the test's own sockets come and go) and transient panel jobs left out. */
async function readModels(): Promise<ReadModels> {
  const models = await captureReadModels(stack.redis, stack.keys, stack.tenantId);
  return Object.fromEntries(Object.entries(models).filter(([key]) => !/^(presence|view:presence:|panel:)/.test(key)));
}

async function send(request: RequestCase): Promise<Response> {
  const headers = new Headers(request.headers);
  const as = request.as ?? 'ingest';
  if (as === 'ingest' && !headers.has('authorization')) {
    headers.set('authorization', `Bearer ${stack.apiKey}`);
  }
  const init: RequestInit = { method: request.method ?? 'POST', headers };
  if (request.body !== undefined) {
    init.body = bodyOf(request.body);
  }
  if (as === 'admin' || as === 'coordinator') {
    return stack.request(as === 'admin' ? admin : await stack.signIn({ role: as }), request.path, init);
  }
  return fetch(`${stack.url}${request.path}`, init);
}

async function expectRefused(response: Response, expected: Expected): Promise<void> {
  const text = await response.text();
  expect(response.status, text.slice(0, 500)).toBe(expected.status);
  if (expected.code === '') {
    return;
  }
  const body = JSON.parse(text) as { error: { code: string; issues?: { path: string; reason: string }[] } };
  expect(body.error.code, text.slice(0, 500)).toBe(expected.code);
  if (expected.issue !== undefined) {
    expect(
      body.error.issues?.map((i) => [i.path, i.reason]),
      text.slice(0, 500),
    ).toContainEqual(expected.issue);
  }
  // Never an answer that grows with the hostility: a 100,000-item array is not 100,000 issues.
  expect(text.length).toBeLessThan(64 * KB);
}

/** A body for fetch: text, or bytes as they are. */
function bodyOf(body: string | Buffer): BodyInit {
  return typeof body === 'string' ? body : new Uint8Array(body);
}

async function postBulkRaw(path: string, contentType: string, body: string | Buffer): Promise<BulkAnswer> {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${stack.apiKey}` },
    body: bodyOf(body),
  });
  return parseBulkAnswer(response.status, await response.text());
}

/**
 * Sends a hand-written event packet on the socket and waits for its acknowledgement: NO_ANSWER when none comes in
 * time, or when the server drops the connection instead.
 */
function askRaw(socket: Socket, event: string, args: string, timeoutMs = 5000): Promise<unknown> {
  const internals = socket as unknown as {
    ids: number;
    acks: Record<number, (...reply: unknown[]) => void>;
    io: { engine: { write(data: string): void } };
  };
  const id = internals.ids++;
  return new Promise((resolve) => {
    const done = (reply: unknown) => {
      clearTimeout(timer);
      socket.off('disconnect', gone);
      delete internals.acks[id];
      resolve(reply);
    };
    const gone = () => done('NO_ANSWER');
    const timer = setTimeout(gone, timeoutMs);
    socket.once('disconnect', gone);
    internals.acks[id] = (reply: unknown) => done(reply);
    internals.io.engine.write(`2${id}[${JSON.stringify(event)}${args}]`);
  });
}

function disconnected(socket: Socket, timeoutMs = 5000): Promise<boolean> {
  if (!socket.connected) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('disconnect', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function connect(role: 'coordinator' | 'quality' = 'coordinator'): Promise<TestClient> {
  const client = await stack.connect({ role, userId: `hx-${role}-${sockets.length}` });
  sockets.push(client);
  return client;
}

beforeAll(async () => {
  stack = await startStack({
    server: { bulkLimitBytes: BULK_LIMIT },
    logs: {
      level: 'error',
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          errorLogs.push(chunk.toString());
          done();
        },
      }),
    },
  });
  queues = await openQueues(stack.redis, stack.redisUrl, stack.prefix);
  admin = await stack.signIn({ role: 'admin', userId: 'hx-admin' });
  // A tenant with something in it: one valid event of every kind, a FHIR Patient (the crosswalk), their results.
  for (const kind of EVENT_KINDS) {
    const response = await stack.post(PROFILES[kind].endpoint, VALID_EVENTS[kind]);
    expect(response.status).toBe(202);
  }
  const seeded = await fetch(`${stack.url}/api/v1/fhir`, {
    method: 'POST',
    headers: { ...fhirJson, authorization: `Bearer ${stack.apiKey}` },
    body: JSON.stringify(patient()),
  });
  expect(seeded.status).toBe(202);
  await stack.drained({ timeoutMs: 20_000 });
  before = {
    models: await readModels(),
    index: await readIndex(),
    events: await stack.redis.xlen(stack.keys.events(stack.tenantId)),
  };
}, 60_000);

afterAll(async () => {
  for (const client of sockets) {
    client.close();
  }
  await queues?.close();
  await stack?.close();
});

// ---------------------------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------------------------

const TRANSPORT_CASES = transportCases();
const FHIR_CASES = fhirCases();
const HL7_CASES = hl7Cases();
const AUTH_CASES = signInAndAdminCases();
const SOCKET_CASES = socketCases();

describe('the hostile-input corpus', () => {
  it('has at least 300 cases across events, NDJSON, FHIR, sign-in and admin, and sockets', () => {
    const counts = {
      events: EVENT_CASES.length + EVENT_KINDS.length,
      ndjson: EVENT_CASES.length + NDJSON_ONLY.length + 4,
      transport: TRANSPORT_CASES.length,
      fhir: FHIR_CASES.length + FHIR_BATCH.length + FHIR_NDJSON.length,
      hl7: HL7_CASES.length,
      signInAndAdmin: AUTH_CASES.length,
      sockets: SOCKET_CASES.length + PROTOCOL_ABUSE.length + 1,
    };
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
    for (const kind of EVENT_KINDS) {
      expect(EVENT_CASES.filter((c) => c.kind === kind).length).toBeGreaterThanOrEqual(40);
    }
    expect(new Set(SOCKET_CASES.map((c) => c.event))).toEqual(
      new Set([
        ...SOCKET_EVENTS.map((e) => e.event),
        'lease:steal',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        '<script>',
        'session:ready',
      ]),
    );
  });

  // Phase 1: inputs that must be refused whole. Nothing of them may be stored or applied.

  describe('single events', () => {
    it.each(EVENT_CASES)('$kind: $name → $status $code', async (c) => {
      const response = await fetch(`${stack.url}${PROFILES[c.kind].endpoint}`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${stack.apiKey}` },
        body: bodyOf(c.body),
      });
      await expectRefused(response, c);
    });
  });

  describe('transport: content types, encodings, sizes', () => {
    it.each(TRANSPORT_CASES)('$name → $status $code', async (c) => {
      await expectRefused(await send(c), c);
    });
  });

  describe('FHIR', () => {
    it.each(FHIR_CASES)('$name → $status $code', async (c) => {
      await expectRefused(await send(c), c);
    });
  });

  describe('HL7 v2 ADT', () => {
    it.each(HL7_CASES)('$name', async (c) => {
      const headers: Record<string, string> = {
        'content-type': c.contentType ?? 'application/hl7-v2',
        authorization: `Bearer ${stack.apiKey}`,
        ...(c.encoding === undefined ? {} : { 'content-encoding': c.encoding }),
      };
      const response = await fetch(`${stack.url}/api/v1/adt`, { method: 'POST', headers, body: bodyOf(c.body) });
      if ('acks' in c) {
        const text = await response.text();
        expect(response.status, text.slice(0, 500)).toBe(200);
        const codes = text
          .split('\r')
          .filter((line) => line.startsWith('MSA|'))
          .map((line) => line.split('|')[1]);
        expect(codes, text.slice(0, 500)).toEqual(c.acks);
        // Never an answer that grows with the hostility, nor one that repeats what was sent.
        expect(text.length).toBeLessThan(16 * KB);
        expect(text).not.toMatch(/CCCCCCCC|VVVVVVVV|script|__proto__|constructor|RIVERA/);
      } else {
        await expectRefused(response, c);
      }
    });

    it('has a case for every way an ADT body can be wrong that the corpus knows', () => {
      expect(HL7_CASES.length).toBeGreaterThanOrEqual(40);
    });
  });

  describe('sign-in and admin', () => {
    it.each(AUTH_CASES)('$name → $status $code', async (c) => {
      await expectRefused(await send(c), c);
    });
  });

  describe('sockets', () => {
    it.each(SOCKET_CASES)('$name → $code', async (c) => {
      const client = await connect(c.quality === true ? 'quality' : 'coordinator');
      try {
        const reply = await askRaw(client.socket, c.event, c.args);
        expect(reply, JSON.stringify(reply).slice(0, 300)).toMatchObject(
          c.code === 'snapshot' ? { ok: true, data: { mode: 'snapshot' } } : { ok: false, error: { code: c.code } },
        );
        // The socket is still usable.
        expect(await client.ask('session:heartbeat', {})).toMatchObject({ ok: true });
      } finally {
        client.close();
      }
    });

    it.each(PROTOCOL_ABUSE)('%s costs the sender its connection, and nothing else', async (_name, frames) => {
      const client = await connect();
      const socket = client.socket as unknown as Socket & { io: { engine: { write(data: string | Buffer): void } } };
      const closed = disconnected(socket);
      for (const frame of frames) {
        socket.io.engine.write(frame);
      }
      expect(await closed).toBe(true);
      const another = await connect();
      expect(await another.ask('session:heartbeat', {})).toMatchObject({ ok: true });
      another.close();
    });

    it('drops a socket that sends more than 1 MB in one packet, and serves the next', async () => {
      const client = await connect();
      const socket = client.socket as unknown as Socket;
      const closed = disconnected(socket);
      const reply = askRaw(socket, 'lease:claim', `,{"memberId":"${'x'.repeat(MB + KB)}"}`, 5000);
      expect(await closed).toBe(true);
      expect(await reply).toBe('NO_ANSWER');
      const another = await connect();
      expect(await another.ask('session:heartbeat', {})).toMatchObject({ ok: true });
      another.close();
    });
  });

  it('applied nothing of any of them: event store, index, crosswalk, leases, keys and read models as they were', async () => {
    await stack.drained({ timeoutMs: 20_000 });
    expect(await readIndex()).toEqual(before.index);
    expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(before.events);
    expect(await readModels()).toEqual(before.models);
  });

  // Phase 2: requests that store some things on purpose — what they store is exactly what they say they stored.

  describe('inputs that are partly good', () => {
    it.each(conflictPairs())(
      '$kind: the same key with other content → 409, the first kept',
      async ({ kind, first, second }) => {
        const endpoint = PROFILES[kind].endpoint;
        const accepted = await stack.post(endpoint, first);
        expect(accepted.status).toBe(202);
        const { eventId } = (await accepted.json()) as { eventId: string };
        await expectRefused(await stack.post(endpoint, second), { status: 409, code: 'CONFLICT' });
        expect(await storedEvent(eventId)).toMatchObject(first);
        expectedNewKeys.add(eventKeyOfJson(kind, first));
      },
    );

    it('NDJSON: rejects every hostile line, stores every good line between them, and says which is which', async () => {
      const lines: Buffer[] = [];
      const want: string[] = [];
      const good: string[] = [];
      EVENT_CASES.forEach((c, i) => {
        // A body longer than a line may be is one line too long (kept just past the limit: the request stays small).
        const body = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body);
        const line = body.length > MAX_LINE ? body.subarray(0, MAX_LINE + 1) : body;
        lines.push(line);
        want.push(line.length > MAX_LINE ? 'PAYLOAD_TOO_LARGE' : c.code);
        const goodLine = { ...VALID_EVENTS.roster, memberId: `HX-GOOD-${i}` };
        lines.push(Buffer.from(JSON.stringify(goodLine)));
        want.push('accepted');
        good.push(eventKeyOfJson('roster', goodLine));
      });
      for (const [line, code] of NDJSON_ONLY) {
        lines.push(line);
        if (code !== 'skipped') {
          want.push(code);
        }
      }
      // A key given twice is read as every JSON parser here reads it — the last one wins — and stored once, as that.
      const twice = fresh('claim');
      lines.push(Buffer.from(JSON.stringify(twice).replace('{', '{"kind":"member","claimId":"<script>",')));
      want.push('accepted');
      good.push(eventKeyOfJson('claim', twice));
      const answer = await postBulkRaw(
        '/api/v1/events/bulk',
        'application/x-ndjson',
        Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])),
      );
      expect(answer.status).toBe(200);
      expect(answer.error).toBeUndefined();
      expect(answer.results.map((r) => (r.status === 'rejected' ? r.error?.code : r.status))).toEqual(want);
      expect(answer.summary).toEqual({
        lines: want.length,
        accepted: good.length,
        duplicate: 0,
        rejected: want.length - good.length,
      });
      expect(await storedEvent(answer.results.at(-1)!.eventIds![0]!)).toMatchObject(twice);
      // A rejected line names the field and the rule, as the single-event answer does.
      EVENT_CASES.forEach((c, i) => {
        if (c.issue !== undefined && want[i * 2] === 'VALIDATION_FAILED') {
          expect(
            answer.results[i * 2]?.error?.issues?.map((x) => [x.path, x.reason]),
            c.name,
          ).toContainEqual(c.issue);
        }
      });
      for (const key of good) {
        expectedNewKeys.add(key);
      }
      await expectStoredExactly();
    });

    it('NDJSON: a line sent again with other content is a conflict, the first kept', async () => {
      const first = { ...VALID_EVENTS.roster, memberId: 'HX-TWICE' };
      const answer = await postBulkRaw(
        '/api/v1/events/bulk',
        'application/x-ndjson',
        [first, { ...first, months: ['2026-01'] }, first].map((e) => JSON.stringify(e)).join('\n'),
      );
      expect(answer.results.map((r) => (r.status === 'rejected' ? r.error?.code : r.status))).toEqual([
        'accepted',
        'CONFLICT',
        'duplicate',
      ]);
      expectedNewKeys.add(eventKeyOfJson('roster', first));
      await expectStoredExactly();
    });

    it('NDJSON: a chunked body is read up to the bulk limit — the lines answered are the lines stored, none after', async () => {
      const before = Array.from({ length: 600 }, (_, i) => ({ ...VALID_EVENTS.roster, memberId: `HX-BEFORE-${i}` }));
      const afterLimit = { ...VALID_EVENTS.roster, memberId: 'HX-AFTER-LIMIT' };
      const filler = `${JSON.stringify({ kind: 'nothing', pad: 'p'.repeat(60 * KB) })}\n`;
      const fillers = Math.ceil(BULK_LIMIT / filler.length) + 2;
      const chunks = [
        before.map((e) => JSON.stringify(e)).join('\n') + '\n',
        ...new Array<string>(fillers).fill(filler),
        `${JSON.stringify(afterLimit)}\n`,
      ];
      const response = await fetch(`${stack.url}/api/v1/events/bulk`, {
        method: 'POST',
        headers: { ...ndjson, authorization: `Bearer ${stack.apiKey}` },
        // A stream: no Content-Length to refuse up front.
        body: new ReadableStream({
          pull(controller) {
            const next = chunks.shift();
            if (next === undefined) {
              controller.close();
            } else {
              controller.enqueue(new TextEncoder().encode(next));
            }
          },
        }),
        duplex: 'half',
      } as RequestInit);
      const answer = parseBulkAnswer(response.status, await response.text());
      expect(answer.error?.code).toBe('PAYLOAD_TOO_LARGE');
      // Every complete line before the limit is answered — the good ones stored, the filler refused — and none after.
      expect(answer.summary?.lines).toBe(answer.results.length);
      expect(answer.results.length).toBeGreaterThan(before.length);
      expect(answer.results.length).toBeLessThan(before.length + fillers);
      answer.results.forEach((result, i) => {
        expect(result).toMatchObject({ line: i + 1, status: i < before.length ? 'accepted' : 'rejected' });
      });
      for (const event of before) {
        expectedNewKeys.add(eventKeyOfJson('roster', event));
      }
      await expectStoredExactly();
      // And the connection the rest of the upload was on is not left to read it as a next request.
      const ready = await fetch(`${stack.url}/health/ready`, { signal: AbortSignal.timeout(5000) });
      expect(ready.status).toBe(200);
    });

    it('NDJSON: pretty-printed JSON sent as NDJSON is answered line by line and stores nothing', async () => {
      const pretty = JSON.stringify([fresh('claim'), fresh('member')], null, 2);
      const answer = await postBulkRaw('/api/v1/events/bulk', 'application/x-ndjson', pretty);
      expect(answer.results.length).toBeGreaterThan(10);
      expect(answer.summary).toMatchObject({ accepted: 0, rejected: answer.results.length });
      expect(answer.results.every((r) => ['MALFORMED_JSON', 'VALIDATION_FAILED'].includes(r.error?.code ?? ''))).toBe(
        true,
      );
      await expectStoredExactly();
    });

    it('FHIR: a batch Bundle is answered entry by entry — the good entry stored, every hostile one refused', async () => {
      const good = newPatient();
      const response = await send({
        name: 'a batch',
        path: '/api/v1/fhir',
        headers: fhirJson,
        body: JSON.stringify(bundle('batch', [good, ...FHIR_BATCH.map(([, make]) => make())])),
        status: 200,
        code: '',
      });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { summary: Json; results: { entry: number; status: string }[] };
      expect(answer.results.map((r) => r.status)).toEqual(['accepted', ...FHIR_BATCH.map(() => 'rejected')]);
      expect(answer.summary).toEqual({
        entries: FHIR_BATCH.length + 1,
        accepted: 1,
        duplicate: 0,
        rejected: FHIR_BATCH.length,
      });
      expectedNewKeys.add(patientKey(good));
      await expectStoredExactly();
      // The crosswalk learnt the good Patient only.
      const crosswalk = await stack.redis.hgetall(stack.keys.fhirPatients(stack.tenantId));
      expect(Object.keys(crosswalk).filter((id) => id.startsWith('hx-'))).toEqual([String(good.id)]);
    });

    it('FHIR bulk data: good lines stored, hostile lines rejected, each answer saying which', async () => {
      const good = newPatient();
      const lines: [string | Buffer, string][] = [
        [JSON.stringify(good), 'accepted'],
        ...FHIR_NDJSON.map(([, make, code]) => [make(), code] as [string | Buffer, string]),
      ];
      const body = Buffer.concat(lines.flatMap(([line]) => [Buffer.from(line), Buffer.from('\n')]));
      const answer = await postBulkRaw('/api/v1/fhir', 'application/fhir+ndjson', body);
      expect(answer.status).toBe(200);
      expect(answer.error).toBeUndefined();
      expect(answer.results.map((r) => (r.status === 'rejected' ? r.error?.code : r.status))).toEqual(
        lines.map(([, want]) => want),
      );
      expectedNewKeys.add(patientKey(good));
      await expectStoredExactly();
      const crosswalk = await stack.redis.hgetall(stack.keys.fhirPatients(stack.tenantId));
      expect(
        Object.keys(crosswalk)
          .filter((id) => id.startsWith('hx-'))
          .sort(),
      ).toEqual([...new Set([...expectedPatientIds(), String(good.id)])].sort());
    });

    it('media-type parameters are no reason to refuse an event', async () => {
      const member = fresh('member');
      const response = await fetch(`${stack.url}/api/v1/members`, {
        method: 'POST',
        headers: {
          'content-type': `application/json; charset=UTF-8; x=${'y'.repeat(8 * KB)}`,
          authorization: `Bearer ${stack.apiKey}`,
        },
        body: JSON.stringify(member),
      });
      expect(response.status).toBe(202);
      expectedNewKeys.add(eventKeyOfJson('member', member));
    });
  });

  describe('hostile text that is valid data', () => {
    it.each(VALID_TEXTS)('is stored exactly as sent: %j', async (text) => {
      const member = { ...fresh('member'), givenName: text, familyName: 'Hostile' };
      const response = await stack.post('/api/v1/members', member);
      expect(response.status).toBe(202);
      const { eventId } = (await response.json()) as { eventId: string };
      expect((await storedEvent(eventId)).givenName).toBe(text);
      expectedNewKeys.add(eventKeyOfJson('member', member));
    });
  });

  describe('afterwards', () => {
    it('polluted no prototype in this process (the server and the workers run here)', () => {
      for (const probe of [{}, [], new Map(), () => 0, Object.create(Object.prototype) as object]) {
        expect((probe as Record<string, unknown>).polluted).toBeUndefined();
      }
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(Array.prototype).not.toHaveProperty('polluted');
      expect(Function.prototype).not.toHaveProperty('polluted');
    });

    it('stored exactly the events meant to be stored, none with a hostile key', async () => {
      await stack.drained({ timeoutMs: 20_000 });
      await expectStoredExactly();
      const entries = (await stack.redis.xrange(stack.keys.events(stack.tenantId), '-', '+')) as [string, string[]][];
      expect(entries.length).toBe(before.events + expectedNewKeys.size);
      for (const [, fields] of entries) {
        expect(fields.join('\n')).not.toMatch(/"(__proto__|constructor|prototype)"\s*:|polluted/);
      }
    });

    it('failed no job and logged no error', async () => {
      expect(await queues.failed(stack.tenantId)).toEqual([]);
      expect(errorLogs).toEqual([]);
    });

    it('still answers /health/ready and carries a new claim to a subscribed socket', async () => {
      const ready = await fetch(`${stack.url}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok' }]);
      const client = await connect();
      const state = await client.subscribe('spend');
      const response = await stack.post(
        '/api/v1/claims',
        aClaim({ claimId: 'HX-AFTERWARDS', fromDate: '2026-05-04', throughDate: '2026-05-04', paidDate: '2026-05-20' }),
      );
      expect(response.status).toBe(202);
      await eventually(
        () => {
          const change = client.changesOf('spend').find((c) => c.toVersion > state.version);
          expect(change?.change.months['2026-05']).toBeDefined();
        },
        { timeoutMs: 15_000 },
      );
      client.close();
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** The idempotency key of an event the test built (the kind is the event's own; named for the reader). */
function eventKeyOfJson(_kind: EventKind, event: Json): string {
  return eventKeyOf(event as unknown as CanonicalEvent);
}

function mbiOf(resource: Json): string {
  return ((resource.identifier as Json[])[0] as { value: string }).value;
}

/** The key of the member record a FHIR Patient becomes (as of its meta.lastUpdated); its id is noted as learnt. */
function patientKey(resource: Json): string {
  acceptedPatientIds.add(String(resource.id));
  const asOf = String((resource.meta as { lastUpdated: string }).lastUpdated).slice(0, 10);
  return `member:${mbiOf(resource)}:Patient/${String(resource.id)}:${asOf}`;
}

function expectedPatientIds(): string[] {
  return [...acceptedPatientIds];
}

async function storedEvent(eventId: string): Promise<Json> {
  const [[, fields] = ['', []]] = (await stack.redis.xrange(stack.keys.events(stack.tenantId), eventId, eventId)) as [
    string,
    string[],
  ][];
  return decodeStoredEvent(fields) as unknown as Json;
}

/** The tenant's idempotency index holds what it held before the corpus and exactly the keys stored on purpose. */
async function expectStoredExactly(): Promise<void> {
  const index = await readIndex();
  for (const [key, entry] of Object.entries(before.index)) {
    expect(index[key]?.split('|').slice(0, 2), key).toEqual(entry.split('|').slice(0, 2));
  }
  expect(
    Object.keys(index)
      .filter((key) => !(key in before.index))
      .sort(),
  ).toEqual([...expectedNewKeys].sort());
  expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(before.events + expectedNewKeys.size);
}
