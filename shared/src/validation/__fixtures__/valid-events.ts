/**
 * One valid, realistic event of every kind, for contract tests and the bad-input corpus (each bad case is one
 * of these with one thing broken). Synthetic people; valid NPIs (Luhn) and MBI format.
 */
import type {
  AdtEvent,
  ClaimEvent,
  ClinicalEvent,
  ContractEvent,
  EventKind,
  MemberEvent,
  ProviderEvent,
  RosterEvent,
  WorklistEvent,
} from '../../events/index.js';

export const VALID_CLAIM: ClaimEvent = {
  kind: 'claim',
  claimId: '-10000930037921',
  version: 2,
  adjustment: 'adjustment',
  claimType: 'inpatient',
  memberId: '1EG4TE5MK73',
  fromDate: '2026-02-03',
  throughDate: '2026-02-07',
  paidDate: '2026-03-02',
  billingTin: '123456789',
  billingNpi: '1234567893',
  facilityCcn: '330101',
  typeOfBill: '111',
  dischargeStatus: '01',
  drg: '291',
  procedures: ['5A1955Z'],
  diagnoses: ['I5023', 'E1122', 'N184'],
  lines: [
    {
      lineNumber: 1,
      revenueCode: '0120',
      units: 4,
      allowedAmount: 11250.4,
      paidAmount: 10911.87,
      fromDate: '2026-02-03',
      throughDate: '2026-02-07',
    },
  ],
  paidAmount: 10911.87,
  imeAmount: 512.2,
  dshAmount: 301.1,
  source: 'api',
};

export const VALID_MEMBER: MemberEvent = {
  kind: 'member',
  memberId: '1EG4TE5MK73',
  asOf: '2026-03-01',
  recordId: 'roster-2026-03',
  givenName: 'Ruth',
  familyName: 'Example',
  birthDate: '1949-06-12',
  sex: 'F',
  stateCode: 'OH',
  countyFips: '39049',
  orec: '0',
  enrollment: [
    {
      month: '2026-01',
      partA: true,
      partB: true,
      medicareAdvantage: false,
      dualStatus: 'NA',
      esrd: false,
      institutional: false,
      hospice: false,
    },
    {
      month: '2026-02',
      partA: true,
      partB: true,
      medicareAdvantage: false,
      dualStatus: '02',
      esrd: false,
      institutional: false,
      hospice: false,
    },
  ],
  voluntaryAlignment: { npi: '1234567893', tin: '123456789', effectiveDate: '2025-11-01' },
};

export const VALID_PROVIDER: ProviderEvent = {
  kind: 'provider',
  npi: '1234567893',
  tin: '123456789',
  asOf: '2026-01-01',
  name: 'Example Family Medicine',
  entity: 'individual',
  specialtyCode: '08',
  practiceId: 'practice-1',
  participant: true,
  effectiveFrom: '2025-01-01',
};

export const VALID_CLINICAL: ClinicalEvent = {
  kind: 'clinical',
  clinicalId: 'Observation/hba1c-1',
  version: 1,
  memberId: '1EG4TE5MK73',
  type: 'observation',
  code: { system: 'loinc', code: '4548-4' },
  additionalCodes: [{ system: 'loinc', code: '17856-6' }],
  status: 'final',
  effectiveDate: '2026-02-10',
  value: { quantity: 7.4, unit: '%' },
  category: ['laboratory'],
  encounterId: 'Encounter/visit-1',
  source: 'lab',
};

const clinicalBase = { kind: 'clinical', version: 1, memberId: '1EG4TE5MK73', source: 'fhir' } as const;

/** One valid clinical event of every shape the eCQMs read: each request type, and every optional field. */
export const VALID_CLINICAL_VARIANTS: readonly ClinicalEvent[] = [
  VALID_CLINICAL,
  {
    ...clinicalBase,
    clinicalId: 'ServiceRequest/hospice-order',
    type: 'service-request',
    code: { system: 'snomed', code: '385763009' },
    status: 'completed',
    intent: 'order',
    effectiveDate: '2026-01-02',
  },
  {
    ...clinicalBase,
    clinicalId: 'DeviceRequest/wheelchair',
    type: 'device-request',
    code: { system: 'snomed', code: '183240000' },
    status: 'active',
    intent: 'original-order',
    effectiveDate: '2026-11-01',
  },
  {
    ...clinicalBase,
    clinicalId: 'Encounter/stay-1',
    type: 'encounter',
    code: { system: 'snomed', code: '32485007' },
    additionalCodes: [{ system: 'cpt', code: '99223' }],
    status: 'completed',
    effectiveDate: '2025-12-31',
    endDate: '2026-01-01',
    encounterClass: 'IMP',
    dischargeDisposition: [{ system: 'snomed', code: '428371000124100' }],
  },
  {
    ...clinicalBase,
    clinicalId: 'Condition/absent-breast',
    type: 'condition',
    code: { system: 'snomed', code: '248802009' },
    status: 'active',
    effectiveDate: '2026-01-01',
    category: ['problem-list-item', 'health-concern'],
    verificationStatus: 'confirmed',
    bodySite: [{ system: 'snomed', code: '24028007' }],
  },
  {
    ...clinicalBase,
    clinicalId: 'Observation/screen-declined',
    type: 'observation',
    code: { system: 'loinc', code: '73832-8' },
    status: 'cancelled',
    effectiveDate: '2026-06-28',
    value: { boolean: true },
    category: ['procedure'],
    reason: [
      { system: 'snomed', code: '720834000' },
      { system: 'icd10cm', code: 'Z532' },
    ],
  },
  {
    ...clinicalBase,
    clinicalId: 'Observation/fit-1',
    type: 'observation',
    code: { system: 'loinc', code: '29771-3' },
    status: 'final',
    effectiveDate: '2026-03-01',
    value: { string: 'negative' },
  },
  {
    ...clinicalBase,
    clinicalId: 'Observation/equipment-1',
    type: 'observation',
    code: { system: 'loinc', code: '98181-1' },
    status: 'final',
    effectiveDate: '2026-03-01',
    value: { coding: { system: 'snomed', code: '183240000' }, additionalCodes: [{ system: 'hcpcs', code: 'E1130' }] },
    category: ['survey'],
  },
  {
    ...clinicalBase,
    clinicalId: 'MedicationRequest/fluoxetine',
    type: 'medication',
    code: { system: 'rxnorm', code: '1190110' },
    status: 'active',
    intent: 'order',
    effectiveDate: '2026-06-21',
    supply: {
      boundsStart: '2026-06-22',
      boundsEnd: '2026-09-20',
      daysSupply: 30,
      quantity: 30,
      refills: 2,
      dose: 1,
      dosesPerDay: 1,
    },
  },
];

export const VALID_CONTRACT: ContractEvent = {
  kind: 'contract',
  contractId: 'A1234',
  version: 1,
  name: 'MSSP agreement 2024–2028',
  payer: 'CMS',
  program: 'mssp',
  apmCategory: '3B',
  attribution: 'mssp-claims',
  benchmarkType: 'mssp-per-capita',
  measureSet: ['001', '134', '236', '112', '113', '321', '479', '484'],
  participantTins: ['123456789'],
  effectiveFrom: '2024-01-01',
  years: [
    {
      year: 2026,
      track: 'BASIC',
      level: 'E',
      assignment: 'prospective',
      msrMlr: 'variable',
      benchmark: { perCapita: { esrd: 91542, disabled: 11930, agedDual: 18220, agedNonDual: 11552 } },
      completion: { runOutMonths: 3, method: 'chain-ladder' },
      quality: { assumedScore: 80, standard: 'met' },
    },
  ],
};

export const VALID_ROSTER: RosterEvent = {
  kind: 'roster',
  contractId: 'H1234-001',
  memberId: 'MA-000123',
  asOf: '2026-03-05',
  months: ['2026-01', '2026-02', '2026-03'],
  attributedNpi: '1234567893',
  attributedTin: '123456789',
};

export const VALID_WORKLIST: WorklistEvent = {
  kind: 'worklist',
  actionId: 'act-0001',
  memberId: '1EG4TE5MK73',
  at: '2026-03-04T14:05:00-05:00',
  by: 'coord.rivera',
  action: {
    type: 'outreach',
    gapId: '1EG4TE5MK73:CMS130:2026-01-01',
    channel: 'phone',
    outcome: 'no-answer',
    nextAttemptOn: '2026-03-09',
    barrier: 'transportation',
    note: 'Left no message; daughter drives her on Mondays.',
  },
};

const worklistBase = { kind: 'worklist', memberId: '1EG4TE5MK73', by: 'coord.rivera', source: 'api' } as const;

/** One valid worklist event of every action type, and the optional fields each may carry or leave out. */
export const VALID_WORKLIST_VARIANTS: readonly WorklistEvent[] = [
  VALID_WORKLIST,
  {
    ...worklistBase,
    actionId: 'act-0002',
    at: '2026-03-09T10:00:00Z',
    action: { type: 'outreach', channel: 'portal', outcome: 'scheduled', scheduledOn: '2026-03-20' },
  },
  {
    ...worklistBase,
    actionId: 'act-0003',
    at: '2026-03-21T16:30:00.250Z',
    action: {
      type: 'close',
      gapId: '1EG4TE5MK73:CMS130:2026-01-01',
      reason: 'completed-elsewhere',
      note: 'Colonoscopy at the county hospital, 2025.',
    },
  },
  {
    ...worklistBase,
    actionId: 'act-0004',
    at: '2026-03-22T09:00:00Z',
    action: { type: 'exclude', gapId: '1EG4TE5MK73:V28 HCC 37:2026-01-01', reason: 'other', note: 'Coded in error.' },
  },
  {
    ...worklistBase,
    actionId: 'act-0005',
    at: '2026-03-23T09:00:00Z',
    action: { type: 'reopen', gapId: '1EG4TE5MK73:CMS130:2026-01-01' },
  },
  { ...worklistBase, actionId: 'act-0006', at: '2026-03-01T08:00:00Z', action: { type: 'assign', assignee: 'u-17' } },
  { ...worklistBase, actionId: 'act-0007', at: '2026-03-24T08:00:00Z', action: { type: 'assign', assignee: null } },
];

/** An inpatient admission from a hospital's HL7 feed (A01), every optional field given. */
export const VALID_ADT: AdtEvent = {
  kind: 'adt',
  sender: 'EPICADT^GENHOSP',
  messageId: 'MSG00001',
  memberId: '1EG4TE5MK73',
  event: 'admit',
  eventAt: '2026-03-02T21:14:00-05:00',
  occurredAt: '2026-03-02T21:10:00-05:00',
  visitNumber: 'V4400123',
  visitAssigner: 'GENHOSP',
  patientClass: 'inpatient',
  admitAt: '2026-03-02T21:10:00-05:00',
  facility: { id: 'GENHOSP', name: 'General Hospital', ccn: '330101', npi: '1234567893' },
  location: '4WEST 412 B',
  attendingNpi: '1234567893',
  diagnoses: [
    { code: 'I5023', type: 'admitting' },
    { code: 'E1122', type: 'working' },
  ],
  source: 'hl7',
};

const adtBase = {
  kind: 'adt',
  sender: 'EPICADT^GENHOSP',
  memberId: '1EG4TE5MK73',
  visitNumber: 'V4400123',
  visitAssigner: 'GENHOSP',
  patientClass: 'inpatient',
  facility: { id: 'GENHOSP' },
  source: 'hl7',
} as const;

/** One valid notification of every event type of one stay (VALID_ADT's), with the fields each needs and no more. */
export const VALID_ADT_VARIANTS: readonly AdtEvent[] = [
  VALID_ADT,
  { ...adtBase, messageId: 'MSG00002', event: 'transfer', eventAt: '2026-03-03T08:00:00-05:00', location: 'ICU 2' },
  { ...adtBase, messageId: 'MSG00003', event: 'update', eventAt: '2026-03-03T09:30:00-05:00' },
  {
    ...adtBase,
    messageId: 'MSG00004',
    event: 'discharge',
    eventAt: '2026-03-06T11:00:00-05:00',
    dischargeAt: '2026-03-06T10:45:00-05:00',
    dischargeDisposition: { system: 'nubc', code: '06' },
    diagnoses: [{ code: 'I5023', type: 'final' }],
  },
  { ...adtBase, messageId: 'MSG00005', event: 'cancel-discharge', eventAt: '2026-03-06T11:20:00-05:00' },
  { ...adtBase, messageId: 'MSG00006', event: 'cancel-admit', eventAt: '2026-03-06T11:30:00-05:00' },
  {
    ...adtBase,
    messageId: 'MSG00007',
    event: 'register',
    eventAt: '2026-04-11T02:05:00Z',
    visitNumber: 'E9900017',
    patientClass: 'emergency',
    admitAt: '2026-04-11T02:01:00Z',
  },
];

export const VALID_EVENTS: Record<
  EventKind,
  ClaimEvent | MemberEvent | ProviderEvent | ClinicalEvent | ContractEvent | RosterEvent | WorklistEvent | AdtEvent
> = {
  claim: VALID_CLAIM,
  member: VALID_MEMBER,
  provider: VALID_PROVIDER,
  clinical: VALID_CLINICAL,
  contract: VALID_CONTRACT,
  roster: VALID_ROSTER,
  worklist: VALID_WORKLIST,
  adt: VALID_ADT,
};
