import { Type, type Static } from 'typebox';
import { TIN_PATTERN } from '../codes.js';
import { EventSource, FreeText, IsoDate, SourceId } from './common.js';

/** The value-based programmes an organisation holds contracts in, alongside fee-for-service billing. */
export const ContractProgram = Type.Enum([
  'mssp',
  'aco-reach',
  'medicare-advantage',
  'commercial',
  'medicaid',
  'other',
]);
export type ContractProgram = Static<typeof ContractProgram>;

/**
 * HCP-LAN Alternative Payment Model framework category: 2 pay-for-performance, 3A upside-only shared savings,
 * 3B shared savings and losses, 4 population-based payment (capitation).
 */
export const ApmCategory = Type.Enum(['2', '3A', '3B', '4']);
export type ApmCategory = Static<typeof ApmCategory>;

/** One number per Medicare enrolment type (the four MSSP benchmark strata), each within `range`. */
function byEnrollmentType(range: { minimum?: number; exclusiveMinimum?: number; maximum: number }) {
  return Type.Object(
    {
      esrd: Type.Number(range),
      disabled: Type.Number(range),
      agedDual: Type.Number(range),
      agedNonDual: Type.Number(range),
    },
    { additionalProperties: false },
  );
}

/** USD per person-year, by Medicare enrolment type. */
export const PerCapitaByEnrollmentType = byEnrollmentType({ minimum: 0, maximum: 1_000_000 });

/** A CMS-HCC score (or a ratio of two), by Medicare enrolment type. */
export const ScoreByEnrollmentType = byEnrollmentType({ exclusiveMinimum: 0, maximum: 100 });

/** A growth rate (0.045 is 4.5%), by Medicare enrolment type. */
export const RateByEnrollmentType = byEnrollmentType({ minimum: -0.99, maximum: 10 });

/** Prospective HCC scores, with the demographic ones the 2024+ risk-growth cap reads. */
const HccAndDemographicScores = Type.Object(
  { hcc: ScoreByEnrollmentType, demographic: Type.Optional(ScoreByEnrollmentType) },
  { additionalProperties: false },
);

/**
 * MSSP: what risk-adjusts and trends the historical benchmark to the year (42 CFR 425.652, 425.659; reference
 * §1.4-1.5), as the ACO's CMS reports give it. `riskRatios` (r_t, as a quarterly report states it) win over
 * `by3RiskScores` (the benchmark report's renormalised BY3 means) with `nationalMeanScores` (the year's national
 * assignable FFS mean raw scores, which renormalise the ACO's own scores); `growth` is the two-way blend and the ACPT,
 * BY3 to the year. Each one absent is an assumption the finance view lists (r_t = 1; the benchmark untrended).
 */
export const MsspBenchmarkUpdate = Type.Object(
  {
    riskRatios: Type.Optional(ScoreByEnrollmentType),
    by3RiskScores: Type.Optional(HccAndDemographicScores),
    nationalMeanScores: Type.Optional(HccAndDemographicScores),
    growth: Type.Optional(
      Type.Object({ twoWay: RateByEnrollmentType, acpt: RateByEnrollmentType }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

/** The settings of one performance year: how the contract's money is computed that year. */
export const ContractYear = Type.Object(
  {
    year: Type.Integer({ minimum: 2012, maximum: 2100 }),
    /** MSSP: BASIC (levels A–E) or ENHANCED (42 CFR 425.605, 425.610). */
    track: Type.Optional(Type.Enum(['BASIC', 'ENHANCED'])),
    level: Type.Optional(Type.Enum(['A', 'B', 'C', 'D', 'E'])),
    assignment: Type.Optional(Type.Enum(['prospective', 'retrospective'])),
    /** MSSP minimum savings/loss rate choice: the sliding scale ("variable") or a fixed symmetric percentage. */
    msrMlr: Type.Optional(Type.Enum(['variable', '0', '0.5', '1', '1.5', '2'])),
    benchmark: Type.Optional(
      Type.Object(
        {
          perCapita: Type.Optional(PerCapitaByEnrollmentType),
          pmpmTarget: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
          capitationPmpm: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    benchmarkUpdate: Type.Optional(MsspBenchmarkUpdate),
    /** Negotiated terms for non-MSSP contracts (MSSP's come from the regulation tables). */
    sharingRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    lossRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    completion: Type.Optional(
      Type.Object(
        {
          runOutMonths: Type.Integer({ minimum: 0, maximum: 24 }),
          method: Type.Enum(['chain-ladder', 'fixed']),
          fixedFactor: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    quality: Type.Optional(
      Type.Object(
        {
          assumedScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          standard: Type.Optional(Type.Enum(['met', 'alternative', 'not-met'])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ContractYear = Static<typeof ContractYear>;

/** A value-based contract; a later version replaces an earlier one. */
export const ContractEvent = Type.Object(
  {
    kind: Type.Literal('contract'),
    contractId: SourceId,
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    name: FreeText({ minLength: 1, maxLength: 200 }),
    payer: FreeText({ minLength: 1, maxLength: 200 }),
    program: ContractProgram,
    apmCategory: ApmCategory,
    attribution: Type.Enum(['mssp-claims', 'payer-roster']),
    benchmarkType: Type.Enum(['mssp-per-capita', 'pmpm-target', 'capitation']),
    /** Quality measure ids in the contract's set (QPP quality ids such as "001", or eCQM ids such as "CMS122"). */
    measureSet: Type.Array(Type.String({ pattern: '^[A-Za-z0-9v.\\-]{1,20}$' }), { maxItems: 100 }),
    participantTins: Type.Optional(Type.Array(Type.String({ pattern: TIN_PATTERN }), { maxItems: 10_000 })),
    effectiveFrom: IsoDate,
    effectiveTo: Type.Optional(IsoDate),
    years: Type.Array(ContractYear, { maxItems: 50 }),
    source: Type.Optional(EventSource),
  },
  { additionalProperties: false },
);
export type ContractEvent = Static<typeof ContractEvent>;
