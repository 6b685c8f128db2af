/**
 * Three-valued logic for measure populations: true, false, or unknown (null) when the data cannot decide, as CQL's
 * and/or treat null (Kleene logic). A `Finding` is a value with the evidence behind it, the reasons it is unknown,
 * and notes on the approximations it relied on, so a result never guesses silently.
 */
import type { EvidenceRecord } from './types.js';

/** true, false, or null: unknown because the data available cannot decide. */
export type Tri = boolean | null;

export function and3(...values: readonly Tri[]): Tri {
  return values.includes(false) ? false : values.includes(null) ? null : true;
}

export function or3(...values: readonly Tri[]): Tri {
  return values.includes(true) ? true : values.includes(null) ? null : false;
}

export function not3(value: Tri): Tri {
  return value === null ? null : !value;
}

export interface Finding {
  readonly value: Tri;
  /** The records that make the value what it is (for true: what satisfied it). */
  readonly evidence: readonly EvidenceRecord[];
  /** Why the value is unknown; empty unless value is null. */
  readonly unknownBecause: readonly string[];
  /** Approximations the value relied on (what the source did not state, e.g. a category or an intent). */
  readonly notes: readonly string[];
}

export const FALSE: Finding = { value: false, evidence: [], unknownBecause: [], notes: [] };

export function finding(
  value: Tri,
  evidence: readonly EvidenceRecord[] = [],
  extra: { unknownBecause?: readonly string[]; notes?: readonly string[] } = {},
): Finding {
  return {
    value,
    evidence: value === false ? [] : evidence,
    unknownBecause: value === null ? (extra.unknownBecause ?? []) : [],
    notes: extra.notes ?? [],
  };
}

/** A finding that is true when any evidence exists. */
export function exists(evidence: readonly EvidenceRecord[], notes: readonly string[] = []): Finding {
  return { value: evidence.length > 0, evidence, unknownBecause: [], notes: evidence.length > 0 ? notes : [] };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** CQL `or` over findings: the evidence of the true ones, the reasons of the unknown ones. */
export function anyOf(...findings: readonly Finding[]): Finding {
  const value = or3(...findings.map((f) => f.value));
  return {
    value,
    evidence: value === true ? findings.filter((f) => f.value === true).flatMap((f) => f.evidence) : [],
    unknownBecause: value === null ? unique(findings.flatMap((f) => f.unknownBecause)) : [],
    // When true, only what made it true matters; otherwise every approximation could have changed the answer.
    notes: unique(findings.filter((f) => value !== true || f.value === true).flatMap((f) => f.notes)),
  };
}

/** CQL `and` over findings: all the evidence when true, the reasons of the unknown ones when unknown. */
export function allOf(...findings: readonly Finding[]): Finding {
  const value = and3(...findings.map((f) => f.value));
  return {
    value,
    evidence: value === true ? findings.flatMap((f) => f.evidence) : [],
    unknownBecause: value === null ? unique(findings.flatMap((f) => f.unknownBecause)) : [],
    // When false, only what made it false matters; otherwise every part did.
    notes: unique(findings.filter((f) => value !== false || f.value === false).flatMap((f) => f.notes)),
  };
}
