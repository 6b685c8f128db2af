/**
 * What a measure module returns: one finding per CQL population definition ("Initial Population", "Denominator
 * Exclusions", "Denominator Exceptions", "Numerator"; "Denominator" is the initial population in all five), and
 * the stratum. evaluate.ts applies proportion-measure scoring to them.
 */
import type { Finding } from './tri.js';

export interface MeasureLogic {
  readonly initialPopulation: Finding;
  readonly denominatorExclusion: Finding;
  readonly denominatorException: Finding;
  /** For the most-recent-reading measures the evidence is the decisive reading, whichever way it went. */
  readonly numerator: Finding;
  readonly stratum: string | null;
}
