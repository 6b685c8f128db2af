/**
 * The engine's terminology, compiled once from data passed in: the VSAC value-set expansions (with the codes the
 * published expansions truncated, supplemented), the Medicare Part B quality-data codes, and the claims proxies.
 * The engine reads no files; membership is a set lookup. CPT and HCPCS Level II share one namespace here (their
 * codes never collide, and claims carry both in one field).
 */
import type { CodeSystem } from '@benchline/shared';
import { DEFAULT_CLAIMS_PROXIES, type ClaimsProxies } from './claims-proxies.js';
import { REQUIRED_VALUE_SETS, type ValueSetOid } from './value-sets.js';

/** A value set as the reference loader returns it (structurally: `EcqmValueSet` fits). */
export interface ValueSetInput {
  readonly oid: string;
  readonly codes: readonly { readonly system: CodeSystem | null; readonly code: string }[];
}

/** A code an expansion left out (see workers/reference/quality/SOURCES.md), added to its value set. */
export interface ValueSetSupplement {
  readonly oid: string;
  readonly system: CodeSystem;
  readonly code: string;
}

export const PART_B_OPTION_TYPES = [
  'performanceMet',
  'performanceNotMet',
  'eligiblePopulationExclusion',
  'eligiblePopulationException',
] as const;
export type PartBOptionType = (typeof PART_B_OPTION_TYPES)[number];

/** One performance option of a Medicare Part B claims measure: all its codes reported together. */
export interface PartBQualityCode {
  readonly qualityId: string;
  readonly optionType: PartBOptionType;
  readonly codes: readonly { readonly code: string; readonly modifiers: readonly string[] }[];
}

export interface MeasureTerminology {
  inValueSet(oid: ValueSetOid, system: CodeSystem, code: string): boolean;
  /** Every value set holding the code (the reverse of inValueSet), so a patient's facts are indexed in one pass. */
  valueSetsOf(system: CodeSystem, code: string): readonly string[];
  /** The Part B options of one quality ID. */
  partB(qualityId: string): readonly PartBQualityCode[];
  readonly proxies: ClaimsProxies;
}

export interface TerminologyInput {
  readonly valueSets: Iterable<ValueSetInput> | ReadonlyMap<string, ValueSetInput>;
  readonly supplements?: readonly ValueSetSupplement[];
  readonly partBCodes: readonly PartBQualityCode[];
  readonly claimsProxies?: ClaimsProxies;
}

const NO_VALUE_SETS: readonly string[] = [];

function namespace(system: CodeSystem): string {
  return system === 'cpt' ? 'hcpcs' : system;
}

/** The code's identity for lookups: CPT and HCPCS as one namespace, case ignored. */
export function codeKey(system: CodeSystem, code: string): string {
  return `${namespace(system)}|${code.toUpperCase()}`;
}

/** Compiles the terminology; throws when a value set the measures read is missing (a vendoring bug). */
export function compileTerminology(input: TerminologyInput): MeasureTerminology {
  const valueSets = input.valueSets instanceof Map ? input.valueSets.values() : input.valueSets;
  const index = new Map<string, Set<string>>();
  for (const valueSet of valueSets as Iterable<ValueSetInput>) {
    const codes = new Set<string>();
    for (const entry of valueSet.codes) {
      if (entry.system !== null) {
        codes.add(codeKey(entry.system, entry.code));
      }
    }
    index.set(valueSet.oid, codes);
  }
  for (const supplement of input.supplements ?? []) {
    index.get(supplement.oid)?.add(codeKey(supplement.system, supplement.code));
  }
  const missing = REQUIRED_VALUE_SETS.filter((oid) => !index.has(oid));
  if (missing.length > 0) {
    throw new Error(`Value sets missing from the terminology: ${missing.join(', ')}`);
  }
  const valueSetsByCode = new Map<string, string[]>();
  for (const [oid, codes] of index) {
    for (const code of codes) {
      const oids = valueSetsByCode.get(code);
      if (oids === undefined) {
        valueSetsByCode.set(code, [oid]);
      } else {
        oids.push(oid);
      }
    }
  }
  const partB = new Map<string, PartBQualityCode[]>();
  for (const option of input.partBCodes) {
    partB.set(option.qualityId, [...(partB.get(option.qualityId) ?? []), option]);
  }
  return {
    inValueSet: (oid, system, code) => index.get(oid)?.has(codeKey(system, code)) ?? false,
    valueSetsOf: (system, code) => valueSetsByCode.get(codeKey(system, code)) ?? NO_VALUE_SETS,
    partB: (qualityId) => partB.get(qualityId) ?? [],
    proxies: input.claimsProxies ?? DEFAULT_CLAIMS_PROXIES,
  };
}

/** True when two codings are the same code (CQL `~` on codes), CPT and HCPCS read as one namespace. */
export function sameCode(a: { system: CodeSystem; code: string }, b: { system: CodeSystem; code: string }): boolean {
  return codeKey(a.system, a.code) === codeKey(b.system, b.code);
}
