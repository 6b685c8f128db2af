/**
 * A FHIR Encounter's ADT notification as the ADT core matches it (encounter-review.ts): its events without their
 * member, the identifiers its subject carries — MBI, Patient id, another identifier — and what is not one: other
 * resources, Encounters with other problems, subjects with nothing to match or link them by.
 */
import { describe, expect, it } from 'vitest';
import { encounterAdtOf } from './encounter-review.js';
import { mapFhirBundle, mapFhirResource } from './index.js';

const MEMBER = '1EG4TE5MK73';
const context = { patients: new Map([['p1', MEMBER]]), source: 'fhir' as const };

function encounter(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Encounter',
    id: 'adm-77',
    meta: { versionId: '3', lastUpdated: '2026-03-06T16:02:11.120Z' },
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: 'Patient/p1' },
    period: { start: '2026-03-02T21:10:00-05:00' },
    serviceProvider: { reference: 'Organization/genhosp', display: 'General Hospital' },
    ...change,
  };
}

const reviewOf = (resource: Record<string, unknown>) =>
  encounterAdtOf(resource, mapFhirResource(resource, context), context);

describe('an Encounter as an ADT notification to match', () => {
  it('resolved through the Patient crosswalk: the Patient id, with the link the mapping used', () => {
    expect(reviewOf(encounter())).toEqual({
      notification: expect.objectContaining({
        kind: 'adt',
        sender: 'fhir',
        messageId: 'Encounter/adm-77/_history/3',
        event: 'admit',
      }) as unknown,
      companions: [],
      identifiers: [{ value: 'p1', authority: 'fhir:Patient', type: 'PI' }],
      patient: {},
      resolved: ['fhir:Patient|p1', MEMBER],
    });
    expect(reviewOf(encounter())?.notification).not.toHaveProperty('memberId');
  });

  it('a Patient Benchline has not received: mapped without its member, to be parked', () => {
    const review = reviewOf(encounter({ subject: { reference: 'https://ehr.example/fhir/Patient/p-9/_history/2' } }));
    expect(review).toMatchObject({
      notification: { messageId: 'Encounter/adm-77/_history/3', facility: { id: 'genhosp' } },
      identifiers: [{ value: 'p-9', authority: 'fhir:Patient', type: 'PI' }],
    });
    expect(review?.resolved).toBeUndefined();
    expect(review?.notification).not.toHaveProperty('memberId');
  });

  it('an MBI on the subject, member or not: type MC (dashes notwithstanding), else a member id (MB)', () => {
    const withMbi = (value: string) =>
      reviewOf(
        encounter({
          subject: {
            reference: 'Patient/p-9',
            identifier: { system: 'http://hl7.org/fhir/sid/us-mbi', value },
            display: 'Okonkwo, Adaeze',
          },
        }),
      );
    expect(withMbi('2EG4-TE5-MK74')).toMatchObject({
      identifiers: [
        { value: '2EG4-TE5-MK74', authority: 'CMS', type: 'MC' },
        { value: 'p-9', authority: 'fhir:Patient', type: 'PI' },
      ],
      patient: { display: 'Okonkwo, Adaeze' },
    });
    expect(withMbi('2EG4-TE5-MK74')?.resolved).toBeUndefined();
    // BCDA's synthetic MBIs use letters an MBI never has: still a member id.
    expect(withMbi('1S00E00AA00')?.identifiers[0]).toEqual({ value: '1S00E00AA00', authority: 'CMS', type: 'MB' });
  });

  it('another identifier on the subject: in its system, else the facility; national numbers never kept', () => {
    const mrn = {
      system: 'urn:oid:2.16.840.1.113883.3.1234.2',
      value: 'MRN0091188',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'mr' }] },
    };
    expect(reviewOf(encounter({ subject: { identifier: mrn } }))?.identifiers).toEqual([
      { value: 'MRN0091188', authority: 'urn:oid:2.16.840.1.113883.3.1234.2', type: 'MR' },
    ]);
    expect(reviewOf(encounter({ subject: { identifier: { value: 'MRN0091188' } } }))?.identifiers).toEqual([
      { value: 'MRN0091188', authority: 'genhosp', type: '' },
    ]);
    expect(
      reviewOf(
        encounter({ subject: { identifier: { system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' } } }),
      ),
    ).toBeUndefined();
    expect(
      reviewOf(encounter({ subject: { identifier: { value: 'X1', type: { coding: [{ code: 'DL' }] } } } })),
    ).toBeUndefined();
  });

  it('a typed stay: its clinical event comes along, without its member', () => {
    const typed = encounter({
      subject: { reference: 'Patient/nobody' },
      type: [{ coding: [{ system: 'http://snomed.info/sct', code: '32485007' }] }],
    });
    const review = reviewOf(typed);
    expect(review?.companions).toEqual([
      expect.objectContaining({ kind: 'clinical', clinicalId: 'Encounter/adm-77' }) as unknown,
    ]);
    expect(review?.companions[0]).not.toHaveProperty('memberId');
  });

  it('is nothing else: other resources, visits that notify nothing, other problems, nothing to match by', () => {
    const observation = {
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
      subject: { reference: 'Patient/nobody' },
      effectiveDateTime: '2026-01-02',
      valueQuantity: { value: 7.2, unit: '%' },
    };
    expect(reviewOf(observation)).toBeUndefined();
    expect(
      reviewOf(
        encounter({
          class: { code: 'AMB' },
          type: [{ coding: [{ system: 'http://snomed.info/sct', code: '185349003' }] }],
        }),
      ),
    ).toBeUndefined();
    // Unknown patient and no facility: refused for both, as ever.
    expect(
      reviewOf(encounter({ subject: { reference: 'Patient/nobody' }, serviceProvider: undefined })),
    ).toBeUndefined();
    expect(reviewOf(encounter({ subject: { display: 'Someone' } }))).toBeUndefined();
    expect(reviewOf(encounter({ subject: { reference: 'urn:uuid:6f1c' } }))).toBeUndefined();
  });

  it('in a Bundle: the entry’s issues, and a reference to the Bundle’s own Patient resolved by its fullUrl', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          fullUrl: 'urn:uuid:0b7d',
          resource: {
            resourceType: 'Patient',
            id: 'new-1',
            meta: { lastUpdated: '2026-03-01T00:00:00Z' },
            identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: '3EG4TE5MK75' }],
            birthDate: '1950-01-01',
            gender: 'female',
          },
        },
        { resource: encounter({ subject: { reference: 'urn:uuid:0b7d' } }) },
        { resource: encounter({ id: 'adm-78', subject: { reference: 'Patient/nobody' } }) },
      ],
    };
    const mapped = mapFhirBundle(bundle, context);
    const entries = mapped.ok ? mapped.entries : [];
    const reviews = bundle.entry.map((entry, i) =>
      encounterAdtOf(entry.resource, entries[i]!, context, `/entry/${i}/resource`),
    );
    expect(reviews[0]).toBeUndefined();
    expect(reviews[1]).toMatchObject({
      identifiers: [{ value: 'urn:uuid:0b7d', authority: 'fhir:Patient' }],
      resolved: ['fhir:Patient|urn:uuid:0b7d', '3EG4TE5MK75'],
    });
    expect(reviews[2]).toMatchObject({
      notification: { messageId: 'Encounter/adm-78/_history/3' },
      identifiers: [{ value: 'nobody', authority: 'fhir:Patient' }],
    });
  });
});
