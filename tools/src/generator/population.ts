/**
 * Who the members are and how their Medicare coverage unfolds: demographics (enrolment type, age, sex, dual
 * status, OREC, institutional status), chronic conditions with multimorbidity, care preferences, and the month-by-
 * month life course (entry, Medicare Advantage and Part B gaps, dual-status gaps, hospice and death). Every member
 * is drawn from their own sub-seed, in named streams, so members are independent of each other and of the window
 * length. The population model is calibrated once per profile on a fixed internal sample (condition intercepts,
 * mortality scale, intensity normalisers) so the published averages hold whatever the seed.
 */
import { ageOn, dayNumber, firstDayOfMonth, lastDayOfMonth, monthIndex, monthOfDay, yearOfMonth } from './calendar.js';
import {
  CONDITION_DEFINITIONS,
  CONDITION_RISK_SHAPES,
  conditionOddsRatio,
  logistic,
  meanPreservingLogit,
  solveIntercept,
} from './conditions.js';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './names.js';
import { activeClinician, type Clinician, type Practice, type ProviderNetwork } from './network.js';
import { CKD_STAGE_3_PLUS_SHARE, type GeneratorProfile } from './profile.js';
import { labelHash, mixSeed, Random, WeightedTable } from './random.js';
import { ageBandOf, CONDITION_KEYS, type ConditionKey, type EnrollmentType } from './types.js';

/** Stream labels, hashed once. */
export const STREAM = {
  demographics: labelHash('demographics'),
  names: labelHash('names'),
  conditions: labelHash('conditions'),
  onset: labelHash('onset'),
  care: labelHash('care'),
  screening: labelHash('screening'),
  life: labelHash('life'),
  spells: labelHash('spells'),
  year: labelHash('year'),
  calibration: labelHash('calibration'),
} as const;

/** Coverage spells (Medicare Advantage, Part B gaps, dual-status gaps) start within this many months of the window's start. */
const SPELL_SPAN_MONTHS = 60;

/** How far past the window's end the life course is simulated, so the live feed stays consistent with the batch. */
export const LIFE_COURSE_HORIZON_MONTHS = 36;

export interface ConditionState {
  readonly key: ConditionKey;
  /** First day the condition exists (may be years before the window). */
  readonly onsetDay: number;
  /** Index of the HCC tier the member's codes come from (severity). */
  readonly tier: number;
  /** False for CKD stage 1–2 (no HCC code on claims). */
  readonly coded: boolean;
}

export interface CarePreferences {
  readonly usualPractice: Practice;
  readonly usualClinicianIndex: number;
  readonly usualIsNpp: boolean;
  /** Share of primary care visits at the usual practice. */
  readonly loyalty: number;
  /** Chance an outside visit goes to a participant practice rather than an outside one. */
  readonly strayToParticipant: number;
  readonly hospitalIndex: number;
  readonly specialistIndex: number;
  /** Prefers participant specialists. */
  readonly participantSpecialists: boolean;
}

export interface ScreeningTraits {
  /** Propensity to have an annual wellness visit in a year. */
  readonly awvPropensity: number;
  readonly depressionScreenPropensity: number;
  /** Regular mammography screener and the interval between screens, in months. */
  readonly mammographyIntervalMonths: number | undefined;
  readonly mammographyPhase: number;
  readonly colorectalModality: 'colonoscopy' | 'fit' | 'sdnaFit' | 'none';
  /** Day of the last colonoscopy / sDNA-FIT before the window (for modalities with long lookbacks). */
  readonly colorectalLastDay: number | undefined;
  /** The member's usual HbA1c level (%), for diabetics. */
  readonly hba1cBaseline: number;
  /** Chance a given blood-pressure reading is below 140/90. */
  readonly bpControlPropensity: number;
  readonly untestedForHba1c: number;
}

export interface MemberTraits {
  readonly index: number;
  readonly memberSeed: number;
  readonly sex: 'F' | 'M';
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDay: number;
  readonly stateCode: string;
  readonly countyFips: string;
  /** Enrolment basis before age 65: disabled, ESRD, or neither (aged in). */
  readonly basis: 'aged' | 'disabled' | 'esrd';
  readonly orec: '0' | '1' | '2' | '3';
  readonly dualCode: string | undefined;
  readonly institutional: boolean;
  readonly frailty: number;
  readonly persistentIntensity: number;
  readonly conditions: readonly ConditionState[];
  readonly entryMonth: number;
  readonly care: CarePreferences;
  readonly screening: ScreeningTraits;
  readonly usesOxygen: boolean;
  readonly usesCgm: boolean;
  readonly voluntaryAlignment: { readonly clinician: Clinician; readonly day: number } | undefined;
}

export interface MonthStatus {
  readonly month: number;
  readonly enrolled: boolean;
  readonly partA: boolean;
  readonly partB: boolean;
  readonly medicareAdvantage: boolean;
  readonly dualCode: string | undefined;
  readonly institutional: boolean;
  readonly hospice: boolean;
  readonly age: number;
  readonly type: EnrollmentType;
  /** Months until the death month (0 = dies this month); undefined when the member outlives the horizon. */
  readonly monthsToDeath: number | undefined;
}

export interface LifeCourse {
  readonly firstMonth: number;
  readonly months: readonly MonthStatus[];
  readonly deathDay: number | undefined;
  readonly hospiceStartDay: number | undefined;
}

/** Everything calibrated once per profile: condition intercepts, mortality scale and intensity normalisers. */
export interface PopulationModel {
  readonly profile: GeneratorProfile;
  readonly conditionIntercepts: ReadonlyMap<ConditionKey, number>;
  readonly institutionalIntercept: number;
  readonly mortalityScale: number;
  /** E[(intensity)^γ] over the population, by γ, so a stream's average rate equals its target. */
  intensityNorm(gamma: number): number;
}

const CALIBRATION_SAMPLE = 6000;
const MORTALITY_DRIFT_CORRECTION = 0.92;
const CALIBRATION_SEED = 0x5eed_ac0;

interface Demographics {
  readonly sex: 'F' | 'M';
  readonly basis: 'aged' | 'disabled' | 'esrd';
  readonly ageAtStart: number;
  readonly dual: boolean;
  readonly fullBenefit: boolean;
  readonly frailty: number;
  readonly newEnrollee: boolean;
}

function drawDemographics(profile: GeneratorProfile, random: Random): Demographics {
  const pop = profile.population;
  const type = new WeightedTable(Object.entries(pop.enrollmentMix) as [EnrollmentType, number][]).pick(random);
  const sex = random.chance(pop.femaleShare) ? 'F' : 'M';
  const newEnrollee = (type === 'agedDual' || type === 'agedNonDual') && random.chance(pop.newEnrolleeShare);
  let basis: Demographics['basis'] = 'aged';
  let age: number;
  if (type === 'disabled') {
    basis = 'disabled';
    age = drawAgeInBands(random, pop.disabledAgeBands);
  } else if (type === 'esrd') {
    basis = 'esrd';
    age = random.chance(pop.esrdUnder65Share)
      ? drawAgeInBands(random, pop.disabledAgeBands)
      : drawAgeInBands(random, pop.agedAgeBands);
  } else {
    age = newEnrollee ? 64 : drawAgeInBands(random, pop.agedAgeBands);
  }
  const dual =
    type === 'agedDual' || ((type === 'disabled' || type === 'esrd') && random.chance(pop.dualShareOfDisabledAndEsrd));
  const fullBenefit = dual && random.chance(pop.fullBenefitShareOfDuals);
  return { sex, basis, ageAtStart: age, dual, fullBenefit, frailty: random.normal(), newEnrollee };
}

/**
 * A member's entitlement basis and dual status as drawn at the window's start — the first draws of their
 * demographics stream, so far cheaper than their traits or life course. For sampling members by enrolment type
 * (the rare types, ESRD above all, without generating everyone): `drawMemberTraits` makes the same draws.
 */
export function drawnBasis(
  seed: number,
  index: number,
  profile: GeneratorProfile,
): { readonly basis: 'aged' | 'disabled' | 'esrd'; readonly dual: boolean } {
  const { basis, dual } = drawDemographics(profile, Random.of(mixSeed(seed, index), STREAM.demographics));
  return { basis, dual };
}

/** An age within weighted [first, last] bands; ages inside a band thin out with age (survival). */
function drawAgeInBands(random: Random, bands: readonly (readonly [number, number, number])[]): number {
  const band = new WeightedTable(bands.map((b) => [b, b[2]] as const)).pick(random);
  const [first, last] = band;
  const span = last - first + 1;
  // Inside a band, survival thins each older year by ~7% (a gentle slope within 65–74, steeper above 85).
  const decay = first >= 85 ? 0.85 : first >= 65 ? 0.96 : 1.03;
  const table = new WeightedTable(Array.from({ length: span }, (_, k) => [first + k, decay ** k] as const));
  return table.pick(random);
}

function enrollmentTypeOf(basis: Demographics['basis'], age: number, dual: boolean): EnrollmentType {
  if (basis === 'esrd') {
    return 'esrd';
  }
  if (age < 65) {
    return 'disabled';
  }
  return dual ? 'agedDual' : 'agedNonDual';
}

interface ConditionDraw {
  readonly present: boolean;
  readonly probability: number;
}

function conditionLogOdds(key: ConditionKey, demo: Demographics): number {
  const type = enrollmentTypeOf(demo.basis, demo.ageAtStart, demo.dual);
  const ratio = conditionOddsRatio(key, { ageBand: ageBandOf(demo.ageAtStart), sex: demo.sex, dual: demo.dual, type });
  return ratio > 0 ? Math.log(ratio) : -Infinity;
}

function drawCondition(key: ConditionKey, demo: Demographics, model: PopulationModel, random: Random): ConditionDraw {
  if (key === 'esrd') {
    return { present: demo.basis === 'esrd', probability: demo.basis === 'esrd' ? 1 : 0 };
  }
  if (key === 'ckd' && demo.basis === 'esrd') {
    return { present: false, probability: 0 };
  }
  const intercept = model.conditionIntercepts.get(key) ?? -Infinity;
  const probability = logistic(
    intercept + conditionLogOdds(key, demo) + CONDITION_RISK_SHAPES[key].frailtyLoading * demo.frailty,
  );
  return { present: random.chance(probability), probability };
}

/** Calibrates the population model for a profile on a fixed internal sample (same result for every seed). */
export function calibratePopulationModel(profile: GeneratorProfile): PopulationModel {
  const sample: Demographics[] = [];
  for (let i = 0; i < CALIBRATION_SAMPLE; i += 1) {
    sample.push(drawDemographics(profile, Random.of(CALIBRATION_SEED, STREAM.calibration, i)));
  }
  const intercepts = new Map<ConditionKey, number>();
  for (const key of CONDITION_KEYS) {
    if (key === 'esrd') {
      continue;
    }
    const shape = CONDITION_RISK_SHAPES[key];
    const eligible = sample.filter(
      (d) => (shape.sex === undefined || d.sex === shape.sex) && !(key === 'ckd' && d.basis === 'esrd'),
    );
    const prevalence = profile.conditions[key].prevalence;
    intercepts.set(
      key,
      solveIntercept(
        prevalence,
        eligible.map((d) => ({ logOdds: conditionLogOdds(key, d), z: d.frailty })),
        shape.frailtyLoading,
      ),
    );
  }
  const partial: PopulationModel = {
    profile,
    conditionIntercepts: intercepts,
    institutionalIntercept: 0,
    mortalityScale: 1,
    intensityNorm: () => 1,
  };
  // Long-term institutional status concentrates in the oldest, the duals and the frail (shape: assumption).
  const institutionalLogOdds = (d: Demographics): number =>
    Math.log((d.ageAtStart >= 85 ? 6 : d.ageAtStart >= 75 ? 2 : 1) * (d.dual ? 4 : 1));
  const institutionalIntercept = solveIntercept(
    profile.population.longTermInstitutionalShare,
    sample.map((d) => ({ logOdds: institutionalLogOdds(d), z: d.frailty })),
    0.8,
  );
  const withConditions = sample.map((d, i) => {
    const random = Random.of(CALIBRATION_SEED, STREAM.conditions, i);
    const present = CONDITION_KEYS.filter((key) => drawCondition(key, d, partial, random).present);
    const institutional = random.chance(logistic(institutionalIntercept + institutionalLogOdds(d) + 0.8 * d.frailty));
    const persistent = random.lognormalMean(1, profile.model.persistentSigma);
    return { d, present, institutional, persistent };
  });

  const baseHazards = withConditions.map(({ d, present, institutional }) =>
    baseAnnualMortality(profile, d.basis, d.ageAtStart, present, institutional),
  );
  // Members age and gain conditions over the window, so the hazard at the window's start is set ~8% below the
  // target (tuned) for the realised mortality to average it.
  const target = profile.population.annualMortality * MORTALITY_DRIFT_CORRECTION;
  let scale = target / (baseHazards.reduce((a, b) => a + b, 0) / baseHazards.length);
  for (let k = 0; k < 3; k += 1) {
    const mean = baseHazards.reduce((a, b) => a + Math.min(0.8, b * scale), 0) / baseHazards.length;
    scale *= target / mean;
  }

  const intensities = withConditions.map(({ d, present, institutional, persistent }) => {
    const type = enrollmentTypeOf(d.basis, d.ageAtStart, d.dual);
    return (
      staticIntensity(profile, type, d.ageAtStart, institutional) *
      present.reduce((product, key) => product * profile.conditions[key].intensityWeight, 1) *
      persistent
    );
  });
  const norms = new Map<number, number>();
  const yearSigma = profile.model.yearSigma;
  return {
    ...partial,
    institutionalIntercept,
    mortalityScale: scale,
    intensityNorm(gamma: number): number {
      let norm = norms.get(gamma);
      if (norm === undefined) {
        const mean = intensities.reduce((a, x) => a + x ** gamma, 0) / intensities.length;
        // The yearly shock is lognormal with mean 1; its γ-th moment is exp(σ²γ(γ−1)/2).
        norm = mean * Math.exp((yearSigma * yearSigma * gamma * (gamma - 1)) / 2);
        norms.set(gamma, norm);
      }
      return norm;
    },
  };
}

function staticIntensity(profile: GeneratorProfile, type: EnrollmentType, age: number, institutional: boolean): number {
  const ageFactor = age >= 65 ? Math.exp(profile.model.ageIntensityPerYear * (age - 75)) : 1;
  return profile.model.typeIntensity[type] * ageFactor * (institutional ? profile.model.institutionalIntensity : 1);
}

function baseAnnualMortality(
  profile: GeneratorProfile,
  basis: Demographics['basis'],
  age: number,
  conditions: readonly ConditionKey[],
  institutional: boolean,
): number {
  const ageTerm = Math.exp(profile.population.mortalityAgeSlope * (Math.max(age, 60) - 65));
  const conditionTerm = conditions.reduce((p, key) => p * profile.conditions[key].mortalityWeight, 1);
  // Dialysis mortality is several times that of the aged (≈ 15–20%/yr; assumption, not in the facts).
  const basisTerm = basis === 'esrd' ? 4 : basis === 'disabled' ? 1.3 : 1;
  return ageTerm * conditionTerm * basisTerm * (institutional ? 2 : 1);
}

/** Draws a member's traits: pure in (seed, index, profile, network, window). */
export function drawMemberTraits(
  seed: number,
  index: number,
  model: PopulationModel,
  network: ProviderNetwork,
  windowStartMonth: number,
  windowEndMonth: number,
): MemberTraits {
  const profile = model.profile;
  const memberSeed = mixSeed(seed, index);
  const demo = drawDemographics(profile, Random.of(memberSeed, STREAM.demographics));
  const windowStartDay = firstDayOfMonth(windowStartMonth);

  // Entry: new enrollees are 64 at the window's start and join in the month they turn 65, within the first
  // year (independent of the window's end, so a longer window never changes an earlier member); everyone else is
  // enrolled from the window's start.
  const names = Random.of(memberSeed, STREAM.names);
  let entryMonth = windowStartMonth;
  let birthDay: number;
  const entryOffset = names.int(1, 11);
  if (demo.newEnrollee && windowEndMonth > windowStartMonth) {
    entryMonth = Math.min(windowEndMonth, windowStartMonth + entryOffset);
    const entryYear = yearOfMonth(entryMonth);
    const month = entryMonth - monthIndex(entryYear, 1) + 1;
    birthDay = dayNumber(entryYear - 65, month, names.int(2, 28));
  } else {
    // Born within the year before the age-th birthday falls on the window's first day.
    const startYear = yearOfMonth(windowStartMonth);
    const startMonthOfYear = windowStartMonth - monthIndex(startYear, 1) + 1;
    birthDay = dayNumber(startYear - demo.ageAtStart - 1, startMonthOfYear, 1) + 1 + Math.floor(names.float() * 364);
  }
  const givenName = names.pick(demo.sex === 'F' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
  const familyName = names.pick(FAMILY_NAMES);
  const residence = new WeightedTable(profile.population.residence.map((r) => [r, r[2]] as const)).pick(names);

  const conditionRandom = Random.of(memberSeed, STREAM.conditions);
  const conditions: ConditionState[] = [];
  const present: ConditionKey[] = [];
  for (const key of CONDITION_KEYS) {
    const draw = drawCondition(key, demo, model, conditionRandom);
    const tierRandom = conditionRandom.float();
    const codedRandom = conditionRandom.float();
    const onsetYearsAgo = conditionRandom.float();
    let onsetDay: number | undefined;
    if (draw.present) {
      onsetDay = windowStartDay - 30 - Math.floor(onsetYearsAgo * 365 * 12);
    } else if (draw.probability > 0) {
      // Incidence: a yearly hazard proportional to the member's own risk, drawn per calendar year.
      const hazard = Math.min(0.5, draw.probability * profile.model.conditionIncidenceShare);
      for (
        let year = yearOfMonth(windowStartMonth);
        year <= yearOfMonth(windowEndMonth + LIFE_COURSE_HORIZON_MONTHS);
        year += 1
      ) {
        const onset = Random.of(memberSeed, STREAM.onset, CONDITION_KEYS.indexOf(key), year);
        if (onset.chance(hazard)) {
          onsetDay = Math.max(dayNumber(year, 1, 1), windowStartDay) + onset.int(0, 364);
          break;
        }
      }
    }
    if (onsetDay === undefined) {
      continue;
    }
    const definition = CONDITION_DEFINITIONS[key];
    let tier = 0;
    if (definition.kind === 'hcc') {
      let cumulative = 0;
      tier = definition.tiers.length - 1;
      for (let t = 0; t < definition.tiers.length; t += 1) {
        cumulative += definition.tiers[t]?.share ?? 0;
        if (tierRandom < cumulative) {
          tier = t;
          break;
        }
      }
    }
    const coded = key !== 'ckd' || codedRandom < CKD_STAGE_3_PLUS_SHARE;
    conditions.push({ key, onsetDay, tier, coded });
    if (draw.present) {
      present.push(key);
    }
  }
  const institutionalLogOdds = Math.log(
    (demo.ageAtStart >= 85 ? 6 : demo.ageAtStart >= 75 ? 2 : 1) * (demo.dual ? 4 : 1),
  );
  const institutional = conditionRandom.chance(
    logistic(model.institutionalIntercept + institutionalLogOdds + 0.8 * demo.frailty),
  );
  const persistentIntensity = conditionRandom.lognormalMean(1, profile.model.persistentSigma);

  const pop = profile.population;
  const dualCode = demo.dual
    ? new WeightedTable(demo.fullBenefit ? pop.fullBenefitDualCodes : pop.partialBenefitDualCodes).pick(conditionRandom)
    : undefined;
  const orec = originalReasonForEntitlement(demo, conditionRandom.float(), pop.originallyDisabledShareOfAged);

  const care = drawCarePreferences(memberSeed, profile, network, institutional);
  const screening = drawScreeningTraits(memberSeed, profile, conditions, demo.sex, windowStartDay);
  const dmeRandom = Random.of(memberSeed, STREAM.care, 1);
  const has = (key: ConditionKey): boolean => conditions.some((c) => c.key === key);
  const usesOxygen = has('copd') && dmeRandom.chance(profile.model.oxygenShareOfCopd);
  const usesCgm = has('diabetes') && dmeRandom.chance(profile.model.cgmShareOfDiabetes);
  let voluntaryAlignment: MemberTraits['voluntaryAlignment'];
  if (dmeRandom.chance(pop.voluntaryAlignmentShare)) {
    const list = care.usualIsNpp ? care.usualPractice.npps : care.usualPractice.pcps;
    const clinician = activeClinician(list, care.usualClinicianIndex, windowStartDay);
    if (clinician !== undefined) {
      voluntaryAlignment = { clinician, day: windowStartDay - dmeRandom.int(30, 900) };
    }
  }

  return {
    index,
    memberSeed,
    sex: demo.sex,
    givenName,
    familyName,
    birthDay,
    stateCode: residence[0],
    countyFips: residence[1],
    basis: demo.basis,
    orec,
    dualCode,
    institutional,
    frailty: demo.frailty,
    persistentIntensity,
    conditions,
    entryMonth,
    care,
    screening,
    usesOxygen,
    usesCgm,
    voluntaryAlignment,
  };
}

/**
 * OREC: disabled members entered on disability; ESRD members on ESRD (3 when also disabled; assumption: 30% of the
 * under-65, while 60% of aged ESRD members aged in first); the aged mostly on age, 10% originally disabled (S8).
 */
function originalReasonForEntitlement(
  demo: Demographics,
  roll: number,
  originallyDisabledShare: number,
): MemberTraits['orec'] {
  if (demo.basis === 'disabled') {
    return '1';
  }
  if (demo.basis === 'esrd') {
    return demo.ageAtStart < 65 ? (roll < 0.3 ? '3' : '2') : roll < 0.6 ? '0' : '2';
  }
  return roll < originallyDisabledShare ? '1' : '0';
}

function drawCarePreferences(
  memberSeed: number,
  profile: GeneratorProfile,
  network: ProviderNetwork,
  institutional: boolean,
): CarePreferences {
  const random = Random.of(memberSeed, STREAM.care);
  const model = profile.model;
  let usualPractice: Practice;
  const roll = random.float();
  if (roll < model.fqhcUsualShare) {
    usualPractice = network.fqhc;
  } else if (roll < model.fqhcUsualShare + (1 - model.fqhcUsualShare) * model.usualPracticeParticipantShare) {
    usualPractice = network.participantPracticeTable.pick(random);
  } else {
    usualPractice = network.outsidePracticeTable.pick(random);
  }
  const usualIsNpp = random.chance(model.nppUsualClinicianShare) && usualPractice.npps.length > 0;
  const list = usualIsNpp ? usualPractice.npps : usualPractice.pcps;
  // Loyalty: a Beta-like spread around the mean; nursing-home residents see their facility's clinician.
  const loyalty = institutional ? 0.95 : Math.min(0.99, Math.max(0.2, model.loyaltyMean + 0.18 * random.normal()));
  return {
    usualPractice,
    usualClinicianIndex: random.int(0, Math.max(0, list.length - 1)),
    usualIsNpp,
    loyalty,
    strayToParticipant: usualPractice.participant ? 0.45 : 0.25,
    hospitalIndex: random.int(0, 1000),
    specialistIndex: random.int(0, 1000),
    participantSpecialists: random.chance(usualPractice.participant ? 0.45 : 0.15),
  };
}

function drawScreeningTraits(
  memberSeed: number,
  profile: GeneratorProfile,
  conditions: readonly ConditionState[],
  sex: 'F' | 'M',
  windowStartDay: number,
): ScreeningTraits {
  const random = Random.of(memberSeed, STREAM.screening);
  const quality = profile.quality;
  // Engagement: some members do every preventive service and some none, so AWV, screenings and tests correlate.
  // Each propensity averages its published rate over the population (meanPreservingLogit).
  const engagement = random.normal();
  const engaged = (rate: number, strength: number): number =>
    logistic(meanPreservingLogit(rate, strength) + strength * engagement);
  // Regular screeners: biennial ones always have a mammogram in the 27-month lookback; a few lapse (MA months).
  const mammographyRegular =
    sex === 'F' && random.float() < engaged(Math.min(0.97, quality.breastCancerScreening + 0.02), 1.2);
  const colorectalScreened = random.float() < engaged(Math.min(0.97, quality.colorectalScreening + 0.02), 1.2);
  const modalityRoll = random.float();
  const colorectalModality = !colorectalScreened
    ? 'none'
    : modalityRoll < 0.66
      ? 'colonoscopy'
      : modalityRoll < 0.84
        ? 'sdnaFit'
        : 'fit';
  const lookbackYears = colorectalModality === 'colonoscopy' ? 10 : colorectalModality === 'sdnaFit' ? 3 : 1;
  const colorectalLastDay =
    colorectalModality === 'none' ? undefined : windowStartDay - 1 - Math.floor(random.float() * lookbackYears * 365);
  // HbA1c: most diabetics sit at 6.5–8%, a tail is poorly controlled (§5 Q001 ≈ 8.9%, counting the untested).
  const diabetes = conditions.some((c) => c.key === 'diabetes');
  // Members who join late in a year also go untested that year (~1 point of the measure; tuned).
  const poorShare = (quality.hba1cPoorControl - quality.hba1cUntestedShare - 0.01) / (1 - quality.hba1cUntestedShare);
  const poor = random.chance(poorShare);
  const hba1cBaseline = !diabetes ? 5.4 : poor ? 9.7 + random.float() * 1.6 : 6.3 + Math.abs(random.normal()) * 0.8;
  const bpSigma = 1.6;
  const bpControlPropensity = logistic(
    meanPreservingLogit(quality.bloodPressureControlled, bpSigma) + bpSigma * random.normal(),
  );
  return {
    awvPropensity: engaged(profile.utilization.annualWellnessVisitShare, 1.8),
    depressionScreenPropensity: engaged(quality.depressionScreening, 1.2),
    mammographyIntervalMonths: mammographyRegular ? (random.chance(0.55) ? 12 : 24) : undefined,
    mammographyPhase: random.int(0, 23),
    colorectalModality,
    colorectalLastDay,
    hba1cBaseline,
    bpControlPropensity,
    untestedForHba1c: random.float(),
  };
}

/** The member's coverage month by month, from the window's start to the life-course horizon. */
export function simulateLifeCourse(
  traits: MemberTraits,
  model: PopulationModel,
  windowStartMonth: number,
  horizonMonth: number,
): LifeCourse {
  const profile = model.profile;
  const pop = profile.population;
  const spells = Random.of(traits.memberSeed, STREAM.spells);
  // Spells start within a fixed span from the window's start, whatever the window's length or horizon.
  const span = SPELL_SPAN_MONTHS;
  const maStart = spells.chance(pop.medicareAdvantageSpellShare)
    ? traits.entryMonth + spells.int(1, Math.max(1, span - 1))
    : undefined;
  const maEnd =
    maStart === undefined ? undefined : spells.chance(0.5) ? Number.POSITIVE_INFINITY : maStart + spells.int(3, 14);
  const partBGapStart = spells.chance(pop.partBGapShare)
    ? traits.entryMonth + spells.int(0, Math.max(0, span - 1))
    : undefined;
  const partBGapEnd = partBGapStart === undefined ? undefined : partBGapStart + spells.int(0, 3);
  const dualGapStart =
    traits.dualCode !== undefined && spells.chance(pop.dualStatusGapShare)
      ? traits.entryMonth + spells.int(0, Math.max(0, span - 1))
      : undefined;
  const dualGapEnd = dualGapStart === undefined ? undefined : dualGapStart + spells.int(0, 2);
  const hospiceRoll = spells.float();
  const hospiceDaysRoll = spells.normal();

  // Death: a monthly hazard from each month's own stream, so months after it never change earlier ones.
  let deathDay: number | undefined;
  for (let month = traits.entryMonth; month <= horizonMonth; month += 1) {
    const age = ageOn(traits.birthDay, lastDayOfMonth(month));
    const active = traits.conditions.filter((c) => c.onsetDay <= lastDayOfMonth(month)).map((c) => c.key);
    const annual = Math.min(
      0.8,
      model.mortalityScale * baseAnnualMortality(profile, traits.basis, age, active, traits.institutional),
    );
    const monthly = 1 - (1 - annual) ** (1 / 12);
    const random = Random.of(traits.memberSeed, STREAM.life, month);
    if (random.chance(monthly)) {
      deathDay = firstDayOfMonth(month) + random.int(0, lastDayOfMonth(month) - firstDayOfMonth(month));
      break;
    }
  }
  const deathMonth = deathDay === undefined ? undefined : monthOfDay(deathDay);

  let hospiceStartDay: number | undefined;
  if (deathDay !== undefined) {
    const terminal = traits.conditions.some(
      (c) => c.key === 'dementia' || c.key === 'lungCancer' || c.key === 'heartFailure',
    );
    if (hospiceRoll < pop.hospiceUseAmongDecedents * (terminal ? 1.25 : 0.8)) {
      const days = Math.min(
        365,
        Math.max(1, Math.round(pop.hospiceMedianDays * Math.exp(pop.hospiceDaysSigma * hospiceDaysRoll))),
      );
      hospiceStartDay = Math.max(firstDayOfMonth(traits.entryMonth), deathDay - days);
    }
  }

  const months: MonthStatus[] = [];
  for (let month = windowStartMonth; month <= horizonMonth; month += 1) {
    const enrolled = month >= traits.entryMonth && (deathMonth === undefined || month <= deathMonth);
    const age = ageOn(traits.birthDay, lastDayOfMonth(month));
    const inMa = maStart !== undefined && maEnd !== undefined && month >= maStart && month <= maEnd;
    const partBGap =
      partBGapStart !== undefined && partBGapEnd !== undefined && month >= partBGapStart && month <= partBGapEnd;
    const dualGap =
      dualGapStart !== undefined && dualGapEnd !== undefined && month >= dualGapStart && month <= dualGapEnd;
    const dualCode = dualGap ? undefined : traits.dualCode;
    const hospice =
      hospiceStartDay !== undefined &&
      month >= monthOfDay(hospiceStartDay) &&
      deathMonth !== undefined &&
      month <= deathMonth;
    months.push({
      month,
      enrolled,
      partA: enrolled,
      partB: enrolled && !partBGap,
      medicareAdvantage: enrolled && inMa,
      dualCode,
      institutional: traits.institutional,
      hospice,
      age,
      type: enrollmentTypeOf(traits.basis, age, dualCode !== undefined),
      monthsToDeath: deathMonth === undefined ? undefined : deathMonth - month,
    });
  }
  return { firstMonth: windowStartMonth, months, deathDay, hospiceStartDay };
}

/** The month's status, or undefined outside the simulated span. */
export function statusOf(life: LifeCourse, month: number): MonthStatus | undefined {
  return life.months[month - life.firstMonth];
}

/** Conditions active on a day. */
export function activeConditions(traits: MemberTraits, day: number): ConditionState[] {
  return traits.conditions.filter((c) => c.onsetDay <= day);
}

/**
 * The member's care intensity in a month relative to the population average (before the per-stream γ and
 * normaliser): enrolment type, age, institutional status, conditions, persistent and yearly heterogeneity, and
 * the run-up to death.
 */
export function monthIntensity(traits: MemberTraits, status: MonthStatus, model: PopulationModel): number {
  const profile = model.profile;
  const day = lastDayOfMonth(status.month);
  let conditionFactor = 1;
  for (const condition of traits.conditions) {
    if (condition.onsetDay <= day) {
      conditionFactor *= profile.conditions[condition.key].intensityWeight;
    }
  }
  const year = yearOfMonth(status.month);
  const yearShock = Random.of(traits.memberSeed, STREAM.year, year).lognormalMean(1, profile.model.yearSigma);
  const endOfLife =
    status.monthsToDeath !== undefined && status.monthsToDeath < profile.model.endOfLifeMonths
      ? profile.model.endOfLifeIntensity
      : 1;
  return (
    staticIntensity(profile, status.type, status.age, status.institutional) *
    conditionFactor *
    traits.persistentIntensity *
    yearShock *
    endOfLife
  );
}

/** A stream's expected count this month: annual rate per member × (intensity^γ / population norm) ÷ 12. */
export function monthlyRate(annualRate: number, intensity: number, gamma: number, model: PopulationModel): number {
  return (annualRate * intensity ** gamma) / model.intensityNorm(gamma) / 12;
}
