/**
 * The parameters of FHIR R4's `Measure/[id]/$evaluate-measure` (OperationDefinition Measure-evaluate-measure,
 * 4.0.1), read from the query string (GET or POST) or from a `Parameters` resource (POST), and checked: every
 * parameter is either used or refused with a reason, never silently ignored.
 *
 * | Parameter        | Here                                                                                        |
 * | ---------------- | ------------------------------------------------------------------------------------------- |
 * | `periodStart`    | required; a date (`2026`, `2026-01`, `2026-01-15`; a dateTime's calendar date): its first day |
 * | `periodEnd`      | required; the same forms: the last day of the period it names; not before periodStart      |
 * | `measure`        | optional on an instance; when given it names the measure of the path (`CMS130`, `Measure/CMS130`) |
 * | `reportType`     | `subject` (an individual report) or `population` (a summary); default: subject with a subject, else population; `subject-list` is not supported |
 * | `subject`        | `Patient/<id>` or `<id>`: a FHIR Patient id the tenant sent, or a member id                 |
 * | `practitioner`   | not supported (400)                                                                         |
 * | `lastReceivedOn` | not supported (400)                                                                         |
 *
 * Pure: no I/O. The route resolves the subject through the tenant's patient crosswalk.
 */
import type { EvaluableMeasureId } from '@benchline/shared/backend';
import { EVALUABLE_MEASURE_IDS, isEvaluableMeasureId } from '@benchline/shared/backend';
import type { OutcomeIssue } from '../http/operation-outcome.js';

export const EVALUATE_MEASURE_PARAMETERS = [
  'periodStart',
  'periodEnd',
  'measure',
  'reportType',
  'subject',
  'practitioner',
  'lastReceivedOn',
] as const;
type ParameterName = (typeof EVALUATE_MEASURE_PARAMETERS)[number];

export interface EvaluateMeasureRequest {
  measureId: EvaluableMeasureId;
  /** Inclusive calendar dates. */
  period: { start: string; end: string };
  /** `individual` (reportType subject) or `summary` (reportType population). */
  reportType: 'individual' | 'summary';
  /** The Patient logical id asked for, when there is a subject. */
  patientId?: string;
}

export type ParsedEvaluateMeasure =
  { ok: true; request: EvaluateMeasureRequest } | { ok: false; status: 400 | 404; issues: OutcomeIssue[] };

const NOT_SUPPORTED: Partial<Record<ParameterName, string>> = {
  practitioner: 'practitioner is not supported: evaluate for a subject, or for the whole population',
  lastReceivedOn: 'lastReceivedOn is not supported: reports always use every fact received so far',
};

const PATIENT_ID = '[A-Za-z0-9\\-.]{1,64}';
const SUBJECT = new RegExp(`^(?:Patient/)?(${PATIENT_ID})$`);
const DATE =
  /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?)?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A FHIR date (or dateTime) as the first or last calendar day of the period it names, as the operation defines
 * it ("a value of 2014 would set the period start to 2014-01-01 … the period end to 2014-12-31"); null if it is
 * not a date.
 */
export function periodBound(text: string, bound: 'start' | 'end'): string | null {
  const match = DATE.exec(text);
  if (match === null) {
    return null;
  }
  const year = Number(match[1]);
  const month = match[2] === undefined ? (bound === 'start' ? 1 : 12) : Number(match[2]);
  if (year < 1 || month < 1 || month > 12) {
    return null;
  }
  const last = daysIn(year, month);
  const day = match[3] === undefined ? (bound === 'start' ? 1 : last) : Number(match[3]);
  if (day < 1 || day > last) {
    return null;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface Given {
  value: string | null;
  /** Where it was given (the query string or a Parameters body). */
  source: 'query' | 'body';
}

/** The parameters given, by name, from the query string and a Parameters body; problems with their shape. */
function collect(query: Record<string, unknown>, body: unknown, issues: OutcomeIssue[]): Map<string, Given[]> {
  const given = new Map<string, Given[]>();
  const add = (name: string, value: string | null, source: Given['source']): void => {
    given.set(name, [...(given.get(name) ?? []), { value, source }]);
  };
  for (const [name, raw] of Object.entries(query)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      add(name, typeof value === 'string' ? value : null, 'query');
    }
  }
  if (body === undefined || body === null || body === '') {
    return given;
  }
  const resource = body as { resourceType?: unknown; parameter?: unknown };
  if (typeof body !== 'object' || resource.resourceType !== 'Parameters') {
    issues.push({
      code: 'structure',
      diagnostics: 'the body must be a FHIR Parameters resource',
      expression: 'Parameters',
    });
    return given;
  }
  if (resource.parameter !== undefined && !Array.isArray(resource.parameter)) {
    issues.push({
      code: 'structure',
      diagnostics: 'Parameters.parameter must be an array',
      expression: 'Parameters.parameter',
    });
    return given;
  }
  ((resource.parameter as unknown[] | undefined) ?? []).forEach((item, index) => {
    const parameter = (item ?? {}) as Record<string, unknown>;
    if (typeof parameter.name !== 'string' || parameter.name === '') {
      issues.push({
        code: 'required',
        diagnostics: 'every parameter needs a name',
        expression: `Parameters.parameter[${index}].name`,
      });
      return;
    }
    add(parameter.name, valueOf(parameter), 'body');
  });
  return given;
}

/** A Parameters entry's value as a string: a primitive value[x], or a Reference's reference. */
function valueOf(parameter: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(parameter)) {
    if (!key.startsWith('value')) {
      continue;
    }
    if (typeof value === 'string') {
      return value;
    }
    if (key === 'valueReference' && typeof (value as { reference?: unknown } | null)?.reference === 'string') {
      return (value as { reference: string }).reference;
    }
    return null;
  }
  return null;
}

export function parseEvaluateMeasure(
  measureId: string,
  query: Record<string, unknown>,
  body: unknown,
): ParsedEvaluateMeasure {
  if (!isEvaluableMeasureId(measureId)) {
    return {
      ok: false,
      status: 404,
      issues: [
        {
          code: 'not-found',
          diagnostics: `no measure ${measureId}: the measures evaluated are ${EVALUABLE_MEASURE_IDS.join(', ')}`,
          expression: 'Measure.id',
        },
      ],
    };
  }
  const issues: OutcomeIssue[] = [];
  const given = collect(query, body, issues);
  const values = new Map<ParameterName, string>();
  /** Parameters given but refused (reported once, never also as missing). */
  const refused = new Set<string>();
  for (const [name, occurrences] of given) {
    if (!(EVALUATE_MEASURE_PARAMETERS as readonly string[]).includes(name)) {
      issues.push({
        code: 'not-supported',
        diagnostics: `${name} is not a parameter of $evaluate-measure (${EVALUATE_MEASURE_PARAMETERS.join(', ')})`,
        expression: name,
      });
      continue;
    }
    const known = name as ParameterName;
    const refusal = NOT_SUPPORTED[known];
    if (refusal !== undefined) {
      issues.push({ code: 'not-supported', diagnostics: refusal, expression: name });
      continue;
    }
    const [first] = occurrences;
    if (occurrences.length > 1 || first === undefined) {
      refused.add(name);
      issues.push({ code: 'invalid', diagnostics: `${name} may be given once`, expression: name });
      continue;
    }
    if (first.value === null || first.value === '') {
      refused.add(name);
      issues.push({
        code: 'invalid',
        diagnostics: `${name} needs a ${first.source === 'body' ? 'primitive value (or a reference)' : 'value'}`,
        expression: name,
      });
      continue;
    }
    values.set(known, first.value);
  }

  const period = periodOf(values, refused, issues);
  const measure = values.get('measure');
  if (measure !== undefined && measure !== measureId && !measure.endsWith(`Measure/${measureId}`)) {
    issues.push({
      code: 'invalid',
      diagnostics: `measure names another measure than the path's ${measureId}`,
      expression: 'measure',
    });
  }
  let patientId: string | undefined;
  const subject = values.get('subject');
  if (subject !== undefined) {
    patientId = SUBJECT.exec(subject)?.[1];
    if (patientId === undefined) {
      issues.push({
        code: subject.includes('/') && !subject.startsWith('Patient/') ? 'not-supported' : 'invalid',
        diagnostics: 'subject must be a Patient: Patient/<id> (a FHIR Patient id or a member id)',
        expression: 'subject',
      });
    }
  }
  const reportType = refused.has('reportType')
    ? null
    : reportTypeOf(values.get('reportType'), subject !== undefined || refused.has('subject'), issues);

  if (issues.length > 0 || period === null || reportType === null) {
    return { ok: false, status: 400, issues };
  }
  return {
    ok: true,
    request: { measureId, period, reportType, ...(patientId === undefined ? {} : { patientId }) },
  };
}

function periodOf(
  values: Map<ParameterName, string>,
  refused: ReadonlySet<string>,
  issues: OutcomeIssue[],
): { start: string; end: string } | null {
  const bounds = (['periodStart', 'periodEnd'] as const).map((name) => {
    const text = values.get(name);
    if (text === undefined) {
      if (refused.has(name)) {
        return null;
      }
      issues.push({ code: 'required', diagnostics: `${name} is required`, expression: name });
      return null;
    }
    const date = periodBound(text, name === 'periodStart' ? 'start' : 'end');
    if (date === null) {
      issues.push({
        code: 'value',
        diagnostics: `${name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date)`,
        expression: name,
      });
    }
    return date;
  });
  const [start, end] = bounds;
  if (start === null || start === undefined || end === null || end === undefined) {
    return null;
  }
  if (end < start) {
    issues.push({ code: 'invalid', diagnostics: 'periodEnd is before periodStart', expression: 'periodEnd' });
    return null;
  }
  return { start, end };
}

function reportTypeOf(
  text: string | undefined,
  hasSubject: boolean,
  issues: OutcomeIssue[],
): EvaluateMeasureRequest['reportType'] | null {
  const type = text ?? (hasSubject ? 'subject' : 'population');
  switch (type) {
    case 'subject':
      if (!hasSubject) {
        issues.push({ code: 'required', diagnostics: 'reportType subject needs a subject', expression: 'subject' });
        return null;
      }
      return 'individual';
    case 'population':
      return 'summary';
    case 'subject-list':
      issues.push({
        code: 'not-supported',
        diagnostics: 'reportType subject-list is not supported: ask for subject or population',
        expression: 'reportType',
      });
      return null;
    default:
      issues.push({
        code: 'value',
        diagnostics: 'reportType must be subject, subject-list or population',
        expression: 'reportType',
      });
      return null;
  }
}
