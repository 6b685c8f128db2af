/**
 * ADT against the real stack (server and workers in this process, real Redis, a key prefix of its own): HL7 v2
 * messages over POST /api/v1/adt answered with ACKs, stored once, folded into the member's facts as stays; cancels
 * in any arrival order; an unknown patient parked, listed for review (audited), linked to a member and then applied,
 * after which the feed's MRN alone finds the member; batches answered as batches; FHIR Encounters on the FHIR path;
 * bodies that are not HL7 refused with a 4xx; a rebuild from the event store folding the same stays.
 */
import { readFileSync } from 'node:fs';
import type { AdtEvent } from '@benchline/shared';
import { VALID_MEMBER } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMbiCrosswalkStore } from '../../server/src/ingest/cclf/redis-stores.js';
import { createFactsStore } from '../../workers/src/adapters/facts-store.js';
import { deriveStays } from '../../workers/src/domain/adt.js';
import { rebuildTenant } from '../../workers/src/rebuild.js';
import { createPipelineDeps } from '../../workers/src/start-workers.js';
import { startStack, type TestSession, type TestStack } from '../support/start-stack.js';

const MEMBER = VALID_MEMBER.memberId;
const OTHER_MEMBER = '2EG4TE5MK74';
const HL7 = 'application/hl7-v2';

let stack: TestStack;
let admin: TestSession;

beforeAll(async () => {
  stack = await startStack();
  for (const memberId of [MEMBER, OTHER_MEMBER]) {
    const response = await stack.post('/api/v1/members', { ...VALID_MEMBER, memberId });
    expect(response.status).toBe(202);
  }
  await stack.drained();
  admin = await stack.signIn({ role: 'admin', userId: 'adt-reviewer' });
});
afterAll(async () => {
  await stack?.close();
});

function fixture(name: string): string {
  return readFileSync(new URL(`../../server/src/ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');
}

/** A fixture as another stay (its visit and control ids renamed), so tests do not share a stay. */
function asStay(text: string, suffix: string): string {
  return text.replace(/V4400123/g, `V44${suffix}`).replace(/(MSH\|[^\r]*?\|ADT\^[^|]*\|)([^|]+)/g, `$1$2-${suffix}`);
}

async function postHl7(body: string, contentType = HL7, query = ''): Promise<Response> {
  return fetch(`${stack.url}/api/v1/adt${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${stack.apiKey}` },
    body,
  });
}

/** The ACKs of a 200 answer, each as its segments. */
async function acksOf(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  const segments = (await response.text()).split('\r').filter((line) => line !== '');
  const acks: string[][] = [];
  for (const segment of segments) {
    if (segment.startsWith('MSH')) {
      acks.push([segment]);
    } else if (acks.length > 0 && !/^(BTS|FTS)/.test(segment)) {
      acks.at(-1)!.push(segment);
    }
  }
  return acks;
}

const msa = (ack: string[] | undefined): string => ack?.find((line) => line.startsWith('MSA')) ?? '';

async function staysOf(memberId: string) {
  await stack.drained();
  const { facts } = await createFactsStore(stack.redis, stack.keys).load(stack.tenantId, memberId);
  return deriveStays(facts.adt);
}

describe('POST /api/v1/adt', () => {
  it('stores an admission (AA), answers it again as a duplicate, and folds the stay into the member’s facts', async () => {
    const [ack] = await acksOf(await postHl7(fixture('a01-admit.hl7')));
    expect(ack?.[0]).toMatch(
      /^MSH\|\^~\\&\|BENCHLINE\|ACO\|EPICADT\|GENHOSP\^330101\^CCN\|\d{14}\+0000\|\|ACK\^A01\^ACK\|/,
    );
    expect(msa(ack)).toBe('MSA|AA|GH20260302-0001|OK');
    expect(ack?.some((line) => line.startsWith('ERR'))).toBe(false);

    const [again] = await acksOf(await postHl7(fixture('a01-admit.hl7')));
    expect(msa(again)).toBe('MSA|AA|GH20260302-0001|OK');
    expect(again?.find((line) => line.startsWith('ERR'))).toContain('|205^Duplicate key identifier^HL70357|I|');

    const index = await stack.redis.hgetall(stack.keys.eventIndex(stack.tenantId));
    expect(Object.keys(index).filter((key) => key.startsWith('adt:'))).toEqual(['adt:EPICADT^GENHOSP|GH20260302-0001']);
    const [stay] = await staysOf(MEMBER);
    expect(stay).toMatchObject({ stayId: 'GENHOSP|V4400123', status: 'active', patientClass: 'inpatient' });
  });

  it('follows the stay through transfer, discharge and a cancelled discharge, the MRN alone now finding the member', async () => {
    // The A02 and A13 carry only the MRN: the crosswalk learnt it from the A01, which carried the MBI too.
    const acks = await acksOf(
      await postHl7(
        [fixture('a02-transfer.hl7'), fixture('a03-discharge.hl7')].join(''),
        'text/plain; charset=utf-8',
        '?tz=America/New_York',
      ),
    );
    expect(acks.map(msa)).toEqual(['MSA|AA|GH20260303-0107|OK', 'MSA|AA|GH20260306-0842|OK']);
    expect(await staysOf(MEMBER)).toMatchObject([
      { status: 'discharged', dischargeAt: '2026-03-06T10:45:00-05:00', location: '4WEST 412 B' },
    ]);
    expect(msa((await acksOf(await postHl7(fixture('a13-cancel-discharge.hl7'))))[0])).toBe(
      'MSA|AA|GH20260306-0901|OK',
    );
    expect(await staysOf(MEMBER)).toMatchObject([{ status: 'active', dischargeAt: null }]);
  });

  it('a cancel that arrives before the admission it cancels still ends the stay cancelled', async () => {
    const cancel = asStay(fixture('a11-cancel-admit.hl7'), '7001');
    const admit = asStay(fixture('a01-admit.hl7'), '7001');
    expect((await acksOf(await postHl7(cancel))).map(msa)).toEqual(['MSA|AA|GH20260302-0019-7001|OK']);
    expect((await acksOf(await postHl7(admit))).map(msa)).toEqual(['MSA|AA|GH20260302-0001-7001|OK']);
    const stays = await staysOf(MEMBER);
    expect(stays.find((stay) => stay.visitNumber === 'V447001')?.status).toBe('cancelled');
  });

  it('answers each message of several in order, an error among them not stopping the others', async () => {
    const body = [asStay(fixture('malformed.hl7'), '7002'), asStay(fixture('a04-observation.hl7'), '7002')].join('\n');
    const acks = await acksOf(await postHl7(body, 'x-application/hl7-v2+er7'));
    expect(acks.map(msa)).toEqual(['MSA|AE|GH20260302-0666-7002|Application Error', 'MSA|AA|GH20260520-0077-7002|OK']);
    expect(acks[0]?.filter((line) => line.startsWith('ERR')).map((line) => line.split('|')[2])).toEqual([
      'PV1^1^2',
      'PV1^1^19',
      'PV1^1^44',
    ]);
  });

  it('answers a batch as a batch, MLLP framing notwithstanding', async () => {
    const response = await postHl7(asStay(fixture('batch.hl7'), '7003'));
    const text = await response.clone().text();
    expect(text.split('\r')[0]).toMatch(
      /^FHS\|\^~\\&\|BENCHLINE\|ACO\|EPICADT\|GENHOSP\|\d{14}\+0000\|\|\|\|ACK[0-9A-F]{17}\|FILE0001$/,
    );
    expect(text).toContain('\rBTS|2\rFTS|1\r');
    expect((await acksOf(response)).map(msa)).toEqual([
      'MSA|AA|GH20260302-0001-7003|OK',
      'MSA|AA|GH20260303-0107-7003|OK',
    ]);
  });

  it('rejects (AR) what it does not take and stores none of it', async () => {
    const before = await stack.redis.xlen(stack.keys.events(stack.tenantId));
    const training = fixture('a01-admit.hl7').replace('|P|2.5.1|', '|T|2.5.1|').replace('GH20260302-0001', 'TRAIN-1');
    const [ack] = await acksOf(await postHl7(training));
    expect(msa(ack)).toBe('MSA|AR|TRAIN-1|Application Reject');
    expect(ack?.find((line) => line.startsWith('ERR'))).toContain('MSH^1^11|202^Unsupported processing id');
    expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(before);
  });

  it.each([
    ['JSON', 'application/json', '{"resourceType":"Encounter"}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['no MSH at all', HL7, 'hello', 400, 'MALFORMED_HL7'],
    ['an empty body', HL7, '', 400, 'MALFORMED_HL7'],
    ['text before the first MSH', HL7, `garbage\r${fixture('a01-admit.hl7')}`, 400, 'MALFORMED_HL7'],
    ['a charset it does not read', `${HL7}; charset=utf-16`, 'MSH|', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('refuses %s with %d', async (_name, type, body, status, code) => {
    const response = await postHl7(body, type);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('refuses an unknown time zone and a caller without the ingest key', async () => {
    expect((await postHl7(fixture('a01-admit.hl7'), HL7, '?tz=Mars/Olympus')).status).toBe(400);
    const anonymous = await fetch(`${stack.url}/api/v1/adt`, {
      method: 'POST',
      headers: { 'content-type': HL7 },
      body: fixture('a01-admit.hl7'),
    });
    expect(anonymous.status).toBe(401);
  });

  it("finds the member by an MBI CMS has since replaced, through the tenant's CCLF9 crosswalk", async () => {
    // MEMBER's MBI replaced 9EG4TE5MK79, as a CCLF9 row would say; the hospital still sends the old one (and an MRN
    // nobody knows, so only the MBI can find the member).
    await createMbiCrosswalkStore(stack.redis, stack.keys).save(stack.tenantId, [
      { mbi: '9EG4TE5MK79', current: MEMBER, root: '9EG4TE5MK79', epoch: 0, chainLength: 2 },
    ]);
    const oldMbi = asStay(fixture('a01-admit.hl7'), '901')
      .replace('1EG4-TE5-MK73', '9EG4-TE5-MK79')
      .replace(/MRN7755123/g, 'MRN0000901');
    const [ack] = await acksOf(await postHl7(oldMbi));
    expect(msa(ack)).toMatch(/^MSA\|AA\|/);
    expect(ack!.some((line) => line.startsWith('ERR'))).toBe(false);
    expect((await staysOf(MEMBER)).map((stay) => stay.visitNumber)).toContain('V44901');
    // An old MBI whose current MBI is no member of the tenant is still unknown: parked.
    await createMbiCrosswalkStore(stack.redis, stack.keys).save(stack.tenantId, [
      { mbi: '8EG4TE5MK78', current: '7EG4TE5MK77', root: '8EG4TE5MK78', epoch: 0, chainLength: 2 },
    ]);
    const stranger = asStay(fixture('a01-admit.hl7'), '902')
      .replace('1EG4-TE5-MK73', '8EG4-TE5-MK78')
      .replace(/MRN7755123/g, 'MRN0000902');
    const [parked] = await acksOf(await postHl7(stranger));
    expect(parked!.find((line) => line.startsWith('ERR'))).toMatch(/\|W\|/);
    // Dismissed again: the review list's own tests below start from an empty list.
    const page = (await (await stack.request(admin, '/api/v1/adt/review')).json()) as { items: { id: string }[] };
    expect(page.items).toHaveLength(1);
    const dismissed = await stack.request(admin, `/api/v1/adt/review/${page.items[0]!.id}/dismiss`, {
      method: 'POST',
    });
    expect(dismissed.status).toBe(204);
  });
});

describe('the review list: parked, listed, linked, applied', () => {
  it('parks an unknown patient, lists it (audited), links it to a member and applies it', async () => {
    const [ack] = await acksOf(await postHl7(fixture('unknown-patient.hl7')));
    expect(msa(ack)).toBe('MSA|AA|GH20260302-0555|OK');
    expect(ack?.find((line) => line.startsWith('ERR'))).toContain('PID^1^3|204^Unknown key identifier^HL70357|W');
    // Sent again while it waits: a duplicate, not a second entry.
    const [again] = await acksOf(await postHl7(fixture('unknown-patient.hl7')));
    expect(again?.find((line) => line.startsWith('ERR'))).toContain('205^Duplicate key identifier^HL70357|I');

    const listed = await stack.request(admin, '/api/v1/adt/review');
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { total: number; items: { id: string; reason: string; patient: unknown }[] };
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      reason: 'no-match',
      messageId: 'GH20260302-0555',
      identifiers: [{ value: 'MRN0091188', authority: 'GENHOSP', type: 'MR' }],
      patient: { familyName: 'OKONKWO', givenName: 'ADAEZE', birthDate: '1947-01-30', sex: 'F' },
    });
    const audit = (await stack.redis.xrange(stack.keys.audit(stack.tenantId), '-', '+')) as [string, string[]][];
    expect(audit.map(([, fields]) => fields[fields.indexOf('action') + 1])).toEqual(
      expect.arrayContaining(['adt-park', 'adt-review-read']),
    );

    // A coordinator may not read or link it.
    const coordinator = await stack.signIn({ role: 'coordinator' });
    expect((await stack.request(coordinator, '/api/v1/adt/review')).status).toBe(403);

    const id = page.items[0]!.id;
    const unknown = await stack.request(admin, `/api/v1/adt/review/${id}/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: 'NOBODY-1' }),
    });
    expect(unknown.status).toBe(400);
    const linked = await stack.request(admin, `/api/v1/adt/review/${id}/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: OTHER_MEMBER }),
    });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toEqual({ memberId: OTHER_MEMBER, linked: 1, applied: 1, remaining: 0 });
    expect(await staysOf(OTHER_MEMBER)).toMatchObject([{ stayId: 'GENHOSP|V4400999', status: 'active' }]);

    // From now on the MRN alone finds the member, with no review.
    const discharge = fixture('unknown-patient.hl7')
      .replace('ADT^A01^ADT_A01|GH20260302-0555', 'ADT^A03^ADT_A03|GH20260304-0556')
      .replace('EVN|A01|', 'EVN|A03|');
    const [stored] = await acksOf(await postHl7(discharge));
    expect(msa(stored)).toBe('MSA|AA|GH20260304-0556|OK');
    expect(stored?.some((line) => line.startsWith('ERR'))).toBe(false);
    expect(await staysOf(OTHER_MEMBER)).toMatchObject([{ status: 'discharged' }]);
  });

  it('dismisses a parked message (audited), and answers 404 for one that is not there', async () => {
    const test = fixture('unknown-patient.hl7')
      .replace(/MRN0091188/g, 'MRN-TEST-1')
      .replace('GH20260302-0555', 'GH20260302-0777');
    await acksOf(await postHl7(test));
    const page = (await (await stack.request(admin, '/api/v1/adt/review')).json()) as { items: { id: string }[] };
    const id = page.items[0]!.id;
    const dismiss = (target: string) =>
      stack.request(admin, `/api/v1/adt/review/${target}/dismiss`, { method: 'POST' });
    expect((await dismiss(id)).status).toBe(204);
    expect((await dismiss(id)).status).toBe(404);
    expect(((await (await stack.request(admin, '/api/v1/adt/review')).json()) as { total: number }).total).toBe(0);
  });
});

describe('FHIR Encounter on the FHIR path', () => {
  it('stores a finished inpatient Encounter as a discharge notification of the member', async () => {
    const encounter = {
      resourceType: 'Encounter',
      id: 'stay-88',
      meta: { versionId: '2', lastUpdated: '2026-04-02T15:00:00Z' },
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { identifier: { system: 'http://hl7.org/fhir/sid/us-mbi', value: MEMBER } },
      period: { start: '2026-03-28T08:00:00-04:00', end: '2026-04-02T10:30:00-04:00' },
      hospitalization: {
        dischargeDisposition: {
          coding: [{ system: 'https://www.nubc.org/CodeSystem/PatDischargeStatus', code: '3' }],
        },
      },
      serviceProvider: { reference: 'Organization/stmarys', display: "St Mary's" },
    };
    const response = await fetch(`${stack.url}/api/v1/fhir`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${stack.apiKey}` },
      body: JSON.stringify(encounter),
    });
    expect(response.status).toBe(202);
    const stays = await staysOf(MEMBER);
    expect(stays.find((stay) => stay.stayId === 'fhir|Encounter/stay-88')).toMatchObject({
      status: 'discharged',
      dischargeDisposition: { system: 'nubc', code: '03' },
      facility: { id: 'stmarys', name: "St Mary's" },
    });
    const { facts } = await createFactsStore(stack.redis, stack.keys).load(stack.tenantId, MEMBER);
    expect(facts.adt.find((event: AdtEvent) => event.sender === 'fhir')?.source).toBe('fhir');
  });
});

describe('a rebuild from the event store', () => {
  it('gives every member the stays the live pipeline folded', async () => {
    const live = [await staysOf(MEMBER), await staysOf(OTHER_MEMBER)];
    const liveFacts = await stack.redis.hgetall(stack.keys.memberFacts(stack.tenantId, MEMBER));
    const deps = createPipelineDeps(stack.redis, stack.keys, { feedMaxLen: 10_000, performanceYear: 2026 });
    await rebuildTenant(stack.redis, stack.keys, deps, stack.tenantId);
    expect([await staysOf(MEMBER), await staysOf(OTHER_MEMBER)]).toEqual(live);
    const slots = (facts: Record<string, string>) =>
      Object.entries(facts)
        .filter(([field]) => field.startsWith('a:'))
        .sort();
    expect(slots(await stack.redis.hgetall(stack.keys.memberFacts(stack.tenantId, MEMBER)))).toEqual(slots(liveFacts));
  });
});

describe('the review list’s bounds and identities', () => {
  let small: TestStack;
  beforeAll(async () => {
    small = await startStack({ server: { adtReviewMax: 1 } });
  });
  afterAll(async () => {
    await small?.close();
  });
  const postTo = (body: string) =>
    fetch(`${small.url}/api/v1/adt`, {
      method: 'POST',
      headers: { 'content-type': HL7, authorization: `Bearer ${small.apiKey}` },
      body,
    });

  it('answers a parked control id sent again with other content AE, and refuses (AR) past the bound', async () => {
    const parked = fixture('unknown-patient.hl7');
    expect(msa((await acksOf(await postTo(parked)))[0])).toBe('MSA|AA|GH20260302-0555|OK');
    const rewritten = parked.replace('5EAST^520^A', '6WEST^610^B');
    const [conflict] = await acksOf(await postTo(rewritten));
    expect(msa(conflict)).toBe('MSA|AE|GH20260302-0555|Application Error');
    expect(conflict?.find((line) => line.startsWith('ERR'))).toContain('205^Duplicate key identifier^HL70357|E');

    const another = parked.replace('GH20260302-0555', 'GH20260302-0556').replace('MRN0091188', 'MRN0091189');
    const [full] = await acksOf(await postTo(another));
    expect(msa(full)).toBe('MSA|AR|GH20260302-0556|Application Reject');
    expect(await small.redis.zcard(small.keys.adtReviewOrder(small.tenantId))).toBe(1);
  });
});
