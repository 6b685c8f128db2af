import { Type, type Static } from 'typebox';
import { EventSource, IsoDate, MemberId, SourceId } from './common.js';

/** Code systems are always explicit; these are the ones the measures and risk engines read. */
export const CodeSystem = Type.Enum(['loinc', 'snomed', 'icd10cm', 'icd10pcs', 'cpt', 'hcpcs', 'cvx', 'rxnorm', 'ndc']);
export type CodeSystem = Static<typeof CodeSystem>;

export const Coding = Type.Object(
  { system: CodeSystem, code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9.\\-]+$' }) },
  { additionalProperties: false },
);
export type Coding = Static<typeof Coding>;

/** The statuses of the FHIR resources clinical events come from; measures read them (e.g. not-done, entered-in-error). */
export const ClinicalStatus = Type.Enum([
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
  'in-progress',
  'completed',
  'not-done',
  'stopped',
  'on-hold',
  'cancelled',
  'entered-in-error',
  'unknown',
]);
export type ClinicalStatus = Static<typeof ClinicalStatus>;

export const ClinicalType = Type.Enum([
  'observation',
  'condition',
  'procedure',
  'encounter',
  'immunization',
  'medication',
]);
export type ClinicalType = Static<typeof ClinicalType>;

/** A clinical fact from an EHR, lab, HIE or a coordinator's attestation; a later version replaces an earlier one. */
export const ClinicalEvent = Type.Object(
  {
    kind: Type.Literal('clinical'),
    clinicalId: SourceId,
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    memberId: MemberId,
    type: ClinicalType,
    code: Coding,
    /** FHIR status of the source resource (Observation, Condition clinical status, Procedure, …), lower case. */
    status: ClinicalStatus,
    effectiveDate: IsoDate,
    endDate: Type.Optional(IsoDate),
    value: Type.Optional(
      Type.Union([
        Type.Object(
          { quantity: Type.Number(), unit: Type.String({ minLength: 1, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        Type.Object({ coding: Coding }, { additionalProperties: false }),
      ]),
    ),
    source: EventSource,
  },
  { additionalProperties: false },
);
export type ClinicalEvent = Static<typeof ClinicalEvent>;
