import { Type, type Static } from 'typebox';
import {
  CCN_PATTERN,
  HCPCS_PATTERN,
  ICD10_CM_PATTERN,
  NPI_PATTERN,
  SPECIALTY_CODE_PATTERN,
  TIN_PATTERN,
} from '../codes.js';
import { Amount, EventSource, IsoDate, MemberId, SourceId } from './common.js';

/**
 * The claim types of Medicare's claim files (CCLF / BFD `eob-type`): 60/61 inpatient, 40 outpatient, 20/30 SNF,
 * 10 home health, 50 hospice, 71/72 carrier (professional), 81/82 DME, and Part D events.
 */
export const ClaimType = Type.Enum([
  'inpatient',
  'outpatient',
  'snf',
  'hha',
  'hospice',
  'professional',
  'dme',
  'partd',
]);
export type ClaimType = Static<typeof ClaimType>;

/** Claim adjustment type, as CCLF's CLM_ADJSMT_TYPE_CD (0 original, 1 cancel, 2 adjustment). */
export const AdjustmentType = Type.Enum(['original', 'adjustment', 'cancel']);
export type AdjustmentType = Static<typeof AdjustmentType>;

export const ClaimLine = Type.Object(
  {
    lineNumber: Type.Integer({ minimum: 1, maximum: 9999 }),
    hcpcs: Type.Optional(Type.String({ pattern: HCPCS_PATTERN })),
    modifiers: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9A-Z]{2}$' }), { maxItems: 5 })),
    revenueCode: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
    renderingNpi: Type.Optional(Type.String({ pattern: NPI_PATTERN })),
    renderingSpecialty: Type.Optional(Type.String({ pattern: SPECIALTY_CODE_PATTERN })),
    placeOfService: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    units: Type.Number({ minimum: 0, maximum: 100_000 }),
    allowedAmount: Amount,
    paidAmount: Amount,
    fromDate: IsoDate,
    throughDate: IsoDate,
  },
  { additionalProperties: false },
);
export type ClaimLine = Static<typeof ClaimLine>;

/**
 * One version of one claim. A later version replaces an earlier one whatever order they arrive in, a cancel
 * removes the claim, and a duplicate (same claim id and version) changes nothing.
 */
export const ClaimEvent = Type.Object(
  {
    kind: Type.Literal('claim'),
    claimId: SourceId,
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Higher replaces lower' }),
    adjustment: AdjustmentType,
    claimType: ClaimType,
    memberId: MemberId,
    fromDate: IsoDate,
    throughDate: IsoDate,
    paidDate: IsoDate,
    billingTin: Type.Optional(Type.String({ pattern: TIN_PATTERN })),
    billingNpi: Type.Optional(Type.String({ pattern: NPI_PATTERN })),
    facilityCcn: Type.Optional(Type.String({ pattern: CCN_PATTERN })),
    typeOfBill: Type.Optional(Type.String({ pattern: '^[0-9]{3,4}$' })),
    /** Institutional: the patient discharge status code (UB-04 FL 17), e.g. 01 home, 03 SNF, 20 died. */
    dischargeStatus: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    /** Inpatient: the MS-DRG the claim was paid under. */
    drg: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' })),
    /** Inpatient: ICD-10-PCS procedure codes, principal first. */
    procedures: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9A-HJ-NP-Z]{7}$' }), { maxItems: 25 })),
    diagnoses: Type.Array(Type.String({ pattern: ICD10_CM_PATTERN }), {
      maxItems: 25,
      description: 'ICD-10-CM without dots, principal first',
    }),
    lines: Type.Array(ClaimLine, { maxItems: 450 }),
    paidAmount: Amount,
    /** Inpatient add-ons MSSP excludes from expenditures (42 CFR 425.605(a)(5)): indirect medical education, DSH. */
    imeAmount: Type.Optional(Amount),
    dshAmount: Type.Optional(Amount),
    source: Type.Optional(EventSource),
  },
  { additionalProperties: false },
);
export type ClaimEvent = Static<typeof ClaimEvent>;
