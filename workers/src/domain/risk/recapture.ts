/**
 * HCC recapture (reference §3.8): a chronic HCC coded last year that this year's coding has not yet captured is
 * a gap, because the prospective model only sees one calendar year. The reference also allows an HCC coded in "any
 * of the last 2 years": `lookbackYears: 2` adds the year before last. Each gap carries the evidence of the most
 * recent year that coded it and the expected uplift of closing it: the member's segment score with this year's CCs
 * plus the gap's, minus without — which counts the HCC's factor, new interactions, the count-term change and
 * anything it supersedes.
 */
import { demographicsFor } from './demographics.js';
import { mapDiagnoses, mappingForYear, resolveMappingYear } from './mapping.js';
import { eligibleDiagnoses } from './eligibility.js';
import { prepareModel } from './prepared-model.js';
import { fromThousandths, scoreCcs } from './score.js';
import { requireScoringFields, type MemberRiskInput } from './score-member.js';
import { memberStatus, selectSegment } from './segment.js';
import type { DiagnosisEvidence, EligibleDiagnosis, HccModel, RiskSegment, CmsHccTables } from './types.js';

export interface RecaptureOptions {
  /** The calendar year being coded: gaps are chronic HCCs of the year before not yet coded in this one. */
  readonly year: number;
  /** Default V28, the only model paid from payment year 2026. */
  readonly model?: HccModel;
  /** The month whose dual / institutional status decides the segment (see `memberStatus`). */
  readonly statusMonth?: string;
  /**
   * How many years before `year` a chronic HCC may have been coded in (reference §3.8: year N−1, "or any of the
   * last 2 years"). 1, the default: last year only. 2: the year before last too, read as its own payment year saw
   * it (that year's mapping and age); the two years' HCCs are combined under the hierarchies, so a lower HCC of one
   * year that a higher one of the other covers is not chased separately.
   */
  readonly lookbackYears?: 1 | 2;
}

export interface RecaptureGap {
  readonly model: HccModel;
  readonly hcc: number;
  readonly label: string | null;
  /**
   * The diagnoses behind the HCC in `evidenceYear` (last year's, unless only the year before last coded it): claim
   * id and version, code, date.
   */
  readonly lastYearEvidence: readonly DiagnosisEvidence[];
  /** The most recent lookback year whose coding gave the HCC: `year − 1`, or `year − 2` with a 2-year lookback. */
  readonly evidenceYear: number;
  /** Raw score change in the member's segment if the HCC is coded this year (next payment year's score). */
  readonly uplift: number;
}

export interface RecaptureResult {
  readonly memberId: string;
  readonly year: number;
  /** The payment year this year's coding feeds. */
  readonly paymentYear: number;
  readonly model: HccModel;
  /** The segment the uplift is priced in: the member as a continuing enrollee next payment year. */
  readonly segment: RiskSegment;
  /** Payment years whose mappings were used; `exact` is false when a year's mapping is not vendored (yet). */
  readonly mappingYears: {
    readonly lastYear: number;
    readonly lastYearExact: boolean;
    readonly thisYear: number;
    readonly thisYearExact: boolean;
  };
  /** 1 or 2: the years before `year` whose coding was searched (`RecaptureOptions.lookbackYears`). */
  readonly lookbackYears: 1 | 2;
  /** The HCCs of last year's coding (`year − 1`). */
  readonly lastYearHccs: readonly number[];
  /** With a 2-year lookback, the coding of the year before last (`year − 2`) and the mapping it was read with. */
  readonly earlierYear: {
    readonly year: number;
    readonly mappingYear: number;
    readonly mappingExact: boolean;
    readonly hccs: readonly number[];
  } | null;
  readonly thisYearHccs: readonly number[];
  /** The segment's raw score from this year's coding so far. */
  readonly currentRawScore: number;
  readonly gaps: readonly RecaptureGap[];
  /** The raw score change if every gap is closed (not the sum of the uplifts: interactions and counts combine). */
  readonly upliftIfAllClosed: number;
}

export function findRecaptureGaps(
  input: MemberRiskInput,
  tables: CmsHccTables,
  options: RecaptureOptions,
): RecaptureResult {
  const { profile } = input;
  const { year } = options;
  const model = options.model ?? 'V28';
  const lookbackYears = options.lookbackYears ?? 1;
  if (lookbackYears !== 1 && lookbackYears !== 2) {
    throw new RangeError(`Recapture looks back 1 or 2 years, not ${String(lookbackYears)}`);
  }
  const prepared = prepareModel(tables, model);
  const { birthDate, sex, orec } = requireScoringFields(profile);
  const claims = [...input.claims];
  const paymentYear = year + 1;

  // A past year's coding as its payment year (the next year) saw it: that year's mapping and age.
  const codedIn = (serviceYear: number) => {
    const mapping = resolveMappingYear(tables, serviceYear + 1, model);
    const demographics = demographicsFor(birthDate, sex, orec, serviceYear + 1);
    const byCc = mapDiagnoses(
      eligibleDiagnoses(claims, serviceYear, tables.eligibleProcedureCodes.codes),
      prepared,
      mappingForYear(tables, mapping.year, model),
      demographics.age,
      sex,
    );
    return { mapping, demographics, byCc };
  };
  const { mapping: lastYearMapping, demographics: lastDemographics, byCc: lastYearByCc } = codedIn(year - 1);
  const lastYear = scoreCcs(lastYearByCc, runFlags(lastDemographics, false), prepared, lastYearMapping.year);

  // The year before last, the same way, when the lookback is two years.
  let earlier: { byCc: Map<number, EligibleDiagnosis[]>; result: NonNullable<RecaptureResult['earlierYear']> } | null =
    null;
  if (lookbackYears === 2) {
    const { mapping, demographics, byCc } = codedIn(year - 2);
    // No CC, no HCC: the scoring run (demographic terms for every segment) is only worth it for a year that coded some.
    const hccs = byCc.size === 0 ? [] : scoreCcs(byCc, runFlags(demographics, false), prepared, mapping.year).hccs;
    earlier = {
      byCc,
      result: {
        year: year - 2,
        mappingYear: mapping.year,
        mappingExact: mapping.exact,
        hccs: hccs.map((hcc) => hcc.hcc),
      },
    };
  }
  // The lookback's HCCs: last year's, or both years' CCs together under the hierarchies — last year's again when the
  // year before last coded none (most members, and every one whose history is shorter than two years).
  const lookback =
    earlier === null || earlier.byCc.size === 0
      ? lastYear
      : scoreCcs(
          mergeByCc(lastYearByCc, earlier.byCc),
          runFlags(lastDemographics, false),
          prepared,
          lastYearMapping.year,
        );
  // Evidence from the most recent year that coded the HCC's CC.
  const evidenceOf = (hcc: number): { evidenceYear: number; diagnoses: readonly EligibleDiagnosis[] } => {
    const recent = lastYearByCc.get(hcc);
    if (recent !== undefined || earlier === null) {
      return { evidenceYear: year - 1, diagnoses: recent ?? [] };
    }
    return { evidenceYear: year - 2, diagnoses: earlier.byCc.get(hcc) ?? [] };
  };

  // This year's coding so far, priced for next payment year. A gap only pays once the member is a continuing
  // enrollee, so the segment is chosen as one (a new enrollee's segment has no HCC factors).
  const thisYearMapping = resolveMappingYear(tables, paymentYear, model);
  const demographics = demographicsFor(birthDate, sex, orec, paymentYear);
  const status = memberStatus(profile, paymentYear, options);
  const segment = selectSegment(demographics.age, { ...status, newEnrollee: false });
  const flags = runFlags(demographics, status.medicaid);
  const thisYearByCc = mapDiagnoses(
    eligibleDiagnoses(claims, year, tables.eligibleProcedureCodes.codes),
    prepared,
    mappingForYear(tables, thisYearMapping.year, model),
    demographics.age,
    sex,
  );
  const current = scoreCcs(thisYearByCc, flags, prepared, thisYearMapping.year);
  const currentScore = current.segmentScoresThousandths[segment];
  const thisYearHccs = new Set(current.hccs.map((hcc) => hcc.hcc));

  const withCcs = (added: readonly { hcc: number; diagnoses: readonly EligibleDiagnosis[] }[]) => {
    const byCc = new Map(thisYearByCc);
    for (const { hcc, diagnoses } of added) {
      byCc.set(hcc, [...(byCc.get(hcc) ?? []), ...diagnoses]);
    }
    return scoreCcs(byCc, flags, prepared, thisYearMapping.year);
  };

  const gapHccs = lookback.hccs.filter((hcc) => prepared.chronic.has(hcc.hcc) && !thisYearHccs.has(hcc.hcc));
  const gaps: RecaptureGap[] = [];
  for (const hcc of gapHccs) {
    const closed = withCcs([hcc]);
    // A higher HCC of the same hierarchy coded this year already covers it.
    if (closed.superseded.some((entry) => entry.hcc === hcc.hcc)) {
      continue;
    }
    const { evidenceYear, diagnoses } = evidenceOf(hcc.hcc);
    gaps.push({
      model,
      hcc: hcc.hcc,
      label: hcc.label,
      lastYearEvidence: diagnoses.flatMap((diagnosis) => diagnosis.evidence),
      evidenceYear,
      uplift: fromThousandths(closed.segmentScoresThousandths[segment] - currentScore),
    });
  }
  const allClosed = withCcs(gapHccs.filter((hcc) => gaps.some((gap) => gap.hcc === hcc.hcc)));
  return {
    memberId: profile.memberId,
    year,
    paymentYear,
    model,
    segment,
    mappingYears: {
      lastYear: lastYearMapping.year,
      lastYearExact: lastYearMapping.exact,
      thisYear: thisYearMapping.year,
      thisYearExact: thisYearMapping.exact,
    },
    lookbackYears,
    lastYearHccs: lastYear.hccs.map((hcc) => hcc.hcc),
    earlierYear: earlier?.result ?? null,
    thisYearHccs: [...thisYearHccs],
    currentRawScore: fromThousandths(currentScore),
    gaps,
    upliftIfAllClosed: fromThousandths(allClosed.segmentScoresThousandths[segment] - currentScore),
  };
}

/** Two years' CCs together, each CC with the diagnoses of both years (the first map's first). */
function mergeByCc(
  first: ReadonlyMap<number, readonly EligibleDiagnosis[]>,
  second: ReadonlyMap<number, readonly EligibleDiagnosis[]>,
): Map<number, EligibleDiagnosis[]> {
  const merged = new Map<number, EligibleDiagnosis[]>();
  for (const byCc of [first, second]) {
    for (const [cc, diagnoses] of byCc) {
      merged.set(cc, [...(merged.get(cc) ?? []), ...diagnoses]);
    }
  }
  return merged;
}

function runFlags(demographics: ReturnType<typeof demographicsFor>, medicaid: boolean) {
  return { demographics, institutionalMedicaid: medicaid, newEnrolleeMedicaid: medicaid };
}
