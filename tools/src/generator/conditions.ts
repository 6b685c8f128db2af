/**
 * Chronic conditions as the generator understands them: each is defined by the CMS-HCCs its diagnoses map to
 * (V28 tiers with V24 counterparts) or, when it is not an HCC, by the eCQM value set its codes come from. The
 * ICD-10 codes themselves are never listed here — they are drawn from the vendored CMS mapping for the payment
 * year (see reference.ts), restricted to the ICD-10 categories named below so a 75-year-old's diabetes is not
 * coded as diabetes in pregnancy. Also here: how likely each condition is for a given member (relative risks by
 * age, sex and enrolment type, and a shared frailty loading that produces multimorbidity).
 */
import type { AgeBand, ConditionKey, EnrollmentType } from './types.js';

/** One severity tier of an HCC condition: the V28 HCC its codes map to, and how often members sit in it. */
export interface HccTier {
  /** The V28 payment HCC, or null for codes that pay only in V24 (e.g. mild or unspecified depression). */
  readonly v28: number | null;
  readonly share: number;
}

export interface HccConditionDefinition {
  readonly kind: 'hcc';
  readonly label: string;
  readonly tiers: readonly HccTier[];
  /** Every V28 HCC the condition's codes may map to (a code mapping to any other V28 HCC is not used). */
  readonly v28Hccs: readonly number[];
  /** Every V24 HCC the condition's codes may map to. */
  readonly v24Hccs: readonly number[];
  /** ICD-10-CM categories (code prefixes) the codes come from, with relative weights. */
  readonly categories: readonly (readonly [string, number])[];
  /** Codes that are coded alongside the main one whenever they map (e.g. dialysis status for ESRD). */
  readonly companionCategories?: readonly string[];
}

export interface ValueSetConditionDefinition {
  readonly kind: 'valueSet';
  readonly label: string;
  /** The eCQM value set whose ICD-10-CM codes code this condition. */
  readonly valueSetOid: string;
}

export type ConditionDefinition = HccConditionDefinition | ValueSetConditionDefinition;

/** The eCQM "Essential Hypertension" value set (CMS165). */
export const ESSENTIAL_HYPERTENSION_VALUE_SET = '2.16.840.1.113883.3.464.1003.104.12.1011';

/**
 * HCC numbers checked against workers/reference/cms-hcc/hcc-labels.csv (V28 label → V24 label):
 * diabetes 36–38 → 17–19; heart failure 222/224/225/226 → 85; COPD 280 → 111; CKD stage 3–4 327–329 → 137–138;
 * CKD 5/ESRD 326 → 136 (+ dialysis status, V24 134 only); major depression 155 → 59; dementia 125–127 → 51–52;
 * specified heart arrhythmias 238 → 96; breast/prostate cancer 23 → 12; lung 20 → 9; colorectal 22 → 11;
 * myeloma 19, lymphoma 21, kidney/bladder 22 → 9–11 (other cancers); exudative macular degeneration 300 → 124;
 * rheumatoid arthritis 93 → 40.
 */
export const CONDITION_DEFINITIONS: Readonly<Record<ConditionKey, ConditionDefinition>> = {
  diabetes: {
    kind: 'hcc',
    label: 'Diabetes',
    // Most Medicare diabetics are coded without complications or with a chronic complication (CKD, neuropathy).
    tiers: [
      { v28: 38, share: 0.55 },
      { v28: 37, share: 0.42 },
      { v28: 36, share: 0.03 },
    ],
    v28Hccs: [36, 37, 38],
    v24Hccs: [17, 18, 19],
    // Type 2 dominates after 65.
    categories: [
      ['E11', 0.92],
      ['E10', 0.04],
      ['E13', 0.03],
      ['E08', 0.01],
    ],
  },
  heartFailure: {
    kind: 'hcc',
    label: 'Heart failure',
    tiers: [
      { v28: 226, share: 0.88 },
      { v28: 224, share: 0.07 },
      { v28: 225, share: 0.04 },
      { v28: 222, share: 0.01 },
    ],
    v28Hccs: [222, 224, 225, 226],
    v24Hccs: [85],
    categories: [
      ['I50', 0.85],
      ['I11', 0.12],
      ['I13', 0.03],
    ],
  },
  copd: {
    kind: 'hcc',
    label: 'COPD',
    tiers: [{ v28: 280, share: 1 }],
    v28Hccs: [280],
    v24Hccs: [111],
    categories: [
      ['J44', 0.9],
      ['J43', 0.1],
    ],
  },
  ckd: {
    kind: 'hcc',
    label: 'Chronic kidney disease, stage 3–4',
    tiers: [
      { v28: 329, share: 0.68 },
      { v28: 328, share: 0.22 },
      { v28: 327, share: 0.1 },
    ],
    v28Hccs: [327, 328, 329],
    v24Hccs: [137, 138],
    categories: [['N18', 1]],
  },
  esrd: {
    kind: 'hcc',
    label: 'End-stage renal disease',
    tiers: [{ v28: 326, share: 1 }],
    v28Hccs: [326],
    v24Hccs: [134, 136],
    categories: [['N18', 1]],
    companionCategories: ['Z99'],
  },
  depression: {
    kind: 'hcc',
    label: 'Depression',
    // Moderate/severe major depression pays in V28; mild or unspecified depression pays only in V24.
    tiers: [
      { v28: 155, share: 0.35 },
      { v28: null, share: 0.65 },
    ],
    v28Hccs: [155],
    v24Hccs: [59],
    // F31 (bipolar) would also map to V24 HCC 59 but is a CMS2 denominator exclusion: not depression.
    categories: [
      ['F32', 0.6],
      ['F33', 0.4],
    ],
  },
  dementia: {
    kind: 'hcc',
    label: 'Dementia',
    tiers: [
      { v28: 127, share: 0.65 },
      { v28: 126, share: 0.2 },
      { v28: 125, share: 0.15 },
    ],
    v28Hccs: [125, 126, 127],
    v24Hccs: [51, 52],
    categories: [
      ['F03', 0.45],
      ['G30', 0.35],
      ['F01', 0.15],
      ['F02', 0.05],
    ],
  },
  atrialFibrillation: {
    kind: 'hcc',
    label: 'Atrial fibrillation',
    tiers: [{ v28: 238, share: 1 }],
    v28Hccs: [238],
    v24Hccs: [96],
    categories: [['I48', 1]],
  },
  breastCancer: {
    kind: 'hcc',
    label: 'Breast cancer',
    tiers: [{ v28: 23, share: 1 }],
    v28Hccs: [23],
    v24Hccs: [12],
    categories: [['C50', 1]],
  },
  prostateCancer: {
    kind: 'hcc',
    label: 'Prostate cancer',
    tiers: [{ v28: 23, share: 1 }],
    v28Hccs: [23],
    v24Hccs: [12],
    categories: [['C61', 1]],
  },
  lungCancer: {
    kind: 'hcc',
    label: 'Lung cancer',
    tiers: [{ v28: 20, share: 1 }],
    v28Hccs: [20],
    v24Hccs: [9],
    categories: [['C34', 1]],
  },
  colorectalCancer: {
    kind: 'hcc',
    label: 'Colorectal cancer',
    tiers: [{ v28: 22, share: 1 }],
    v28Hccs: [22],
    v24Hccs: [11],
    categories: [
      ['C18', 0.75],
      ['C20', 0.2],
      ['C19', 0.05],
    ],
  },
  otherCancer: {
    kind: 'hcc',
    label: 'Myeloma, lymphoma, kidney or bladder cancer',
    tiers: [
      { v28: 19, share: 0.25 },
      { v28: 21, share: 0.45 },
      { v28: 22, share: 0.3 },
    ],
    v28Hccs: [19, 21, 22],
    v24Hccs: [9, 10, 11],
    categories: [
      ['C90', 0.25],
      ['C82', 0.15],
      ['C83', 0.15],
      ['C85', 0.15],
      ['C64', 0.12],
      ['C67', 0.18],
    ],
  },
  macularDegeneration: {
    kind: 'hcc',
    label: 'Exudative macular degeneration',
    tiers: [{ v28: 300, share: 1 }],
    v28Hccs: [300],
    v24Hccs: [124],
    categories: [['H3532', 1]],
  },
  rheumatoidArthritis: {
    kind: 'hcc',
    label: 'Rheumatoid arthritis',
    tiers: [{ v28: 93, share: 1 }],
    v28Hccs: [93],
    v24Hccs: [40],
    categories: [
      ['M05', 0.45],
      ['M06', 0.55],
    ],
  },
  hypertension: { kind: 'valueSet', label: 'Essential hypertension', valueSetOid: ESSENTIAL_HYPERTENSION_VALUE_SET },
};

/**
 * How a condition's odds vary with age band, dual status and disability (relative risks on the odds scale)
 * and how strongly it loads on the member's latent frailty. These shape who has what; the overall prevalence is
 * set separately (profile) and the intercept solved so the population average hits it. The shapes are general
 * epidemiology (dementia and heart failure climb steeply with age, depression is commoner among the disabled
 * and duals), not published ACO figures.
 */
export interface ConditionRiskShape {
  readonly byAgeBand: Readonly<Record<AgeBand, number>>;
  readonly dual: number;
  readonly disabled: number;
  readonly frailtyLoading: number;
  readonly sex?: 'F' | 'M';
}

const flatAge: Record<AgeBand, number> = { '0-64': 1, '65-74': 1, '75-84': 1, '85+': 1 };

export const CONDITION_RISK_SHAPES: Readonly<Record<ConditionKey, ConditionRiskShape>> = {
  diabetes: {
    byAgeBand: { '0-64': 0.9, '65-74': 1, '75-84': 1.05, '85+': 0.8 },
    dual: 1.5,
    disabled: 1.1,
    frailtyLoading: 0.55,
  },
  heartFailure: {
    byAgeBand: { '0-64': 0.45, '65-74': 0.6, '75-84': 1.3, '85+': 2.4 },
    dual: 1.4,
    disabled: 1.1,
    frailtyLoading: 0.8,
  },
  copd: {
    byAgeBand: { '0-64': 1.1, '65-74': 1, '75-84': 1.1, '85+': 0.9 },
    dual: 1.6,
    disabled: 1.3,
    frailtyLoading: 0.6,
  },
  ckd: {
    byAgeBand: { '0-64': 0.5, '65-74': 0.7, '75-84': 1.3, '85+': 2 },
    dual: 1.3,
    disabled: 1,
    frailtyLoading: 0.65,
  },
  esrd: { byAgeBand: flatAge, dual: 1, disabled: 1, frailtyLoading: 0 },
  depression: {
    byAgeBand: { '0-64': 1.6, '65-74': 1, '75-84': 1, '85+': 1.2 },
    dual: 1.8,
    disabled: 2.2,
    frailtyLoading: 0.5,
  },
  dementia: {
    byAgeBand: { '0-64': 0.15, '65-74': 0.3, '75-84': 1.4, '85+': 4.5 },
    dual: 1.7,
    disabled: 1,
    frailtyLoading: 0.6,
  },
  atrialFibrillation: {
    byAgeBand: { '0-64': 0.25, '65-74': 0.65, '75-84': 1.5, '85+': 2.4 },
    dual: 1,
    disabled: 1,
    frailtyLoading: 0.45,
  },
  breastCancer: {
    byAgeBand: { '0-64': 0.5, '65-74': 1, '75-84': 1.15, '85+': 1.1 },
    dual: 0.9,
    disabled: 1,
    frailtyLoading: 0.15,
    sex: 'F',
  },
  prostateCancer: {
    byAgeBand: { '0-64': 0.3, '65-74': 0.9, '75-84': 1.3, '85+': 1.3 },
    dual: 0.9,
    disabled: 1,
    frailtyLoading: 0.15,
    sex: 'M',
  },
  lungCancer: {
    byAgeBand: { '0-64': 0.5, '65-74': 1, '75-84': 1.15, '85+': 0.8 },
    dual: 1.4,
    disabled: 1,
    frailtyLoading: 0.4,
  },
  colorectalCancer: {
    byAgeBand: { '0-64': 0.4, '65-74': 0.85, '75-84': 1.2, '85+': 1.4 },
    dual: 1.1,
    disabled: 1,
    frailtyLoading: 0.3,
  },
  otherCancer: {
    byAgeBand: { '0-64': 0.4, '65-74': 0.9, '75-84': 1.2, '85+': 1.2 },
    dual: 1,
    disabled: 1,
    frailtyLoading: 0.3,
  },
  macularDegeneration: {
    byAgeBand: { '0-64': 0.05, '65-74': 0.4, '75-84': 1.5, '85+': 3.5 },
    dual: 1,
    disabled: 1,
    frailtyLoading: 0.1,
  },
  rheumatoidArthritis: {
    byAgeBand: { '0-64': 1, '65-74': 1, '75-84': 1, '85+': 0.8 },
    dual: 1.2,
    disabled: 1.4,
    frailtyLoading: 0.3,
  },
  hypertension: {
    byAgeBand: { '0-64': 0.6, '65-74': 0.9, '75-84': 1.15, '85+': 1.2 },
    dual: 1.3,
    disabled: 1,
    frailtyLoading: 0.45,
  },
};

/** Odds-scale relative risk of a condition for a member's demographics (0 when the condition cannot apply). */
export function conditionOddsRatio(
  condition: ConditionKey,
  member: { ageBand: AgeBand; sex: 'F' | 'M'; dual: boolean; type: EnrollmentType },
): number {
  const shape = CONDITION_RISK_SHAPES[condition];
  if (shape.sex !== undefined && shape.sex !== member.sex) {
    return 0;
  }
  return (
    shape.byAgeBand[member.ageBand] * (member.dual ? shape.dual : 1) * (member.type === 'disabled' ? shape.disabled : 1)
  );
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The intercept that makes the average of logistic(intercept + ln(oddsRatio) + loading · z) over a sample equal
 * the target prevalence (bisection; the average is monotone in the intercept).
 */
export function solveIntercept(
  target: number,
  sample: readonly { readonly logOdds: number; readonly z: number }[],
  loading: number,
): number {
  if (sample.length === 0 || target <= 0) {
    return -Infinity;
  }
  let low = -20;
  let high = 20;
  for (let i = 0; i < 60; i += 1) {
    const mid = (low + high) / 2;
    let sum = 0;
    for (const s of sample) {
      sum += logistic(mid + s.logOdds + loading * s.z);
    }
    if (sum / sample.length < target) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return (low + high) / 2;
}

/** Standard normal quantiles at the midpoints of 200 equal-probability slices: a fixed quadrature grid. */
const NORMAL_GRID: readonly number[] = Array.from({ length: 200 }, (_, i) => inverseNormal((i + 0.5) / 200));

/**
 * The logit such that logistic(logit + sigma · Z), Z standard normal, averages exactly `target` — so a
 * propensity that varies between members still hits the published rate on average.
 */
export function meanPreservingLogit(target: number, sigma: number): number {
  const key = `${target}:${sigma}`;
  const cached = logitCache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  let low = -20;
  let high = 20;
  for (let i = 0; i < 60; i += 1) {
    const mid = (low + high) / 2;
    const mean = NORMAL_GRID.reduce((sum, z) => sum + logistic(mid + sigma * z), 0) / NORMAL_GRID.length;
    if (mean < target) {
      low = mid;
    } else {
      high = mid;
    }
  }
  const logit = (low + high) / 2;
  logitCache.set(key, logit);
  return logit;
}

const logitCache = new Map<string, number>();

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = a;
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = b;
  const [c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0] = c;
  const [d0 = 0, d1 = 0, d2 = 0, d3 = 0] = d;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}
