/**
 * Canonical → FHIR → canonical: a generated population exported here and read back by the FHIR ingest mapper gives
 * the original events field by field, except what FHIR/BFD cannot carry: `source` becomes 'fhir'; a clinical id
 * gains its resource type (`k7.0…` → `Observation/k7.0…`, ids of that form come back as they were); an encounter
 * or request without a class or intent comes back with the ones FHIR requires the exporter to write (AMB, order);
 * a member record names its Patient (`recordId`); members lose monthly institutional/hospice flags and voluntary
 * alignment.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent, ClaimEvent, ClinicalEvent, EnrollmentMonth, MemberEvent } from '@benchline/shared';
// The FHIR ingest mapper is the other half of this contract; it lives in the server package.
import { mapFhirResource } from '../../../../server/src/ingest/fhir/index.js';
import { VALID_CLINICAL_VARIANTS } from '../../../../shared/src/validation/__fixtures__/valid-events.js';
import { createSyntheticAco, loadGeneratorReference } from '../index.js';
import {
  claimToExplanationOfBenefit,
  clinicalToFhir,
  type FhirResource,
  memberBundleToFhir,
  memberToFhir,
  RESOURCE_TYPE_OF_CLINICAL,
} from './index.js';

const context = { patients: new Map<string, string>(), source: 'fhir' as const };

function readBack(resources: readonly FhirResource[]): { events: CanonicalEvent[]; failures: string[] } {
  const events: CanonicalEvent[] = [];
  const failures: string[] = [];
  for (const resource of resources) {
    const result = mapFhirResource(resource, context);
    if (result.ok) {
      events.push(...result.events);
    } else {
      failures.push(`${resource.resourceType}/${resource.id ?? '?'}: ${JSON.stringify(result.issues)}`);
    }
  }
  return { events, failures };
}

/** The member as the Patient and its Coverages say it together (each is its own dated partial record). */
function mergeMember(events: readonly MemberEvent[]): MemberEvent {
  const patient = events.find((event) => event.recordId?.startsWith('Patient/'));
  expect(patient).toBeDefined();
  const months = new Map<string, EnrollmentMonth>();
  let orec: MemberEvent['orec'];
  for (const event of events) {
    orec ??= event.orec;
    for (const month of event.enrollment ?? []) {
      months.set(month.month, { ...months.get(month.month), ...month });
    }
  }
  const merged: MemberEvent = { ...(patient as MemberEvent) };
  if (orec !== undefined) {
    merged.orec = orec;
  }
  if (months.size > 0) {
    merged.enrollment = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  }
  return merged;
}

function expectedMember(member: MemberEvent): MemberEvent {
  const { voluntaryAlignment: _alignment, ...rest } = member;
  return {
    ...rest,
    recordId: `Patient/${member.memberId}`,
    ...(member.enrollment === undefined
      ? {}
      : {
          enrollment: member.enrollment.map(({ institutional: _i, hospice: _h, ...month }) => month),
        }),
    source: 'fhir',
  };
}

const REQUEST_TYPES: readonly ClinicalEvent['type'][] = ['medication', 'service-request', 'device-request'];

function expectedClinical(event: ClinicalEvent): ClinicalEvent {
  const type = RESOURCE_TYPE_OF_CLINICAL[event.type];
  const clinicalId = event.clinicalId.startsWith(`${type}/`) ? event.clinicalId : `${type}/${event.clinicalId}`;
  return {
    ...event,
    clinicalId,
    ...(event.type === 'encounter' && event.encounterClass === undefined ? { encounterClass: 'AMB' } : {}),
    ...(REQUEST_TYPES.includes(event.type) && event.intent === undefined ? { intent: 'order' } : {}),
    source: 'fhir',
  };
}

// Every resource of 120 members' two years (tens of thousands) per test: seconds of work, more on a loaded machine.
describe('a generated ACO survives canonical → FHIR → canonical', { timeout: 60_000 }, () => {
  const aco = createSyntheticAco({ members: 120, months: 24, seed: 11, endMonth: '2025-09' }, loadGeneratorReference());
  const bundles = [...aco.members()];

  it('with zero mapping failures over every resource', () => {
    const { failures } = readBack(bundles.flatMap((bundle) => memberBundleToFhir(bundle)));
    expect(failures).toEqual([]);
  });

  it('every claim version equal field by field (cancels and adjustments included)', () => {
    const claims = bundles.flatMap((bundle) => bundle.claims);
    expect(new Set(claims.map((claim) => claim.adjustment))).toEqual(new Set(['original', 'adjustment', 'cancel']));
    expect(new Set(claims.map((claim) => claim.claimType)).size).toBeGreaterThanOrEqual(6);
    const { events } = readBack(claims.map(claimToExplanationOfBenefit));
    expect(events).toEqual(claims.map((claim) => ({ ...claim, source: 'fhir' })));
  });

  it('every clinical event equal field by field', () => {
    const clinical = bundles.flatMap((bundle) => bundle.clinical);
    const { events } = readBack(clinical.map(clinicalToFhir));
    expect(events).toEqual(clinical.map(expectedClinical));
  });

  it('every member equal field by field, Patient and per-year Coverages merged', () => {
    for (const { member } of bundles) {
      const { patient, coverages } = memberToFhir(member);
      const { events, failures } = readBack([patient, ...coverages]);
      expect(failures).toEqual([]);
      expect(mergeMember(events as MemberEvent[])).toEqual(expectedMember(member));
    }
  });
});

describe('fields the generator does not produce also survive', () => {
  const line = {
    lineNumber: 1,
    units: 4,
    allowedAmount: 14_000.5,
    paidAmount: 12_877.25,
    fromDate: '2025-02-10',
    throughDate: '2025-02-14',
  };
  const claims: ClaimEvent[] = [
    {
      kind: 'claim',
      claimId: 'ip-1',
      version: 3,
      adjustment: 'adjustment',
      claimType: 'inpatient',
      memberId: '1EG4TE5MK73',
      fromDate: '2025-02-10',
      throughDate: '2025-02-14',
      paidDate: '2025-03-07',
      billingTin: '123456789',
      billingNpi: '1548226988',
      facilityCcn: '450024',
      typeOfBill: '111',
      dischargeStatus: '06',
      drg: '470',
      procedures: ['0SR9019', '0SRB019'],
      diagnoses: ['M1611', 'I10', 'E1165'],
      lines: [
        { ...line, revenueCode: '0120' },
        {
          ...line,
          lineNumber: 2,
          revenueCode: '0360',
          hcpcs: '27447',
          modifiers: ['RT'],
          renderingNpi: '1942945159',
          renderingSpecialty: '20',
        },
      ],
      paidAmount: 15_210.4,
      imeAmount: 812.5,
      dshAmount: 230.1,
      source: 'cclf',
    },
    {
      kind: 'claim',
      claimId: 'rx_2:1', // not a FHIR id: carried by the unique-claim-id identifier
      version: 1,
      adjustment: 'original',
      claimType: 'partd',
      memberId: '1EG4TE5MK73',
      fromDate: '2025-01-15',
      throughDate: '2025-01-15',
      paidDate: '2025-01-20',
      diagnoses: [],
      lines: [{ ...line, fromDate: '2025-01-15', throughDate: '2025-01-15', allowedAmount: 45.5, paidAmount: 38 }],
      paidAmount: 38,
    },
    {
      kind: 'claim',
      claimId: 'pb-9',
      version: 2,
      adjustment: 'cancel',
      claimType: 'professional',
      memberId: '1EG4TE5MK73',
      fromDate: '2025-01-15',
      throughDate: '2025-01-15',
      paidDate: '2025-02-20',
      diagnoses: ['Z0000'],
      // A specialty without a rendering NPI travels as BFD's line variable.
      lines: [
        {
          ...line,
          hcpcs: 'G0439',
          renderingSpecialty: '08',
          placeOfService: '11',
          fromDate: '2025-01-15',
          throughDate: '2025-01-15',
          allowedAmount: 0,
          paidAmount: 0,
        },
      ],
      paidAmount: 0,
    },
  ];

  it('claims: DRG, discharge status, ICD-10-PCS, IME/DSH, Part D, a cancel, a non-FHIR id', () => {
    const { events, failures } = readBack(claims.map(claimToExplanationOfBenefit));
    expect(failures).toEqual([]);
    expect(events).toEqual(claims.map((claim) => ({ ...claim, source: 'fhir' })));
  });

  const base = { kind: 'clinical', version: 2, memberId: '1EG4TE5MK73', source: 'ehr' } as const;
  const clinical: ClinicalEvent[] = [
    {
      ...base,
      clinicalId: 'Immunization/flu',
      type: 'immunization',
      code: { system: 'cvx', code: '197' },
      status: 'completed',
      effectiveDate: '2025-10-02',
    },
    {
      ...base,
      clinicalId: 'med-1',
      type: 'medication',
      code: { system: 'rxnorm', code: '617312' },
      status: 'not-done',
      effectiveDate: '2025-04-01',
    },
    {
      ...base,
      clinicalId: 'med-2',
      type: 'medication',
      code: { system: 'ndc', code: '00093-7146-56' },
      status: 'active',
      effectiveDate: '2025-04-01',
    },
    {
      ...base,
      clinicalId: 'cond-1',
      type: 'condition',
      code: { system: 'icd10cm', code: 'J189' },
      status: 'resolved',
      effectiveDate: '2025-01-10',
      endDate: '2025-02-01',
    },
    {
      ...base,
      clinicalId: 'cond-2',
      type: 'condition',
      code: { system: 'snomed', code: '38341003' },
      status: 'entered-in-error',
      effectiveDate: '2025-01-10',
    },
    {
      ...base,
      clinicalId: 'obs-1',
      type: 'observation',
      code: { system: 'loinc', code: '4548-4' },
      status: 'amended',
      effectiveDate: '2025-03-01',
      endDate: '2025-03-02',
      value: { quantity: 8.4, unit: '%' },
    },
    {
      ...base,
      clinicalId: 'Observation/abc',
      type: 'observation',
      code: { system: 'loinc', code: '73832-8' },
      status: 'final',
      effectiveDate: '2025-03-01',
      value: { coding: { system: 'snomed', code: '428171000124102' } },
    },
    {
      ...base,
      clinicalId: 'proc-1',
      type: 'procedure',
      code: { system: 'icd10pcs', code: '0DTJ4ZZ' },
      status: 'completed',
      effectiveDate: '2025-05-05',
      endDate: '2025-05-06',
    },
    {
      ...base,
      clinicalId: 'enc-1',
      type: 'encounter',
      code: { system: 'cpt', code: '99215' },
      status: 'in-progress',
      effectiveDate: '2025-05-05',
      endDate: '2025-05-07',
    },
  ];

  it('clinical: immunization, medication not done, abatement, periods, coded values, an id already in FHIR form', () => {
    const { events, failures } = readBack(clinical.map(clinicalToFhir));
    expect(failures).toEqual([]);
    expect(events).toEqual(clinical.map(expectedClinical));
    expect((events[6] as ClinicalEvent | undefined)?.clinicalId).toBe('Observation/abc');
  });

  it('clinical: what the eCQMs read — requests, every coding, category, body site, reasons, supply, class, disposition', () => {
    const notDone: ClinicalEvent[] = [
      {
        ...base,
        clinicalId: 'sr-1',
        type: 'service-request',
        code: { system: 'snomed', code: '306206005' },
        status: 'not-done',
        effectiveDate: '2025-06-01',
      },
      {
        ...base,
        clinicalId: 'dr-1',
        type: 'device-request',
        code: { system: 'snomed', code: '183240000' },
        status: 'not-done',
        effectiveDate: '2025-06-01',
        intent: 'order',
      },
    ];
    const all = [...VALID_CLINICAL_VARIANTS, ...notDone];
    const { events, failures } = readBack(all.map(clinicalToFhir));
    expect(failures).toEqual([]);
    expect(events).toEqual(all.map(expectedClinical));
  });

  it('members: partial months, ESRD across two years, dual codes, death, OREC', () => {
    const member: MemberEvent = {
      kind: 'member',
      memberId: '1EG4TE5MK73',
      asOf: '2025-06-30',
      givenName: 'Ana',
      familyName: 'Rivera',
      birthDate: '1950-02-28',
      sex: 'F',
      stateCode: 'OH',
      orec: '2',
      deathDate: '2025-05-20',
      enrollment: [
        { month: '2024-11', partA: true, partB: true, medicareAdvantage: false, dualStatus: '99', esrd: true },
        { month: '2024-12', partB: true, dualStatus: 'NA', esrd: true },
        { month: '2025-01', partA: false, partB: true, medicareAdvantage: true, dualStatus: '02', esrd: true },
        { month: '2025-02', partA: true, partB: false, medicareAdvantage: true, esrd: true },
        { month: '2025-03', medicareAdvantage: true },
      ],
      source: 'api',
    };
    const { patient, coverages } = memberToFhir(member);
    const { events, failures } = readBack([patient, ...coverages]);
    expect(failures).toEqual([]);
    expect(mergeMember(events as MemberEvent[])).toEqual(expectedMember(member));
  });
});
