/**
 * One model run, as CMS's main macro does it for one person: diagnoses → CCs (edits, mapping) → exclusions and
 * hierarchies → HCCs → interactions and the payment-HCC count → the score of every segment, each the sum of that
 * segment's relative factors over the variables that are 1. Sums are kept in integer thousandths, so a score is
 * exactly the total of CMS's three-decimal factors.
 */
import { demographicVariables } from './demographics.js';
import { applyHierarchies } from './hierarchies.js';
import { activeInteractions, paymentCountVariable } from './interactions.js';
import { mapDiagnoses, mappingForYear } from './mapping.js';
import { coefficientOf, prepareModel, type PreparedModel } from './prepared-model.js';
import { RISK_SEGMENTS } from '../../reference/cms-hcc-segments.js';
import type { CmsHccTables, Demographics, EligibleDiagnosis, HccModel, RiskSegment } from './types.js';

export interface ModelRunInput {
  readonly demographics: Demographics;
  /** LTIMCAID: Medicaid, read by the institutional segment. */
  readonly institutionalMedicaid: boolean;
  /** NEMCAID: Medicaid, read by the new-enrollee segments. */
  readonly newEnrolleeMedicaid: boolean;
  readonly diagnoses: readonly EligibleDiagnosis[];
}

export interface ScoredHcc {
  readonly hcc: number;
  readonly label: string | null;
  /** The diagnoses that produced the HCC's CC, with their claims. */
  readonly diagnoses: readonly EligibleDiagnosis[];
}

export interface SupersededHcc {
  readonly hcc: number;
  readonly supersededBy: number;
  readonly diagnoses: readonly EligibleDiagnosis[];
}

export interface ModelRun {
  readonly model: HccModel;
  /** The payment year whose ICD-10 → HCC mapping was used. */
  readonly mappingYear: number;
  /** Payment CCs before exclusions and hierarchies, ascending. */
  readonly ccs: readonly number[];
  /** CCs dropped by an exclusion (V28's heart patch). */
  readonly excludedCcs: readonly number[];
  readonly hccs: readonly ScoredHcc[];
  readonly superseded: readonly SupersededHcc[];
  /** Interaction products that are 1, in CMS's order. */
  readonly interactions: readonly string[];
  readonly paymentHccCount: number;
  /** D1 … D9 or D10P; null with no payment HCC. */
  readonly countVariable: string | null;
  readonly demographicVariables: readonly string[];
  /** Every variable that is 1 (demographic, HCCs, interactions, count). */
  readonly variables: readonly string[];
  /** The score of each segment in thousandths, as the CMS software computes all nine. */
  readonly segmentScoresThousandths: Readonly<Record<RiskSegment, number>>;
}

/** Runs a model on a person's diagnoses with the mapping of `mappingYear`. */
export function runModel(input: ModelRunInput, tables: CmsHccTables, model: HccModel, mappingYear: number): ModelRun {
  const prepared = prepareModel(tables, model);
  const byCc = mapDiagnoses(
    input.diagnoses,
    prepared,
    mappingForYear(tables, mappingYear, model),
    input.demographics.age,
    input.demographics.sex,
  );
  return scoreCcs(byCc, input, prepared, mappingYear);
}

/** Scores a set of CCs (with the diagnoses behind each); recapture uses it to add a CC and score again. */
export function scoreCcs(
  byCc: ReadonlyMap<number, readonly EligibleDiagnosis[]>,
  input: Omit<ModelRunInput, 'diagnoses'>,
  prepared: PreparedModel,
  mappingYear: number,
): ModelRun {
  const { hccs, excluded, superseded } = applyHierarchies(byCc.keys(), prepared);
  const sortedHccs = [...hccs].sort((a, b) => a - b);
  const interactions = activeInteractions(hccs, input.demographics.disabled, prepared);
  const countVariable = paymentCountVariable(hccs.size);
  const demographic = demographicVariables(input.demographics, {
    institutional: input.institutionalMedicaid,
    newEnrollee: input.newEnrolleeMedicaid,
  });
  const variables = [
    ...demographic,
    ...sortedHccs.map((hcc) => `HCC${hcc}`),
    ...interactions,
    ...(countVariable === null ? [] : [countVariable]),
  ];
  const segmentScoresThousandths = Object.fromEntries(
    RISK_SEGMENTS.map((segment) => [
      segment,
      variables.reduce((sum, variable) => sum + coefficientOf(prepared, segment, variable), 0),
    ]),
  ) as Record<RiskSegment, number>;
  return {
    model: prepared.model,
    mappingYear,
    ccs: [...byCc.keys()].filter((cc) => prepared.isPaymentHcc.has(cc)).sort((a, b) => a - b),
    excludedCcs: excluded,
    hccs: sortedHccs.map((hcc) => ({
      hcc,
      label: prepared.labels.get(hcc) ?? null,
      diagnoses: byCc.get(hcc) ?? [],
    })),
    superseded: [...superseded]
      .sort(([a], [b]) => a - b)
      .map(([hcc, supersededBy]) => ({ hcc, supersededBy, diagnoses: byCc.get(hcc) ?? [] })),
    interactions,
    paymentHccCount: hccs.size,
    countVariable,
    demographicVariables: demographic,
    variables,
    segmentScoresThousandths,
  };
}

export function fromThousandths(thousandths: number): number {
  return thousandths / 1000;
}
