/**
 * The vendored quality reference files (workers/reference/quality/, provenance in its SOURCES.md): their names,
 * their pure transforms from the shared data folder (run by workers/scripts/vendor-quality.ts), and their parsers.
 * The caller reads the files (`readReferenceText`) and passes the text in, so the engine stays free of I/O.
 */
import type { CodeSystem } from '@benchline/shared';
import { normalizeIcd10 } from '@benchline/shared';
import { formatCsv, parseCsvRecords } from '../../reference/csv.js';
import type { Benchmark, BenchmarkPercentile } from './rates.js';
import { BENCHMARK_PERCENTILES } from './rates.js';
import {
  compileTerminology,
  PART_B_OPTION_TYPES,
  type MeasureTerminology,
  type PartBOptionType,
  type PartBQualityCode,
  type ValueSetInput,
  type ValueSetSupplement,
} from './terminology.js';

/** Files under workers/reference/ (paths relative to it) and where they come from in the shared data folder. */
export const QUALITY_REFERENCE_FILES = {
  partBQualityCodes: {
    target: 'quality/part-b-quality-codes-2025.csv',
    source: 'quality/qpp_part_b_claims_quality_codes_2025.csv',
  },
  benchmarks: { target: 'quality/mips-benchmarks-2026.csv', source: 'quality/qpp_benchmarks_2026.json' },
  valueSetSupplements: {
    target: 'quality/value-set-supplements.csv',
    source: 'quality/ecqm_value_set_codes_aco_measures.csv',
    expansions: 'quality/ecqm-2026/valuesets',
  },
} as const;

/** The MIPS quality IDs of the five measures (001, 112, 113, 134, 236). */
export const QUALITY_IDS: readonly string[] = ['001', '112', '113', '134', '236'];

// ---------------------------------------------------------------------------------------------------------------
// Part B quality-data codes

const PART_B_HEADER = ['performance_year', 'quality_id', 'option_type', 'codes'];

/**
 * The performance options (met, not met, exclusion, exception) of the five measures, from the flattened QPP single
 * source: eligibility rows dropped (the eCQM value sets decide eligibility); codes as published, `+` joining the
 * codes reported together and `-` a required modifier (`3017F-8P`), spaces removed.
 */
export function derivePartBQualityCodes(sourceCsv: string, qualityIds: readonly string[] = QUALITY_IDS): string {
  const rows = parseCsvRecords(sourceCsv)
    .filter(
      (row) =>
        qualityIds.includes(row.quality_id ?? '') &&
        (PART_B_OPTION_TYPES as readonly string[]).includes(row.option_type ?? ''),
    )
    .map((row) => [
      row.performance_year ?? '',
      row.quality_id ?? '',
      row.option_type ?? '',
      (row.procedure_or_quality_codes ?? '').replace(/\s+/g, ''),
    ]);
  for (const [, id, type, codes] of rows) {
    if (codes === undefined || !/^[0-9A-Z]+(-[0-9A-Z]{2})?(\+[0-9A-Z]+(-[0-9A-Z]{2})?)*$/.test(codes)) {
      throw new Error(`Unexpected quality codes for ${id ?? ''} ${type ?? ''}: "${codes ?? ''}"`);
    }
  }
  return formatCsv(PART_B_HEADER, rows);
}

export function parsePartBQualityCodes(text: string): PartBQualityCode[] {
  return parseCsvRecords(text).map((row) => ({
    qualityId: row.quality_id ?? '',
    optionType: row.option_type as PartBOptionType,
    codes: (row.codes ?? '').split('+').map((entry) => {
      const [code, ...modifiers] = entry.split('-');
      return { code: code ?? '', modifiers };
    }),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// MIPS benchmarks

const BENCHMARK_HEADER = [
  'measure_id',
  'benchmark_year',
  'performance_year',
  'submission_method',
  'is_inverse',
  'is_topped_out',
  ...BENCHMARK_PERCENTILES.map((p) => `p${p}`),
  'average_performance_rate',
];

interface BenchmarkJson {
  measureId?: unknown;
  benchmarkYear?: unknown;
  performanceYear?: unknown;
  submissionMethod?: unknown;
  isInverse?: unknown;
  isToppedOut?: unknown;
  percentiles?: Record<string, unknown>;
  averagePerformanceRate?: unknown;
}

/**
 * The 2026 benchmark rows of the five measures, every submission method, and their Shared Savings Program rows
 * (`001SSP` …): the percentiles 1, 10 … 90, 99 as published, in the source's row order.
 */
export function deriveBenchmarks(sourceJson: string, qualityIds: readonly string[] = QUALITY_IDS): string {
  const rows = (JSON.parse(sourceJson) as BenchmarkJson[])
    .filter((row) => typeof row.measureId === 'string' && qualityIds.includes(row.measureId.replace(/SSP$/, '')))
    .map((row) => [
      String(row.measureId),
      String(row.benchmarkYear),
      String(row.performanceYear),
      String(row.submissionMethod),
      String(row.isInverse === true),
      String(row.isToppedOut === true),
      ...BENCHMARK_PERCENTILES.map((p) => {
        const value = row.percentiles?.[String(p)];
        if (typeof value !== 'number') {
          throw new Error(`Benchmark ${String(row.measureId)} has no percentile ${p}`);
        }
        return String(value);
      }),
      row.averagePerformanceRate === null || row.averagePerformanceRate === undefined
        ? ''
        : String(row.averagePerformanceRate as number),
    ]);
  return formatCsv(BENCHMARK_HEADER, rows);
}

export function parseBenchmarks(text: string): Benchmark[] {
  return parseCsvRecords(text).map((row) => {
    const percentiles = {} as Record<BenchmarkPercentile, number>;
    for (const p of BENCHMARK_PERCENTILES) {
      percentiles[p] = Number(row[`p${p}`]);
    }
    return {
      measureId: row.measure_id ?? '',
      benchmarkYear: Number(row.benchmark_year),
      performanceYear: Number(row.performance_year),
      submissionMethod: row.submission_method ?? '',
      inverse: row.is_inverse === 'true',
      toppedOut: row.is_topped_out === 'true',
      percentiles,
      averagePerformanceRate: row.average_performance_rate === '' ? null : Number(row.average_performance_rate),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Value-set supplements

const SUPPLEMENT_HEADER = ['value_set_oid', 'value_set_name', 'code_system', 'code'];

const CSV_SYSTEMS: Readonly<Record<string, CodeSystem>> = {
  SNOMEDCT: 'snomed',
  ICD10CM: 'icd10cm',
  ICD10PCS: 'icd10pcs',
  CPT: 'cpt',
  HCPCS: 'hcpcs',
  LOINC: 'loinc',
  RXNORM: 'rxnorm',
};

const FHIR_SYSTEMS: Readonly<Record<string, CodeSystem>> = {
  'http://snomed.info/sct': 'snomed',
  'http://hl7.org/fhir/sid/icd-10-cm': 'icd10cm',
  'http://www.cms.gov/Medicare/Coding/ICD10': 'icd10pcs',
  'http://www.ama-assn.org/go/cpt': 'cpt',
  'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': 'hcpcs',
  'http://www.nlm.nih.gov/research/umls/hcpcs': 'hcpcs',
  'http://loinc.org': 'loinc',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'rxnorm',
};

interface ExpansionJson {
  url?: unknown;
  title?: unknown;
  expansion?: { total?: unknown; contains?: { system?: unknown; code?: unknown }[] };
}

function canonicalCode(system: CodeSystem, code: string): string {
  return system === 'icd10cm' ? normalizeIcd10(code) : code;
}

/**
 * For each published expansion that holds fewer codes than its `total` (VSAC pages at 1,000), the codes of the
 * same value set (same OID) in the shared folder's value-set code list that the expansion lacks; sorted by OID,
 * system, code. Expansions that are complete contribute nothing.
 */
export function deriveValueSetSupplements(expansions: readonly string[], codeListCsv: string): string {
  const truncated = new Map<string, { title: string; held: Set<string> }>();
  for (const text of expansions) {
    const valueSet = JSON.parse(text) as ExpansionJson;
    const contains = valueSet.expansion?.contains ?? [];
    const total = valueSet.expansion?.total;
    if (typeof total !== 'number' || total <= contains.length || typeof valueSet.url !== 'string') {
      continue;
    }
    const held = new Set<string>();
    for (const entry of contains) {
      const system = FHIR_SYSTEMS[String(entry.system)];
      if (system !== undefined && typeof entry.code === 'string') {
        held.add(`${system}|${canonicalCode(system, entry.code)}`);
      }
    }
    truncated.set(valueSet.url.slice(valueSet.url.lastIndexOf('/') + 1), {
      title: typeof valueSet.title === 'string' ? valueSet.title : '',
      held,
    });
  }
  const rows = new Map<string, string[]>();
  for (const row of parseCsvRecords(codeListCsv)) {
    const entry = truncated.get(row.value_set_oid ?? '');
    const system = CSV_SYSTEMS[row.code_system ?? ''];
    if (entry === undefined || system === undefined) {
      continue;
    }
    const code = canonicalCode(system, row.code ?? '');
    const key = `${system}|${code}`;
    if (!entry.held.has(key)) {
      rows.set(`${row.value_set_oid ?? ''}|${key}`, [row.value_set_oid ?? '', entry.title, system, code]);
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      (a[0] ?? '').localeCompare(b[0] ?? '') ||
      (a[2] ?? '').localeCompare(b[2] ?? '') ||
      (a[3] ?? '').localeCompare(b[3] ?? ''),
  );
  return formatCsv(SUPPLEMENT_HEADER, sorted);
}

export function parseValueSetSupplements(text: string): ValueSetSupplement[] {
  return parseCsvRecords(text).map((row) => ({
    oid: row.value_set_oid ?? '',
    system: row.code_system as CodeSystem,
    code: row.code ?? '',
  }));
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The measure terminology from the vendored files: `readText` reads a path under workers/reference/ (the
 * reference loaders' `readReferenceText`), `valueSets` are the loaded eCQM expansions (`loadEcqmValueSets()`).
 */
export function loadMeasureTerminology(
  readText: (relativePath: string) => string,
  valueSets: Iterable<ValueSetInput> | ReadonlyMap<string, ValueSetInput>,
): MeasureTerminology {
  return compileTerminology({
    valueSets,
    supplements: parseValueSetSupplements(readText(QUALITY_REFERENCE_FILES.valueSetSupplements.target)),
    partBCodes: parsePartBQualityCodes(readText(QUALITY_REFERENCE_FILES.partBQualityCodes.target)),
  });
}

export function loadBenchmarks(readText: (relativePath: string) => string): Benchmark[] {
  return parseBenchmarks(readText(QUALITY_REFERENCE_FILES.benchmarks.target));
}
