/**
 * No log line carries PHI or a secret. The whole back end runs in-process at log level `debug`, every line of the
 * server and the workers captured, through what a working day looks like: a generated population ingested (bulk
 * and one event at a time, JSON and FHIR with home addresses, HL7 ADT messages, one parked for review), bad input
 * carrying patient data refused, the gap queue and a patient panel read, a measure evaluated for one patient, live views subscribed, patients claimed,
 * worked and released, an API key and a wall device issued and used, sign-ins that fail and one that succeeds.
 * Then every line is searched for each member's id, name, birth date and address line, every diagnosis code the
 * population carries, and every key, token, cookie and password the run used.
 */
import { readFileSync } from 'node:fs';
import type { CanonicalEvent, ClaimEvent, Lease, MemberEvent } from '@benchline/shared';
import { LOG_REDACTIONS, LOG_SERIALIZERS } from '@benchline/shared/backend';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { memberToFhir } from '../../tools/src/generator/fhir/index.js';
import { connectClient, type TestClient } from '../support/connect-client.js';
import { postFhirJson, postFhirNdjson } from '../support/fhir.js';
import { postBulk, toNdjson } from '../support/ndjson.js';
import { findForbidden, type Forbidden } from '../support/phi-scan.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { startStack, type TestSession, type TestStack } from '../support/start-stack.js';

const logLines: string[] = [];
const forbidden: Forbidden[] = [];
const forbid = (what: string, value: string | undefined): void => {
  if (value !== undefined && value.length > 0) {
    forbidden.push({ value, what });
  }
};

let stack: TestStack;
let stackOpen = false;
const clients: TestClient[] = [];

const aco = demoAco({ members: 25, months: 12, seed: 20_260_611, endMonth: '2026-06' });
const events: CanonicalEvent[] = [...demoEvents(aco)];
const members = events.filter((e): e is MemberEvent => e.kind === 'member');
const claims = events.filter((e): e is ClaimEvent => e.kind === 'claim');

/** What a patient's home address looks like in a FHIR Patient the test adds it to (the generator has none). */
const addressLineOf = (index: number): string => `${100 + index * 7} Juniper Hollow Road`;

/** Every ICD-10-CM code anywhere in a clinical event (its code, additional codes, reasons, values). */
function icd10Codes(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(icd10Codes);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const record = value as Record<string, unknown>;
  const own = record.system === 'icd10cm' && typeof record.code === 'string' ? [record.code] : [];
  return [...own, ...Object.values(record).flatMap(icd10Codes)];
}

/** Lines holding any forbidden value, with what was found. */
function findLeaks(lines: readonly string[], list: readonly Forbidden[]): string[] {
  return findForbidden(lines, list, 'log line');
}

function hl7Fixture(name: string): string {
  return readFileSync(new URL(`../../server/src/ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');
}

function postAdt(body: string): Promise<Response> {
  return fetch(`${stack.url}/api/v1/adt`, {
    method: 'POST',
    headers: { 'content-type': 'application/hl7-v2', authorization: `Bearer ${stack.apiKey}` },
    body,
  });
}

async function ok(response: Promise<Response>, status = 200): Promise<unknown> {
  const answer = await response;
  const text = await answer.text();
  expect(answer.status, text.slice(0, 300)).toBe(status);
  return text.length > 0 && text.startsWith('{') ? JSON.parse(text) : text;
}

function tokenOfCookie(cookie: string): string {
  return cookie.split(';')[0]?.split('=')[1] ?? '';
}

function rememberSession(session: TestSession): TestSession {
  forbid('a session cookie', tokenOfCookie(session.cookie));
  forbid('a CSRF token', session.csrfToken);
  return session;
}

async function connect(role: 'coordinator' | 'quality' | 'wall', userId: string, name: string): Promise<TestClient> {
  const session = rememberSession(await stack.signIn({ role, userId, name }));
  const client = await connectClient(stack.url, session);
  clients.push(client);
  return client;
}

function leaseOf(reply: { ok: boolean; data?: unknown }): Lease {
  if (!reply.ok) {
    throw new Error(`expected a lease, got ${JSON.stringify(reply)}`);
  }
  return reply.data as Lease;
}

beforeAll(async () => {
  stack = await startStack({
    logs: {
      level: 'debug',
      stream: {
        write: (line: string) => {
          logLines.push(line);
        },
      },
    },
  });
  stackOpen = true;
  forbid('the ingest API key', stack.apiKey);
  members.forEach((member, index) => {
    forbid('a member id', member.memberId);
    forbid('a given name', member.givenName);
    forbid('a family name', member.familyName);
    forbid('a birth date', member.birthDate);
    forbid('an address line', addressLineOf(index));
  });
  const codes = new Set([
    ...claims.flatMap((claim) => claim.diagnoses),
    ...events.filter((e) => e.kind === 'clinical').flatMap(icd10Codes),
  ]);
  codes.forEach((code) => forbid('a diagnosis code', code));
}, 30_000);

afterAll(async () => {
  clients.splice(0).forEach((client) => client.close());
  if (stackOpen) {
    await stack.close();
  }
});

describe('the logs of an end-to-end run', () => {
  it('carry no member id, name, birth date, address or diagnosis, and no key, token, cookie or password', async () => {
    // The population: everything but a few members in bulk, those few one event at a time.
    const [first, second, third] = members;
    if (first === undefined || second === undefined || third === undefined) {
      throw new Error('the generated ACO has too few members');
    }
    const singly = new Set([first.memberId, second.memberId]);
    const bulk = events.filter((e) => !('memberId' in e) || !singly.has(e.memberId));
    const tally = await postBulkEvents(bulk, { baseUrl: stack.url, apiKey: stack.apiKey, linesPerRequest: 400 });
    expect(tally.rejected).toBe(0);
    for (const event of events.filter((e) => 'memberId' in e && singly.has(e.memberId))) {
      await ok(stack.post('/api/v1/events', event), 202);
    }

    // FHIR Patients with their home address, one as a resource and the rest in bulk-data NDJSON.
    const patients = members.slice(0, 6).map((member, index) => {
      const { patient } = memberToFhir(member);
      const address = (patient.address as Record<string, unknown>[] | undefined) ?? [{ use: 'home' }];
      return {
        ...patient,
        address: [{ ...address[0], line: [addressLineOf(index)], city: 'Springfield', postalCode: '62704' }],
      };
    });
    expect((await postFhirJson(stack.url, stack.apiKey, patients[0])).status).toBe(202);
    const fhirAnswer = await postFhirNdjson(stack.url, stack.apiKey, patients.slice(1));
    expect(fhirAnswer.summary?.rejected).toBe(0);

    // Bad input that carries patient data, refused: an impossible birth date, a malformed diagnosis, a name where
    // the member id goes, a FHIR Patient whose birth date is no date, a body that is not JSON.
    const impossibleBirthDate = `${first.birthDate?.slice(0, 4) ?? '1950'}-02-30`;
    forbid('an impossible birth date sent', impossibleBirthDate);
    await ok(stack.post('/api/v1/members', { ...first, birthDate: impossibleBirthDate }), 400);
    const claim = claims[0];
    if (claim === undefined) {
      throw new Error('the generated ACO has no claim');
    }
    await ok(
      stack.post('/api/v1/claims', { ...claim, diagnoses: [...claim.diagnoses, `${claim.diagnoses[0]}-9`] }),
      400,
    );
    await ok(stack.post('/api/v1/members', { ...first, memberId: `${first.givenName} ${first.familyName}` }), 400);
    await ok(stack.post('/api/v1/members', { ...first, nickname: first.givenName }), 400);
    await ok(stack.post('/api/v1/members', `{"memberId":"${first.memberId}","givenName":"${first.givenName}"`), 400);
    const bulkAnswer = await postBulk(
      stack.url,
      stack.apiKey,
      toNdjson([
        { ...second, birthDate: impossibleBirthDate },
        { ...claim, memberId: `${second.givenName} ${second.familyName}` },
        `{"kind":"member","memberId":"${second.memberId}","familyName":"${second.familyName}"`,
        second,
      ]),
    );
    expect(bulkAnswer.summary).toMatchObject({ lines: 4, rejected: 3 });
    const badPatient = { ...patients[1], birthDate: impossibleBirthDate };
    expect((await postFhirJson(stack.url, stack.apiKey, badPatient)).status).toBe(400);
    const uncrosswalkedPatient = await postFhirJson(stack.url, stack.apiKey, {
      ...patients[2],
      identifier: [],
      id: 'not-in-the-crosswalk',
    });
    expect(uncrosswalkedPatient.status).toBe(400);

    // Hospitals' HL7 ADT messages: a member's admission (MBI, MRN, name, birth date), one with an impossible time
    // (AE), and one about a patient nobody matches — parked, and listed for an admin.
    const admission = hl7Fixture('a01-admit.hl7')
      .replace('1EG4-TE5-MK73', first.memberId)
      .replace('RIVERA^ELENA', `${first.familyName}^${first.givenName}`)
      .replace(/19520417/g, (first.birthDate ?? '1950-01-01').replace(/-/g, ''));
    expect(await ok(postAdt(admission))).toContain('MSA|AA|');
    const impossible = admission
      .replace('GH20260302-0001', 'GH-PHI-2')
      .replace('|20260302211400-0500|', '|20260230211400-0500|');
    expect(await ok(postAdt(impossible))).toContain('MSA|AE|');
    const stranger = hl7Fixture('unknown-patient.hl7');
    ['MRN0091188', 'OKONKWO', 'ADAEZE', '19470130', '1947-01-30', 'MRN7755123'].forEach((value) =>
      forbid('a patient detail of an ADT message', value),
    );
    expect(await ok(postAdt(stranger))).toContain('|204^Unknown key identifier');
    const reviewer = rememberSession(await stack.signIn({ role: 'admin', userId: 'user-rey', name: 'Rey Reviewer' }));
    expect(await ok(stack.request(reviewer, '/api/v1/adt/review'))).toMatchObject({ total: 1 });
    await stack.drained({ timeoutMs: 60_000 });

    // People at work: the gap queue, a patient's panel, a measure for one patient, the live views.
    const coordinator = rememberSession(await stack.signIn({ userId: 'user-zed', name: 'Zed Coordinator' }));
    const page = (await ok(stack.request(coordinator, '/api/v1/gaps?limit=100'))) as {
      rows: { memberId: string; gapId: string; status: string; tin?: string }[];
    };
    const gap = page.rows.find((row) => row.status === 'new');
    if (gap === undefined) {
      throw new Error('the generated ACO has no open gap to work');
    }
    await ok(stack.request(coordinator, '/api/v1/gaps?status=new&limit=5&offset=1'));
    await ok(stack.request(coordinator, '/api/v1/gaps?kind=measure&subject=CMS130'));
    // A member id typed into a filter meant for something else: refused, not echoed.
    await ok(stack.request(coordinator, `/api/v1/gaps?tin=${gap.memberId}`), 400);
    await ok(stack.request(coordinator, `/api/v1/patients/${encodeURIComponent(gap.memberId)}/panel`));
    await ok(stack.request(coordinator, `/api/v1/patients/${encodeURIComponent(third.memberId)}/panel`));
    await ok(
      stack.request(
        coordinator,
        `/api/v1/patients/${encodeURIComponent(`${third.givenName} ${third.familyName}`)}/panel`,
      ),
      400,
    );
    await ok(
      stack.request(
        coordinator,
        `/api/v1/fhir/Measure/CMS130/$evaluate-measure?periodStart=2026&periodEnd=2026&subject=Patient/${gap.memberId}`,
      ),
    );

    const ana = await connect('coordinator', 'user-ana', 'Ana Coordinator');
    const ben = await connect('coordinator', 'user-ben', 'Ben Coordinator');
    const sue = await connect('quality', 'user-sue', 'Sue Quality');
    const wall = await connect('wall', 'wall-1', 'Lobby');
    for (const viewId of ['gaps', 'leases', 'presence', 'freshness', 'spend', 'rollups', 'finance'] as const) {
      await ana.subscribe(viewId);
    }
    await ben.subscribe('gaps');
    await sue.subscribe('leases');
    await wall.subscribe('wall');
    await wall.subscribe('freshness');
    expect(await ana.ask('presence:update', { page: 'patient', memberId: gap.memberId })).toMatchObject({ ok: true });
    expect(await ana.ask('patient:panel', { memberId: gap.memberId })).toMatchObject({ ok: true });
    expect(await ben.ask('patient:panel', { memberId: `${first.givenName} ${first.familyName}` })).toMatchObject({
      ok: false,
    });

    // Claims, a lost race, a worklist action, a malformed one, a reassignment, a release.
    const lease = leaseOf(await ana.ask('lease:claim', { memberId: gap.memberId }));
    expect(await ben.ask('lease:claim', { memberId: gap.memberId })).toMatchObject({ ok: false });
    expect(await ben.ask('lease:claim', { memberId: `${second.givenName} ${second.familyName}` })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    const action = {
      commandId: 'cmd-phi-1',
      memberId: gap.memberId,
      token: lease.token,
      at: new Date().toISOString(),
      action: { type: 'outreach', gapId: gap.gapId, channel: 'phone', outcome: 'no-answer' },
    } as const;
    expect(await ana.ask('worklist:record', action)).toMatchObject({ ok: true });
    // A note in a coordinator's words names the patient; it is kept, never logged.
    expect(
      await ana.ask('worklist:record', {
        ...action,
        commandId: 'cmd-phi-2',
        action: { ...action.action, note: `left a message for ${first.givenName} ${first.familyName}` },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await ana.ask('worklist:record', {
        ...action,
        commandId: 'cmd-phi-3',
        action: { ...action.action, channel: `${first.familyName} ${first.birthDate}` },
      } as never),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await ben.ask('worklist:record', { ...action, commandId: 'cmd-phi-4' })).toMatchObject({ ok: false });
    expect(
      await ana.ask('export:record', {
        view: 'gaps',
        filters: { status: 'new' },
        memberIds: [gap.memberId],
        rows: 1,
      } as never),
    ).toMatchObject({ ok: true });
    const moved = leaseOf(
      await sue.ask('lease:reassign', { memberId: gap.memberId, toUserId: 'user-ben', toUserName: 'Ben Coordinator' }),
    );
    expect(await ben.ask('lease:release', { memberId: gap.memberId, token: moved.token })).toMatchObject({ ok: true });
    expect(await ana.ask('session:heartbeat', {})).toMatchObject({ ok: true });

    // Credentials: an admin issues an ingest key and a wall device, both are used; sign-ins fail and succeed.
    const admin = rememberSession(await stack.signIn({ role: 'admin', userId: 'user-ada', name: 'Ada Admin' }));
    const issuedKey = (await ok(
      stack.request(admin, '/api/v1/admin/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Lab feed' }),
      }),
      201,
    )) as { secret: string };
    forbid('an issued API key', issuedKey.secret);
    const newClaim = { ...claim, claimId: `${claim.claimId}-late`, diagnoses: claim.diagnoses };
    const viaNewKey = await fetch(`${stack.url}/api/v1/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issuedKey.secret}` },
      body: JSON.stringify(newClaim),
    });
    expect(viaNewKey.status).toBe(202);
    const wrongKey = await fetch(`${stack.url}/api/v1/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issuedKey.secret}x` },
      body: JSON.stringify(newClaim),
    });
    expect(wrongKey.status).toBe(401);
    const device = (await ok(
      stack.request(admin, '/api/v1/admin/devices', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Front desk' }),
      }),
      201,
    )) as { secret: string };
    forbid('a wall device token', device.secret);
    const deviceSignIn = await fetch(`${stack.url}/api/v1/auth/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: device.secret }),
    });
    expect(deviceSignIn.status).toBe(200);
    forbid('a wall session cookie', tokenOfCookie(deviceSignIn.headers.get('set-cookie') ?? ''));
    await ok(stack.request(admin, '/api/v1/admin/audit?limit=500'));
    await ok(stack.request(admin, '/api/v1/admin/users'));

    const password = 'correct horse battery staple 42';
    const wrongPassword = 'Tr0ub4dor&3-wrong';
    forbid('a password', password);
    forbid('a wrong password', wrongPassword);
    await stack.app.identity.putUser({
      tenantId: stack.tenantId,
      userId: 'user-pat',
      login: 'pat@test-aco.example',
      name: 'Pat Coordinator',
      role: 'coordinator',
      password,
    });
    const signInWith = (login: string, secret: string) =>
      fetch(`${stack.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: secret }),
      });
    expect((await signInWith('pat@test-aco.example', wrongPassword)).status).toBe(401);
    expect((await signInWith('nobody@test-aco.example', password)).status).toBe(401);
    const signedIn = await signInWith('pat@test-aco.example', password);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    forbid('a signed-in session cookie', tokenOfCookie(cookie));
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    forbid('a signed-in CSRF token', csrfToken);
    const session = await fetch(`${stack.url}/api/v1/auth/session`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(session.status).toBe(200);
    const logout = await fetch(`${stack.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0] ?? '', 'x-csrf-token': csrfToken },
    });
    expect(logout.status).toBeLessThan(300);

    // Live updates reach the screens while the pipeline works.
    await stack.drained({ timeoutMs: 60_000 });
    clients.splice(0).forEach((client) => client.close());
    // Closed before the search, so what the server and the workers log on the way down is searched too.
    stackOpen = false;
    await stack.close();

    // The capture is real: both processes' lines, request logs included, as JSON.
    const parsed = logLines.map((line) => JSON.parse(line) as { msg?: string; name?: string });
    expect(parsed.some((line) => line.msg === 'workers started' && line.name === 'benchline-workers')).toBe(true);
    expect(parsed.filter((line) => line.msg === 'incoming request').length).toBeGreaterThan(20);
    expect(parsed.some((line) => line.msg === 'failed sign-in')).toBe(true);
    expect(forbidden.length).toBeGreaterThan(members.length * 4);

    expect(findLeaks(logLines, forbidden)).toEqual([]);
  }, 180_000);

  it('keeps what a failed Redis command carried out of the line that logs the error', async () => {
    // An ioredis reply error holds the command's arguments; a 500's `{ err }` would write them out.
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug', redact: LOG_REDACTIONS, serializers: LOG_SERIALIZERS },
      { write: (line: string) => void lines.push(line) },
    );
    const redis = new Redis(testRedisUrl());
    const key = `${uniquePrefix()}:not-a-stream`;
    const [member] = members;
    try {
      await redis.set(key, 'x');
      const failed = await redis
        .xadd(key, '*', 'patients', member?.memberId ?? '', 'note', JSON.stringify(member))
        .then(() => null)
        .catch((error: unknown) => error as Error);
      expect(failed?.message).toMatch(/WRONGTYPE/);
      logger.error({ err: failed }, 'request failed');
    } finally {
      await redis.del(key);
      redis.disconnect();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('WRONGTYPE');
    expect(findLeaks(lines, forbidden)).toEqual([]);
  });

  it('finds a value the check is given, whole, and not inside a longer token', () => {
    const line = '{"msg":"x","url":"/api/v1/patients/1EG4TE5MK73/panel","at":"1948-03-12T00:00:00Z","code":"AE119F"}';
    expect(findLeaks([line], [{ value: '1EG4TE5MK73', what: 'a member id' }])).toHaveLength(1);
    expect(findLeaks([line], [{ value: '1948-03-12', what: 'a birth date' }])).toHaveLength(1);
    expect(findLeaks([line], [{ value: 'E119', what: 'a diagnosis code' }])).toEqual([]);
    expect(findLeaks(['{"url":"/patients/Angela%20Carter"}'], [{ value: 'Carter', what: 'a name' }])).toHaveLength(1);
    expect(findLeaks(['{"msg":"claim for E119 refused"}'], [{ value: 'E119', what: 'a diagnosis code' }])).toHaveLength(
      1,
    );
  });
});
