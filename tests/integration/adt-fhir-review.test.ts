/**
 * FHIR Encounters in the ADT review list, against the real stack (server and workers in this process, real Redis, a
 * key prefix of its own): an ADT Encounter whose patient no member matches — a Patient never received, an MBI the
 * tenant has no member for — is parked and listed like an unmatched HL7 message, a duplicate while it waits, stored
 * for the member a person links it to (its clinical event too), after which the Patient reference resolves by
 * itself; Bundles and bulk data answered entry by entry and line by line, a transaction refused whole; resources
 * that are not ADT Encounters still refused for an unknown patient.
 */
import type { AdtEvent } from '@benchline/shared';
import { VALID_MEMBER } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFactsStore } from '../../workers/src/adapters/facts-store.js';
import { deriveStays } from '../../workers/src/domain/adt.js';
import { fhirAdmission, postFhirJson, postFhirNdjson } from '../support/fhir.js';
import { startStack, type TestSession, type TestStack } from '../support/start-stack.js';

const MEMBER = VALID_MEMBER.memberId;
const OTHER_MEMBER = '2EG4TE5MK74';
/** An MBI no member of the tenant has. */
const STRANGER = '3EG4TE5MK75';
const MBI_SYSTEM = 'http://hl7.org/fhir/sid/us-mbi';

let stack: TestStack;
let admin: TestSession;

beforeAll(async () => {
  stack = await startStack();
  for (const memberId of [MEMBER, OTHER_MEMBER]) {
    const response = await stack.post('/api/v1/members', { ...VALID_MEMBER, memberId });
    expect(response.status).toBe(202);
  }
  await stack.drained();
  admin = await stack.signIn({ role: 'admin', userId: 'adt-fhir-reviewer' });
});
afterAll(async () => {
  await stack?.close();
});

function observation(id: string, subject: Record<string, unknown>) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
    subject,
    effectiveDateTime: '2026-03-02T08:00:00Z',
    valueQuantity: { value: 7.2, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  };
}

interface ParkedItem {
  id: string;
  reason: string;
  sender: string;
  messageId: string;
  identifiers: { value: string; authority: string; type: string }[];
  patient: Record<string, string>;
}

async function reviewList(): Promise<{ total: number; items: ParkedItem[] }> {
  const response = await stack.request(admin, '/api/v1/adt/review?limit=500');
  expect(response.status).toBe(200);
  return (await response.json()) as { total: number; items: ParkedItem[] };
}

async function link(id: string, memberId: string): Promise<Response> {
  return stack.request(admin, `/api/v1/adt/review/${id}/link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ memberId }),
  });
}

async function stored(key: string): Promise<boolean> {
  return (await stack.redis.hexists(stack.keys.eventIndex(stack.tenantId), key)) === 1;
}

async function factsOf(memberId: string) {
  await stack.drained();
  return (await createFactsStore(stack.redis, stack.keys).load(stack.tenantId, memberId)).facts;
}

describe('an ADT Encounter no member matches', () => {
  let parkedId = '';

  it('is parked (202 parked), listed for review (audited), and a duplicate when sent again', async () => {
    const admission = fhirAdmission('rev-1', { reference: 'Patient/ehr-501', display: 'Okonkwo, Adaeze' });
    const first = await postFhirJson(stack.url, stack.apiKey, admission);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'parked', eventIds: [], review: { reason: 'no-match' } });
    parkedId = (first.body as { review: { id: string } }).review.id;
    expect(parkedId).toMatch(/^[0-9a-f]{16}$/);

    const again = await postFhirJson(stack.url, stack.apiKey, admission);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ status: 'duplicate', eventIds: [], review: { id: parkedId, reason: 'no-match' } });
    // Other content under the same version: a conflict, as for a stored event.
    const rewritten = await postFhirJson(stack.url, stack.apiKey, {
      ...admission,
      location: [{ location: { display: '4 West 412' } }],
    });
    expect(rewritten.status).toBe(409);

    const page = await reviewList();
    expect(page.items.filter((item) => item.messageId === 'Encounter/rev-1/_history/1')).toEqual([
      expect.objectContaining({
        id: parkedId,
        reason: 'no-match',
        sender: 'fhir',
        identifiers: [{ value: 'ehr-501', authority: 'fhir:Patient', type: 'PI' }],
        patient: { display: 'Okonkwo, Adaeze' },
      }),
    ]);
    expect(await stored('adt:fhir|Encounter/rev-1/_history/1')).toBe(false);
    const audit = (await stack.redis.xrange(stack.keys.audit(stack.tenantId), '-', '+')) as [string, string[]][];
    const parks = audit.filter(([, fields]) => fields[fields.indexOf('action') + 1] === 'adt-park');
    expect(parks.some(([, fields]) => fields.includes('POST /api/v1/fhir'))).toBe(true);
  });

  it('linking stores it as an adt fact of the member, and the next Encounter of that Patient is stored directly', async () => {
    const linked = await link(parkedId, OTHER_MEMBER);
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({ memberId: OTHER_MEMBER, linked: 1, applied: 1 });
    expect((await reviewList()).items.some((item) => item.id === parkedId)).toBe(false);
    // The FHIR patient crosswalk learnt the link: every reference to the Patient resolves now.
    expect(await stack.redis.hget(stack.keys.fhirPatients(stack.tenantId), 'ehr-501')).toBe(OTHER_MEMBER);
    let facts = await factsOf(OTHER_MEMBER);
    expect(facts.adt.map((event: AdtEvent) => [event.messageId, event.memberId, event.source])).toEqual([
      ['Encounter/rev-1/_history/1', OTHER_MEMBER, 'fhir'],
    ]);

    const discharge = fhirAdmission(
      'rev-1',
      { reference: 'Patient/ehr-501' },
      {
        meta: { versionId: '2', lastUpdated: '2026-04-04T15:00:00Z' },
        status: 'finished',
        period: { start: '2026-04-01T08:00:00-04:00', end: '2026-04-04T10:30:00-04:00' },
      },
    );
    const answer = await postFhirJson(stack.url, stack.apiKey, discharge);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'accepted' });
    expect(answer.body).not.toHaveProperty('review');
    facts = await factsOf(OTHER_MEMBER);
    expect(deriveStays(facts.adt)).toMatchObject([{ stayId: 'fhir|Encounter/rev-1', status: 'discharged' }]);
    // The original admission sent once more is a duplicate now, stored — not parked again.
    const resent = await postFhirJson(
      stack.url,
      stack.apiKey,
      fhirAdmission('rev-1', { reference: 'Patient/ehr-501', display: 'Okonkwo, Adaeze' }),
    );
    expect(resent.body).toMatchObject({ status: 'duplicate' });
    expect(resent.body.eventIds).toHaveLength(1);
  });

  it('a typed stay is parked with its clinical event, and both are stored for the member once linked', async () => {
    const typed = fhirAdmission(
      'rev-typed',
      { reference: 'Patient/ehr-601' },
      { type: [{ coding: [{ system: 'http://snomed.info/sct', code: '32485007' }] }] },
    );
    const answer = await postFhirJson(stack.url, stack.apiKey, typed);
    expect(answer.body).toMatchObject({ status: 'parked' });
    expect(await stored('clinical:Encounter/rev-typed:1')).toBe(false);
    const id = (answer.body as { review: { id: string } }).review.id;
    expect((await link(id, MEMBER)).status).toBe(200);
    const facts = await factsOf(MEMBER);
    expect(facts.clinical.some((event) => event.clinicalId === 'Encounter/rev-typed')).toBe(true);
    expect(facts.adt.some((event: AdtEvent) => event.messageId === 'Encounter/rev-typed/_history/1')).toBe(true);
  });

  it('an MBI no member of the tenant has: parked, not stored under that MBI; a member’s MBI is stored', async () => {
    const stranger = await postFhirJson(
      stack.url,
      stack.apiKey,
      fhirAdmission('rev-mbi', { identifier: { system: MBI_SYSTEM, value: STRANGER } }),
    );
    expect(stranger.status).toBe(202);
    expect(stranger.body).toMatchObject({ status: 'parked', review: { reason: 'unknown-mbi' } });
    expect(await stored('adt:fhir|Encounter/rev-mbi/_history/1')).toBe(false);
    expect((await reviewList()).items.find((item) => item.messageId === 'Encounter/rev-mbi/_history/1')).toMatchObject({
      identifiers: [{ value: STRANGER, authority: 'CMS', type: 'MC' }],
    });

    const member = await postFhirJson(
      stack.url,
      stack.apiKey,
      fhirAdmission('rev-member', { identifier: { system: MBI_SYSTEM, value: MEMBER } }),
    );
    expect(member.body).toMatchObject({ status: 'accepted' });
    expect(await stored('adt:fhir|Encounter/rev-member/_history/1')).toBe(true);
  });

  it('resources that are not ADT Encounters are still refused for a patient Benchline has not received', async () => {
    const refused = await postFhirJson(stack.url, stack.apiKey, observation('obs-x', { reference: 'Patient/ehr-999' }));
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues).toContainEqual(
      expect.objectContaining({ path: '/subject', reason: 'unresolved-patient' }),
    );
    const visit = await postFhirJson(
      stack.url,
      stack.apiKey,
      fhirAdmission(
        'visit-x',
        { reference: 'Patient/ehr-999' },
        {
          class: { code: 'AMB' },
          status: 'finished',
          period: { start: '2026-04-01', end: '2026-04-01' },
          type: [{ coding: [{ system: 'http://snomed.info/sct', code: '185349003' }] }],
        },
      ),
    );
    expect(visit.status).toBe(400);
    expect((await reviewList()).items.some((item) => item.identifiers.some((i) => i.value === 'ehr-999'))).toBe(false);
  });
});

describe('Bundles and bulk data with ADT Encounters no member matches', () => {
  it('answers a batch Bundle entry by entry: parked beside stored and rejected', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: observation('obs-b1', { identifier: { system: MBI_SYSTEM, value: MEMBER } }) },
        { resource: fhirAdmission('rev-b1', { reference: 'Patient/ehr-701' }) },
        { resource: observation('obs-b2', { reference: 'Patient/ehr-701' }) },
      ],
    };
    const answer = await postFhirJson(stack.url, stack.apiKey, bundle);
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toEqual({ entries: 3, accepted: 1, duplicate: 0, rejected: 1, parked: 1 });
    expect(answer.body.results?.map((result) => [result.entry, result.status])).toEqual([
      [0, 'accepted'],
      [1, 'parked'],
      [2, 'rejected'],
    ]);
    expect(answer.body.results?.[1]).toMatchObject({ review: { reason: 'no-match' } });
  });

  it('matches an Encounter to a new Patient of the same Bundle, before the workers have folded it', async () => {
    const NEW_MEMBER = '4EG4TE5MK76';
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:5f0e2c1a',
          resource: {
            resourceType: 'Patient',
            id: 'ehr-801',
            meta: { lastUpdated: '2026-03-01T00:00:00Z' },
            identifier: [{ system: MBI_SYSTEM, value: NEW_MEMBER }],
            birthDate: '1948-05-05',
            gender: 'male',
          },
        },
        { resource: fhirAdmission('rev-b2', { identifier: { system: MBI_SYSTEM, value: NEW_MEMBER } }) },
        { resource: fhirAdmission('rev-b3', { reference: 'urn:uuid:5f0e2c1a' }) },
      ],
    };
    const answer = await postFhirJson(stack.url, stack.apiKey, bundle);
    expect(answer.body.results?.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const facts = await factsOf(NEW_MEMBER);
    expect(facts.adt.map((event: AdtEvent) => event.messageId).sort()).toEqual([
      'Encounter/rev-b2/_history/1',
      'Encounter/rev-b3/_history/1',
    ]);
  });

  it('refuses a transaction holding one whole, storing and parking nothing', async () => {
    const before = await stack.redis.xlen(stack.keys.events(stack.tenantId));
    const parkedBefore = (await reviewList()).total;
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: observation('obs-t1', { identifier: { system: MBI_SYSTEM, value: MEMBER } }),
          request: { method: 'POST', url: 'Observation' },
        },
        {
          resource: fhirAdmission('rev-t1', { identifier: { system: MBI_SYSTEM, value: STRANGER } }),
          request: { method: 'POST', url: 'Encounter' },
        },
      ],
    };
    const refused = await postFhirJson(stack.url, stack.apiKey, transaction);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues).toEqual([
      expect.objectContaining({ path: '/entry/1/resource/subject', reason: 'unresolved-patient' }),
    ]);
    expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(before);
    expect((await reviewList()).total).toBe(parkedBefore);

    // With the member's MBI instead, the transaction is stored whole.
    const whole = await postFhirJson(stack.url, stack.apiKey, {
      ...transaction,
      entry: [
        transaction.entry[0],
        {
          ...transaction.entry[1],
          resource: fhirAdmission('rev-t1', { identifier: { system: MBI_SYSTEM, value: MEMBER } }),
        },
      ],
    });
    expect(whole.status).toBe(200);
    expect(whole.body.summary).toMatchObject({ entries: 2, accepted: 2 });
  });

  it('answers bulk data line by line: parked lines say where they wait, and a duplicate while they do', async () => {
    const lines = [
      fhirAdmission('rev-n1', { reference: 'Patient/ehr-901' }),
      fhirAdmission('rev-n2', { identifier: { system: MBI_SYSTEM, value: MEMBER } }),
      observation('obs-n1', { reference: 'Patient/ehr-901' }),
    ];
    const answer = await postFhirNdjson(stack.url, stack.apiKey, lines);
    expect(answer.results.map((result) => [result.line, result.status])).toEqual([
      [1, 'parked'],
      [2, 'accepted'],
      [3, 'rejected'],
    ]);
    expect(answer.results[0]).toMatchObject({ eventIds: [], review: { reason: 'no-match' } });
    expect(answer.summary).toEqual({ lines: 3, accepted: 1, duplicate: 0, rejected: 1, parked: 1 });

    const again = await postFhirNdjson(stack.url, stack.apiKey, lines.slice(0, 1));
    expect(again.results[0]).toMatchObject({ status: 'duplicate', review: { reason: 'no-match' } });
    expect((await reviewList()).items.filter((item) => item.messageId === 'Encounter/rev-n1/_history/1')).toHaveLength(
      1,
    );
  });
});
