/**
 * FHIR Encounter → `adt` notification (encounter-adt.ts): hospital stays and visits by class and status, the
 * notification's identity per version, and an Encounter that is clinical history first never refused for what only
 * a notification needs.
 */
import type { AdtEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { eventsOf, issuesOf } from './__fixtures__/fixture-support.js';
import { mapFhirResource } from './index.js';

const context = { patients: new Map([['p1', '1EG4TE5MK73']]), source: 'fhir' as const };

function encounter(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Encounter',
    id: 'adm-77',
    meta: { versionId: '3', lastUpdated: '2026-03-06T16:02:11.120Z' },
    identifier: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'VN' }] },
        system: 'urn:oid:2.16.840.1.113883.3.1234.5',
        value: 'V4400123',
      },
    ],
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: 'Patient/p1' },
    participant: [
      {
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }],
        individual: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1548226988' } },
      },
    ],
    period: { start: '2026-03-02T21:10:00-05:00', end: '2026-03-06T10:45:00-05:00' },
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I50.23' }] }],
    hospitalization: {
      dischargeDisposition: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home' }],
      },
    },
    location: [{ location: { display: '4 West 412' } }],
    serviceProvider: {
      reference: 'Organization/genhosp',
      identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1987654328' },
      display: 'General Hospital',
    },
    ...change,
  };
}

const adtOf = (resource: unknown): AdtEvent[] =>
  eventsOf(mapFhirResource(resource, context)).filter((event): event is AdtEvent => event.kind === 'adt');

describe('a FHIR Encounter as an ADT notification', () => {
  it('a finished inpatient stay is a discharge with everything the feed gave', () => {
    expect(adtOf(encounter())).toEqual([
      {
        kind: 'adt',
        sender: 'fhir',
        messageId: 'Encounter/adm-77/_history/3',
        memberId: '1EG4TE5MK73',
        event: 'discharge',
        eventAt: '2026-03-06T16:02:11.120Z',
        visitNumber: 'V4400123',
        visitAssigner: 'urn:oid:2.16.840.1.113883.3.1234.5',
        patientClass: 'inpatient',
        admitAt: '2026-03-02T21:10:00-05:00',
        dischargeAt: '2026-03-06T10:45:00-05:00',
        facility: { id: 'genhosp', name: 'General Hospital', npi: '1987654328' },
        location: '4 West 412',
        attendingNpi: '1548226988',
        dischargeDisposition: { system: 'hl7-fhir', code: 'home' },
        diagnoses: [{ code: 'I5023', type: 'admitting' }],
        source: 'fhir',
      },
    ]);
  });

  it.each([
    ['IMP', 'in-progress', 'admit', 'inpatient'],
    ['ACUTE', 'arrived', 'admit', 'inpatient'],
    ['EMER', 'in-progress', 'register', 'emergency'],
    ['OBSENC', 'triaged', 'register', 'observation'],
    ['EMER', 'cancelled', 'cancel-admit', 'emergency'],
    ['IMP', 'entered-in-error', 'cancel-admit', 'inpatient'],
  ])('class %s, status %s → %s (%s)', (code, status, event, patientClass) => {
    const resource = encounter({ class: { code }, status, period: { start: '2026-03-02T21:10:00-05:00' } });
    expect(adtOf(resource)).toMatchObject([{ event, patientClass }]);
  });

  it('an ambulatory visit, or a stay whose status is unknown, is no notification', () => {
    expect(
      adtOf(
        encounter({
          class: { code: 'AMB' },
          type: [{ coding: [{ system: 'http://snomed.info/sct', code: '185349003' }] }],
        }),
      ),
    ).toEqual([]);
    expect(
      adtOf(
        encounter({ status: 'unknown', type: [{ coding: [{ system: 'http://snomed.info/sct', code: '32485007' }] }] }),
      ),
    ).toEqual([]);
  });

  it('without a version id, each status is its own notification; a date alone keeps its day', () => {
    const admitted = encounter({ meta: undefined, status: 'in-progress', period: { start: '2026-03-02' } });
    expect(adtOf(admitted)).toMatchObject([
      { messageId: 'Encounter/adm-77/in-progress', eventAt: '2026-03-02T00:00:00Z', admitAt: '2026-03-02T00:00:00Z' },
    ]);
  });

  it('without a visit-number identifier, the Encounter is the stay', () => {
    expect(adtOf(encounter({ identifier: undefined }))).toMatchObject([
      { visitNumber: 'Encounter/adm-77', visitAssigner: 'fhir' },
    ]);
  });

  it('a typed stay is a clinical encounter as well, for the measures', () => {
    const typed = encounter({ type: [{ coding: [{ system: 'http://snomed.info/sct', code: '32485007' }] }] });
    expect(eventsOf(mapFhirResource(typed, context)).map((event) => event.kind)).toEqual(['clinical', 'adt']);
  });

  it('an untyped notification is refused for what it lacks, naming the FHIR field', () => {
    expect(issuesOf(mapFhirResource(encounter({ serviceProvider: undefined, location: undefined }), context))).toEqual([
      'required /serviceProvider',
    ]);
    expect(issuesOf(mapFhirResource(encounter({ period: { start: '2026-03-02T21:10:00-05:00' } }), context))).toEqual([
      'required /period/end',
    ]);
    expect(issuesOf(mapFhirResource(encounter({ period: { start: '2026-03-02T21:10:00' } }), context))).toContain(
      'format /period/start',
    );
    expect(issuesOf(mapFhirResource(encounter({ subject: { reference: 'Patient/nobody' } }), context))).toEqual([
      'unresolved-patient /subject',
    ]);
  });

  it('a typed stay that cannot be a notification is still the clinical encounter it always was', () => {
    const history = encounter({
      serviceProvider: undefined,
      location: undefined,
      type: [{ coding: [{ system: 'http://snomed.info/sct', code: '32485007' }] }],
    });
    expect(eventsOf(mapFhirResource(history, context)).map((event) => event.kind)).toEqual(['clinical']);
  });
});
