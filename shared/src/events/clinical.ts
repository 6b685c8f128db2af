import { Type, type Static } from 'typebox';
import { EventSource, FreeText, IsoDate, MemberId, SourceId } from './common.js';

/** Code systems are always explicit; these are the ones the measures and risk engines read. */
export const CodeSystem = Type.Enum(['loinc', 'snomed', 'icd10cm', 'icd10pcs', 'cpt', 'hcpcs', 'cvx', 'rxnorm', 'ndc']);
export type CodeSystem = Static<typeof CodeSystem>;

export const Coding = Type.Object(
  { system: CodeSystem, code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9.\\-]+$' }) },
  { additionalProperties: false },
);
export type Coding = Static<typeof Coding>;

/**
 * Every coding of a FHIR CodeableConcept (or of several, e.g. all of a Condition's body sites) in a system above,
 * in source order. The eCQMs test a concept with `~` and `in`, which hold when any one coding matches.
 */
export const Codings = Type.Array(Coding, { minItems: 1, maxItems: 16 });
export type Codings = Static<typeof Codings>;

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
  // A ServiceRequest or DeviceRequest withdrawn before it was done (Status: an order must be active or completed).
  'revoked',
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
  // Orders the eCQMs retrieve by type: a ServiceRequest (Hospice's hospice order, CMS2's depression referral) and
  // a DeviceRequest (AdvancedIllnessandFrailty's frailty device order).
  'service-request',
  'device-request',
]);
export type ClinicalType = Static<typeof ClinicalType>;

/**
 * Category codes of the FHIR category code systems (observation-category; condition-category; US Core's
 * condition-category, whose one code is health-concern). Their codes do not collide, so the code alone says which.
 */
export const ClinicalCategory = Type.Enum([
  'social-history',
  'vital-signs',
  'imaging',
  'laboratory',
  'procedure',
  'survey',
  'exam',
  'therapy',
  'activity',
  'problem-list-item',
  'encounter-diagnosis',
  'health-concern',
]);
export type ClinicalCategory = Static<typeof ClinicalCategory>;

/** Condition.verificationStatus except entered-in-error, which `status` already carries. */
export const VerificationStatus = Type.Enum(['unconfirmed', 'provisional', 'differential', 'confirmed', 'refuted']);
export type VerificationStatus = Static<typeof VerificationStatus>;

/** The FHIR request intents (MedicationRequest, ServiceRequest, DeviceRequest). */
export const RequestIntent = Type.Enum([
  'proposal',
  'plan',
  'directive',
  'order',
  'original-order',
  'reflex-order',
  'filler-order',
  'instance-order',
  'option',
]);
export type RequestIntent = Static<typeof RequestIntent>;

/**
 * What a MedicationRequest says about how long it lasts: the inputs of CumulativeMedicationDuration's
 * `medicationRequestPeriod()` (CMS2's follow-up medication, AdvancedIllnessandFrailty's dementia medication). It
 * starts on boundsStart, else the authored date; it lasts daysSupply, else quantity / (dose × dosesPerDay), times
 * (1 + refills), else to boundsEnd.
 */
export const MedicationSupply = Type.Object(
  {
    /** dosageInstruction.timing.repeat.boundsPeriod (the single dosage instruction). */
    boundsStart: Type.Optional(IsoDate),
    boundsEnd: Type.Optional(IsoDate),
    /** dispenseRequest.expectedSupplyDuration, in days. */
    daysSupply: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 36_600 })),
    /** dispenseRequest.quantity (units of the dose, e.g. tablets). */
    quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
    /** dispenseRequest.numberOfRepeatsAllowed. */
    refills: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    /** The single dosage's dose: doseQuantity, or the high end of doseRange. */
    dose: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
    /** The single dosage's timing per day: frequency (frequencyMax if given) per period, else its times of day. */
    dosesPerDay: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type MedicationSupply = Static<typeof MedicationSupply>;

/**
 * A clinical fact from an EHR, lab, HIE or a coordinator's attestation; a later version replaces an earlier one.
 * The optional fields carry what the eCQMs' CQL reads beyond code, status, dates and value; each is set only on
 * the types named in its comment, and only when the source states it (an event from a source that does not —
 * canonical NDJSON, the generator, events stored before the field existed — leaves it out).
 */
export const ClinicalEvent = Type.Object(
  {
    kind: Type.Literal('clinical'),
    clinicalId: SourceId,
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    memberId: MemberId,
    type: ClinicalType,
    code: Coding,
    /**
     * Every other coding of the concept `code` was taken from (an encounter's: of all its types): a value-set
     * retrieve (`[Encounter: "Office Visit"]`) or `~` matches when any coding does.
     */
    additionalCodes: Type.Optional(Codings),
    /** FHIR status of the source resource (Observation, Condition clinical status, Procedure, …), lower case. */
    status: ClinicalStatus,
    /** The clinically relevant date; for a request (medication, service, device) its authoredOn. */
    effectiveDate: IsoDate,
    endDate: Type.Optional(IsoDate),
    value: Type.Optional(
      Type.Union([
        Type.Object(
          { quantity: Type.Number(), unit: FreeText({ minLength: 1, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        // Every coding of the answer: `value ~ "Depression screening positive"`, `value in "Frailty Device"`.
        Type.Object({ coding: Coding, additionalCodes: Type.Optional(Codings) }, { additionalProperties: false }),
        // valueBoolean and valueString: CMS130 (FOBT, sDNA-FIT) and CMS2 (screenings) ask only `value is not null`.
        Type.Object({ boolean: Type.Boolean() }, { additionalProperties: false }),
        Type.Object({ string: FreeText({ minLength: 1, maxLength: 2048 }) }, { additionalProperties: false }),
      ]),
    ),
    /**
     * Condition and Observation category. Conditions: QI-Core's ConditionEncounterDiagnosis (CMS122's diabetes)
     * and ConditionProblemsHealthConcerns (CMS2's bipolar disorder) are told apart by it. Observations: Status
     * `isDiagnosticStudyPerformed` asks for imaging (CMS125 mammography, CMS130 CT colonography).
     */
    category: Type.Optional(Type.Array(ClinicalCategory, { minItems: 1, maxItems: 12, uniqueItems: true })),
    /** Condition: Status `verified()` keeps a condition without one, or confirmed, unconfirmed, provisional, differential. */
    verificationStatus: Type.Optional(VerificationStatus),
    /**
     * Condition.bodySite, every coding of every site: CMS125's unilateral mastectomy of unspecified laterality
     * counts for a side when a body site is `~ "Right (qualifier value)"` / `"Left (qualifier value)"`.
     */
    bodySite: Type.Optional(Codings),
    /**
     * Observation not done (cancelled): QI-Core's notDoneReason. CMS2's exceptions need it `~ "Depression
     * screening declined"` or `in "Medical Reason"`.
     */
    reason: Type.Optional(Codings),
    /** Medication, service and device requests: Status `isMedicationActive`, `isInterventionOrder` … ask for an order. */
    intent: Type.Optional(RequestIntent),
    /** Medication requests: CumulativeMedicationDuration's period (see MedicationSupply). */
    supply: Type.Optional(MedicationSupply),
    /**
     * Encounter.class code (v3 ActCode: AMB, EMER, IMP, ACUTE, NONAC, PRENC, SS, …): CMS165 keeps a reading whose
     * own encounter's class is not inpatient or emergency.
     */
    encounterClass: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._\\-]+$' })),
    /** Encounter.hospitalization.dischargeDisposition: Hospice's discharge home / to a facility for hospice care. */
    dischargeDisposition: Type.Optional(Codings),
    /** Observation.encounter, as that encounter's clinicalId (`Encounter/<id>`): CMS165 reads the encounter's class. */
    encounterId: Type.Optional(SourceId),
    source: EventSource,
  },
  { additionalProperties: false },
);
export type ClinicalEvent = Static<typeof ClinicalEvent>;
