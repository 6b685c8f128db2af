/**
 * CCs → HCCs: the CC exclusions the main macro applies first (V28's heart patch drops CC223 when no other heart
 * failure CC is present), then the hierarchy rules in CMS's order, each zeroing the children of a parent still
 * present — so a parent removed by an earlier rule no longer removes its own children, exactly as the SAS does.
 */
import type { PreparedModel } from './prepared-model.js';

export interface HierarchyOutcome {
  /** The payment HCCs left. */
  readonly hccs: Set<number>;
  /** CCs dropped by an exclusion before the hierarchies. */
  readonly excluded: number[];
  /** HCC → the HCC whose rule removed it. */
  readonly superseded: Map<number, number>;
}

export function applyHierarchies(ccs: Iterable<number>, model: PreparedModel): HierarchyOutcome {
  const present = new Set<number>();
  for (const cc of ccs) {
    if (model.isPaymentHcc.has(cc)) {
      present.add(cc);
    }
  }
  const excluded: number[] = [];
  for (const exclusion of model.exclusions) {
    if (present.has(exclusion.cc) && !exclusion.unlessAnyOf.some((cc) => present.has(cc))) {
      present.delete(exclusion.cc);
      excluded.push(exclusion.cc);
    }
  }
  const superseded = new Map<number, number>();
  for (const rule of model.hierarchy) {
    if (!present.has(rule.parent)) {
      continue;
    }
    for (const child of rule.children) {
      if (present.delete(child)) {
        superseded.set(child, rule.parent);
      }
    }
  }
  return { hccs: present, excluded, superseded };
}
