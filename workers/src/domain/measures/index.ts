/**
 * The quality-measure engine (eCQM, 2026 performance period): CMS122, CMS125, CMS130, CMS165 and CMS2 evaluated
 * per patient from canonical clinical events, claims and the merged member profile, following the measures' FHIR
 * CQL; care-gap states, the coordinator's priority queue, and rates against the MIPS benchmarks. Pure: terminology
 * and benchmarks come in as data (see quality-reference.ts for the vendored files), `today` as an argument.
 */
export type {
  EvidenceRecord,
  EvidenceSource,
  MeasureId,
  MeasureResult,
  MeasureVersion,
  PatientFacts,
  Period,
  Populations,
} from './types.js';
export { MEASURE_IDS, isMeasureId } from './types.js';
export type { MeasureDefinition } from './evaluate.js';
export { MEASURES, evaluateMeasure, evaluateMeasures } from './evaluate.js';
export type { Fact, PatientRecord } from './patient-record.js';
export { buildPatientRecord, currentClinicalEvents } from './patient-record.js';
export type {
  MeasureTerminology,
  PartBOptionType,
  PartBQualityCode,
  TerminologyInput,
  ValueSetInput,
  ValueSetSupplement,
} from './terminology.js';
export { compileTerminology } from './terminology.js';
export type { ClaimsProxies } from './claims-proxies.js';
export { DEFAULT_CLAIMS_PROXIES } from './claims-proxies.js';
export { CODES, VS } from './value-sets.js';
export type { CareGap, GapKind, GapState, HccRecaptureInput } from './gaps.js';
export { GAP_STATES, annualWellnessVisitGap, hccRecaptureGap, measureGap } from './gaps.js';
export type { PatientContext, PriorityConfig, PriorityFactor, PriorityItem } from './priority.js';
export { DEFAULT_PRIORITY_CONFIG, prioritizeGaps } from './priority.js';
export type {
  Benchmark,
  BenchmarkCollection,
  BenchmarkPercentile,
  MeasureRate,
  RateInput,
  RateLevel,
  RateOptions,
  RateTarget,
} from './rates.js';
export { BENCHMARK_PERCENTILES, computeRates, decileOf, findBenchmark, rateForDecile } from './rates.js';
export {
  QUALITY_IDS,
  QUALITY_REFERENCE_FILES,
  deriveBenchmarks,
  derivePartBQualityCodes,
  deriveValueSetSupplements,
  loadBenchmarks,
  loadMeasureTerminology,
  parseBenchmarks,
  parsePartBQualityCodes,
  parseValueSetSupplements,
} from './quality-reference.js';
