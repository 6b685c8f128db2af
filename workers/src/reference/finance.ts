/**
 * MSSP finance tables (42 CFR 425.604(b), 425.605(b)/(d)/(h), 425.610): the MSR sliding scale by assigned
 * population and the sharing rates, savings caps, loss rates and loss caps by track and level. The derivation of
 * `track-parameters.csv` from the shared data folder's prose CSV and the parsers are pure (the vendor script and
 * the tests use them); the loaders read `workers/reference/mssp/`. Provenance: `reference/mssp/SOURCES-finance.md`.
 */
import { formatCsv, parseCsvRecords } from './csv.js';
import { readReferenceText } from './reference-files.js';

/** One band of the MSR sliding scale, in percent as the regulation's table prints it. */
export interface MsrBand {
  readonly assignedLow: number;
  /** Null for the open top band (60,000 and more). */
  readonly assignedHigh: number | null;
  readonly msrPctAtLow: number;
  readonly msrPctAtHigh: number;
}

/** The MSR/MLR choices of 42 CFR 425.605(b)(2)(i): the sliding scale, or a fixed symmetric percentage. */
export type MsrMlrOption = 'variable' | '0' | '0.5' | '1' | '1.5' | '2';
export const MSR_MLR_OPTIONS: readonly MsrMlrOption[] = ['variable', '0', '0.5', '1', '1.5', '2'];

export type MsspTrack = 'BASIC' | 'ENHANCED';
export type BasicLevel = 'A' | 'B' | 'C' | 'D' | 'E';

/** How the shared-loss rate is set: fixed (BASIC C–E) or from the quality score (ENHANCED, 425.610(f)). */
export type LossRateRule =
  | { readonly kind: 'fixed'; readonly rate: number }
  | {
      readonly kind: 'quality-scaled';
      /** rate = 1 − multiplier × quality score (as a fraction), then clamped to [floor, ceiling]. */
      readonly multiplier: number;
      readonly floor: number;
      readonly ceiling: number;
      /** The rate when the ACO meets neither quality standard. */
      readonly ifQualityFailed: number;
    };

/** The loss recoupment limit: the lower of the shares present (of participant revenue, of updated benchmark). */
export interface LossCapRule {
  readonly shareOfRevenue: number | null;
  readonly shareOfBenchmark: number | null;
}

export interface TrackParameters {
  readonly track: MsspTrack;
  /** BASIC level; null for ENHANCED. */
  readonly level: BasicLevel | null;
  readonly twoSided: boolean;
  readonly maxSharingRate: number;
  /** Shared savings may not exceed this share of the updated benchmark (the performance payment limit). */
  readonly savingsCapShareOfBenchmark: number;
  readonly lossRate: LossRateRule | null;
  readonly lossCap: LossCapRule | null;
  readonly msrMlrOptions: readonly MsrMlrOption[];
  /** The source row's wording, kept so a reader can check the parse. */
  readonly sourceText: string;
}

export const MSR_SLIDING_SCALE_FILE = 'mssp/msr-sliding-scale.csv';
export const TRACK_PARAMETERS_FILE = 'mssp/track-parameters.csv';
export const TRACK_PARAMETERS_NOTES_FILE = 'mssp/track-parameters-notes.txt';

/** What the vendor script writes, from which shared-data file, and how. */
export const FINANCE_REFERENCE_FILES = [
  { target: MSR_SLIDING_SCALE_FILE, source: 'mssp/mssp_msr_sliding_scale.csv', kind: 'copy' },
  { target: TRACK_PARAMETERS_FILE, source: 'mssp/mssp_track_parameters.csv', kind: 'derive-track-parameters' },
  { target: TRACK_PARAMETERS_NOTES_FILE, source: 'mssp/mssp_track_parameters_NOTES.txt', kind: 'copy' },
] as const;

function numberOf(text: string, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new Error(`${what}: not a number: ${JSON.stringify(text)}`);
  }
  return value;
}

export function parseMsrSlidingScale(text: string): MsrBand[] {
  const bands = parseCsvRecords(text).map((record) => {
    const high = record.assigned_beneficiaries_high ?? '';
    return {
      assignedLow: numberOf(record.assigned_beneficiaries_low ?? '', 'assigned_beneficiaries_low'),
      assignedHigh: high === '' ? null : numberOf(high, 'assigned_beneficiaries_high'),
      msrPctAtLow: numberOf(record.msr_pct_at_low_end ?? '', 'msr_pct_at_low_end'),
      msrPctAtHigh: numberOf(record.msr_pct_at_high_end ?? '', 'msr_pct_at_high_end'),
    };
  });
  // The bands must tile the range without gaps so interpolation never falls between two of them.
  bands.forEach((band, i) => {
    const next = bands[i + 1];
    if (next !== undefined && band.assignedHigh !== next.assignedLow - 1) {
      throw new Error(`MSR bands ${band.assignedLow} and ${next.assignedLow} do not meet`);
    }
    if (next === undefined && band.assignedHigh !== null) {
      throw new Error('The last MSR band must be open-ended');
    }
  });
  return bands;
}

/** "10% of updated benchmark" → 0.1; the unit must be the one expected. */
function shareOf(text: string, unit: 'benchmark' | 'revenue'): number {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)%\s+of\s+(.*)$/.exec(text);
  if (match === null) {
    throw new Error(`Not a percentage of something: ${JSON.stringify(text)}`);
  }
  const [, pct = '', rest = ''] = match;
  const isBenchmark = /updated benchmark/.test(rest);
  const isRevenue = /participant.*revenue/.test(rest);
  if ((unit === 'benchmark' && !isBenchmark) || (unit === 'revenue' && !isRevenue)) {
    throw new Error(`Expected a share of ${unit}: ${JSON.stringify(text)}`);
  }
  return Number(pct) / 100;
}

function lossRateOf(text: string): LossRateRule | null {
  if (text === 'n/a') {
    return null;
  }
  const scaled =
    /^1 - ([0-9.]+) x HEA quality score, floor ([0-9]+)%, ceiling ([0-9]+)% \(([0-9]+)% if quality standard failed\)$/.exec(
      text,
    );
  if (scaled !== null) {
    const [, multiplier = '', floor = '', ceiling = '', failed = ''] = scaled;
    return {
      kind: 'quality-scaled',
      multiplier: Number(multiplier),
      floor: Number(floor) / 100,
      ceiling: Number(ceiling) / 100,
      ifQualityFailed: Number(failed) / 100,
    };
  }
  return { kind: 'fixed', rate: numberOf(text, 'shared_loss_rate') };
}

function lossCapOf(primary: string, alternative: string): LossCapRule | null {
  if (primary === 'n/a') {
    return null;
  }
  const shares = [primary, alternative].filter((t) => t !== 'n/a');
  let shareOfRevenue: number | null = null;
  let shareOfBenchmark: number | null = null;
  for (const text of shares) {
    if (/revenue/.test(text)) {
      shareOfRevenue = shareOf(text, 'revenue');
    } else {
      shareOfBenchmark = shareOf(text, 'benchmark');
    }
  }
  return { shareOfRevenue, shareOfBenchmark };
}

function msrMlrOptionsOf(text: string): MsrMlrOption[] {
  if (/^variable MSR/.test(text)) {
    return ['variable'];
  }
  const match = /^choose: 0%; 0\.5\/1\.0\/1\.5\/2\.0% symmetric; or variable$/.exec(text);
  if (match === null) {
    throw new Error(`Unknown MSR/MLR options: ${JSON.stringify(text)}`);
  }
  return ['0', '0.5', '1', '1.5', '2', 'variable'];
}

const TRACK_HEADER = [
  'track',
  'level',
  'two_sided',
  'max_sharing_rate',
  'savings_cap_share_of_benchmark',
  'loss_rate_kind',
  'loss_rate',
  'loss_rate_quality_multiplier',
  'loss_rate_floor',
  'loss_rate_ceiling',
  'loss_rate_if_quality_failed',
  'loss_cap_share_of_revenue',
  'loss_cap_share_of_benchmark',
  'msr_mlr_options',
  'source_text',
] as const;

/**
 * `mssp_track_parameters.csv` (prose cells such as "2% of ACO participant Parts A+B FFS revenue") → one row per
 * track/level with the numbers an engine reads. Every cell is parsed strictly: wording it does not recognise
 * stops the derivation, so a changed source is noticed rather than half-read.
 */
export function deriveTrackParameters(sourceText: string): string {
  const rows = parseCsvRecords(sourceText).map((record) => {
    const track = record.track ?? '';
    if (track !== 'BASIC' && track !== 'ENHANCED') {
      throw new Error(`Unknown track: ${track}`);
    }
    const level = record.level === '-' ? '' : (record.level ?? '');
    const risk = record.risk ?? '';
    if (risk !== 'one-sided' && risk !== 'two-sided') {
      throw new Error(`Unknown risk: ${risk}`);
    }
    const lossRate = lossRateOf(record.shared_loss_rate ?? '');
    const lossCap = lossCapOf(record.loss_cap_primary ?? '', record.loss_cap_alternative_if_lower ?? '');
    const sourceTextCells = [
      record.savings_cap,
      record.shared_loss_rate,
      record.loss_cap_primary,
      record.loss_cap_alternative_if_lower,
    ].join(' | ');
    return [
      track,
      level,
      risk === 'two-sided' ? 'Y' : 'N',
      numberOf(record.max_final_sharing_rate ?? '', 'max_final_sharing_rate'),
      shareOf(record.savings_cap ?? '', 'benchmark'),
      lossRate?.kind ?? '',
      lossRate?.kind === 'fixed' ? lossRate.rate : '',
      lossRate?.kind === 'quality-scaled' ? lossRate.multiplier : '',
      lossRate?.kind === 'quality-scaled' ? lossRate.floor : '',
      lossRate?.kind === 'quality-scaled' ? lossRate.ceiling : '',
      lossRate?.kind === 'quality-scaled' ? lossRate.ifQualityFailed : '',
      lossCap?.shareOfRevenue ?? '',
      lossCap?.shareOfBenchmark ?? '',
      msrMlrOptionsOf(record.msr_mlr_options ?? '').join(';'),
      sourceTextCells,
    ];
  });
  return formatCsv(TRACK_HEADER, rows);
}

function optionalNumber(text: string | undefined, what: string): number | null {
  return text === undefined || text === '' ? null : numberOf(text, what);
}

export function parseTrackParameters(text: string): TrackParameters[] {
  return parseCsvRecords(text).map((record) => {
    const track = record.track;
    if (track !== 'BASIC' && track !== 'ENHANCED') {
      throw new Error(`Unknown track: ${String(track)}`);
    }
    const levelText = record.level ?? '';
    const level = levelText === '' ? null : levelText;
    if (level !== null && !['A', 'B', 'C', 'D', 'E'].includes(level)) {
      throw new Error(`Unknown BASIC level: ${level}`);
    }
    const kind = record.loss_rate_kind ?? '';
    let lossRate: LossRateRule | null = null;
    if (kind === 'fixed') {
      lossRate = { kind, rate: numberOf(record.loss_rate ?? '', 'loss_rate') };
    } else if (kind === 'quality-scaled') {
      lossRate = {
        kind,
        multiplier: numberOf(record.loss_rate_quality_multiplier ?? '', 'loss_rate_quality_multiplier'),
        floor: numberOf(record.loss_rate_floor ?? '', 'loss_rate_floor'),
        ceiling: numberOf(record.loss_rate_ceiling ?? '', 'loss_rate_ceiling'),
        ifQualityFailed: numberOf(record.loss_rate_if_quality_failed ?? '', 'loss_rate_if_quality_failed'),
      };
    } else if (kind !== '') {
      throw new Error(`Unknown loss rate kind: ${kind}`);
    }
    const shareOfRevenue = optionalNumber(record.loss_cap_share_of_revenue, 'loss_cap_share_of_revenue');
    const shareOfBenchmark = optionalNumber(record.loss_cap_share_of_benchmark, 'loss_cap_share_of_benchmark');
    const options = (record.msr_mlr_options ?? '').split(';');
    for (const option of options) {
      if (!(MSR_MLR_OPTIONS as readonly string[]).includes(option)) {
        throw new Error(`Unknown MSR/MLR option: ${option}`);
      }
    }
    return {
      track,
      level: level as BasicLevel | null,
      twoSided: record.two_sided === 'Y',
      maxSharingRate: numberOf(record.max_sharing_rate ?? '', 'max_sharing_rate'),
      savingsCapShareOfBenchmark: numberOf(
        record.savings_cap_share_of_benchmark ?? '',
        'savings_cap_share_of_benchmark',
      ),
      lossRate,
      lossCap: shareOfRevenue === null && shareOfBenchmark === null ? null : { shareOfRevenue, shareOfBenchmark },
      msrMlrOptions: options as MsrMlrOption[],
      sourceText: record.source_text ?? '',
    };
  });
}

/** The vendored tables the finance engine reads, loaded once. */
export interface FinanceTables {
  readonly msrBands: readonly MsrBand[];
  readonly tracks: readonly TrackParameters[];
}

export function loadMsrSlidingScale(): MsrBand[] {
  return parseMsrSlidingScale(readReferenceText(MSR_SLIDING_SCALE_FILE));
}

export function loadTrackParameters(): TrackParameters[] {
  return parseTrackParameters(readReferenceText(TRACK_PARAMETERS_FILE));
}

export function loadFinanceTables(): FinanceTables {
  return { msrBands: loadMsrSlidingScale(), tracks: loadTrackParameters() };
}
