/**
 * Clinical resources: the eCQM test bundles (QI-Core transaction Bundles) mapped entry by entry, and the
 * resources they lack (Immunization, a MedicationRequest not done, abatement, integer scores).
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent, ClinicalEvent } from '@benchline/shared';
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

type Row = [number, string, string, string, string, string, string, string | null, unknown];

/** Each clinical event as [entry, id suffix, type, system, code, status, date, end date, value]; others as issues. */
function summarize(name: string): { rows: Row[]; other: string[] } {
  const { bundle, entries } = mapTestBundle(name);
  const rows: Row[] = [];
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
        continue;
      }
      const clinical = event as ClinicalEvent;
      expect(clinical.memberId).toBe(MEMBER);
      expect(clinical.clinicalId.startsWith(`${resource?.resourceType ?? ''}/${resource?.id ?? ''}`)).toBe(true);
      rows.push([
        index,
        clinical.clinicalId.slice(`${resource?.resourceType ?? ''}/${resource?.id ?? ''}`.length),
        clinical.type,
        clinical.code.system,
        clinical.code.code,
        clinical.status,
        clinical.effectiveDate,
        clinical.endDate ?? null,
        clinical.value ?? null,
      ]);
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
    expect(eventsOf(entries[3] ?? { ok: false, issues: [] })).toEqual([
      {
        kind: 'clinical',
        clinicalId: `Observation/${id}#8480-6`,
        version: 1,
        memberId: MEMBER,
        type: 'observation',
        code: { system: 'loinc', code: '8480-6' },
        status: 'final',
        effectiveDate: '2026-01-01',
        value: { quantity: 140, unit: 'mm[Hg]' }, // the UCUM code, not the display "mmHg"
        source: 'fhir',
      },
      {
        kind: 'clinical',
        clinicalId: `Observation/${id}#8462-4`,
        version: 1,
        memberId: MEMBER,
        type: 'observation',
        code: { system: 'loinc', code: '8462-4' },
        status: 'final',
        effectiveDate: '2026-01-01',
        value: { quantity: 89, unit: 'mm[Hg]' },
        source: 'fhir',
      },
    ] satisfies CanonicalEvent[]);
    expect(summarize('CMS165FHIR-v0.5.000-NUMERFail-SBP140DBP89DuringMP.json')).toEqual({
      rows: [
        [1, '', 'encounter', 'snomed', '3391000175108', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'condition', 'snomed', '371125006', 'active', '2026-06-30', null, null],
        [
          3,
          '#8480-6',
          'observation',
          'loinc',
          '8480-6',
          'final',
          '2026-01-01',
          null,
          { quantity: 140, unit: 'mm[Hg]' },
        ],
        [3, '#8462-4', 'observation', 'loinc', '8462-4', 'final', '2026-01-01', null, { quantity: 89, unit: 'mm[Hg]' }],
        [4, '', 'encounter', 'snomed', '3391000175108', 'completed', '2026-01-01', '2026-01-01', null],
      ],
      other: [`0 Patient: member ${MEMBER}`, unsupported(5, 'MeasureReport')],
    });
  });

  it.each<[string, Row[], string[]]>([
    [
      'CMS122FHIR-v0.5.000-NUMPass-HbA1cGreaterThan9.json',
      [
        [1, '', 'encounter', 'snomed', '185460008', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'condition', 'snomed', '102781000119107', 'active', '2026-01-01', null, null],
        [
          3,
          '',
          'observation',
          'loinc',
          '17855-8',
          'corrected',
          '2026-01-02',
          '2026-01-03',
          { quantity: 9.1, unit: '%' },
        ],
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      'CMS122FHIR-v0.5.000-DENEXPass-PalliativeCareInterventionDuringMP.json',
      [
        [1, '', 'encounter', 'snomed', '185460008', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'condition', 'snomed', '102781000119107', 'active', '2026-01-01', null, null],
        [3, '', 'procedure', 'snomed', '395694002', 'completed', '2026-12-31', '2026-12-31', null],
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      'CMS122FHIR-v0.5.000-DENEXPass-FrailtySymptomOverlapsMP.json',
      [
        [1, '', 'encounter', 'snomed', '185460008', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'condition', 'snomed', '102781000119107', 'active', '2026-01-01', null, null],
        [3, '', 'medication', 'rxnorm', '312836', 'active', '2026-01-01', null, null],
        // An ICD-10-CM coded observation: R26.89 stored without the dot.
        [4, '', 'observation', 'icd10cm', 'R2689', 'final', '2026-01-01', '2026-01-01', null],
      ],
      [unsupported(5, 'MeasureReport')],
    ],
    [
      'CMS125FHIR-v0.4.000-DENEXFail-UniMastRightProcOnJan1AfterMP.json',
      [
        [1, '', 'encounter', 'snomed', '185463005', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'procedure', 'icd10pcs', '0HTT0ZZ', 'completed', '2026-01-01', '2026-01-01', null],
        [3, '', 'procedure', 'icd10pcs', '0HTU0ZZ', 'completed', '2027-01-01', '2027-01-01', null],
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      // A survey with a data-absent reason: no value.
      'CMS125FHIR-v0.4.000-DENEXFail-PalliativeCareObsOnJan1AfterInterval.json',
      [
        [1, '', 'encounter', 'snomed', '185463005', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'observation', 'loinc', '71007-9', 'final', '2027-01-01', '2027-01-01', null],
      ],
      [unsupported(3, 'MeasureReport')],
    ],
    [
      'CMS130FHIR-v0.4.000-NUMERPass-Colonoscopy9YearsPrior.json',
      [
        [1, '', 'encounter', 'snomed', '185317003', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'procedure', 'snomed', '1209098000', 'completed', '2017-01-01', '2017-01-01', null],
      ],
      [unsupported(3, 'MeasureReport')],
    ],
    [
      'CMS165FHIR-v0.5.000-DENEXPass-DementiaMedReqDoNotPerformIsMissing.json',
      [
        [1, '', 'encounter', 'snomed', '3391000175108', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'condition', 'snomed', '371125006', 'active', '2026-06-30', null, null],
        [3, '', 'medication', 'rxnorm', '312836', 'active', '2026-12-30', null, null],
      ],
      [unsupported(4, 'DeviceRequest'), unsupported(5, 'MeasureReport')],
    ],
    [
      'CMS165FHIR-v0.5.000-DENEXPass-KidneyTransplantRecipientDuringMPConditionEncounterDiagnosis.json',
      [
        [1, '', 'encounter', 'snomed', '3391000175108', 'completed', '2026-01-01', '2026-01-01', null],
        [2, '', 'condition', 'snomed', '371125006', 'active', '2026-06-29', null, null],
        [3, '', 'condition', 'icd10cm', 'Z940', 'active', '2026-06-30', null, null],
      ],
      [unsupported(4, 'MeasureReport')],
    ],
    [
      'CMS2FHIR-v0.4.001-NUMERFail-PosAdultDepScreenandFU3DAfterEndOfEnc.json',
      [
        [1, '', 'encounter', 'snomed', '10197000', 'completed', '2026-06-21', '2026-06-21', null],
        [
          2,
          '',
          'observation',
          'loinc',
          '73832-8',
          'final',
          '2026-06-15',
          null,
          { coding: { system: 'snomed', code: '428181000124104' } },
        ],
        [3, '', 'medication', 'rxnorm', '1000048', 'active', '2025-06-24', null, null],
      ],
      [
        '4 Coverage: unsupported-coverage /entry/4/resource/class',
        unsupported(5, 'Organization'),
        unsupported(6, 'Practitioner'),
        unsupported(7, 'MeasureReport'),
      ],
    ],
    [
      // A cancelled (not done) screening dated by `issued`; the done one's boolean value is not a canonical value.
      'CMS2FHIR-v0.4.001-DENEXCEPFail-AdolPtReasonForNoDepScreenandHadDepScreenAWeekAgo.json',
      [
        [1, '', 'encounter', 'snomed', '10197000', 'completed', '2026-06-28', '2026-06-28', null],
        [2, '', 'observation', 'loinc', '73831-0', 'cancelled', '2026-06-28', null, null],
        [3, '', 'observation', 'loinc', '73831-0', 'final', '2026-06-21', null, null],
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
});
