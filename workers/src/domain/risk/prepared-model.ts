/**
 * One CMS-HCC model's tables arranged for scoring: its payment HCCs, coefficients by segment, hierarchy rules,
 * CC exclusions, diagnosis edits, and interaction definitions with their operands resolved once. Built from the
 * tables passed in and remembered per tables object (a WeakMap), so scoring a population does the work once.
 */
import type { CcExclusion, DiagnosisEdit, HierarchyRule } from '../../reference/cms-hcc-model.js';
import type { CmsHccTables, HccModel, RiskSegment } from './types.js';

/** An operand of an interaction product: a payment HCC, a diagnostic group (by index), or the DISABL flag. */
export type ProductOperand =
  | { readonly kind: 'hcc'; readonly hcc: number }
  | { readonly kind: 'group'; readonly index: number }
  | { readonly kind: 'disabled' };

export interface InteractionGroup {
  readonly variable: string;
  readonly hccs: readonly number[];
}

export interface InteractionProduct {
  readonly variable: string;
  readonly operands: readonly ProductOperand[];
}

export interface PreparedModel {
  readonly model: HccModel;
  /** The model's payment HCCs (its `HCC<n>` community variables), ascending. */
  readonly paymentHccs: readonly number[];
  readonly isPaymentHcc: ReadonlySet<number>;
  /** Segment → CMS variable → relative factor in thousandths. */
  readonly coefficients: ReadonlyMap<RiskSegment, ReadonlyMap<string, number>>;
  readonly hierarchy: readonly HierarchyRule[];
  readonly exclusions: readonly CcExclusion[];
  readonly edits: ReadonlyMap<string, readonly DiagnosisEdit[]>;
  readonly groups: readonly InteractionGroup[];
  readonly products: readonly InteractionProduct[];
  readonly labels: ReadonlyMap<number, string>;
  readonly chronic: ReadonlySet<number>;
}

const prepared = new WeakMap<CmsHccTables, Map<HccModel, PreparedModel>>();

export function prepareModel(tables: CmsHccTables, model: HccModel): PreparedModel {
  let byModel = prepared.get(tables);
  if (byModel === undefined) {
    byModel = new Map();
    prepared.set(tables, byModel);
  }
  let result = byModel.get(model);
  if (result === undefined) {
    result = buildPreparedModel(tables, model);
    byModel.set(model, result);
  }
  return result;
}

function buildPreparedModel(tables: CmsHccTables, model: HccModel): PreparedModel {
  const coefficients = tables.coefficients.get(model);
  const community = coefficients?.get('CNA');
  const hierarchy = tables.hierarchies.get(model);
  const interactions = tables.interactions.get(model);
  if (coefficients === undefined || community === undefined || hierarchy === undefined || interactions === undefined) {
    throw new Error(`The tables lack ${model}'s coefficients, hierarchies or interactions`);
  }
  const paymentHccs = [...community.keys()]
    .map((variable) => /^HCC(\d+)$/.exec(variable)?.[1])
    .filter((hcc): hcc is string => hcc !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const isPaymentHcc = new Set(paymentHccs);

  const groups: InteractionGroup[] = [];
  const groupIndex = new Map<string, number>();
  const products: InteractionProduct[] = [];
  for (const definition of interactions) {
    if (definition.kind === 'group') {
      groupIndex.set(definition.variable, groups.length);
      groups.push({ variable: definition.variable, hccs: definition.operands.map((operand) => hccOf(operand)) });
      continue;
    }
    const operands = definition.operands.map((operand): ProductOperand => {
      if (operand === 'DISABL') {
        return { kind: 'disabled' };
      }
      const index = groupIndex.get(operand);
      return index === undefined ? { kind: 'hcc', hcc: hccOf(operand) } : { kind: 'group', index };
    });
    products.push({ variable: definition.variable, operands });
  }

  return {
    model,
    paymentHccs,
    isPaymentHcc,
    coefficients,
    hierarchy,
    exclusions: tables.ccExclusions.get(model) ?? [],
    edits: tables.dxEdits.get(model) ?? new Map(),
    groups,
    products,
    labels: tables.labels.get(model) ?? new Map(),
    chronic: tables.chronicHccs.get(model) ?? new Set(),
  };
}

function hccOf(operand: string): number {
  const match = /^HCC(\d+)$/.exec(operand);
  if (match === null) {
    throw new Error(`Interaction operand "${operand}" is not an HCC, a group defined before it or DISABL`);
  }
  return Number(match[1]);
}

/** The HCC and interaction columns of a model, in the order CMS's software lists them. */
export function modelOutputVariables(
  tables: CmsHccTables,
  model: HccModel,
): { readonly hccs: readonly number[]; readonly interactions: readonly string[] } {
  const prepared = prepareModel(tables, model);
  return { hccs: prepared.paymentHccs, interactions: prepared.products.map((product) => product.variable) };
}

/** A segment's relative factor for a variable in thousandths; 0 when the segment has no such variable. */
export function coefficientOf(model: PreparedModel, segment: RiskSegment, variable: string): number {
  return model.coefficients.get(segment)?.get(variable) ?? 0;
}
