/**
 * FHIR ingest against the real stack: the generator's population exported as BCDA-style bulk data comes back
 * whole (zero rejections, spend equal to a rebuild from the original claims), Patient references resolve
 * through the crosswalk learnt earlier, Bundles are answered entry by entry and transactions all or nothing.
 */
import { readFileSync } from 'node:fs';
import type { ClaimEvent } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAco } from '../../tools/src/demo/demo-data.js';
import { claimToExplanationOfBenefit, memberToFhir } from '../../tools/src/generator/fhir/index.js';
import { rebuildSpend } from '../../workers/src/domain/spend.js';
import { postFhirJson, postFhirNdjson } from '../support/fhir.js';
import { startStack, type TestStack } from '../support/start-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../server/src/ingest/fhir/__fixtures__/${path}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

/** An EOB that names its patient only by FHIR id, as BCDA exports do. */
function withPatientIdOnly(eob: Record<string, unknown>, patientId: string): Record<string, unknown> {
  return { ...eob, patient: { reference: `Patient/${patientId}` } };
}

describe('POST /api/v1/fhir', () => {
  it('takes a generated population as bulk-data NDJSON file by file, with zero rejections', async () => {
    const aco = demoAco({ members: 20, months: 6, seed: 21, endMonth: '2026-06' });
    const patients: unknown[] = [];
    const coverages: unknown[] = [];
    const eobs: unknown[] = [];
    const claims: ClaimEvent[] = [];
    for (const bundle of aco.members()) {
      const { patient, coverages: memberCoverages } = memberToFhir(bundle.member);
      patients.push(patient);
      coverages.push(...memberCoverages);
      claims.push(...bundle.claims);
      eobs.push(
        ...bundle.claims.map((claim) => withPatientIdOnly(claimToExplanationOfBenefit(claim), String(patient.id))),
      );
    }
    for (const [name, resources] of [
      ['Patient', patients],
      ['Coverage', coverages],
      ['ExplanationOfBenefit', eobs],
    ] as const) {
      const answer = await postFhirNdjson(stack.url, stack.apiKey, resources);
      expect(answer.summary, name).toMatchObject({ lines: resources.length, rejected: 0 });
    }
    await stack.drained();
    const client = await stack.connect();
    try {
      const state = await client.subscribe('spend');
      const expected = Object.fromEntries(
        [...rebuildSpend(claims)].map(([m, c]) => [m, { paidCents: c.paidCents, claims: c.claims }]),
      );
      expect(state.snapshot.months).toEqual(expected);
    } finally {
      client.close();
    }
  });

  it('rejects a claim whose patient it has never seen, naming the reference', async () => {
    const eob = withPatientIdOnly(claimToExplanationOfBenefit(demoClaim()), 'never-seen');
    const answer = await postFhirNdjson(stack.url, stack.apiKey, [eob]);
    expect(answer.results[0]?.error?.issues).toContainEqual(
      expect.objectContaining({ path: '/patient', reason: 'unresolved-patient' }),
    );
  });

  it('stores a single resource and answers 202, and refuses a resource it does not ingest', async () => {
    const accepted = await postFhirJson(
      stack.url,
      stack.apiKey,
      claimToExplanationOfBenefit({ ...demoClaim(), claimId: 'FHIR-ONE' }),
    );
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    const refused = await postFhirJson(stack.url, stack.apiKey, { resourceType: 'Organization', id: 'o1' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues).toContainEqual(
      expect.objectContaining({ path: '/resourceType', reason: 'unsupported-resource' }),
    );
  });

  it('answers a collection Bundle entry by entry, storing the good entries', async () => {
    const good = claimToExplanationOfBenefit({ ...demoClaim(), claimId: 'FHIR-BUNDLE-1' });
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: good }, { resource: { resourceType: 'Claim', id: 'x' } }],
    };
    const answer = await postFhirJson(stack.url, stack.apiKey, bundle);
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toEqual({ entries: 2, accepted: 1, duplicate: 0, rejected: 1 });
    expect(answer.body.results?.[1]?.error?.issues?.[0]).toMatchObject({
      path: '/entry/1/resource/resourceType',
      reason: 'unsupported-resource',
    });
  });

  it('stores a transaction Bundle whole or not at all', async () => {
    const before = await stack.redis.xlen(stack.keys.events(stack.tenantId));
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: claimToExplanationOfBenefit({ ...demoClaim(), claimId: 'FHIR-TX-1' }),
          request: { method: 'POST', url: 'ExplanationOfBenefit' },
        },
        { resource: { resourceType: 'Claim', id: 'x' }, request: { method: 'POST', url: 'Claim' } },
      ],
    };
    const refused = await postFhirJson(stack.url, stack.apiKey, transaction);
    expect(refused.status).toBe(400);
    expect(await stack.redis.xlen(stack.keys.events(stack.tenantId))).toBe(before);

    const whole = await postFhirJson(stack.url, stack.apiKey, { ...transaction, entry: transaction.entry.slice(0, 1) });
    expect(whole.status).toBe(200);
    expect(whole.body.summary).toMatchObject({ entries: 1, accepted: 1 });
  });

  it('reads the published Blue Button samples, reporting their placeholder values as field issues, never a 5xx', async () => {
    for (const name of [
      'eobReadCarrier.json',
      'eobReadInpatient.json',
      'eobByPatientIdAll.json',
      'patientRead.json',
      'coverageSearchByPatientId.json',
    ]) {
      const answer = await postFhirJson(stack.url, stack.apiKey, fixture(`bfd-v2/${name}`));
      expect(answer.status, name).toBeLessThan(500);
      if (answer.status === 400) {
        expect(answer.body.error?.issues?.length, name).toBeGreaterThan(0);
      }
    }
  });
});

function demoClaim(): ClaimEvent {
  const aco = demoAco({ members: 3, months: 3, seed: 2, endMonth: '2026-03' });
  const claim = aco.member(0).claims.find((c) => c.claimType === 'professional');
  if (claim === undefined) {
    throw new Error('the fixture population has no professional claim');
  }
  return claim;
}
