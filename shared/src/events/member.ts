import { Type, type Static } from 'typebox';
import { NPI_PATTERN, TIN_PATTERN } from '../codes.js';
import { EventSource, IsoDate, IsoMonth, MemberId } from './common.js';

/**
 * Medicare-Medicaid dual status code, one per month (CCLF BENE_DUAL_STUS_CD): 01/03/05/06 partial benefit,
 * 02/04/08 full benefit, 09/10 other; absent means not dual that month.
 */
export const DualStatusCode = Type.Enum(['01', '02', '03', '04', '05', '06', '08', '09', '10']);
export type DualStatusCode = Static<typeof DualStatusCode>;

/** Original reason for Medicare entitlement: 0 old age, 1 disability, 2 ESRD, 3 disability and ESRD. */
export const OrecCode = Type.Enum(['0', '1', '2', '3']);
export type OrecCode = Static<typeof OrecCode>;

/** One month of coverage and status; a month absent from the list means no Medicare coverage that month. */
export const EnrollmentMonth = Type.Object(
  {
    month: IsoMonth,
    partA: Type.Boolean(),
    partB: Type.Boolean(),
    medicareAdvantage: Type.Boolean({ description: 'Enrolled in a Medicare Advantage (Part C) plan' }),
    dualStatus: Type.Optional(DualStatusCode),
    esrd: Type.Boolean(),
    institutional: Type.Boolean({ description: 'Long-term institutional (90+ days) that month' }),
    hospice: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type EnrollmentMonth = Static<typeof EnrollmentMonth>;

/** A roster / eligibility record: a later `asOf` replaces an earlier one for the same member. */
export const MemberEvent = Type.Object(
  {
    kind: Type.Literal('member'),
    memberId: MemberId,
    asOf: IsoDate,
    givenName: Type.String({ minLength: 1, maxLength: 100 }),
    familyName: Type.String({ minLength: 1, maxLength: 100 }),
    birthDate: IsoDate,
    sex: Type.Enum(['F', 'M']),
    stateCode: Type.String({ pattern: '^[A-Z]{2}$', description: 'USPS state' }),
    countyFips: Type.String({ pattern: '^[0-9]{5}$', description: 'State + county FIPS' }),
    orec: OrecCode,
    enrollment: Type.Array(EnrollmentMonth, { maxItems: 600 }),
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
