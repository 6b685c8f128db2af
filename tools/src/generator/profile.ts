/**
 * The generator's defaults: every number a synthetic ACO is calibrated to, each with its source. Tags (S1, S5, …)
 * and section numbers refer to the project's population facts (published figures: S1 is the CMS MSSP ACO PUF,
 * PY2023). Values marked "assumption" are not published figures; they are choices that keep the published ones
 * coming out right, and say so. `model` holds the shape parameters tuned so the S1 targets are reproduced (see the
 * calibration tests); `targets` holds what those tests check against.
 */
import type { ConditionKey, EnrollmentType, SpendCategory } from './types.js';

export interface ConditionProfile {
  /** Share of members with the condition (of one sex for sex-specific cancers). */
  readonly prevalence: number;
  /** Probability a member with the condition has it coded on a claim in a given year (HCC recapture). */
  readonly annualCaptureRate: number;
  /** Multiplies the member's care intensity (admissions, visits, …). */
  readonly intensityWeight: number;
  /** Multiplies the member's mortality hazard. */
  readonly mortalityWeight: number;
}

export interface GeneratorProfile {
  readonly population: {
    readonly enrollmentMix: Readonly<Record<EnrollmentType, number>>;
    /** [first age, last age, share] among the aged (65+). */
    readonly agedAgeBands: readonly (readonly [number, number, number])[];
    readonly disabledAgeBands: readonly (readonly [number, number, number])[];
    readonly esrdUnder65Share: number;
    readonly femaleShare: number;
    readonly originallyDisabledShareOfAged: number;
    readonly dualShareOfDisabledAndEsrd: number;
    readonly fullBenefitShareOfDuals: number;
    readonly fullBenefitDualCodes: readonly (readonly [string, number])[];
    readonly partialBenefitDualCodes: readonly (readonly [string, number])[];
    readonly longTermInstitutionalShare: number;
    readonly annualMortality: number;
    /** Gompertz slope: mortality multiplies by e^slope per year of age. */
    readonly mortalityAgeSlope: number;
    readonly newEnrolleeShare: number;
    readonly medicareAdvantageSpellShare: number;
    readonly partBGapShare: number;
    readonly dualStatusGapShare: number;
    readonly hospiceUseAmongDecedents: number;
    readonly hospiceMedianDays: number;
    readonly hospiceDaysSigma: number;
    readonly voluntaryAlignmentShare: number;
    /** [state, county FIPS, share]. */
    readonly residence: readonly (readonly [string, string, number])[];
  };
  readonly conditions: Readonly<Record<ConditionKey, ConditionProfile>>;
  readonly utilization: {
    readonly admissionsPer1000: number;
    readonly admissionMix: {
      readonly acute: number;
      readonly rehab: number;
      readonly longTerm: number;
      readonly psych: number;
    };
    readonly readmissionRate: number;
    readonly edVisitsPer1000: number;
    readonly edVisitsAdmittedPer1000: number;
    readonly observationStaysPer1000: number;
    readonly snfAdmissionsPer1000: number;
    readonly snfLengthOfStayDays: number;
    readonly pcpVisitsPer1000: number;
    readonly nppVisitsPer1000: number;
    readonly specialistVisitsPer1000: number;
    readonly fqhcVisitsPer1000: number;
    readonly ctPer1000: number;
    readonly mriPer1000: number;
    readonly annualWellnessVisitShare: number;
    readonly homeHealthPeriodsPer1000: number;
  };
  readonly costs: {
    readonly acuteAdmissionPaid: number;
    readonly rehabAdmissionPaid: number;
    readonly longTermAdmissionPaid: number;
    readonly psychAdmissionPaid: number;
    readonly snfPaidPerStay: number;
    /** Home-health 30-day period national standardised rate, by calendar year. */
    readonly homeHealthPeriodRate: Readonly<Record<number, number>>;
    /** Physician fee schedule conversion factor, by calendar year. */
    readonly pfsConversionFactor: Readonly<Record<number, number>>;
    /** Share of the allowed amount Medicare pays for Part B services (the beneficiary owes 20% coinsurance). */
    readonly partBPaidShare: number;
    readonly inpatientDeductible: Readonly<Record<number, number>>;
    readonly snfDailyCoinsurance: Readonly<Record<number, number>>;
  };
  readonly claimsLag: {
    readonly minimumDays: number;
    readonly institutional: ClaimLagShape;
    readonly homeHealthAndHospice: ClaimLagShape;
    readonly outpatient: ClaimLagShape;
    readonly professional: ClaimLagShape;
  };
  readonly adjustments: {
    readonly adjustmentRate: number;
    readonly secondAdjustmentShare: number;
    readonly cancelRate: number;
    readonly rebillShareOfCancels: number;
  };
  readonly quality: {
    readonly hba1cPoorControl: number;
    readonly hba1cUntestedShare: number;
    readonly bloodPressureControlled: number;
    readonly breastCancerScreening: number;
    readonly colorectalScreening: number;
    readonly depressionScreening: number;
    readonly depressionScreenPositiveShare: number;
    readonly depressionFollowUpShare: number;
  };
  readonly network: {
    /** The ACO size the provider network is built for, whatever --members says. */
    readonly sizedForMembers: number;
    readonly participantPrimaryCarePractices: number;
    readonly nonParticipantPrimaryCarePractices: number;
    readonly assignedMembersPerPcp: number;
  };
  readonly model: {
    readonly typeIntensity: Readonly<Record<EnrollmentType, number>>;
    readonly ageIntensityPerYear: number;
    readonly institutionalIntensity: number;
    readonly persistentSigma: number;
    readonly yearSigma: number;
    readonly endOfLifeMonths: number;
    readonly endOfLifeIntensity: number;
    readonly conditionIncidenceShare: number;
    readonly usualPracticeParticipantShare: number;
    readonly fqhcUsualShare: number;
    readonly loyaltyMean: number;
    readonly nppUsualClinicianShare: number;
    readonly oxygenShareOfCopd: number;
    readonly cgmShareOfDiabetes: number;
    /** Chance per year that a member with the cancer has a course of infusions. */
    readonly activeTreatmentPerYear: Readonly<Partial<Record<ConditionKey, number>>>;
    /** Share of members with the condition on a maintenance Part B drug (anti-VEGF, infused biologic). */
    readonly maintenanceTherapyShare: Readonly<Partial<Record<ConditionKey, number>>>;
  };
  /** The value-based contracts the generated organisation holds (contracts.ts). */
  readonly contracts: {
    /**
     * What the generator's own MSSP-assigned beneficiaries cost: Medicare Parts A+B paid less IME/DSH, USD per
     * person-year, by enrolment type — measured, not published (see DEFAULT_PROFILE). One table for every year:
     * the generator does not trend spend (only its fee tables change by year, up to 2026), and the per-year
     * measurements agree within their errors.
     */
    readonly assignedPerCapita: Readonly<Record<EnrollmentType, number>>;
    /** The savings rate the MSSP benchmark is set to give at expected spend: benchmark = spend ÷ (1 − rate). */
    readonly benchmarkSavingsRate: number;
    /** The ACO's quality score assumed in each contract year (0–100). */
    readonly qualityScore: number;
    /** Share of members with Medicare Advantage months in the one MA plan the organisation contracts with. */
    readonly maPlanShare: number;
    /** The MA plan's revenue per member relative to the generator's expected FFS per capita. */
    readonly maRevenueToFfs: number;
    /** The organisation's global capitation as a share of the plan's revenue (percent of premium). */
    readonly maCapitationShareOfRevenue: number;
  };
  readonly targets: {
    readonly perCapitaPaid: number;
    readonly perCapitaByType: Readonly<Record<EnrollmentType, number>>;
    readonly categoryShares: Readonly<Record<SpendCategory, number>>;
    readonly top5PercentShare: number;
    readonly top10PercentShare: number;
  };
}

/** Paid date = service end + minimumDays + a lognormal body, with a mid tail and a late tail (§3). */
export interface ClaimLagShape {
  readonly medianExtraDays: number;
  readonly sigma: number;
  /** Share paid 60–180 days out (resubmissions, medical review). */
  readonly midTailShare: number;
  /** Share paid 181–330 days out (late filers, appeals), within the 12-month timely-filing limit. */
  readonly lateTailShare: number;
}

export const DEFAULT_PROFILE: GeneratorProfile = {
  population: {
    // §1a, S1 PY2023: share of person-years by enrolment type.
    enrollmentMix: { esrd: 0.0037, disabled: 0.0732, agedDual: 0.0551, agedNonDual: 0.868 },
    // §1a, S1: 65–74 47.2%, 75–84 32.2%, 85+ 11.6% of all assigned (renormalised within the aged).
    agedAgeBands: [
      [65, 74, 0.472],
      [75, 84, 0.322],
      [85, 100, 0.116],
    ],
    // Assumption: disabled beneficiaries skew to their fifties and early sixties (no ACO age split published).
    disabledAgeBands: [
      [25, 34, 0.08],
      [35, 44, 0.12],
      [45, 54, 0.25],
      [55, 64, 0.55],
    ],
    esrdUnder65Share: 0.4, // assumption (no ESRD age split in the facts)
    femaleShare: 0.566, // §1a, S1
    originallyDisabledShareOfAged: 0.1, // §1c, S8
    dualShareOfDisabledAndEsrd: 0.56, // §1a, S1 (derived from dual and aged-dual person-years)
    fullBenefitShareOfDuals: 0.72, // §1c, S9 (72% full / 28–29% partial, national 2019)
    // Assumption: split within full (02/04/08) and partial (01/03/05/06) benefit codes; QMB-plus and QMB-only lead.
    fullBenefitDualCodes: [
      ['02', 0.5],
      ['08', 0.4],
      ['04', 0.1],
    ],
    partialBenefitDualCodes: [
      ['01', 0.55],
      ['03', 0.3],
      ['06', 0.12],
      ['05', 0.03],
    ],
    longTermInstitutionalShare: 0.0155, // §1a, S1 Perc_LTI
    annualMortality: 0.045, // §1c: ~4.5%/yr (S7 4.45% for 65+; PUF person-year gap)
    mortalityAgeSlope: 0.085, // assumption: Gompertz, mortality doubles about every 8 years of age
    newEnrolleeShare: 0.05, // assumption: members who age into Medicare during the window
    medicareAdvantageSpellShare: 0.03, // assumption: "a small share of months in MA"
    partBGapShare: 0.005, // assumption: a few months with Part A only
    dualStatusGapShare: 0.06, // assumption: duals losing status for 1–3 months at redetermination
    hospiceUseAmongDecedents: 0.55, // assumption: about half of Medicare decedents use hospice (not in the facts)
    hospiceMedianDays: 22, // assumption: short median, long tail (dementia)
    hospiceDaysSigma: 1.35, // assumption
    voluntaryAlignmentShare: 0.025, // assumption
    // Assumption: a regional ACO around Columbus, Ohio (public county FIPS codes), a few members in Florida.
    residence: [
      ['OH', '39049', 0.55],
      ['OH', '39041', 0.1],
      ['OH', '39089', 0.1],
      ['OH', '39045', 0.08],
      ['OH', '39159', 0.04],
      ['OH', '39129', 0.04],
      ['OH', '39097', 0.03],
      ['FL', '12071', 0.02],
      ['FL', '12103', 0.02],
      ['FL', '12115', 0.02],
    ],
  },
  // §4a, S11 (CCW 2019, 27-condition algorithms, full-year FFS) for prevalence; §6, S20 for recapture (chronic
  // HCCs 65–85%, higher for diabetes, CHF and dialysis). Intensity and mortality weights are assumptions.
  conditions: {
    diabetes: { prevalence: 0.275, annualCaptureRate: 0.85, intensityWeight: 1.2, mortalityWeight: 1.2 }, // S11
    heartFailure: { prevalence: 0.146, annualCaptureRate: 0.85, intensityWeight: 1.8, mortalityWeight: 1.9 }, // S11
    copd: { prevalence: 0.117, annualCaptureRate: 0.78, intensityWeight: 1.45, mortalityWeight: 1.5 }, // S11 est.
    // S11: 26.0% any stage. Only stages 3–5 map to an HCC; stage 1–2 / unspecified members keep the condition's
    // cost but carry no CKD code on claims (assumption: 55% of diagnosed CKD is stage 3+, see ckdStage3PlusShare).
    ckd: { prevalence: 0.26, annualCaptureRate: 0.75, intensityWeight: 1.25, mortalityWeight: 1.3 },
    esrd: { prevalence: 1, annualCaptureRate: 0.95, intensityWeight: 1, mortalityWeight: 1 }, // = ESRD enrolment type
    depression: { prevalence: 0.194, annualCaptureRate: 0.65, intensityWeight: 1.2, mortalityWeight: 1.1 }, // S11
    dementia: { prevalence: 0.119, annualCaptureRate: 0.8, intensityWeight: 1.35, mortalityWeight: 2 }, // S11 est.
    atrialFibrillation: { prevalence: 0.084, annualCaptureRate: 0.8, intensityWeight: 1.3, mortalityWeight: 1.2 }, // S11 est.
    breastCancer: { prevalence: 0.06, annualCaptureRate: 0.6, intensityWeight: 1.1, mortalityWeight: 1.2 }, // S11 est., women
    prostateCancer: { prevalence: 0.073, annualCaptureRate: 0.6, intensityWeight: 1.1, mortalityWeight: 1.2 }, // S11 est., men
    lungCancer: { prevalence: 0.012, annualCaptureRate: 0.75, intensityWeight: 1.8, mortalityWeight: 4 }, // S11 est.
    colorectalCancer: { prevalence: 0.015, annualCaptureRate: 0.65, intensityWeight: 1.5, mortalityWeight: 2 }, // §4a 1–2%
    // Assumption (not in the facts): the cancers S11 does not list — myeloma, lymphoma, kidney, bladder — in ~3%.
    otherCancer: { prevalence: 0.03, annualCaptureRate: 0.7, intensityWeight: 1.7, mortalityWeight: 2.5 },
    // Assumptions (not in the facts): wet AMD in ~1% and rheumatoid arthritis in ~1.8% of an older population
    // (CCW reports RA and osteoarthritis together, 35.2%). They carry the anti-VEGF and biologic Part B drugs.
    macularDegeneration: { prevalence: 0.01, annualCaptureRate: 0.8, intensityWeight: 1.05, mortalityWeight: 1 },
    rheumatoidArthritis: { prevalence: 0.018, annualCaptureRate: 0.75, intensityWeight: 1.2, mortalityWeight: 1.2 },
    hypertension: { prevalence: 0.59, annualCaptureRate: 0.9, intensityWeight: 1.05, mortalityWeight: 1.05 }, // S11
  },
  utilization: {
    admissionsPer1000: 253, // §2d, S1 ADM
    admissionMix: { acute: 233, rehab: 15.3, longTerm: 1.6, psych: 3.9 }, // §2d, S1 ADM_S_Trm / _Rehab / _L_Trm / _Psych
    readmissionRate: 0.155, // §2d, S1 Measure_479
    edVisitsPer1000: 612, // §2d, S1 P_EDV_Vis
    edVisitsAdmittedPer1000: 182, // §2d, S1 P_EDV_Vis_HOSP
    observationStaysPer1000: 65, // assumption (not in the facts)
    snfAdmissionsPer1000: 45, // §2d, S1 P_SNF_ADM
    snfLengthOfStayDays: 26.2, // §2d, S1 SNF_LOS
    pcpVisitsPer1000: 3594, // §2d, S1 P_EM_PCP_Vis
    nppVisitsPer1000: 2234, // §2d, S1 P_Nurse_Vis
    specialistVisitsPer1000: 4563, // §2d, S1 P_EM_SP_Vis
    fqhcVisitsPer1000: 947, // §2d, S1 P_FQHC_RHC_Vis (very skewed: median 204)
    ctPer1000: 745, // §2d, S1 P_CT_VIS
    mriPer1000: 250, // §2d, S1 P_MRI_VIS
    annualWellnessVisitShare: 0.38, // §2d, S19: 30–45% a year is the defensible ACO range (not a published value)
    homeHealthPeriodsPer1000: 252, // §2b S1 CapAnn_HHA $514 ÷ §2e S17 $2,038 per period
  },
  costs: {
    acuteAdmissionPaid: 12302, // §2e, S1 CapAnn_INP_S_trm ÷ ADM_S_Trm
    rehabAdmissionPaid: 22336, // §2e, S1 (IRF)
    longTermAdmissionPaid: 39375, // §2b/§2d, S1 CapAnn_INP_L_trm $63 ÷ ADM_L_Trm 1.6
    psychAdmissionPaid: 12051, // §2b/§2d, S1 CapAnn_INP_Psych $47 ÷ ADM_Psych 3.9
    snfPaidPerStay: 14968, // §2e, S1 SNF_PayperStay
    homeHealthPeriodRate: { 2023: 2010.69, 2024: 2038.13, 2025: 2038.13, 2026: 2038.13 }, // §2e, S17 (2025+ held at 2024)
    pfsConversionFactor: { 2023: 33.8872, 2024: 32.7442, 2025: 32.3465, 2026: 33.4009 }, // §2e, S18
    partBPaidShare: 0.8, // §2e: Medicare pays about 80% of the allowed amount
    inpatientDeductible: { 2023: 1600, 2024: 1632, 2025: 1676, 2026: 1736 }, // assumption (CMS annual notices)
    snfDailyCoinsurance: { 2023: 200, 2024: 204, 2025: 209.5, 2026: 217 }, // assumption (CMS annual notices)
  },
  claimsLag: {
    minimumDays: 14, // §3, S16: clean electronic claims are paid no earlier than day 14
    // §3, S14: inpatient claims 48% / 91% / 98% / 99% final at 1 / 2 / 5 / 12 months after the service ended.
    institutional: { medianExtraDays: 15, sigma: 0.6, midTailShare: 0.05, lateTailShare: 0.015 },
    // §3, S14: home health 29% / 79% / 96% and hospice 9% / 84% / 97% at 1 / 2 / 5 months — slower start.
    homeHealthAndHospice: { medianExtraDays: 24, sigma: 0.45, midTailShare: 0.05, lateTailShare: 0.015 },
    // §3 (assumption in the facts): professional/outpatient faster, ~75% by the month after service.
    outpatient: { medianExtraDays: 9, sigma: 0.7, midTailShare: 0.04, lateTailShare: 0.012 },
    professional: { medianExtraDays: 6, sigma: 0.7, midTailShare: 0.04, lateTailShare: 0.012 },
  },
  // Assumption: "adjustments and cancels at a few percent" (CCLF carries both, see the data sources).
  adjustments: { adjustmentRate: 0.03, secondAdjustmentShare: 0.1, cancelRate: 0.01, rebillShareOfCancels: 0.5 },
  quality: {
    hba1cPoorControl: 0.089, // §5, S1 Q001 (Web Interface): most recent HbA1c > 9% or none
    hba1cUntestedShare: 0.02, // assumption: part of the Q001 numerator is "no test in the year"
    bloodPressureControlled: 0.776, // §5, S1 Q236
    breastCancerScreening: 0.822, // §5, S1 Q112
    colorectalScreening: 0.79, // §5, S1 Q113
    depressionScreening: 0.816, // §5, S1 Q134
    depressionScreenPositiveShare: 0.08, // assumption
    depressionFollowUpShare: 0.85, // assumption: a follow-up plan documented for most positive screens
  },
  network: {
    sizedForMembers: 13438, // §1b, S1: median MSSP ACO size, PY2023
    participantPrimaryCarePractices: 10, // assumption
    nonParticipantPrimaryCarePractices: 8, // assumption
    assignedMembersPerPcp: 150, // assumption: a PCP's assigned ACO panel
  },
  model: {
    // Tuned so per-capita spend by type reproduces §2a S1 ratios (ESRD 7.9×, aged-dual 1.58×, disabled 1.03×).
    typeIntensity: { agedNonDual: 1, disabled: 1.3, agedDual: 1.65, esrd: 5.5 },
    ageIntensityPerYear: 0.018, // assumption: older members are admitted more
    institutionalIntensity: 1.35, // assumption
    persistentSigma: 1.05, // tuned for §2c skew (top 5% ≈ 41.5%, top 10% ≈ 60%, S5)
    yearSigma: 0.7, // tuned for §2c skew: bad years come and go
    endOfLifeMonths: 3, // assumption: spending concentrates in the last months of life
    endOfLifeIntensity: 3, // assumption
    conditionIncidenceShare: 0.05, // assumption: yearly new diagnoses ≈ 5% of prevalence
    usualPracticeParticipantShare: 0.85, // assumption: leakage — 15% usually see a PCP outside the ACO
    fqhcUsualShare: 0.15, // assumption, chosen so FQHC visits come near §2d's 947/1,000
    loyaltyMean: 0.78, // assumption: share of a member's primary care at their usual practice
    nppUsualClinicianShare: 0.4, // assumption, with §2d's NP/PA/CNS share of primary care visits
    oxygenShareOfCopd: 0.45, // assumption
    cgmShareOfDiabetes: 0.18, // assumption
    activeTreatmentPerYear: {
      lungCancer: 0.5,
      colorectalCancer: 0.4,
      breastCancer: 0.15,
      prostateCancer: 0.3,
      otherCancer: 0.25,
    }, // assumption
    maintenanceTherapyShare: { macularDegeneration: 0.7, rheumatoidArthritis: 0.18 }, // assumption
  },
  contracts: {
    // Measured from this profile with `measureAssignedPerCapita` (mssp-spend.ts): the workers' own assignment,
    // monthly enrolment types and MSSP paid amounts, over generated ACOs (seeds 1–4) whose window is the
    // performance year and the next (every claim of the year paid: ultimate spend; not truncated) under their own
    // MSSP contract, each type sampled on its own — 400 ESRD, 5,000 disabled, 5,000 aged/dual and 10,000
    // aged/non-dual members per seed — for each of 2023–2026, pooled: 5,107 / 59,872 / 58,344 / 115,492
    // person-years. Standard errors ±1.4% (ESRD), ±0.8% (disabled, aged/dual), ±0.6% (aged/non-dual) were the
    // years independent; they share seeds (largely the same people a year apart), so count on about ±2%, ±1.2%
    // and ±0.9%. The years agree within their errors (at the MSSP mix, $13,026–$13,267). These run 7–11% above
    // the PUF's per-type means (ESRD 2% below), which the whole population is calibrated to (targets below): a
    // benchmark copied from the PUF would put this ACO about 7% over it, in losses. Re-measure after changing
    // anything that moves spend; mssp-spend.test.ts checks these against an independent sample.
    assignedPerCapita: { esrd: 89_689, disabled: 13_113, agedDual: 20_261, agedNonDual: 12_349 },
    // S1 PY2023: pooled updated benchmark $127.9 B against assigned-beneficiary spend $122.7 B, a gross savings
    // rate of 4.0% (N_AB-weighted mean 3.95%, median 3.65%): the benchmark is set so expected spend sits 4.0% below.
    benchmarkSavingsRate: 0.04,
    qualityScore: 83.2, // §5, S1 QualScore (N_AB-weighted mean, PY2023); above the PY2025 40th percentile, 76.70
    maPlanShare: 0.5, // assumption: the contracted plan holds half the local MA enrolment among the ACO's patients
    // Assumption: MA benchmarks are built from county FFS spend, so the plan's revenue is taken at FFS per capita.
    maRevenueToFfs: 1,
    maCapitationShareOfRevenue: 0.85, // assumption: global capitation at 85% of premium (a common 80–88% range)
  },
  targets: {
    // §2b: categories sum to $12,577 (2.7% above the truncated $12,251 total, S1) — raw claims run a few % higher.
    perCapitaPaid: 12577,
    perCapitaByType: { esrd: 91542, disabled: 11930, agedDual: 18220, agedNonDual: 11552 }, // §2a, S1 PY2023
    categoryShares: {
      inpatient: 0.261,
      outpatient: 0.249,
      partB: 0.328,
      snf: 0.057,
      hha: 0.041,
      hospice: 0.025,
      dme: 0.028,
      ambulance: 0.011,
    }, // §2b, S1
    top5PercentShare: 0.415, // §2c, S5
    top10PercentShare: 0.6, // §2c, S5
  },
};

/** The share of diagnosed CKD at stage 3 or worse (coded with an HCC); assumption, see conditions.ckd. */
export const CKD_STAGE_3_PLUS_SHARE = 0.55;

/** A year-indexed profile value, using the nearest listed year when the year itself is not listed. */
export function valueForYear(table: Readonly<Record<number, number>>, year: number): number {
  const years = Object.keys(table)
    .map(Number)
    .sort((a, b) => a - b);
  const first = years[0];
  if (first === undefined) {
    throw new Error('Empty year table');
  }
  let chosen = first;
  for (const y of years) {
    if (y <= year) {
      chosen = y;
    }
  }
  return table[chosen] ?? 0;
}
