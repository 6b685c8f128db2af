/**
 * Clinical resources: the eCQM test bundles (QI-Core transaction Bundles) mapped entry by entry, and what they
 * lack (Immunization, a MedicationRequest not done, abatement, integer scores, several codings, verification
 * status, string values, dosage, references an Encounter cannot be found by).
 */
import { describe, expect, it } from 'vitest';
import type { ClinicalEvent } from '@benchline/shared';
import { eventsOf, fixture, issuesOf } from './__fixtures__/fixture-support.js';
import { mapFhirBundle, mapFhirResource } from './index.js';
import type { FhirMappingContext } from './index.js';

type Bundle = { entry: { resource: { resourceType: string; id: string } }[] };

/** The eCQM test patients carry no MBI: the crosswalk (as the route would hold it) names the member. */
const MEMBER = '1EG4TE5MK73';

function mapTestBundle(name: string) {
  const bundle = fixture<Bundle>(`ecqm-2026/${name}`);
  const patientId = bundle.entry.find(({ resource }) => resource.resourceType === 'Patient')?.resource.id ?? '';
  const context: FhirMappingContext = {
    patients: new Map([[patientId, MEMBER]]),
    source: 'fhir',
    defaultAsOf: '2026-12-31', // QI-Core test patients have no meta.lastUpdated
  };
  const result = mapFhirBundle(bundle, context);
  expect(result.ok).toBe(true);
  return { bundle, entries: result.ok ? result.entries : [] };
}

/**
 * A clinical event in one line: `<entry><#component> <type> <system>:<code> <status> <date>[..<end>]`, then every
 * other field it carries as `name=<JSON>` (value, category, intent, …).
 */
function rowOf(index: number, resourceId: string, event: ClinicalEvent): string {
  const { kind, clinicalId, version, memberId, type, code, status, effectiveDate, endDate, source, ...fields } = event;
  expect([kind, version, memberId, source]).toEqual(['clinical', 1, MEMBER, 'fhir']);
  expect(clinicalId.startsWith(resourceId)).toBe(true);
  return [
    `${index}${clinicalId.slice(resourceId.length)}`,
    type,
    `${code.system}:${code.code}`,
    status,
    endDate === undefined ? effectiveDate : `${effectiveDate}..${endDate}`,
    ...Object.entries(fields).map(([name, value]) => `${name}=${JSON.stringify(value)}`),
  ].join(' ');
}

/** Each clinical event of a bundle as a row; the other entries as their issues. */
function summarize(name: string): { rows: string[]; other: string[] } {
  const { bundle, entries } = mapTestBundle(name);
  const rows: string[] = [];
  const other: string[] = [];
  entries.forEach((entry, index) => {
    const resource = bundle.entry[index]?.resource;
    if (!entry.ok) {
      other.push(`${index} ${resource?.resourceType ?? ''}: ${issuesOf(entry).join(', ')}`);
      return;
    }
    for (const event of eventsOf(entry)) {
      if (event.kind === 'member') {
        other.push(`${index} Patient: member ${event.memberId}`);
      } else {
        rows.push(rowOf(index, `${resource?.resourceType ?? ''}/${resource?.id ?? ''}`, event as ClinicalEvent));
      }
    }
  });
  return { rows, other };
}

const unsupported = (index: number, type: string) =>
  `${index} ${type}: unsupported-resource /entry/${index}/resource/resourceType`;

describe('eCQM test bundles (QI-Core, transaction Bundles)', () => {
  it('CMS165 blood-pressure panel: one event per systolic/diastolic component, as CMS165 reads them', () => {
    const { bundle, entries } = mapTestBundle('CMS165FHIR-v0.5.000-NUMERFail-SBP140DBP89DuringMP.json');
    const id = bundle.entry[3]?.resource.id ?? '';
    expect(id).toBe('c32deab5-c238-41b3-99ea-cec686a9dc6a');
    const panel: Omit<ClinicalEvent, 'clinicalId' | 'code' | 'value'> = {
      kind: 'clinical',
      version: 1,
      memberId: MEMBER,
      type: 'observation',
      status: 'final',
      effectiveDate: '2026-01-01',
      category: ['vital-signs'],
      // CMS165 reads the class of the encounter a reading belongs to.
      encounterId: 'Encounter/6f54cadd-4ac7-4c37-a93d-d57380a5eb2a-1',
      source: 'fhir',
    };
    expect(eventsOf(entries[3] ?? { ok: false, issues: [] })).toEqual([
      {
        ...panel,
        clinicalId: `Observation/${id}#8480-6`,
        code: { system: 'loinc', code: '8480-6' },
        value: { quantity: 140, unit: 'mm[Hg]' }, // the UCUM code, not the display "mmHg"
      },
      {
        ...panel,
        clinicalId: `Observation/${id}#8462-4`,
        code: { system: 'loinc', code: '8462-4' },
        value: { quantity: 89, unit: 'mm[Hg]' },
      },
    ] satisfies ClinicalEvent[]);
  });

  it.each<[string, string[], string[]]>([
    [
      // A frailty device order: a DeviceRequest without the doNotPerform modifier extension.
      'CMS122FHIR-v0.5.000-DENEXPass-FrailtyDeviceRequestNoPerformedModExt.json',
      [
        '1 encounter snomed:185460008 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:102781000119107 active 2026-01-01 category=["encounter-diagnosis"]',
        '3 condition snomed:101421000119107 active 2025-12-31 category=["encounter-diagnosis"]',
        '4 encounter snomed:4525004 completed 2025-12-31..2026-01-01 encounterClass="AMB"',
        '5 encounter snomed:4525004 completed 2026-05-01..2026-05-01 encounterClass="AMB"',
        '6 device-request snomed:183240000 completed 2026-11-01 intent="order"',
      ],
      [unsupported(7, 'MeasureReport')],
    ],
    [
      // An ICD-10-CM coded observation (R26.89 stored without the dot); a dementia medication with 90 days' supply.
      'CMS122FHIR-v0.5.000-DENEXPass-FrailtySymptomOverlapsMP.json',
      [
        '1 encounter snomed:185460008 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:102781000119107 active 2026-01-01 category=["encounter-diagnosis"]',
        '3 medication rxnorm:312836 active 2026-01-01 intent="order" supply={"daysSupply":90}',
        '4 observation icd10cm:R2689 final 2026-01-01..2026-01-01 category=["survey"]',
      ],
      [unsupported(5, 'MeasureReport')],
    ],
    [
      // The hospice order: a ServiceRequest, dated by authoredOn, with its intent.
      'CMS122FHIR-v0.5.000-DENEXPass-HospiceServiceRequestDuringMP.json',
      [
        '1 encounter snomed:185460008 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:102781000119107 active 2026-01-01 category=["encounter-diagnosis"]',
        '3 service-request snomed:385763009 completed 2026-01-02 intent="order"',
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      'CMS122FHIR-v0.5.000-DENEXPass-PalliativeCareInterventionDuringMP.json',
      [
        '1 encounter snomed:185460008 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:102781000119107 active 2026-01-01 category=["encounter-diagnosis"]',
        '3 procedure snomed:395694002 completed 2026-12-31..2026-12-31',
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      'CMS122FHIR-v0.5.000-NUMPass-HbA1cGreaterThan9.json',
      [
        '1 encounter snomed:185460008 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:102781000119107 active 2026-01-01 category=["encounter-diagnosis"]',
        '3 observation loinc:17855-8 corrected 2026-01-02..2026-01-03 category=["laboratory"] value={"quantity":9.1,"unit":"%"}',
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      // A survey with a data-absent reason: no value.
      'CMS125FHIR-v0.4.000-DENEXFail-PalliativeCareObsOnJan1AfterInterval.json',
      [
        '1 encounter snomed:185463005 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 observation loinc:71007-9 final 2027-01-01..2027-01-01 category=["survey"]',
      ],
      [unsupported(3, 'MeasureReport')],
    ],
    [
      'CMS125FHIR-v0.4.000-DENEXFail-UniMastRightProcOnJan1AfterMP.json',
      [
        '1 encounter snomed:185463005 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 procedure icd10pcs:0HTT0ZZ completed 2026-01-01..2026-01-01',
        '3 procedure icd10pcs:0HTU0ZZ completed 2027-01-01..2027-01-01',
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      // A device order whose doNotPerform modifier extension says false: an order like any other.
      'CMS125FHIR-v0.4.000-DENEXPass-AdvIllnessDxWithin2Yrs.json',
      [
        '1 encounter snomed:185463005 completed 2026-12-31..2026-12-31 encounterClass="AMB"',
        '2 condition snomed:101421000119107 active 2025-01-01 category=["problem-list-item"]',
        '3 device-request snomed:183240000 completed 2026-11-01 intent="order"',
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      // Two unilateral mastectomy findings of unspecified laterality, told apart by their body site only.
      'CMS125FHIR-v0.4.000-DENEXPass-UniMastDxRandLQualOnJan1OfMP.json',
      [
        '1 encounter snomed:185463005 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:248802009 active 2026-01-01 category=["problem-list-item"] bodySite=[{"system":"snomed","code":"7771000"}]',
        '3 condition snomed:248802009 active 2026-01-01 category=["problem-list-item"] bodySite=[{"system":"snomed","code":"24028007"}]',
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      // An admission discharged to a facility for hospice care.
      'CMS130FHIR-v0.4.000-DENEXPass-HospiceDischargeDuringMP.json',
      [
        '1 encounter snomed:185317003 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 encounter snomed:32485007 completed 2025-12-31..2026-01-01 encounterClass="AMB" dischargeDisposition=[{"system":"snomed","code":"428371000124100"}]',
      ],
      [unsupported(3, 'MeasureReport')],
    ],
    [
      'CMS130FHIR-v0.4.000-NUMERPass-Colonoscopy9YearsPrior.json',
      [
        '1 encounter snomed:185317003 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 procedure snomed:1209098000 completed 2017-01-01..2017-01-01',
      ],
      [unsupported(3, 'MeasureReport')],
    ],
    [
      'CMS165FHIR-v0.5.000-DENEXPass-DementiaMedReqDoNotPerformIsMissing.json',
      [
        '1 encounter snomed:3391000175108 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:371125006 active 2026-06-30 category=["problem-list-item"]',
        '3 medication rxnorm:312836 active 2026-12-30 intent="order" supply={"daysSupply":90}',
        '4 device-request snomed:183240000 completed 2026-11-01 intent="order"',
      ],
      [unsupported(5, 'MeasureReport')],
    ],
    [
      'CMS165FHIR-v0.5.000-DENEXPass-KidneyTransplantRecipientDuringMPConditionEncounterDiagnosis.json',
      [
        '1 encounter snomed:3391000175108 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:371125006 active 2026-06-29 category=["problem-list-item"]',
        '3 condition icd10cm:Z940 active 2026-06-30 category=["encounter-diagnosis"]',
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      // A blood-pressure panel: one event per component, with the panel's category and encounter.
      'CMS165FHIR-v0.5.000-NUMERFail-SBP140DBP89DuringMP.json',
      [
        '1 encounter snomed:3391000175108 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
        '2 condition snomed:371125006 active 2026-06-30 category=["encounter-diagnosis"]',
        '3#8480-6 observation loinc:8480-6 final 2026-01-01 category=["vital-signs"] encounterId="Encounter/6f54cadd-4ac7-4c37-a93d-d57380a5eb2a-1" value={"quantity":140,"unit":"mm[Hg]"}',
        '3#8462-4 observation loinc:8462-4 final 2026-01-01 category=["vital-signs"] encounterId="Encounter/6f54cadd-4ac7-4c37-a93d-d57380a5eb2a-1" value={"quantity":89,"unit":"mm[Hg]"}',
        '4 encounter snomed:3391000175108 completed 2026-01-01..2026-01-01 encounterClass="AMB"',
      ],
      [unsupported(5, 'MeasureReport')],
    ],
    [
      // A cancelled (not done) screening dated by `issued`, with its notDoneReason; boolean values are carried.
      'CMS2FHIR-v0.4.001-DENEXCEPFail-AdolPtReasonForNoDepScreenandHadDepScreenAWeekAgo.json',
      [
        '1 encounter snomed:10197000 completed 2026-06-28..2026-06-28 encounterClass="AMB"',
        '2 observation loinc:73831-0 cancelled 2026-06-28 category=["procedure"] reason=[{"system":"snomed","code":"720834000"}] value={"boolean":true}',
        '3 observation loinc:73831-0 final 2026-06-21 category=["procedure","survey"] value={"boolean":true}',
      ],
      [
        '4 Coverage: unsupported-coverage /entry/4/resource/class',
        unsupported(5, 'Organization'),
        unsupported(6, 'Practitioner'),
        unsupported(7, 'MeasureReport'),
      ],
    ],
    [
      // A screening not done for a medical reason (procedure contraindicated).
      'CMS2FHIR-v0.4.001-DENEXCEPPass-AdolescentMedicalReasonForNoDepressionScreenAge17.json',
      [
        '1 encounter snomed:10197000 completed 2026-01-02..2026-01-02 encounterClass="AMB"',
        '2 observation loinc:73831-0 cancelled 2026-01-02 category=["procedure"] reason=[{"system":"snomed","code":"183932001"}] value={"boolean":true}',
      ],
      [
        '3 Coverage: unsupported-coverage /entry/3/resource/class',
        unsupported(4, 'Organization'),
        unsupported(5, 'Practitioner'),
        unsupported(6, 'MeasureReport'),
      ],
    ],
    [
      // A medication request without a dispense request or dosage: no supply to carry.
      'CMS2FHIR-v0.4.001-NUMERFail-PosAdultDepScreenandFU3DAfterEndOfEnc.json',
      [
        '1 encounter snomed:10197000 completed 2026-06-21..2026-06-21 encounterClass="AMB"',
        '2 observation loinc:73832-8 final 2026-06-15 category=["procedure","survey"] value={"coding":{"system":"snomed","code":"428181000124104"}}',
        '3 medication rxnorm:1000048 active 2025-06-24 intent="order"',
      ],
      [
        '4 Coverage: unsupported-coverage /entry/4/resource/class',
        unsupported(5, 'Organization'),
        unsupported(6, 'Practitioner'),
        unsupported(7, 'MeasureReport'),
      ],
    ],
    [
      // A follow-up prescription with 30 days' supply; the screening's coded value.
      'CMS2FHIR-v0.4.001-NUMERPass-12yoPosAdolDepScreenandFollowUpPrescription.json',
      [
        '1 encounter snomed:10197000 completed 2026-06-21..2026-06-21 encounterClass="AMB"',
        '2 observation loinc:73831-0 final 2026-06-15 category=["procedure","survey"] value={"coding":{"system":"snomed","code":"428181000124104"}}',
        '3 medication rxnorm:1190110 active 2026-06-21 intent="order" supply={"daysSupply":30}',
      ],
      [
        '4 Coverage: unsupported-coverage /entry/4/resource/class',
        unsupported(5, 'Organization'),
        unsupported(6, 'Practitioner'),
        unsupported(7, 'MeasureReport'),
      ],
    ],
  ])('%s', (name, rows, other) => {
    expect(summarize(name)).toEqual({ rows, other: [`0 Patient: member ${MEMBER}`, ...other] });
  });
});

describe('clinical resources the test bundles do not have', () => {
  const context: FhirMappingContext = { patients: new Map([['p1', MEMBER]]), source: 'ehr' };

  it('Immunization: CVX vaccine code, occurrence date, the patient (not subject) reference, the context source', () => {
    const immunization = {
      resourceType: 'Immunization',
      id: 'flu-2025',
      meta: { versionId: '2' },
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '197' }] },
      patient: { reference: 'Patient/p1' },
      occurrenceDateTime: '2025-10-02T09:30:00-04:00',
    };
    expect(eventsOf(mapFhirResource(immunization, context))).toEqual([
      {
        kind: 'clinical',
        clinicalId: 'Immunization/flu-2025',
        version: 2,
        memberId: MEMBER,
        type: 'immunization',
        code: { system: 'cvx', code: '197' },
        status: 'completed',
        effectiveDate: '2025-10-02',
        source: 'ehr',
      },
    ]);
  });

  it('MedicationRequest with doNotPerform is not-done; a Condition with abatement has an end date', () => {
    const notOrdered = {
      resourceType: 'MedicationRequest',
      id: 'statin-declined',
      status: 'completed',
      intent: 'order',
      doNotPerform: true,
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617312' }],
      },
      subject: { reference: 'Patient/p1' },
      authoredOn: '2025-04-01',
    };
    expect(eventsOf(mapFhirResource(notOrdered, context))[0]).toMatchObject({ status: 'not-done', type: 'medication' });
    const resolved = {
      resourceType: 'Condition',
      id: 'c1',
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }],
      },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'j18.9' }] },
      subject: { reference: 'Patient/p1' },
      onsetDateTime: '2025-01-10',
      abatementDateTime: '2025-02-01',
    };
    expect(eventsOf(mapFhirResource(resolved, context))[0]).toMatchObject({
      code: { system: 'icd10cm', code: 'J189' },
      status: 'resolved',
      effectiveDate: '2025-01-10',
      endDate: '2025-02-01',
    });
  });

  it('a PHQ-9 total (valueInteger) is a dimensionless quantity; the MBI on the reference needs no crosswalk', () => {
    const phq9 = {
      resourceType: 'Observation',
      id: 'phq9',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      subject: { identifier: { system: 'http://hl7.org/fhir/sid/us-mbi', value: '2EG4TE5MK74' } },
      effectiveDateTime: '2025-05-05',
      valueInteger: 12,
    };
    expect(eventsOf(mapFhirResource(phq9, { patients: new Map(), source: 'fhir' }))[0]).toMatchObject({
      memberId: '2EG4TE5MK74',
      value: { quantity: 12, unit: '1' },
    });
  });

  const SNOMED = 'http://snomed.info/sct';
  const subject = { reference: 'Patient/p1' };

  it('every coding in a system Benchline reads: the first as the code, the rest (of every encounter type) kept', () => {
    const encounter = {
      resourceType: 'Encounter',
      id: 'stay-1',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      type: [
        { coding: [{ system: 'http://example.org/local-visit-types', code: 'ADM' }] },
        {
          coding: [
            { system: SNOMED, code: '32485007' },
            { system: 'http://www.ama-assn.org/go/cpt', code: '99223' },
          ],
        },
        {
          coding: [
            { system: SNOMED, code: '32485007' },
            { system: SNOMED, code: '183452005' },
          ],
        },
      ],
      subject,
      period: { start: '2026-03-01', end: '2026-03-04' },
      hospitalization: {
        dischargeDisposition: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'hosp' },
            { system: SNOMED, code: '428361000124107' },
          ],
        },
      },
    };
    expect(eventsOf(mapFhirResource(encounter, context))[0]).toMatchObject({
      code: { system: 'snomed', code: '32485007' },
      additionalCodes: [
        { system: 'cpt', code: '99223' },
        { system: 'snomed', code: '183452005' },
      ],
      encounterClass: 'IMP',
      // Only the SNOMED CT coding: Hospice compares the disposition with two SNOMED CT codes.
      dischargeDisposition: [{ system: 'snomed', code: '428361000124107' }],
    });
    const malformed = structuredClone(encounter);
    malformed.type[1]?.coding.push({ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: '1234' });
    expect(issuesOf(mapFhirResource(malformed, context))).toEqual(['pattern /type/1/coding/2/code']);
  });

  it('Condition: verification status (entered-in-error stays the status), US Core categories, every body site', () => {
    const condition = {
      resourceType: 'Condition',
      id: 'mastectomy',
      clinicalStatus: { coding: [{ code: 'active' }] },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' }],
      },
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] },
        { coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', code: 'health-concern' }] },
        // A category in a system the measures do not read is left out.
        { coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category', code: 'sdoh' }] },
      ],
      code: { coding: [{ system: SNOMED, code: '429009003' }] },
      bodySite: [
        { coding: [{ system: SNOMED, code: '80248007' }] },
        { coding: [{ system: SNOMED, code: '24028007' }] },
      ],
      subject,
      onsetDateTime: '2020-05-05',
    };
    expect(eventsOf(mapFhirResource(condition, context))[0]).toMatchObject({
      status: 'active',
      verificationStatus: 'refuted',
      category: ['problem-list-item', 'health-concern'],
      bodySite: [
        { system: 'snomed', code: '80248007' },
        { system: 'snomed', code: '24028007' },
      ],
    });
    const inError = {
      ...condition,
      verificationStatus: { coding: [{ code: 'entered-in-error' }] },
    };
    const event = eventsOf(mapFhirResource(inError, context))[0] as ClinicalEvent;
    expect([event.status, event.verificationStatus]).toEqual(['entered-in-error', undefined]);
  });

  it('Observation: a string value, every coding of a coded value, its encounter by literal reference only', () => {
    const observation = (fields: Record<string, unknown>) => ({
      resourceType: 'Observation',
      id: 'fit',
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '29771-3' }] },
      subject,
      effectiveDateTime: '2026-03-01',
      ...fields,
    });
    const text = eventsOf(
      mapFhirResource(
        observation({
          valueString: 'negative',
          encounter: { reference: 'https://ehr.example.org/fhir/Encounter/visit-7/_history/3' },
        }),
        context,
      ),
    )[0];
    expect(text).toMatchObject({
      value: { string: 'negative' },
      encounterId: 'Encounter/visit-7',
      category: ['laboratory'],
    });
    const coded = eventsOf(
      mapFhirResource(
        observation({
          valueCodeableConcept: {
            coding: [
              { system: 'http://example.org/lab-answers', code: 'NEG' },
              { system: SNOMED, code: '260385009' },
              { system: 'http://loinc.org', code: 'LA6577-6' },
            ],
          },
          // A bundle-internal (urn:uuid) reference names no encounter Benchline keys by id.
          encounter: { reference: 'urn:uuid:0b2c56a7-5f4e-4cf1-9a70-0d0c4d3f7a5e' },
        }),
        context,
      ),
    )[0] as ClinicalEvent;
    expect(coded.value).toEqual({
      coding: { system: 'snomed', code: '260385009' },
      additionalCodes: [{ system: 'loinc', code: 'LA6577-6' }],
    });
    expect(coded.encounterId).toBeUndefined();
    expect(issuesOf(mapFhirResource(observation({ valueString: 'x'.repeat(2049) }), context))).toEqual([
      'maxLength /valueString',
    ]);
  });

  it('MedicationRequest: intent and what CumulativeMedicationDuration reads (supply, refills, one dosage)', () => {
    const request = {
      resourceType: 'MedicationRequest',
      id: 'donepezil',
      status: 'active',
      intent: 'original-order',
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '997223' }],
      },
      subject,
      authoredOn: '2026-02-01',
      dosageInstruction: [
        {
          timing: { repeat: { boundsPeriod: { start: '2026-02-03' }, frequency: 2, period: 1, periodUnit: 'd' } },
          doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }],
        },
      ],
      dispenseRequest: {
        numberOfRepeatsAllowed: 2,
        quantity: { value: 60, unit: 'tablet' },
        expectedSupplyDuration: { value: 1, unit: 'month', system: 'http://unitsofmeasure.org', code: 'mo' },
      },
    };
    expect(eventsOf(mapFhirResource(request, context))[0]).toMatchObject({
      effectiveDate: '2026-02-01',
      intent: 'original-order',
      supply: { boundsStart: '2026-02-03', daysSupply: 30.4375, quantity: 60, refills: 2, dose: 1, dosesPerDay: 2 },
    });
    // Two dosage instructions: CMD's `singleton from` has no answer, so no dosage is carried; a week is 7 days.
    const twoDosages = {
      ...request,
      dosageInstruction: [...request.dosageInstruction, { timing: { repeat: { timeOfDay: ['08:00:00'] } } }],
      dispenseRequest: { expectedSupplyDuration: { value: 2, code: 'wk' } },
    };
    expect((eventsOf(mapFhirResource(twoDosages, context))[0] as ClinicalEvent).supply).toEqual({ daysSupply: 14 });
    const timesOfDay = {
      ...request,
      dosageInstruction: [
        {
          timing: { repeat: { timeOfDay: ['08:00:00', '20:00:00'] } },
          doseAndRate: [{ doseRange: { high: { value: 2 } } }],
        },
      ],
      dispenseRequest: undefined,
    };
    expect((eventsOf(mapFhirResource(timesOfDay, context))[0] as ClinicalEvent).supply).toEqual({
      dosesPerDay: 2,
      dose: 2,
    });
  });

  it('ServiceRequest and DeviceRequest: orders dated by authoredOn; "do not perform" is not-done; revoked is kept', () => {
    const referral = {
      resourceType: 'ServiceRequest',
      id: 'referral',
      status: 'revoked',
      intent: 'order',
      code: { coding: [{ system: SNOMED, code: '306206005' }] },
      subject,
      authoredOn: '2026-06-22T10:00:00-04:00',
    };
    expect(eventsOf(mapFhirResource(referral, context))).toEqual([
      {
        kind: 'clinical',
        clinicalId: 'ServiceRequest/referral',
        version: 1,
        memberId: MEMBER,
        type: 'service-request',
        code: { system: 'snomed', code: '306206005' },
        status: 'revoked',
        effectiveDate: '2026-06-22',
        intent: 'order',
        source: 'ehr',
      },
    ]);
    expect(eventsOf(mapFhirResource({ ...referral, status: 'active', doNotPerform: true }, context))[0]).toMatchObject({
      status: 'not-done',
    });
    const device = {
      resourceType: 'DeviceRequest',
      id: 'walker',
      modifierExtension: [
        { url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-DeviceRequest.doNotPerform', valueBoolean: true },
      ],
      status: 'completed',
      intent: 'order',
      codeCodeableConcept: { coding: [{ system: SNOMED, code: '705417005' }] },
      subject,
      authoredOn: '2026-04-01',
    };
    expect(eventsOf(mapFhirResource(device, context))[0]).toMatchObject({ type: 'device-request', status: 'not-done' });
    const { modifierExtension: _doNotPerform, ...ordered } = device;
    expect(eventsOf(mapFhirResource(ordered, context))[0]).toMatchObject({ status: 'completed', intent: 'order' });
  });
});
