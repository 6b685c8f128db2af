/**
 * FHIR R4 MeasureReport from the engine's results, as `$evaluate-measure` returns it. Pure: the results, the
 * report date and the subject reference come in; JSON comes out.
 *
 * - **individual**: one patient's populations, counted 0 or 1 (`initial-population`, `denominator`,
 *   `denominator-exclusion`, `denominator-exception` for the measures that define one, `numerator`), the
 *   proportion score when the patient is in the performance denominator, the age stratum as a stratifier
 *   (CMS125, CMS130), and every evidence record behind the populations in `evaluatedResource`: a clinical event
 *   that came from FHIR is referenced as the resource it came from (`Observation/<id>`); any other record
 *   (claim lines and diagnoses, enrolment months, events from other feeds) by an identifier holding its
 *   Benchline event id (`EVENT_ID_SYSTEM`).
 * - **summary**: the same populations counted over the members evaluated, with the score and strata.
 *
 * A result the data cannot decide is never a silent zero. An individual report is `status: error`, its
 * populations carry no counts, and a contained OperationOutcome says why; a summary counts only the members
 * that could be evaluated and its OperationOutcome says how many could not, by reason. The OperationOutcome is
 * attached with the `cqf-messages` extension, which FHIR defines for an operation's messages; the same
 * OperationOutcome carries the engine's notes (approximations) as information.
 */
import { MEASURES } from './evaluate.js';
import type { EvidenceRecord, MeasureId, MeasureResult, Period } from './types.js';

/** Identifier system of a Benchline canonical event id, for evidence that is not a FHIR resource we received. */
export const EVENT_ID_SYSTEM = 'urn:benchline:event-id';
export const CQF_MESSAGES_URL = 'http://hl7.org/fhir/StructureDefinition/cqf-messages';
const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';
const IMPROVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation';
/** MADiE, where CMS publishes the FHIR eCQMs: the canonical URL of a measure is its library name there. */
const MEASURE_BASE = 'https://madie.cms.gov/Measure/';

export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Reference {
  reference?: string;
  identifier?: { system: string; value: string };
  display?: string;
}
export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  id: string;
  issue: {
    severity: 'fatal' | 'error' | 'warning' | 'information';
    code: string;
    diagnostics: string;
  }[];
}
export interface ReportPopulation {
  id: string;
  code: CodeableConcept;
  /** Absent when the data cannot decide (a not-evaluable individual result). */
  count?: number;
}
export interface Stratum {
  value: CodeableConcept;
  population: ReportPopulation[];
  measureScore?: { value: number };
}
export interface ReportGroup {
  population: ReportPopulation[];
  measureScore?: { value: number };
  stratifier?: { id: string; code: CodeableConcept[]; stratum: Stratum[] }[];
}
export interface MeasureReport {
  resourceType: 'MeasureReport';
  contained?: OperationOutcome[];
  extension?: { url: string; valueReference: Reference }[];
  status: 'complete' | 'error';
  type: 'individual' | 'summary';
  measure: string;
  subject?: Reference;
  date: string;
  period: { start: string; end: string };
  improvementNotation: CodeableConcept;
  group: ReportGroup[];
  evaluatedResource?: Reference[];
}

type PopulationKey =
  'initialPopulation' | 'denominator' | 'denominatorExclusion' | 'denominatorException' | 'numerator';

const POPULATIONS: readonly { key: PopulationKey; code: string; display: string }[] = [
  { key: 'initialPopulation', code: 'initial-population', display: 'Initial Population' },
  { key: 'denominator', code: 'denominator', display: 'Denominator' },
  { key: 'denominatorExclusion', code: 'denominator-exclusion', display: 'Denominator Exclusion' },
  { key: 'denominatorException', code: 'denominator-exception', display: 'Denominator Exception' },
  { key: 'numerator', code: 'numerator', display: 'Numerator' },
];

/** The measures whose definition has a Denominator Exception (the others' Measure resources list none). */
const WITH_EXCEPTIONS: ReadonlySet<MeasureId> = new Set<MeasureId>(['CMS2']);

type Counts = Record<PopulationKey, number>;

function zeroCounts(): Counts {
  return { initialPopulation: 0, denominator: 0, denominatorExclusion: 0, denominatorException: 0, numerator: 0 };
}

/** The canonical URL of a measure, with its version: `https://madie.cms.gov/Measure/<library>|<version>`. */
export function measureCanonical(measureId: MeasureId): string {
  const { library, libraryVersion } = MEASURES[measureId].version;
  return `${MEASURE_BASE}${library}|${libraryVersion}`;
}

function populationsOf(measureId: MeasureId, counts: Counts | null): ReportPopulation[] {
  return POPULATIONS.filter(({ key }) => key !== 'denominatorException' || WITH_EXCEPTIONS.has(measureId)).map(
    ({ key, code, display }) => ({
      id: code,
      code: { coding: [{ system: POPULATION_SYSTEM, code, display }] },
      ...(counts === null ? {} : { count: counts[key] }),
    }),
  );
}

/** Proportion scoring: Numerator / (Denominator − Exclusions − Exceptions); none when that is empty. */
function scoreOf(counts: Counts): { measureScore?: { value: number } } {
  const performance = counts.denominator - counts.denominatorExclusion - counts.denominatorException;
  return performance > 0 ? { measureScore: { value: counts.numerator / performance } } : {};
}

function countsOf(result: MeasureResult): Counts {
  const counts = zeroCounts();
  for (const { key } of POPULATIONS) {
    counts[key] = result.populations[key] ? 1 : 0;
  }
  return counts;
}

function improvementOf(measureId: MeasureId): CodeableConcept {
  const code = MEASURES[measureId].inverse ? 'decrease' : 'increase';
  return {
    coding: [
      {
        system: IMPROVEMENT_SYSTEM,
        code,
        display:
          code === 'increase' ? 'Increased score indicates improvement' : 'Decreased score indicates improvement',
      },
    ],
  };
}

function stratifierOf(measureId: MeasureId, strata: ReadonlyMap<string, Counts>): Pick<ReportGroup, 'stratifier'> {
  if (strata.size === 0) {
    return {};
  }
  const stratum = [...strata.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, counts]) => ({
      value: { text: value },
      population: populationsOf(measureId, counts),
      ...scoreOf(counts),
    }));
  return { stratifier: [{ id: 'age', code: [{ text: 'Age stratification' }], stratum }] };
}

/** Attaches an OperationOutcome of messages, when there are any. */
function withMessages(report: MeasureReport, issues: OperationOutcome['issue']): MeasureReport {
  if (issues.length === 0) {
    return report;
  }
  const { resourceType, ...rest } = report;
  return {
    resourceType,
    contained: [{ resourceType: 'OperationOutcome', id: 'messages', issue: issues }],
    extension: [{ url: CQF_MESSAGES_URL, valueReference: { reference: '#messages' } }],
    ...rest,
  };
}

const FHIR_RECORD_ID = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:#.*)?$/;

/** The reference for an evidence record: the FHIR resource it came from, or its Benchline event id. */
export function evidenceReference(
  record: EvidenceRecord,
  fhirEventIds: ReadonlySet<string>,
  display: string,
): Reference {
  const match =
    record.source === 'clinical' && fhirEventIds.has(record.eventId) ? FHIR_RECORD_ID.exec(record.eventId) : null;
  if (match !== null) {
    return { reference: `${match[1]}/${match[2]}`, display };
  }
  return { identifier: { system: EVENT_ID_SYSTEM, value: record.eventId }, display };
}

const EVIDENCE_POPULATIONS = [
  ['initialPopulation', 'Initial Population'],
  ['denominatorExclusion', 'Denominator Exclusion'],
  ['denominatorException', 'Denominator Exception'],
  ['numerator', 'Numerator'],
] as const;

export interface IndividualReportOptions {
  /** When the report was made (ISO 8601); the caller reads the clock. */
  readonly date: string;
  /** The report's subject, e.g. `Patient/<id>`. */
  readonly subject: string;
  /** Ids of the patient's clinical events that came from FHIR (`<Type>/<id>`), referenced as those resources. */
  readonly fhirEventIds?: ReadonlySet<string>;
}

/** One patient's MeasureReport (type `individual`). */
export function individualMeasureReport(result: MeasureResult, options: IndividualReportOptions): MeasureReport {
  const counts = result.evaluable ? countsOf(result) : null;
  const fhirEventIds = options.fhirEventIds ?? new Set<string>();
  const evaluated = new Map<string, Reference>();
  for (const [key, label] of EVIDENCE_POPULATIONS) {
    for (const record of result.evidence[key]) {
      const reference = evidenceReference(record, fhirEventIds, `${label}: ${record.role}`);
      const id = reference.reference ?? `${EVENT_ID_SYSTEM}|${reference.identifier?.value ?? ''}`;
      if (!evaluated.has(id)) {
        evaluated.set(id, reference);
      }
    }
  }
  const group: ReportGroup = {
    population: populationsOf(result.measureId, counts),
    ...(counts === null ? {} : scoreOf(counts)),
    ...(counts === null || result.stratum === null
      ? {}
      : stratifierOf(result.measureId, new Map([[result.stratum, counts]]))),
  };
  const report: MeasureReport = {
    resourceType: 'MeasureReport',
    status: result.evaluable ? 'complete' : 'error',
    type: 'individual',
    measure: measureCanonical(result.measureId),
    subject: { reference: options.subject },
    date: options.date,
    period: { start: result.period.start, end: result.period.end },
    improvementNotation: improvementOf(result.measureId),
    group: [group],
    ...(evaluated.size === 0 ? {} : { evaluatedResource: [...evaluated.values()] }),
  };
  const issues: OperationOutcome['issue'] = [];
  if (!result.evaluable) {
    issues.push({
      severity: 'error',
      code: 'incomplete',
      diagnostics: `not evaluable: ${result.reason ?? 'the data cannot decide'}`,
    });
  }
  for (const note of result.notes) {
    issues.push({ severity: 'information', code: 'informational', diagnostics: note });
  }
  return withMessages(report, issues);
}

/** Population counts accumulated member by member, for a summary report (no member-level detail kept). */
export interface PopulationTally {
  readonly measureId: MeasureId;
  readonly period: Period;
  /** Members evaluated, evaluable or not. */
  members: number;
  readonly counts: Counts;
  /** Stratum → its populations' counts. */
  readonly strata: Map<string, Counts>;
  /** Members the data could not decide for, by reason. */
  readonly notEvaluable: Map<string, number>;
  /** The engine's notes, with how many members' results relied on each. */
  readonly notes: Map<string, number>;
}

export function emptyTally(measureId: MeasureId, period: Period): PopulationTally {
  return {
    measureId,
    period,
    members: 0,
    counts: zeroCounts(),
    strata: new Map(),
    notEvaluable: new Map(),
    notes: new Map(),
  };
}

/** Adds one member's result (of the tally's measure) to the tally, in place. */
export function addToTally(tally: PopulationTally, result: MeasureResult): void {
  if (result.measureId !== tally.measureId) {
    throw new RangeError(`a ${result.measureId} result cannot count towards a ${tally.measureId} report`);
  }
  tally.members += 1;
  for (const note of result.notes) {
    tally.notes.set(note, (tally.notes.get(note) ?? 0) + 1);
  }
  if (!result.evaluable) {
    const reason = result.reason ?? 'the data cannot decide';
    tally.notEvaluable.set(reason, (tally.notEvaluable.get(reason) ?? 0) + 1);
    return;
  }
  const counts = countsOf(result);
  const stratum = result.stratum === null ? null : (tally.strata.get(result.stratum) ?? zeroCounts());
  for (const { key } of POPULATIONS) {
    tally.counts[key] += counts[key];
    if (stratum !== null) {
      stratum[key] += counts[key];
    }
  }
  if (stratum !== null && result.stratum !== null) {
    tally.strata.set(result.stratum, stratum);
  }
}

export interface SummaryReportOptions {
  /** When the report was made (ISO 8601); the caller reads the clock. */
  readonly date: string;
  /** The subject, when the summary was asked for one patient (or a group); absent for the whole population. */
  readonly subject?: string;
}

/** A population's MeasureReport (type `summary`). */
export function summaryMeasureReport(tally: PopulationTally, options: SummaryReportOptions): MeasureReport {
  const { measureId } = tally;
  const report: MeasureReport = {
    resourceType: 'MeasureReport',
    status: 'complete',
    type: 'summary',
    measure: measureCanonical(measureId),
    ...(options.subject === undefined ? {} : { subject: { reference: options.subject } }),
    date: options.date,
    period: { start: tally.period.start, end: tally.period.end },
    improvementNotation: improvementOf(measureId),
    group: [
      {
        population: populationsOf(measureId, tally.counts),
        ...scoreOf(tally.counts),
        ...stratifierOf(measureId, tally.strata),
      },
    ],
  };
  const issues: OperationOutcome['issue'] = [];
  for (const [reason, count] of [...tally.notEvaluable.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    issues.push({
      severity: 'warning',
      code: 'incomplete',
      diagnostics: `${count} of ${tally.members} members not evaluable, not counted in any population: ${reason}`,
    });
  }
  for (const [note, count] of [...tally.notes.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    issues.push({ severity: 'information', code: 'informational', diagnostics: `${count} members: ${note}` });
  }
  return withMessages(report, issues);
}
