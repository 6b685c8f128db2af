import { Type, type Static } from 'typebox';
import { NPI_PATTERN, TIN_PATTERN } from '../codes.js';
import { EventSource, FreeText, IsoDate, IsoMonth, MemberId, SourceId } from './common.js';

/**
 * Medicare-Medicaid dual status code for a month (CCLF BENE_DUAL_STUS_CD, BFD dual_01…dual_12): 01/03/05/06
 * partial benefit, 02/04/08 full benefit, 09/10 other; NA not dual that month; 99 unknown.
 */
export const DualStatusCode = Type.Enum(['NA', '01', '02', '03', '04', '05', '06', '08', '09', '10', '99']);
export type DualStatusCode = Static<typeof DualStatusCode>;

/** Original reason for Medicare entitlement: 0 old age, 1 disability, 2 ESRD, 3 disability and ESRD. */
export const OrecCode = Type.Enum(['0', '1', '2', '3']);
export type OrecCode = Static<typeof OrecCode>;

/**
 * One month of coverage and status. A record carries the fields its source knows (a Part A Coverage resource
 * knows Part A, a roster knows everything); a field left out says nothing about that month.
 */
export const EnrollmentMonth = Type.Object(
  {
    month: IsoMonth,
    partA: Type.Optional(Type.Boolean()),
    partB: Type.Optional(Type.Boolean()),
    medicareAdvantage: Type.Optional(Type.Boolean({ description: 'Enrolled in a Medicare Advantage (Part C) plan' })),
    dualStatus: Type.Optional(DualStatusCode),
    esrd: Type.Optional(Type.Boolean()),
    institutional: Type.Optional(Type.Boolean({ description: 'Long-term institutional (90+ days) that month' })),
    hospice: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type EnrollmentMonth = Static<typeof EnrollmentMonth>;

/**
 * What a roster, eligibility file or FHIR Patient/Coverage says about a member, as of a date. A record updates
 * the fields it carries: for each field (and each enrolment month's field) the value from the latest `asOf`
 * wins. `recordId` names the source record (a roster row, `Patient/123`, `Coverage/part-a-123`), so two records
 * of the same date from different sources are different events.
 */
export const MemberEvent = Type.Object(
  {
    kind: Type.Literal('member'),
    memberId: MemberId,
    asOf: IsoDate,
    recordId: Type.Optional(SourceId),
    givenName: Type.Optional(FreeText({ minLength: 1, maxLength: 100 })),
    familyName: Type.Optional(FreeText({ minLength: 1, maxLength: 100 })),
    birthDate: Type.Optional(IsoDate),
    sex: Type.Optional(Type.Enum(['F', 'M'])),
    stateCode: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'USPS state' })),
    countyFips: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', description: 'State + county FIPS' })),
    orec: Type.Optional(OrecCode),
    enrollment: Type.Optional(Type.Array(EnrollmentMonth, { maxItems: 600 })),
    deathDate: Type.Optional(IsoDate),
    voluntaryAlignment: Type.Optional(
      Type.Object(
        {
          npi: Type.String({ pattern: NPI_PATTERN }),
          tin: Type.String({ pattern: TIN_PATTERN }),
          effectiveDate: IsoDate,
        },
        { additionalProperties: false },
      ),
    ),
    source: Type.Optional(EventSource),
  },
  { additionalProperties: false },
);
export type MemberEvent = Static<typeof MemberEvent>;
