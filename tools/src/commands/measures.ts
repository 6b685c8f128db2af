/**
 * `benchline measures`: evaluates the eCQMs over FHIR input (Bundles, single resources, bulk-data NDJSON; files
 * or folders) through the project's FHIR mapper and the measure engine, and writes one CSV row per patient and
 * measure. Patients without an MBI (eCQM test patients) are keyed by their FHIR Patient id, which is also the
 * `patient_id` written. Nothing is stored; a summary of what was not evaluated goes to stderr.
 *
 *   benchline measures --measure CMS125|all --period 2026-01-01:2026-12-31 <bundle.json | dir | file.ndjson ...>
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClaimEvent, ClinicalEvent, FieldIssue, MemberEvent } from '@benchline/shared';
import type { FhirMappingContext, FhirMappingResult } from '@benchline/server';
import { mapFhirBundle, mapFhirResource, patientCrosswalkOf } from '@benchline/server';
import {
  MEASURE_IDS,
  evaluateMeasures,
  formatCsvRow,
  isMeasureId,
  loadEcqmValueSets,
  loadMeasureTerminology,
  mergeMemberRecords,
  readReferenceText,
  type MeasureId,
  type MeasureResult,
  type Period,
} from '@benchline/workers';

const USAGE = `usage: benchline measures --measure <CMS122|CMS125|CMS130|CMS165|CMS2|all> --period <start>:<end> <input> ...

  --measure  the eCQM to evaluate, or all of them
  --period   the measurement period, e.g. 2026-01-01:2026-12-31
  <input>    FHIR R4: a Bundle or resource (.json), bulk-data NDJSON (.ndjson), or a folder of them

Writes CSV to stdout: measure,patient_id,IP,DEN,DENEX,DENEXCEP,NUM,evaluable,reason
`;

export const MEASURES_CSV_HEADER = [
  'measure',
  'patient_id',
  'IP',
  'DEN',
  'DENEX',
  'DENEXCEP',
  'NUM',
  'evaluable',
  'reason',
];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDate(text: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) {
    return false;
  }
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function parsePeriod(text: string): Period {
  const [start, end, ...rest] = text.split(':');
  if (start === undefined || end === undefined || rest.length > 0 || !isDate(start) || !isDate(end) || end < start) {
    throw new RangeError(`--period must be <start>:<end>, two dates in order (got "${text}")`);
  }
  return { start, end };
}

function parseMeasures(text: string): MeasureId[] {
  if (text.toLowerCase() === 'all') {
    return [...MEASURE_IDS];
  }
  const id = text.toUpperCase();
  if (!isMeasureId(id)) {
    throw new RangeError(`--measure must be one of ${MEASURE_IDS.join(', ')} or all (got "${text}")`);
  }
  return [id];
}

/** Every .json / .ndjson file under the inputs, folders walked in name order. */
function inputFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      const children = readdirSync(path)
        .sort()
        .map((name) => join(path, name))
        .filter((child) => statSync(child).isDirectory() || /\.(nd)?json$/.test(child));
      files.push(...inputFiles(children));
    } else {
      files.push(path);
    }
  }
  return files;
}

/** The FHIR documents of a file: one JSON document, or one per NDJSON line. */
function documentsOf(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.ndjson')) {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new SyntaxError(`${file}: line ${index + 1} is not JSON`);
        }
      });
  }
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    throw new SyntaxError(`${file}: not JSON`);
  }
}

function resourcesOf(document: unknown): Json[] {
  if (isObject(document) && document.resourceType === 'Bundle' && Array.isArray(document.entry)) {
    return document.entry.flatMap((entry) => (isObject(entry) && isObject(entry.resource) ? [entry.resource] : []));
  }
  return isObject(document) ? [document] : [];
}

function typeOf(resource: unknown): string {
  return isObject(resource) && typeof resource.resourceType === 'string' ? resource.resourceType : 'unknown';
}

interface Patients {
  /** FHIR Patient id → member id (the MBI when the Patient carries one, else the Patient id). */
  readonly crosswalk: Map<string, string>;
  /** Member id → the FHIR Patient id written as patient_id. */
  readonly patientIds: Map<string, string>;
}

function patientsOf(documents: readonly unknown[]): Patients {
  const crosswalk = new Map<string, string>();
  const patientIds = new Map<string, string>();
  for (const resource of documents.flatMap(resourcesOf)) {
    if (resource.resourceType === 'Patient' && typeof resource.id === 'string' && !crosswalk.has(resource.id)) {
      const memberId = patientCrosswalkOf(resource)?.memberId ?? resource.id;
      crosswalk.set(resource.id, memberId);
      patientIds.set(memberId, resource.id);
    }
  }
  return { crosswalk, patientIds };
}

interface MemberData {
  members: MemberEvent[];
  clinical: ClinicalEvent[];
  claims: ClaimEvent[];
}

function populationCell(result: MeasureResult, value: boolean): string {
  return result.evaluable ? (value ? '1' : '0') : '';
}

export function resultRow(result: MeasureResult, patientId: string): string {
  const p = result.populations;
  return formatCsvRow([
    result.measureId,
    patientId,
    populationCell(result, p.initialPopulation),
    populationCell(result, p.denominator),
    populationCell(result, p.denominatorExclusion),
    populationCell(result, p.denominatorException),
    populationCell(result, p.numerator),
    result.evaluable ? '1' : '0',
    result.reason ?? '',
  ]);
}

export async function runMeasures(argv: string[]): Promise<number> {
  let measures: MeasureId[];
  let period: Period;
  let inputs: string[];
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { measure: { type: 'string' }, period: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (values.measure === undefined || values.period === undefined || positionals.length === 0) {
      throw new RangeError('--measure, --period and at least one input are required');
    }
    measures = parseMeasures(values.measure);
    period = parsePeriod(values.period);
    inputs = positionals;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  let documents: unknown[];
  try {
    documents = inputFiles(inputs).flatMap(documentsOf);
  } catch (error) {
    process.stderr.write(`benchline measures: ${(error as Error).message}\n`);
    return 1;
  }

  const patients = patientsOf(documents);
  const context: FhirMappingContext = { patients: patients.crosswalk, source: 'fhir', defaultAsOf: period.end };
  const byMember = new Map<string, MemberData>();
  const skipped = new Map<string, number>();
  const skip = (resourceType: string, issues: readonly FieldIssue[]): void => {
    const reason = issues.some((issue) => issue.reason === 'unsupported-resource') ? 'not supported' : 'not mapped';
    const key = `${resourceType} (${reason})`;
    skipped.set(key, (skipped.get(key) ?? 0) + 1);
  };
  const collect = (result: FhirMappingResult, resourceType: string): void => {
    if (!result.ok) {
      skip(resourceType, result.issues);
      return;
    }
    for (const event of result.events) {
      if (event.kind !== 'member' && event.kind !== 'clinical' && event.kind !== 'claim') {
        continue;
      }
      const data = byMember.get(event.memberId) ?? { members: [], clinical: [], claims: [] };
      if (event.kind === 'member') {
        data.members.push(event);
      } else if (event.kind === 'clinical') {
        data.clinical.push(event);
      } else {
        data.claims.push(event);
      }
      byMember.set(event.memberId, data);
    }
  };
  for (const document of documents) {
    if (isObject(document) && document.resourceType === 'Bundle') {
      const mapped = mapFhirBundle(document, context);
      if (!mapped.ok) {
        skip('Bundle', mapped.issues);
        continue;
      }
      const resources = resourcesOf(document);
      mapped.entries.forEach((entry, index) => collect(entry, typeOf(resources[index])));
    } else {
      collect(mapFhirResource(document, context), typeOf(document));
    }
  }

  const terminology = loadMeasureTerminology(readReferenceText, loadEcqmValueSets());
  // Patients in the order their Patient resources came, then members known only from other resources.
  const memberIds = [
    ...[...patients.crosswalk.values()].filter((id, index, all) => all.indexOf(id) === index),
    ...[...byMember.keys()].filter((id) => !patients.patientIds.has(id)).sort(),
  ];
  const results = memberIds.map((memberId) => {
    const data = byMember.get(memberId) ?? { members: [], clinical: [], claims: [] };
    const facts = { memberId, profile: mergeMemberRecords(data.members), clinical: data.clinical, claims: data.claims };
    return {
      patientId: patients.patientIds.get(memberId) ?? memberId,
      results: evaluateMeasures(measures, facts, period, terminology),
    };
  });

  const lines = [formatCsvRow(MEASURES_CSV_HEADER)];
  measures.forEach((_, index) => {
    for (const patient of results) {
      const result = patient.results[index];
      if (result !== undefined) {
        lines.push(resultRow(result, patient.patientId));
      }
    }
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  const notEvaluable = results.flatMap((patient) => patient.results).filter((result) => !result.evaluable).length;
  const skippedText = [...skipped].map(([key, count]) => `${count} ${key}`).join(', ');
  process.stderr.write(
    `benchline measures: ${memberIds.length} patients × ${measures.length} measures, ${notEvaluable} not evaluable` +
      (skippedText === '' ? '' : `; resources left out: ${skippedText}`) +
      '\n',
  );
  return 0;
}
