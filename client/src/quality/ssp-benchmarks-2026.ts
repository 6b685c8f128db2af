/**
 * The 2026 Shared Savings Program quality benchmarks (the APP Plus rows CMS publishes for ACOs, `<quality id>SSP`),
 * vendored for the Quality page's decile column: only the five measures Benchline evaluates, only the percentiles.
 *
 * Provenance: the rows 001SSP, 112SSP, 113SSP, 134SSP, 236SSP (benchmark year 2024, submission method "registry") of
 * workers/reference/quality/mips-benchmarks-2026.csv, which the workers vendor with its source in that folder's
 * SOURCES.md (CMS's qpp-measures-data staging release); the client may not import workers code, so this is a copy,
 * and tests/integration/vendored-copies.test.ts fails if it ever differs from the vendored rows.
 *
 * 112SSP and 113SSP are published flat (10th percentile = 10 %, … 90th = 90 %) with no average performance rate,
 * so their "decile" is the rate's tens digit plus one; the page says so rather than presenting it as a peer
 * comparison.
 */

/** Performance rates in percent (0–100) at each percentile of reporting ACOs. */
export interface SspBenchmark {
  qualityId: string;
  performanceYear: number;
  benchmarkYear: number;
  inverse: boolean;
  flat: boolean;
  percentiles: Readonly<Record<10 | 20 | 30 | 40 | 50 | 60 | 70 | 80 | 90, number>>;
}

export const SSP_BENCHMARKS_2026: Readonly<Record<string, SspBenchmark>> = {
  '001': {
    qualityId: '001',
    performanceYear: 2026,
    benchmarkYear: 2024,
    inverse: true,
    flat: false,
    percentiles: { 10: 7.03, 20: 10.14, 30: 14.33, 40: 18.93, 50: 22.27, 60: 25.93, 70: 29.76, 80: 38.28, 90: 49.19 },
  },
  '112': {
    qualityId: '112',
    performanceYear: 2026,
    benchmarkYear: 2024,
    inverse: false,
    flat: true,
    percentiles: { 10: 10, 20: 20, 30: 30, 40: 40, 50: 50, 60: 60, 70: 70, 80: 80, 90: 90 },
  },
  '113': {
    qualityId: '113',
    performanceYear: 2026,
    benchmarkYear: 2024,
    inverse: false,
    flat: true,
    percentiles: { 10: 10, 20: 20, 30: 30, 40: 40, 50: 50, 60: 60, 70: 70, 80: 80, 90: 90 },
  },
  '134': {
    qualityId: '134',
    performanceYear: 2026,
    benchmarkYear: 2024,
    inverse: false,
    flat: false,
    percentiles: { 10: 32.51, 20: 45.67, 30: 54.49, 40: 59.27, 50: 65.56, 60: 70.55, 70: 76.11, 80: 82.17, 90: 92.34 },
  },
  '236': {
    qualityId: '236',
    performanceYear: 2026,
    benchmarkYear: 2024,
    inverse: false,
    flat: false,
    percentiles: { 10: 44.87, 20: 62.33, 30: 68.17, 40: 70.15, 50: 72.54, 60: 74.09, 70: 74.7, 80: 76.42, 90: 82.81 },
  },
};
