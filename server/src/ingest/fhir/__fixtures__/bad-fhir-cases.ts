/**
 * The FHIR bad-input table: small valid resources of every supported type, each case breaking one thing, and the
 * exact issues (reason and JSON pointer into the FHIR document) the mapper must answer with. Shared by the
 * mapper's unit tests and the HTTP bad-input corpus.
 */
import type { FhirMappingContext } from '../types.js';

/** A FHIR document as the cases edit it: untyped JSON. */
export type Json = Record<string, any>;

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const BFD = 'https://bluebutton.cms.gov/resources/variables/';
export const context: FhirMappingContext = { patients: new Map([['p1', '1EG4TE5MK73']]), source: 'fhir' };

const adjudication = (code: string, value: unknown) => ({
  category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code }] },
  amount: { value, currency: 'USD' },
});

/** A small, valid carrier EOB: every bad case below breaks exactly one thing in it. */
export function eob(): Json {
  return {
    resourceType: 'ExplanationOfBenefit',
    id: 'eob-1',
    status: 'active',
    type: { coding: [{ system: 'https://bluebutton.cms.gov/resources/codesystem/eob-type', code: 'CARRIER' }] },
    patient: { reference: 'Patient/p1' },
    billablePeriod: { start: '2025-03-03', end: '2025-03-03' },
    payment: { date: '2025-03-20', amount: { value: 80.12, currency: 'USD' } },
    provider: { identifier: { system: NPI, value: '1548226988' } },
    careTeam: [
      {
        sequence: 1,
        provider: { identifier: { system: NPI, value: '1942945159' } },
        role: { coding: [{ code: 'performing' }] },
        qualification: { coding: [{ system: `${BFD}prvdr_spclty`, code: '11' }] },
      },
    ],
    diagnosis: [
      {
        sequence: 1,
        diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' }] },
        type: [{ coding: [{ code: 'principal' }] }],
      },
    ],
    item: [
      {
        sequence: 1,
        careTeamSequence: [1],
        productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99214' }] },
        servicedDate: '2025-03-03',
        locationCodeableConcept: { coding: [{ code: '11' }] },
        quantity: { value: 1 },
        adjudication: [adjudication('eligible', 100.15), adjudication('benefit', 80.12)],
      },
    ],
  };
}

export function inpatient(): Json {
  const claim = eob();
  claim.type.coding[0].code = 'INPATIENT';
  claim.provider = { reference: '#org' };
  claim.contained = [
    {
      resourceType: 'Organization',
      id: 'org',
      identifier: [
        { system: NPI, value: '1548226988' },
        { system: 'urn:oid:2.16.840.1.113883.4.4', value: '12-3456789' },
        { system: 'http://terminology.hl7.org/NamingSystem/CCN', value: '450024' },
      ],
    },
  ];
  claim.supportingInfo = [
    { sequence: 1, category: { coding: [{ code: 'drg' }] }, code: { coding: [{ code: '470' }] } },
  ];
  claim.procedure = [
    {
      sequence: 1,
      procedureCodeableConcept: { coding: [{ system: 'http://www.cms.gov/Medicare/Coding/ICD10', code: '0SR9019' }] },
    },
  ];
  return claim;
}

export function patient(): Json {
  return {
    resourceType: 'Patient',
    id: 'p1',
    meta: { lastUpdated: '2025-06-01T12:00:00Z' },
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4TE5MK73' }],
    name: [{ family: 'Rivera', given: ['Ana'] }],
    gender: 'female',
    birthDate: '1950-02-28',
    address: [{ state: 'OH', district: '39049' }],
  };
}

export function coverage(): Json {
  return {
    resourceType: 'Coverage',
    id: 'part-a-p1',
    meta: { lastUpdated: '2025-06-01T12:00:00Z' },
    status: 'active',
    beneficiary: { reference: 'Patient/p1' },
    class: [{ value: 'Part A' }],
    extension: [
      { url: `${BFD}rfrnc_yr`, valueDate: '2025' },
      { url: `${BFD}buyin01`, valueCoding: { code: '3' } },
      { url: `${BFD}dual_01`, valueCoding: { code: 'NA' } },
      { url: `${BFD}ms_cd`, valueCoding: { code: '10' } },
      { url: `${BFD}orec`, valueCoding: { code: '0' } },
    ],
  };
}

export function observation(): Json {
  return {
    resourceType: 'Observation',
    id: 'a1c',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2025-04-02T08:00:00Z',
    valueQuantity: { value: 7.2, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  };
}

export function clinical(resourceType: string, fields: Json): Json {
  return { resourceType, id: `${resourceType.toLowerCase()}-1`, subject: { reference: 'Patient/p1' }, ...fields };
}

export const condition = (): Json =>
  clinical('Condition', {
    clinicalStatus: { coding: [{ code: 'active' }] },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10' }] },
    onsetDateTime: '2024-05-01',
  });
export const procedure = (): Json =>
  clinical('Procedure', {
    status: 'completed',
    code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '45378' }] },
    performedDateTime: '2024-05-01',
  });
export const encounter = (): Json =>
  clinical('Encounter', {
    status: 'finished',
    class: { code: 'AMB' },
    type: [{ coding: [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'G0439' }] }],
    period: { start: '2025-02-02', end: '2025-02-02' },
  });
export const immunization = (): Json => ({
  resourceType: 'Immunization',
  id: 'imm-1',
  status: 'completed',
  vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '197' }] },
  patient: { reference: 'Patient/p1' },
  occurrenceDateTime: '2025-10-02',
});
export const medication = (): Json =>
  clinical('MedicationRequest', {
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '617312' }] },
    authoredOn: '2025-04-01',
  });

export const serviceRequest = (): Json =>
  clinical('ServiceRequest', {
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '385763009' }] },
    authoredOn: '2025-06-01',
  });
export const deviceRequest = (): Json =>
  clinical('DeviceRequest', {
    status: 'completed',
    intent: 'order',
    codeCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '183240000' }] },
    authoredOn: '2025-06-01',
  });

export function edit(make: () => Json, change: (resource: Json) => void): () => Json {
  return () => {
    const resource = make();
    change(resource);
    return resource;
  };
}

/** [what is wrong, the resource, the issues expected as `reason path`] */
export const CASES: [string, () => unknown, string[]][] = [
  ['not an object', () => 'ExplanationOfBenefit', ['type ']],
  ['no resourceType', () => ({ id: 'x' }), ['required /resourceType']],
  ['a Claim (not ingested)', () => ({ resourceType: 'Claim', id: 'x' }), ['unsupported-resource /resourceType']],
  [
    'a Bundle given as a resource',
    () => ({ resourceType: 'Bundle', type: 'batch', entry: [] }),
    ['unsupported-resource /resourceType'],
  ],
  ['EOB without id or uc identifier', edit(eob, (r) => delete r.id), ['required /id']],
  ['EOB id longer than 64', edit(eob, (r) => (r.id = 'x'.repeat(65))), ['maxLength /id']],
  ['EOB status draft', edit(eob, (r) => (r.status = 'draft')), ['enum /status']],
  ['EOB without status', edit(eob, (r) => delete r.status), ['required /status']],
  ['unknown eob-type', edit(eob, (r) => (r.type.coding[0].code = 'FOO')), ['enum /type/coding/0/code']],
  ['no claim type at all', edit(eob, (r) => delete r.type), ['required /type']],
  [
    'impossible service date',
    edit(eob, (r) => (r.billablePeriod.start = '2025-02-30')),
    ['impossible-date /billablePeriod/start'],
  ],
  ['partial date', edit(eob, (r) => (r.billablePeriod.end = '2025-03')), ['format /billablePeriod/end']],
  [
    'period ends before it starts',
    edit(eob, (r) => (r.billablePeriod.end = '2025-03-01')),
    ['date-order /billablePeriod/end'],
  ],
  ['no paid date', edit(eob, (r) => delete r.payment.date), ['required /payment/date']],
  ['paid before service', edit(eob, (r) => (r.payment.date = '2025-02-01')), ['date-order /payment/date']],
  ['negative paid amount', edit(eob, (r) => (r.payment.amount.value = -5)), ['out-of-range /payment/amount/value']],
  [
    'paid amount over 100 million',
    edit(eob, (r) => (r.payment.amount.value = 1e9)),
    ['out-of-range /payment/amount/value'],
  ],
  ['paid amount as text', edit(eob, (r) => (r.payment.amount.value = '80.12')), ['type /payment/amount/value']],
  ['paid in euros', edit(eob, (r) => (r.payment.amount.currency = 'EUR')), ['enum /payment/amount/currency']],
  [
    'billing NPI check digit',
    edit(eob, (r) => (r.provider.identifier.value = '1548226989')),
    ['npi-check-digit /provider/identifier/value'],
  ],
  [
    'billing NPI malformed',
    edit(eob, (r) => (r.provider.identifier.value = '4444')),
    ['pattern /provider/identifier/value'],
  ],
  [
    'rendering NPI check digit',
    edit(eob, (r) => (r.careTeam[0].provider.identifier.value = '1942945150')),
    ['npi-check-digit /careTeam/0/provider/identifier/value'],
  ],
  [
    'rendering specialty malformed',
    edit(eob, (r) => (r.careTeam[0].qualification.coding[0].code = 'XYZ')),
    ['pattern /careTeam/0/qualification/coding/0/code'],
  ],
  ['no patient', edit(eob, (r) => delete r.patient), ['required /patient']],
  ['patient not known', edit(eob, (r) => (r.patient.reference = 'Patient/nobody')), ['unresolved-patient /patient']],
  [
    'malformed ICD-10',
    edit(eob, (r) => (r.diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'E1')),
    ['pattern /diagnosis/0/diagnosisCodeableConcept/coding/0/code'],
  ],
  [
    'ICD-9 diagnosis',
    edit(eob, (r) => (r.diagnosis[0].diagnosisCodeableConcept.coding[0].system = 'http://hl7.org/fhir/sid/icd-9-cm')),
    ['unsupported-code-system /diagnosis/0/diagnosisCodeableConcept/coding/0/system'],
  ],
  [
    'diagnosis without a coding',
    edit(eob, (r) => (r.diagnosis[0].diagnosisCodeableConcept = { text: 'diabetes' })),
    ['required /diagnosis/0/diagnosisCodeableConcept/coding'],
  ],
  [
    'diagnosis by reference',
    edit(eob, (r) => (r.diagnosis[0] = { sequence: 1, diagnosisReference: { reference: 'Condition/1' } })),
    ['unsupported /diagnosis/0'],
  ],
  [
    '26 diagnoses',
    edit(eob, (r) => {
      r.diagnosis = Array.from({ length: 26 }, (_, i) => ({
        sequence: i + 1,
        diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: `E11.${i + 10}` }] },
      }));
    }),
    ['maxItems /diagnosis'],
  ],
  [
    'malformed HCPCS',
    edit(eob, (r) => (r.item[0].productOrService.coding[0].code = '9921')),
    ['pattern /item/0/productOrService/coding/0/code'],
  ],
  [
    'HCPCS level II outside A–V',
    edit(eob, (r) => (r.item[0].productOrService.coding[0].code = 'W1234')),
    ['pattern /item/0/productOrService/coding/0/code'],
  ],
  [
    'three-character modifier',
    edit(eob, (r) => (r.item[0].modifier = [{ coding: [{ code: 'ABC' }] }])),
    ['pattern /item/0/modifier/0/coding/0/code'],
  ],
  [
    'six modifiers',
    edit(
      eob,
      (r) => (r.item[0].modifier = ['25', '59', 'GT', 'KX', 'LT', 'RT'].map((code) => ({ coding: [{ code }] }))),
    ),
    ['maxItems /item/0/modifier'],
  ],
  [
    'five-digit revenue code',
    edit(
      eob,
      (r) =>
        (r.item[0].revenue = { coding: [{ system: 'https://www.nubc.org/CodeSystem/RevenueCodes', code: '12345' }] }),
    ),
    ['pattern /item/0/revenue/coding/0/code'],
  ],
  [
    'place of service not two digits',
    edit(eob, (r) => (r.item[0].locationCodeableConcept.coding[0].code = 'OFFICE')),
    ['pattern /item/0/locationCodeableConcept/coding/0/code'],
  ],
  ['negative units', edit(eob, (r) => (r.item[0].quantity.value = -1)), ['out-of-range /item/0/quantity/value']],
  ['line sequence 0', edit(eob, (r) => (r.item[0].sequence = 0)), ['minimum /item/0/sequence']],
  [
    'negative allowed amount',
    edit(eob, (r) => (r.item[0].adjudication[0].amount.value = -100.15)),
    ['out-of-range /item/0/adjudication/0/amount/value'],
  ],
  [
    'benefit without a value',
    edit(eob, (r) => delete r.item[0].adjudication[1].amount.value),
    ['required /item/0/adjudication/1/amount/value'],
  ],
  [
    'impossible line date',
    edit(eob, (r) => (r.item[0].servicedDate = '2025-04-31')),
    ['impossible-date /item/0/servicedDate'],
  ],
  [
    'line period ends before it starts',
    edit(eob, (r) => {
      delete r.item[0].servicedDate;
      r.item[0].servicedPeriod = { start: '2025-03-03', end: '2025-03-02' };
    }),
    ['date-order /item/0/servicedPeriod/end'],
  ],
  [
    'unknown adjustment type code',
    edit(eob, (r) => {
      r.supportingInfo = [
        {
          sequence: 1,
          category: { coding: [{ code: 'CLM_ADJSTMT_TYPE_CD' }] },
          code: { coding: [{ code: '7' }] },
        },
      ];
    }),
    ['enum /supportingInfo/0/code/coding/0/code'],
  ],
  [
    'negative IME amount',
    edit(eob, (r) => (r.extension = [{ url: `${BFD}ime_op_clm_val_amt`, valueMoney: { value: -1, currency: 'USD' } }])),
    ['out-of-range /extension/0/valueMoney/value'],
  ],
  [
    'TIN of eight digits',
    edit(inpatient, (r) => (r.contained[0].identifier[1].value = '12-345678')),
    ['pattern /contained/0/identifier/1/value'],
  ],
  [
    'CCN of four characters',
    edit(inpatient, (r) => (r.contained[0].identifier[2].value = 'AB12')),
    ['pattern /contained/0/identifier/2/value'],
  ],
  [
    'DRG of four characters',
    edit(inpatient, (r) => (r.supportingInfo[0].code.coding[0].code = 'ABCD')),
    ['pattern /supportingInfo/0/code/coding/0/code'],
  ],
  [
    'malformed ICD-10-PCS',
    edit(inpatient, (r) => (r.procedure[0].procedureCodeableConcept.coding[0].code = '0SR90I9')),
    ['pattern /procedure/0/procedureCodeableConcept/coding/0/code'],
  ],
  ['impossible birth date', edit(patient, (r) => (r.birthDate = '1950-02-30')), ['impossible-date /birthDate']],
  ['unknown gender', edit(patient, (r) => (r.gender = 'X')), ['enum /gender']],
  ['state spelled out', edit(patient, (r) => (r.address[0].state = 'Ohio')), ['pattern /address/0/state']],
  ['unknown SSA state code', edit(patient, (r) => (r.address[0].state = '77')), ['enum /address/0/state']],
  ['death before birth', edit(patient, (r) => (r.deceasedDateTime = '1949-01-01')), ['date-order /deceasedDateTime']],
  ['malformed lastUpdated', edit(patient, (r) => (r.meta.lastUpdated = 'IGNORED_FIELD')), ['format /meta/lastUpdated']],
  [
    'family name over 100 characters',
    edit(patient, (r) => (r.name[0].family = 'x'.repeat(101))),
    ['maxLength /name/0/family'],
  ],
  [
    'Patient without MBI or crosswalk',
    edit(patient, (r) => ((r.id = 'p2'), (r.identifier = []))),
    ['required /identifier'],
  ],
  [
    'Coverage of no known part',
    edit(coverage, (r) => ((r.class = [{ value: 'Gold PPO' }]), (r.id = 'c1'))),
    ['unsupported-coverage /class'],
  ],
  [
    'unknown buy-in code',
    edit(coverage, (r) => (r.extension[1].valueCoding.code = 'Z')),
    ['enum /extension/1/valueCoding/code'],
  ],
  [
    'unknown dual status',
    edit(coverage, (r) => (r.extension[2].valueCoding.code = '07')),
    ['enum /extension/2/valueCoding/code'],
  ],
  [
    'unknown Medicare status',
    edit(coverage, (r) => (r.extension[3].valueCoding.code = '99')),
    ['enum /extension/3/valueCoding/code'],
  ],
  [
    'unknown OREC',
    edit(coverage, (r) => (r.extension[4].valueCoding.code = '7')),
    ['enum /extension/4/valueCoding/code'],
  ],
  [
    'period-based coverage in draft',
    edit(coverage, (r) => ((r.extension = []), (r.period = { start: '2025-01-01' }), (r.status = 'draft'))),
    ['enum /status'],
  ],
  [
    'coverage period ends before it starts',
    edit(coverage, (r) => ((r.extension = []), (r.period = { start: '2025-03-01', end: '2025-01-31' }))),
    ['date-order /period/end'],
  ],
  ['period-based coverage without a start', edit(coverage, (r) => (r.extension = [])), ['required /period/start']],
  ['Observation without code', edit(observation, (r) => delete r.code), ['required /code']],
  [
    'Observation in an unknown code system',
    edit(observation, (r) => (r.code.coding[0].system = 'http://acme.example/codes')),
    ['unsupported-code-system /code/coding/0/system'],
  ],
  ['unknown Observation status', edit(observation, (r) => (r.status = 'bogus')), ['enum /status']],
  ['Observation without a date', edit(observation, (r) => delete r.effectiveDateTime), ['required /effectiveDateTime']],
  [
    'quantity without a unit',
    edit(observation, (r) => (r.valueQuantity = { value: 7.2 })),
    ['required /valueQuantity/unit'],
  ],
  ['quantity as text', edit(observation, (r) => (r.valueQuantity.value = 'high')), ['type /valueQuantity/value']],
  [
    'coded value in an unknown system',
    edit(observation, (r) => {
      delete r.valueQuantity;
      r.valueCodeableConcept = { coding: [{ system: 'http://acme.example/answers', code: 'Y' }] };
    }),
    ['unsupported-code-system /valueCodeableConcept/coding/0/system'],
  ],
  [
    'Observation subject unknown',
    edit(observation, (r) => (r.subject.reference = 'Patient/nobody')),
    ['unresolved-patient /subject'],
  ],
  ['Observation id over 64 characters', edit(observation, (r) => (r.id = 'a'.repeat(60))), ['maxLength /id']],
  [
    'malformed ICD-10 in a Condition',
    edit(condition, (r) => (r.code.coding[0].code = '1234')),
    ['pattern /code/coding/0/code'],
  ],
  [
    'abatement before onset',
    edit(condition, (r) => (r.abatementDateTime = '2024-01-01')),
    ['date-order /abatementDateTime'],
  ],
  [
    'malformed CPT in a Procedure',
    edit(procedure, (r) => (r.code.coding[0].code = '453')),
    ['pattern /code/coding/0/code'],
  ],
  ['Procedure in preparation', edit(procedure, (r) => (r.status = 'preparation')), ['enum /status']],
  ['planned Encounter', edit(encounter, (r) => (r.status = 'planned')), ['enum /status']],
  ['Encounter without a type', edit(encounter, (r) => delete r.type), ['required /type']],
  [
    'Immunization dated by text only',
    edit(immunization, (r) => {
      delete r.occurrenceDateTime;
      r.occurrenceString = 'last autumn';
    }),
    ['required /occurrenceDateTime'],
  ],
  ['Immunization without a patient', edit(immunization, (r) => delete r.patient), ['required /patient']],
  [
    'MedicationRequest by medication reference',
    edit(medication, (r) => {
      delete r.medicationCodeableConcept;
      r.medicationReference = { reference: 'Medication/1' };
    }),
    ['unsupported /medicationReference'],
  ],
  ['draft MedicationRequest', edit(medication, (r) => (r.status = 'draft')), ['enum /status']],
  ['MedicationRequest without an intent', edit(medication, (r) => delete r.intent), ['required /intent']],
  [
    'dosage bounds ending before they start',
    edit(medication, (r) => {
      r.dosageInstruction = [{ timing: { repeat: { boundsPeriod: { start: '2025-04-01', end: '2025-03-01' } } } }];
    }),
    ['date-order /dosageInstruction/0/timing/repeat/boundsPeriod/end'],
  ],
  ['ServiceRequest with an unknown intent', edit(serviceRequest, (r) => (r.intent = 'wish')), ['enum /intent']],
  ['draft ServiceRequest', edit(serviceRequest, (r) => (r.status = 'draft')), ['enum /status']],
  ['ServiceRequest without a date', edit(serviceRequest, (r) => delete r.authoredOn), ['required /authoredOn']],
  [
    'DeviceRequest by device reference',
    edit(deviceRequest, (r) => {
      delete r.codeCodeableConcept;
      r.codeReference = { reference: 'Device/1' };
    }),
    ['unsupported /codeReference'],
  ],
  [
    'a second coding with a space in its code',
    edit(condition, (r) => (r.code.coding[1] = { system: 'http://snomed.info/sct', code: '3834 1003' })),
    ['pattern /code/coding/1/code'],
  ],
  [
    'unknown Condition category',
    edit(condition, (r) => {
      r.category = [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'bogus' }] },
      ];
    }),
    ['enum /category/0/coding/0/code'],
  ],
  [
    'unknown verification status',
    edit(condition, (r) => (r.verificationStatus = { coding: [{ code: 'maybe' }] })),
    ['enum /verificationStatus/coding/0/code'],
  ],
  [
    'empty string value',
    edit(observation, (r) => ((r.valueString = ' '), delete r.valueQuantity)),
    ['required /valueString'],
  ],
];
