/**
 * The entry points: Bundle handling (types, entries, reference resolution, crosswalk) and properties — whatever a
 * field holds, the mapper answers with issues or schema-valid events and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClinicalEvent } from '@benchline/shared';
import { eventsOf, expectSchemaValid, fixture, issuesOf } from './__fixtures__/fixture-support.js';
import { mapFhirBundle, mapFhirResource, SUPPORTED_RESOURCE_TYPES } from './index.js';
import type { FhirMappingContext } from './index.js';

const context: FhirMappingContext = { patients: new Map(), source: 'fhir', defaultAsOf: '2025-06-30' };
const MBI = 'http://hl7.org/fhir/sid/us-mbi';

const patient = (id: string, mbi?: string) => ({
  resourceType: 'Patient',
  id,
  identifier: mbi === undefined ? [] : [{ system: MBI, value: mbi }],
  birthDate: '1948-07-04',
});
const observation = (id: string, subject: Record<string, unknown>) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
  subject,
  effectiveDateTime: '2025-05-01',
  valueQuantity: { value: 6.8, unit: '%', code: '%' },
});

describe('mapFhirBundle', () => {
  it('rejects what is not an ingestible Bundle with one issue at the root', () => {
    expect(mapFhirBundle({ resourceType: 'Patient' }, context)).toEqual({
      ok: false,
      issues: [{ path: '', reason: 'type', message: expect.any(String) as string }],
    });
    expect(mapFhirBundle('[]', context)).toMatchObject({ ok: false, issues: [{ path: '', reason: 'type' }] });
    expect(mapFhirBundle({ resourceType: 'Bundle', type: 'batch' }, context)).toMatchObject({
      ok: false,
      issues: [{ path: '', reason: 'required' }],
    });
    expect(mapFhirBundle({ resourceType: 'Bundle', type: 'history', entry: [] }, context)).toMatchObject({
      ok: false,
      issues: [{ path: '', reason: 'unsupported-bundle' }],
    });
  });

  it('maps each entry, index-aligned, resolving Patient/<id> from a Patient entry of the same bundle', () => {
    const result = mapFhirBundle(
      {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { resource: observation('o1', { reference: 'Patient/p1' }) },
          { resource: patient('p1', '1EG4TE5MK73') },
          { resource: observation('o2', { reference: 'Patient/p2' }) },
          'not an entry',
          { request: { method: 'DELETE', url: 'Observation/o3' } },
          { resource: { resourceType: 'Basic', id: 'b' } },
        ],
      },
      context,
    );
    expect(result.ok).toBe(true);
    const entries = result.ok ? result.entries : [];
    expect(entries).toHaveLength(6);
    expect(eventsOf(entries[0] ?? { ok: false, issues: [] })[0]).toMatchObject({
      clinicalId: 'Observation/o1',
      memberId: '1EG4TE5MK73',
    });
    expect(eventsOf(entries[1] ?? { ok: false, issues: [] })[0]).toMatchObject({
      kind: 'member',
      memberId: '1EG4TE5MK73',
      asOf: '2025-06-30',
    });
    expect(entries.slice(2).map((entry) => issuesOf(entry))).toEqual([
      ['unresolved-patient /entry/2/resource/subject'],
      ['type /entry/3'],
      ['required /entry/4/resource'],
      ['unsupported-resource /entry/5/resource/resourceType'],
    ]);
    expect(result.ok && result.crosswalk).toEqual([{ patientId: 'p1', memberId: '1EG4TE5MK73' }]);
  });

  it('resolves urn:uuid and absolute references through the entry fullUrl, and the caller crosswalk', () => {
    const result = mapFhirBundle(
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:7d1e', resource: { ...patient('x', '2EG4TE5MK74'), id: undefined } },
          { resource: observation('o1', { reference: 'urn:uuid:7d1e' }) },
          { resource: observation('o2', { reference: 'https://ehr.example/fhir/Patient/known' }) },
          { resource: observation('o3', { reference: 'Patient/known/_history/3' }) },
        ],
      },
      { ...context, patients: new Map([['known', '3EG4TE5MK75']]) },
    );
    const members = result.ok
      ? result.entries.slice(1).map((entry) => (eventsOf(entry)[0] as ClinicalEvent | undefined)?.memberId)
      : [];
    expect(members).toEqual(['2EG4TE5MK74', '3EG4TE5MK75', '3EG4TE5MK75']);
  });

  it('accepts collection and searchset bundles (BFD search results are searchsets)', () => {
    for (const type of ['collection', 'searchset']) {
      const result = mapFhirBundle(
        { resourceType: 'Bundle', type, entry: [{ resource: patient('p1', '1EG4TE5MK73') }] },
        context,
      );
      expect(result.ok && result.entries[0]?.ok).toBe(true);
    }
  });
});

describe('mapFhirResource never throws and never returns an event that fails its schema', () => {
  const samples = [
    fixture('bfd-v3/ExplanationOfBenefit.json'),
    fixture('bfd-v2/eobReadCarrier.json'),
    fixture('bfd-v3/Patient.json'),
    fixture('bfd-v3/Coverage-FFS.json'),
    observation('o1', { reference: 'Patient/p1' }),
  ];
  const crosswalk: FhirMappingContext = {
    ...context,
    patients: new Map([
      ['p1', '1EG4TE5MK73'],
      ['12345', '1EG4TE5MK73'],
      ['567834', '1EG4TE5MK73'],
    ]),
  };

  it('for any value in place of any field of a real resource', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.nat(),
        fc.anything({ withObjectString: true, withNullPrototype: false }),
        (sample, pick, value) => {
          const keys = Object.keys(sample);
          const key = keys[pick % keys.length] ?? 'id';
          const result = mapFhirResource({ ...sample, [key]: value }, crosswalk);
          if (result.ok) {
            expectSchemaValid(result.events);
          } else {
            expect(result.issues.length).toBeGreaterThan(0);
            expect(result.issues.some((issue) => issue.reason === 'internal')).toBe(false);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('for arbitrary objects of every supported resource type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_RESOURCE_TYPES),
        fc.dictionary(
          fc.constantFrom('id', 'status', 'code', 'subject', 'item', 'identifier', 'meta', 'period', 'type'),
          fc.anything(),
        ),
        (resourceType, fields) => {
          const result = mapFhirResource({ ...fields, resourceType }, crosswalk);
          expect(result.ok ? [] : result.issues.filter((issue) => issue.reason === 'internal')).toEqual([]);
          if (result.ok) {
            expectSchemaValid(result.events);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('a resourceType that names an Object property', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    '%s is an unsupported resource, not a crash',
    (name) => {
      const result = mapFhirResource({ resourceType: name, id: 'x' }, context);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.issues.map((issue) => issue.reason)).toEqual(['unsupported-resource']);
    },
  );
});
