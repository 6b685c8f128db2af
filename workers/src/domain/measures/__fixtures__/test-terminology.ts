/**
 * Test support: the measure terminology built from the vendored reference data (eCQM value-set expansions,
 * their supplements, the Part B quality codes) and the vendored MIPS benchmarks, exactly as a caller loads them.
 */
import { loadEcqmValueSets } from '../../../reference/ecqm.js';
import { readReferenceText } from '../../../reference/reference-files.js';
import { loadBenchmarks, loadMeasureTerminology } from '../quality-reference.js';

export const valueSets = loadEcqmValueSets();
export const terminology = loadMeasureTerminology(readReferenceText, valueSets);
export const benchmarks = loadBenchmarks(readReferenceText);
