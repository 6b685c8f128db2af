/**
 * Scores one member for a payment year from their merged profile and claims: eligible diagnoses of the year
 * before (with the claims they came from), demographics on 1 February, the member's segment, a run of each model
 * the payment year blends, and the normalised and blended scores. The result carries the evidence behind every
 * HCC and interaction, so a screen can show why a score is what it is.
 */
import type { ClaimEvent } from '@benchline/shared';
import type { MemberProfile } from '../member-profile.js';
import { adjustForPaymentYear, blendForPaymentYear, type PaymentYearScore } from './adjust.js';
import { demographicsFor } from './demographics.js';
import { eligibleDiagnoses } from './eligibility.js';
import { coefficientOf, prepareModel } from './prepared-model.js';
import { fromThousandths, runModel, type ModelRun } from './score.js';
import { memberStatus, selectSegment, type MemberStatus } from './segment.js';
import {
  RiskInputError,
  type CmsHccTables,
  type Demographics,
  type DiagnosisEvidence,
  type EligibleDiagnosis,
  type HccModel,
  type RiskSegment,
} from './types.js';

export interface MemberRiskInput {
  readonly profile: MemberProfile;
  /** Every version of the member's claims; only current versions count. */
  readonly claims: Iterable<ClaimEvent>;
}

export interface ScoreMemberOptions {
  readonly paymentYear: number;
  /** The models to run. Default: those the payment year blends (from the payment-year table). */
  readonly models?: readonly HccModel[];
  /** The month whose dual / institutional / ESRD status decides (YYYY-MM); see `memberStatus`. */
  readonly statusMonth?: string;
  /** Score a new enrollee with the C-SNP new-enrollee segment (MA only; the profile does not say). */
  readonly chronicSnp?: boolean;
}

export interface Term {
  readonly variable: string;
  /** The segment's relative factor. */
  readonly coefficient: number;
}

export interface HccTerm extends Term {
  readonly hcc: number;
  readonly label: string | null;
  /** Every claim line of evidence: which claim (id and version), which code, which date. */
  readonly evidence: readonly DiagnosisEvidence[];
}

export interface ModelScore {
  readonly model: HccModel;
  readonly mappingYear: number;
  readonly segment: RiskSegment;
  /** Age/sex cell, originally-disabled, LTIMCAID or new-enrollee terms of the segment. */
  readonly demographicTerms: readonly Term[];
  /** The HCCs after hierarchies, with their factor in the segment (0 in the new-enrollee segments). */
  readonly hccs: readonly HccTerm[];
  /** HCCs a higher HCC removed: shown, never scored. */
  readonly superseded: readonly { readonly hcc: number; readonly supersededBy: number }[];
  /** CCs dropped before the hierarchies (V28 heart patch). */
  readonly excludedCcs: readonly number[];
  readonly interactions: readonly Term[];
  readonly paymentHccCount: number;
  readonly countTerm: Term | null;
  /** The segment's raw score: the sum of the terms above. */
  readonly rawScore: number;
  /** All nine segments' raw scores, as CMS's software prints them. */
  readonly segmentScores: Readonly<Record<RiskSegment, number>>;
}

export interface RiskResult {
  readonly memberId: string;
  readonly paymentYear: number;
  readonly diagnosisYear: number;
  readonly demographics: Demographics & { readonly birthDate: string };
  readonly status: MemberStatus;
  readonly segment: RiskSegment;
  readonly eligibleDiagnoses: readonly EligibleDiagnosis[];
  readonly models: readonly ModelScore[];
  /** Normalised, coding-adjusted and blended scores; null when the models run do not cover the year's blend. */
  readonly payment: PaymentYearScore | null;
  /** Things a reader must know: the ESRD model applies, a low-confidence factor was used, … */
  readonly notes: readonly string[];
}

/** The profile fields scoring needs, or a RiskInputError naming the missing ones. */
export function requireScoringFields(
  profile: MemberProfile,
): Pick<Required<MemberProfile>, 'birthDate' | 'sex' | 'orec'> {
  const { birthDate, sex, orec } = profile;
  if (birthDate === undefined || sex === undefined || orec === undefined) {
    const missing = (['birthDate', 'sex', 'orec'] as const).filter((field) => profile[field] === undefined);
    throw new RiskInputError(profile.memberId, `cannot be scored without ${missing.join(', ')}`);
  }
  return { birthDate, sex, orec };
}

export function scoreMember(input: MemberRiskInput, tables: CmsHccTables, options: ScoreMemberOptions): RiskResult {
  const { profile } = input;
  const { paymentYear } = options;
  const { birthDate, sex, orec } = requireScoringFields(profile);
  const demographics = demographicsFor(birthDate, sex, orec, paymentYear);
  const status = memberStatus(profile, paymentYear, options);
  const segment = selectSegment(demographics.age, status, options.chronicSnp);
  const diagnosisYear = paymentYear - 1;
  const diagnoses = eligibleDiagnoses(input.claims, diagnosisYear, tables.eligibleProcedureCodes.codes);
  // The year's blend decides the models unless the caller names them; a year without a blend needs them named.
  const hasBlend = tables.paymentYearAdjustments.some((row) => row.paymentYear === paymentYear);
  const blend =
    hasBlend || options.models === undefined ? blendForPaymentYear(paymentYear, tables.paymentYearAdjustments) : null;
  const models = options.models ?? blend?.map((weight) => weight.model) ?? [];

  const runInput = {
    demographics,
    institutionalMedicaid: status.medicaid,
    newEnrolleeMedicaid: status.medicaid,
    diagnoses,
  };
  const scores = models.map((model) => modelScore(runModel(runInput, tables, model, paymentYear), tables, segment));
  const rawScores: Partial<Record<HccModel, number>> = {};
  for (const score of scores) {
    rawScores[score.model] = score.rawScore;
  }
  const payment =
    blend !== null && blend.every((weight) => rawScores[weight.model] !== undefined)
      ? adjustForPaymentYear(paymentYear, rawScores, tables.paymentYearAdjustments)
      : null;

  const notes: string[] = [];
  if (status.esrd) {
    notes.push('ESRD in the status month: CMS scores this member with the CMS-HCC ESRD model, not scored here.');
  }
  const partBMonths = `${status.partBMonthsInDiagnosisYear} with Part B, ${status.monthsWithoutPartBInDiagnosisYear} without (reported so, or missing from the enrolment reported), ${status.partBUnreportedMonthsInDiagnosisYear} saying nothing of Part B`;
  if (status.newEnrollee) {
    notes.push(
      `Months of ${diagnosisYear}: ${partBMonths}. Fewer than 12 months of Part B makes a new enrollee: scored on demographics only.`,
    );
  } else if (status.partBUnreportedMonthsInDiagnosisYear > 0) {
    notes.push(
      `Months of ${diagnosisYear}: ${partBMonths}. Months saying nothing of Part B are assumed to have it, so scored as a continuing enrollee.`,
    );
  }
  const { listYear } = tables.eligibleProcedureCodes;
  if (listYear !== diagnosisYear) {
    notes.push(
      `Diagnoses of ${diagnosisYear} filtered with CMS's ${listYear} risk-adjustment-eligible CPT/HCPCS list, the only one vendored; CMS's ${diagnosisYear} list may differ.`,
    );
  }
  for (const model of payment?.models ?? []) {
    if (model.confidence !== 'high') {
      notes.push(
        `${paymentYear} ${model.model} normalisation factor ${model.ffsNormalizationFactor}: ${model.confidence} confidence (${model.source}).`,
      );
    }
  }
  return {
    memberId: profile.memberId,
    paymentYear,
    diagnosisYear,
    demographics: { ...demographics, birthDate },
    status,
    segment,
    eligibleDiagnoses: diagnoses,
    models: scores,
    payment,
    notes,
  };
}

/** One model run seen from the member's segment. */
export function modelScore(run: ModelRun, tables: CmsHccTables, segment: RiskSegment): ModelScore {
  const prepared = prepareModel(tables, run.model);
  const term = (variable: string): Term => ({
    variable,
    coefficient: fromThousandths(coefficientOf(prepared, segment, variable)),
  });
  const inSegment = (variable: string): boolean => prepared.coefficients.get(segment)?.has(variable) === true;
  const segmentScores = Object.fromEntries(
    Object.entries(run.segmentScoresThousandths).map(([name, thousandths]) => [name, fromThousandths(thousandths)]),
  ) as Record<RiskSegment, number>;
  return {
    model: run.model,
    mappingYear: run.mappingYear,
    segment,
    demographicTerms: run.demographicVariables.filter(inSegment).map(term),
    hccs: run.hccs.map((hcc) => ({
      ...term(`HCC${hcc.hcc}`),
      hcc: hcc.hcc,
      label: hcc.label,
      evidence: hcc.diagnoses.flatMap((diagnosis) => diagnosis.evidence),
    })),
    superseded: run.superseded.map(({ hcc, supersededBy }) => ({ hcc, supersededBy })),
    excludedCcs: run.excludedCcs,
    interactions: run.interactions.filter(inSegment).map(term),
    paymentHccCount: run.paymentHccCount,
    countTerm: run.countVariable !== null && inSegment(run.countVariable) ? term(run.countVariable) : null,
    rawScore: segmentScores[segment],
    segmentScores,
  };
}
