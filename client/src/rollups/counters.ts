/**
 * The rollups view's flat counters (`quality:CMS130:met` → 412) read into the shapes the Quality, Attribution and
 * Contracts pages show: per measure, per measure and TIN/NPI, per contract. Pure, so the pages only render; a key
 * this does not know is ignored, never guessed at, so a counter the workers add later cannot break a page.
 */

export const MEASURE_OUTCOMES = [
  'met',
  'not-met',
  'excluded',
  'excepted',
  'not-evaluable',
  'not-in-population',
] as const;
export type MeasureOutcome = (typeof MEASURE_OUTCOMES)[number];

export type Counters = Readonly<Record<string, number>>;

export interface MeasureCounts {
  measureId: string;
  met: number;
  notMet: number;
  excluded: number;
  excepted: number;
  notEvaluable: number;
  notInPopulation: number;
}

export interface ProviderCounts {
  /** The TIN or NPI. */
  key: string;
  met: number;
  notMet: number;
}

export interface QualityCounters {
  measures: Map<string, MeasureCounts>;
  /** Measure id → its rows by the patients' home TIN. */
  byTin: Map<string, ProviderCounts[]>;
  byNpi: Map<string, ProviderCounts[]>;
}

const OUTCOME_FIELD: Record<MeasureOutcome, keyof Omit<MeasureCounts, 'measureId'>> = {
  met: 'met',
  'not-met': 'notMet',
  excluded: 'excluded',
  excepted: 'excepted',
  'not-evaluable': 'notEvaluable',
  'not-in-population': 'notInPopulation',
};

const isOutcome = (value: string): value is MeasureOutcome => (MEASURE_OUTCOMES as readonly string[]).includes(value);

export function emptyMeasureCounts(measureId: string): MeasureCounts {
  return { measureId, met: 0, notMet: 0, excluded: 0, excepted: 0, notEvaluable: 0, notInPopulation: 0 };
}

/** Splits `a:b:c` into exactly `n` parts, or null: ids never contain a colon, so any other count is not ours. */
function parts(key: string, n: number): string[] | null {
  const split = key.split(':');
  return split.length === n && split.every((p) => p !== '') ? split : null;
}

export function parseQualityCounters(counters: Counters): QualityCounters {
  const measures = new Map<string, MeasureCounts>();
  const providers = {
    tin: new Map<string, Map<string, ProviderCounts>>(),
    npi: new Map<string, Map<string, ProviderCounts>>(),
  };
  for (const [key, value] of Object.entries(counters)) {
    if (key.startsWith('quality:')) {
      const p = parts(key, 3);
      if (p === null || !isOutcome(p[2]!)) {
        continue;
      }
      const measureId = p[1]!;
      const counts = measures.get(measureId) ?? emptyMeasureCounts(measureId);
      counts[OUTCOME_FIELD[p[2]]] += value;
      measures.set(measureId, counts);
    } else if (key.startsWith('quality-tin:') || key.startsWith('quality-npi:')) {
      const p = parts(key, 4);
      if (p === null || (p[3] !== 'met' && p[3] !== 'not-met')) {
        continue;
      }
      const byMeasure = providers[p[0] === 'quality-tin' ? 'tin' : 'npi'];
      const rows = byMeasure.get(p[1]!) ?? new Map<string, ProviderCounts>();
      const row = rows.get(p[2]!) ?? { key: p[2]!, met: 0, notMet: 0 };
      if (p[3] === 'met') {
        row.met += value;
      } else {
        row.notMet += value;
      }
      rows.set(p[2]!, row);
      byMeasure.set(p[1]!, rows);
    }
  }
  const listed = (byMeasure: Map<string, Map<string, ProviderCounts>>) =>
    new Map(
      [...byMeasure].map(([measureId, rows]) => [
        measureId,
        [...rows.values()].sort((a, b) => a.key.localeCompare(b.key)),
      ]),
    );
  return { measures, byTin: listed(providers.tin), byNpi: listed(providers.npi) };
}

/** The steps that attribute a member (attribution engine's AttributionStep), in the order the rules apply them. */
export const ATTRIBUTED_STEPS = ['voluntary-alignment', 'step-1', 'step-2', 'step-3', 'roster'] as const;
export type AttributedStep = (typeof ATTRIBUTED_STEPS)[number];

/** Why a member is not attributed (NotAttributedReason), most actionable last. */
export const NOT_ATTRIBUTED_REASONS = [
  'ineligible',
  'aligned-elsewhere',
  'no-primary-care',
  'pre-step-not-met',
  'not-on-roster-this-month',
  'plurality-elsewhere',
  'tie',
] as const;
export type NotAttributedReason = (typeof NOT_ATTRIBUTED_REASONS)[number];

const isStep = (value: string): value is AttributedStep => (ATTRIBUTED_STEPS as readonly string[]).includes(value);

export interface ContractAttribution {
  contractId: string;
  /** Attributed members by the step that attributed them. */
  attributed: Map<string, number>;
  attributedTotal: number;
  /** Members evaluated and not attributed, by reason. */
  notAttributed: Map<string, number>;
  notAttributedTotal: number;
  /** Quarter-to-date: joiners by their step now; leavers by their reason now. */
  joined: Map<string, number>;
  left: Map<string, number>;
  joinedTotal: number;
  leftTotal: number;
}

function emptyContract(contractId: string): ContractAttribution {
  return {
    contractId,
    attributed: new Map(),
    attributedTotal: 0,
    notAttributed: new Map(),
    notAttributedTotal: 0,
    joined: new Map(),
    left: new Map(),
    joinedTotal: 0,
    leftTotal: 0,
  };
}

const bump = (map: Map<string, number>, key: string, by: number): void => {
  map.set(key, (map.get(key) ?? 0) + by);
};

/**
 * Every contract that has an `attribution:` or `churn:` counter, by contract id. The last part of an attribution
 * key is either a step (attributed) or a reason (not attributed); anything that is not a known step is taken as a
 * reason, so a reason added later is still counted (and labelled by its code) rather than dropped.
 */
export function parseAttributionCounters(counters: Counters): Map<string, ContractAttribution> {
  const contracts = new Map<string, ContractAttribution>();
  const contract = (id: string): ContractAttribution => {
    const found = contracts.get(id) ?? emptyContract(id);
    contracts.set(id, found);
    return found;
  };
  for (const [key, value] of Object.entries(counters)) {
    if (key.startsWith('attribution:')) {
      const p = parts(key, 3);
      if (p === null) {
        continue;
      }
      const c = contract(p[1]!);
      if (isStep(p[2]!)) {
        bump(c.attributed, p[2], value);
        c.attributedTotal += value;
      } else {
        bump(c.notAttributed, p[2]!, value);
        c.notAttributedTotal += value;
      }
    } else if (key.startsWith('churn:')) {
      const p = parts(key, 4);
      if (p === null || (p[2] !== 'joined' && p[2] !== 'left')) {
        continue;
      }
      const c = contract(p[1]!);
      if (p[2] === 'joined') {
        bump(c.joined, p[3]!, value);
        c.joinedTotal += value;
      } else {
        bump(c.left, p[3]!, value);
        c.leftTotal += value;
      }
    }
  }
  return new Map([...contracts].sort(([a], [b]) => a.localeCompare(b)));
}
