/**
 * From raw model scores to payment-year scores, with every year-specific number read from the payment-year table
 * (with its confidence): MA normalisation and coding-pattern adjustment per model, then the V24/V28 blend, rounded
 * the way CMS rounds (reference §3.6: round(round(raw ÷ normalisation, 3) × (1 − coding), 3), then blend). MSSP
 * renormalisation by enrolment type is separate: CMS supplies the national mean (reference §1.4).
 */
import type { AdjustmentConfidence, PaymentYearAdjustment } from '../../reference/cms-hcc-model.js';
import type { MemberStatus } from './segment.js';
import type { HccModel } from './types.js';

/** CMS's ROUND(x, 0.001): half away from zero, after clearing binary noise (1.0005 stored as 1.000499… rounds up). */
export function roundScore(value: number): number {
  const scaled = Number((Math.abs(value) * 1000).toPrecision(12));
  return (Math.sign(value) * Math.round(scaled)) / 1000 || 0;
}

export interface BlendWeight {
  readonly model: HccModel;
  readonly weight: number;
  readonly adjustment: PaymentYearAdjustment;
}

/** The CMS-HCC models scored for a payment year and their blend weights (rows with a positive weight). */
export function blendForPaymentYear(paymentYear: number, adjustments: readonly PaymentYearAdjustment[]): BlendWeight[] {
  const weights: BlendWeight[] = [];
  for (const adjustment of adjustments) {
    if (adjustment.paymentYear !== paymentYear || adjustment.blendWeight <= 0) {
      continue;
    }
    if (adjustment.model === 'V24' || adjustment.model === 'V28') {
      weights.push({ model: adjustment.model, weight: adjustment.blendWeight, adjustment });
    }
  }
  if (weights.length === 0) {
    const years = [...new Set(adjustments.map((a) => a.paymentYear))].sort((a, b) => a - b).join(', ');
    throw new RangeError(`No CMS-HCC blend for payment year ${paymentYear} in the adjustments table (${years})`);
  }
  return weights;
}

export interface AdjustedModelScore {
  readonly model: HccModel;
  readonly rawScore: number;
  readonly blendWeight: number;
  readonly ffsNormalizationFactor: number;
  /** round(raw ÷ FFS normalisation factor, 3). */
  readonly normalizedScore: number;
  readonly maCodingPatternAdjustment: number;
  /** round(normalized × (1 − MA coding-pattern adjustment), 3). */
  readonly maPaymentScore: number;
  readonly confidence: AdjustmentConfidence;
  readonly source: string;
}

export interface PaymentYearScore {
  readonly paymentYear: number;
  readonly models: readonly AdjustedModelScore[];
  /** round(Σ weight × raw, 3): the blend before any normalisation (what MSSP renormalises). */
  readonly blendedRawScore: number;
  /** round(Σ weight × normalized, 3). */
  readonly blendedNormalizedScore: number;
  /** round(Σ weight × MA payment score, 3): the MA-style payment score. */
  readonly blendedMaPaymentScore: number;
  /** The weakest confidence among the factors used ("low" means: VERIFY before relying on it). */
  readonly confidence: AdjustmentConfidence;
}

const CONFIDENCE_ORDER: readonly AdjustmentConfidence[] = ['low', 'medium', 'high'];

/** Normalises, coding-adjusts and blends raw scores; every blend model of the year needs a raw score. */
export function adjustForPaymentYear(
  paymentYear: number,
  rawScores: Readonly<Partial<Record<HccModel, number>>>,
  adjustments: readonly PaymentYearAdjustment[],
): PaymentYearScore {
  const models = blendForPaymentYear(paymentYear, adjustments).map(({ model, weight, adjustment }) => {
    const rawScore = rawScores[model];
    if (rawScore === undefined) {
      throw new RangeError(`Payment year ${paymentYear} blends ${model}, but no ${model} score was given`);
    }
    const normalizedScore = roundScore(rawScore / adjustment.ffsNormalizationFactor);
    return {
      model,
      rawScore,
      blendWeight: weight,
      ffsNormalizationFactor: adjustment.ffsNormalizationFactor,
      normalizedScore,
      maCodingPatternAdjustment: adjustment.maCodingPatternAdjustment,
      maPaymentScore: roundScore(normalizedScore * (1 - adjustment.maCodingPatternAdjustment)),
      confidence: adjustment.confidence,
      source: adjustment.source,
    };
  });
  const blend = (pick: (score: AdjustedModelScore) => number): number =>
    roundScore(models.reduce((sum, score) => sum + score.blendWeight * pick(score), 0));
  const confidence = CONFIDENCE_ORDER.find((level) => models.some((m) => m.confidence === level)) ?? 'high';
  return {
    paymentYear,
    models,
    blendedRawScore: blend((score) => score.rawScore),
    blendedNormalizedScore: blend((score) => score.normalizedScore),
    blendedMaPaymentScore: blend((score) => score.maPaymentScore),
    confidence,
  };
}

/**
 * MSSP renormalisation (42 CFR 425.659(b)(2), reference §1.4): a score divided by the national assignable FFS mean
 * score of the same enrolment type and year, which CMS supplies; rounded to three decimals. MSSP applies no MA
 * normalisation or coding adjustment, so pass a raw (blended) score.
 */
export function msspRenormalize(score: number, nationalMeanScore: number): number {
  if (!(nationalMeanScore > 0)) {
    throw new RangeError(`The national mean score must be positive (got ${nationalMeanScore})`);
  }
  return roundScore(score / nationalMeanScore);
}

export type MsspEnrollmentType = 'esrd' | 'disabled' | 'agedDual' | 'agedNonDual';

/**
 * The MSSP enrolment type whose national mean renormalises a member's score: ESRD, else disabled under 65, else
 * aged dual (full or partial benefit in the status month — the SLAAM's exact dual definition is a VERIFY item,
 * reference §6.3) or aged non-dual.
 */
export function msspEnrollmentType(age: number, status: Pick<MemberStatus, 'esrd' | 'dual'>): MsspEnrollmentType {
  if (status.esrd) {
    return 'esrd';
  }
  if (age < 65) {
    return 'disabled';
  }
  return status.dual === 'none' ? 'agedNonDual' : 'agedDual';
}
