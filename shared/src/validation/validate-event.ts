/**
 * Validating one canonical event: its kind first (so errors come from that kind's schema, not a union's noise; a
 * worklist action's type likewise picks its action's schema), then the schema, then the rules a schema cannot say —
 * NPI check digits, dates in order, a note where a reason needs one, a clinical code well formed for its system,
 * what a contract's benchmark type or completion method needs, nothing given twice. Codes are normalised before
 * validation (ICD-10 without the dot and upper case; HCPCS, CPT and modifiers upper case; a clinical coding by its
 * system, as the FHIR mapper does it), so "e11.9" and "E119" are the same code everywhere after ingest. Pure: the
 * server, the CLI's --dry-run and tests share it.
 */
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { codePatternOf, isValidNpi, normalizeCode, normalizeIcd10 } from '../codes.js';
import type { FieldIssue } from '../errors.js';
import type {
  AdtEvent,
  CanonicalEvent,
  ClaimEvent,
  ClinicalEvent,
  CodeSystem,
  Coding,
  ContractEvent,
  EventKind,
  MemberEvent,
  WorklistActionType,
  WorklistEvent,
} from '../events/index.js';
import {
  CodeSystem as CodeSystemSchema,
  EVENT_KINDS,
  EVENT_SCHEMAS,
  WORKLIST_ACTION_TYPES,
  WORKLIST_EVENT_BY_ACTION,
  WorklistEventUntyped,
} from '../events/index.js';
import { dedupeIssues, toFieldIssues } from './field-issues.js';

export type EventValidation = { ok: true; event: CanonicalEvent } | { ok: false; issues: FieldIssue[] };

// Compiled on first use: importing @benchline/shared (the client does) must not compile every schema.
const validators = new Map<string, ReturnType<typeof Compile>>();
function compiled(name: string, schema: () => TSchema): ReturnType<typeof Compile> {
  let validator = validators.get(name);
  if (validator === undefined) {
    validator = Compile(schema());
    validators.set(name, validator);
  }
  return validator;
}

/**
 * The schema an event is checked against: its kind's; for a worklist event, the one of its action's type (or, when
 * the type is missing or unknown, one that says so) — a union would report every branch that did not match.
 */
function validatorFor(kind: EventKind, event: Record<string, unknown>): ReturnType<typeof Compile> {
  if (kind !== 'worklist') {
    return compiled(kind, () => EVENT_SCHEMAS[kind]);
  }
  const action = event.action;
  const type =
    action !== null && typeof action === 'object' && !Array.isArray(action)
      ? (action as Record<string, unknown>).type
      : undefined;
  if (typeof type === 'string' && (WORKLIST_ACTION_TYPES as string[]).includes(type)) {
    return compiled(`worklist:${type}`, () => WORKLIST_EVENT_BY_ACTION[type as WorklistActionType]);
  }
  return compiled('worklist:untyped', () => WorklistEventUntyped);
}

/**
 * Validates a parsed JSON value as a canonical event. `expectedKind` is the kind a per-kind endpoint takes:
 * a missing `kind` is filled in, a different one is an error.
 */
export function validateEvent(raw: unknown, expectedKind?: EventKind): EventValidation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: '', reason: 'type', message: 'an event is a JSON object' }] };
  }
  const candidate = { ...(raw as Record<string, unknown>) };
  if (expectedKind !== undefined && candidate.kind === undefined) {
    candidate.kind = expectedKind;
  }
  const kind = candidate.kind;
  if (typeof kind !== 'string' || !(EVENT_KINDS as string[]).includes(kind)) {
    return {
      ok: false,
      issues: [
        kind === undefined
          ? { path: '/kind', reason: 'required', message: 'is required' }
          : { path: '/kind', reason: 'enum', message: `must be one of ${EVENT_KINDS.map((k) => `"${k}"`).join(', ')}` },
      ],
    };
  }
  if (expectedKind !== undefined && kind !== expectedKind) {
    return {
      ok: false,
      issues: [{ path: '/kind', reason: 'enum', message: `this endpoint takes "${expectedKind}" events` }],
    };
  }
  const normalized = normalizeCodes(kind as EventKind, candidate);
  const validator = validatorFor(kind as EventKind, normalized);
  if (!validator.Check(normalized)) {
    return { ok: false, issues: schemaIssues(validator, normalized) };
  }
  const event = normalized as CanonicalEvent;
  const issues = semanticIssues(event);
  return issues.length > 0 ? { ok: false, issues: dedupeIssues(issues) } : { ok: true, event };
}

/** Deeper than any event nests (a contract's per-capita benchmark is four levels down). */
const MAX_DEPTH = 16;
/** More items than any event's array may hold (a contract's participant TINs: 10,000). */
const MAX_ITEMS = 10_000;
/** More fields than any event's object has. */
const MAX_FIELDS = 1000;
/** Arrays are cut to this length for the first error report: every maxItems below it still fires. */
const REPORTED_ITEMS = 1001;

/**
 * Why an event failed its schema. The schema's error report walks the whole value — recursively (a 10,000-level
 * nesting overflowed the stack: a 500) and with a quadratic uniqueItems report (100,000 equal months took minutes)
 * — so it is given a bounded copy: nothing below MAX_DEPTH (no event nests that deep, so whatever holds it is
 * refused for what it is), arrays cut to REPORTED_ITEMS (then, only if that finds nothing, to MAX_ITEMS + 1: every
 * maxItems still fires), and an object with more than MAX_FIELDS fields refused as such.
 */
function schemaIssues(validator: ReturnType<typeof Compile>, value: Record<string, unknown>): FieldIssue[] {
  for (const itemLimit of [REPORTED_ITEMS, MAX_ITEMS + 1]) {
    const tooWide: FieldIssue[] = [];
    const copy = bounded(value, '', 0, itemLimit, tooWide);
    if (tooWide.length > 0) {
      return tooWide.slice(0, 1);
    }
    const issues = toFieldIssues(validator.Errors(copy));
    if (issues.length > 0) {
      return issues;
    }
  }
  return [{ path: '', reason: 'schema', message: 'does not match the schema' }];
}

function bounded(value: unknown, path: string, depth: number, itemLimit: number, tooWide: FieldIssue[]): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (depth >= MAX_DEPTH) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.slice(0, itemLimit).map((item, i) => bounded(item, `${path}/${i}`, depth + 1, itemLimit, tooWide));
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_FIELDS) {
    tooWide.push({ path, reason: 'maxProperties', message: `must not have more than ${MAX_FIELDS} fields` });
    return {};
  }
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const item = bounded(
      (value as Record<string, unknown>)[key],
      `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      depth + 1,
      itemLimit,
      tooWide,
    );
    // defineProperty: a "__proto__" field stays a field of the copy (assignment would set its prototype).
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Normalises codes in place on a shallow copy; anything of the wrong type is left for the schema to report. */
function normalizeCodes(kind: EventKind, event: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'adt') {
    return normalizeAdtDiagnoses(event);
  }
  if (kind === 'clinical') {
    return normalizeClinicalCodings(event);
  }
  if (kind !== 'claim') {
    return event;
  }
  const upper = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);
  if (Array.isArray(event.diagnoses)) {
    event.diagnoses = event.diagnoses.map((code: unknown) => (typeof code === 'string' ? normalizeIcd10(code) : code));
  }
  if (Array.isArray(event.procedures)) {
    event.procedures = event.procedures.map((code: unknown) =>
      typeof code === 'string' ? normalizeIcd10(code) : code,
    );
  }
  if (Array.isArray(event.lines)) {
    event.lines = event.lines.map((line: unknown) => {
      if (line === null || typeof line !== 'object') {
        return line;
      }
      const copy = { ...(line as Record<string, unknown>) };
      if ('hcpcs' in copy) {
        copy.hcpcs = upper(copy.hcpcs);
      }
      if (Array.isArray(copy.modifiers)) {
        copy.modifiers = copy.modifiers.map(upper);
      }
      return copy;
    });
  }
  return event;
}

/** An ADT notification's diagnosis codes as a claim's are: ICD-10 without the dot, upper case. */
function normalizeAdtDiagnoses(event: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(event.diagnoses)) {
    event.diagnoses = event.diagnoses.map((diagnosis: unknown) =>
      diagnosis !== null &&
      typeof diagnosis === 'object' &&
      typeof (diagnosis as Record<string, unknown>).code === 'string'
        ? { ...diagnosis, code: normalizeIcd10((diagnosis as { code: string }).code) }
        : diagnosis,
    );
  }
  return event;
}

const CODE_SYSTEMS: readonly string[] = CodeSystemSchema.enum;

/** A coding's code normalised for its system (shared with the FHIR mapper); anything malformed is left as it is. */
function normalizeCoding(coding: unknown): unknown {
  if (coding === null || typeof coding !== 'object' || Array.isArray(coding)) {
    return coding;
  }
  const { system, code } = coding as Record<string, unknown>;
  if (typeof system !== 'string' || !CODE_SYSTEMS.includes(system) || typeof code !== 'string') {
    return coding;
  }
  return { ...coding, code: normalizeCode(system as CodeSystem, code) };
}

const normalizeCodingList = (codings: unknown): unknown =>
  Array.isArray(codings) ? codings.map(normalizeCoding) : codings;

/** The fields of a clinical event that hold a list of codings (the schema's `Codings`), besides the value's. */
const CLINICAL_CODING_LISTS = ['additionalCodes', 'bodySite', 'reason', 'dischargeDisposition'] as const;

/** Every coding of a clinical event — its code, the other codings, a coded value's — normalised by its system. */
function normalizeClinicalCodings(event: Record<string, unknown>): Record<string, unknown> {
  if ('code' in event) {
    event.code = normalizeCoding(event.code);
  }
  for (const field of CLINICAL_CODING_LISTS) {
    if (field in event) {
      event[field] = normalizeCodingList(event[field]);
    }
  }
  const value = event.value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'coding' in value) {
    const coded = { ...(value as Record<string, unknown>) };
    coded.coding = normalizeCoding(coded.coding);
    if ('additionalCodes' in coded) {
      coded.additionalCodes = normalizeCodingList(coded.additionalCodes);
    }
    event.value = coded;
  }
  return event;
}

/**
 * Rules beyond the schema (check digits, date order, ranges, duplicates, fields one choice requires). Each issue
 * points at the field to fix. Every way in applies them: validateEvent here, the FHIR mapper on what it builds.
 */
export function semanticIssues(event: CanonicalEvent): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const npi = (path: string, value: string | undefined): void => {
    if (value !== undefined && !isValidNpi(value)) {
      issues.push({ path, reason: 'npi-check-digit', message: 'is not a valid NPI (check digit)' });
    }
  };
  const ordered = (path: string, earlier: string | undefined, later: string | undefined, what: string): void => {
    if (earlier !== undefined && later !== undefined && later < earlier) {
      issues.push({ path, reason: 'date-order', message: what });
    }
  };
  switch (event.kind) {
    case 'claim':
      claimIssues(event, issues, npi, ordered);
      break;
    case 'member':
      npi('/voluntaryAlignment/npi', event.voluntaryAlignment?.npi);
      ordered('/deathDate', event.birthDate, event.deathDate, 'is before the birth date');
      memberIssues(event, issues);
      break;
    case 'provider':
      npi('/npi', event.npi);
      ordered('/effectiveTo', event.effectiveFrom, event.effectiveTo, 'is before effectiveFrom');
      break;
    case 'clinical':
      ordered('/endDate', event.effectiveDate, event.endDate, 'is before effectiveDate');
      clinicalCodeIssues(event, issues);
      break;
    case 'contract':
      ordered('/effectiveTo', event.effectiveFrom, event.effectiveTo, 'is before effectiveFrom');
      contractIssues(event, issues);
      break;
    case 'roster':
      npi('/attributedNpi', event.attributedNpi);
      break;
    case 'worklist':
      worklistIssues(event, issues, ordered);
      break;
    case 'adt':
      npi('/facility/npi', event.facility.npi);
      npi('/attendingNpi', event.attendingNpi);
      adtIssues(event, issues);
      break;
  }
  return issues;
}

/**
 * An ADT notification's rules beyond its schema: an admission or registration says when the patient arrived, a
 * discharge when they left, and not before they arrived — compared as instants, as the offsets may differ.
 */
function adtIssues(event: AdtEvent, issues: FieldIssue[]): void {
  if ((event.event === 'admit' || event.event === 'register') && event.admitAt === undefined) {
    issues.push({
      path: '/admitAt',
      reason: 'required',
      message: `is required on ${event.event === 'admit' ? 'an admit' : 'a register'}`,
    });
  }
  if (event.event === 'discharge' && event.dischargeAt === undefined) {
    issues.push({ path: '/dischargeAt', reason: 'required', message: 'is required on a discharge' });
  }
  if (event.admitAt !== undefined && event.dischargeAt !== undefined) {
    const admitted = Date.parse(event.admitAt);
    const discharged = Date.parse(event.dischargeAt);
    if (discharged < admitted) {
      issues.push({ path: '/dischargeAt', reason: 'date-order', message: 'is before admitAt' });
    }
  }
}

/** A worklist action's rules beyond its schema (see shared/events/worklist). */
function worklistIssues(
  event: WorklistEvent,
  issues: FieldIssue[],
  ordered: (path: string, earlier: string | undefined, later: string | undefined, what: string) => void,
): void {
  const { action } = event;
  // The day as the coordinator wrote it (the offset's local date), which is the day they chose dates against.
  const day = event.at.slice(0, 10);
  switch (action.type) {
    case 'outreach':
      if (action.scheduledOn !== undefined && action.outcome !== 'scheduled') {
        issues.push({
          path: '/action/scheduledOn',
          reason: 'not-allowed',
          message: 'is given only when the outcome is "scheduled"',
        });
      }
      ordered('/action/nextAttemptOn', day, action.nextAttemptOn, 'is before the day of the action (at)');
      ordered('/action/scheduledOn', day, action.scheduledOn, 'is before the day of the action (at)');
      break;
    case 'close':
    case 'exclude':
      if (action.reason === 'other' && action.note === undefined) {
        issues.push({ path: '/action/note', reason: 'required', message: 'is required when the reason is "other"' });
      }
      break;
    case 'reopen':
    case 'assign':
      break;
  }
}

function claimIssues(
  claim: ClaimEvent,
  issues: FieldIssue[],
  npi: (path: string, value: string | undefined) => void,
  ordered: (path: string, earlier: string | undefined, later: string | undefined, what: string) => void,
): void {
  npi('/billingNpi', claim.billingNpi);
  ordered('/throughDate', claim.fromDate, claim.throughDate, 'is before fromDate');
  ordered('/paidDate', claim.fromDate, claim.paidDate, 'is before the service began (fromDate)');
  claim.lines.forEach((line, i) => {
    npi(`/lines/${i}/renderingNpi`, line.renderingNpi);
    ordered(`/lines/${i}/throughDate`, line.fromDate, line.throughDate, 'is before the line fromDate');
  });
  // A line number names one line of the claim (CCLF import refuses a repeated CLM_LINE_NUM likewise).
  repeated(
    claim.lines,
    (line) => line.lineNumber,
    issues,
    (line, i) => ({
      path: `/lines/${i}/lineNumber`,
      reason: 'duplicate',
      message: `line number ${line.lineNumber} is used by an earlier line of the claim`,
    }),
  );
}

/** An enrolment month is described once per record: two entries for one month would contradict or repeat. */
function memberIssues(member: MemberEvent, issues: FieldIssue[]): void {
  repeated(
    member.enrollment ?? [],
    (entry) => entry.month,
    issues,
    (entry, i) => ({
      path: `/enrollment/${i}/month`,
      reason: 'duplicate',
      message: `month ${entry.month} appears twice`,
    }),
  );
}

/**
 * A contract's rules beyond its schema: each performance year once; a capitation contract's years say their
 * capitation rate (the benchmark spend is measured against); a fixed completion says its factor.
 */
function contractIssues(contract: ContractEvent, issues: FieldIssue[]): void {
  repeated(
    contract.years,
    (year) => year.year,
    issues,
    (year, i) => ({
      path: `/years/${i}/year`,
      reason: 'duplicate',
      message: `year ${year.year} appears twice`,
    }),
  );
  contract.years.forEach((year, i) => {
    if (contract.benchmarkType === 'capitation' && year.benchmark?.capitationPmpm === undefined) {
      issues.push({
        path: `/years/${i}/benchmark/capitationPmpm`,
        reason: 'required',
        message: 'is required when benchmarkType is "capitation"',
      });
    }
    if (year.completion?.method === 'fixed' && year.completion.fixedFactor === undefined) {
      issues.push({
        path: `/years/${i}/completion/fixedFactor`,
        reason: 'required',
        message: 'is required when the completion method is "fixed"',
      });
    }
  });
}

/** Pushes an issue for every item whose key an earlier item already has. Linear, whatever the length. */
function repeated<T, K>(
  items: readonly T[],
  keyOf: (item: T) => K,
  issues: FieldIssue[],
  issue: (item: T, index: number) => FieldIssue,
): void {
  const seen = new Set<K>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      issues.push(issue(item, i));
    }
    seen.add(key);
  });
}

const codePatterns = new Map<CodeSystem, RegExp | null>();
function codePattern(system: CodeSystem): RegExp | null {
  let pattern = codePatterns.get(system);
  if (pattern === undefined) {
    const source = codePatternOf(system);
    pattern = source === undefined ? null : new RegExp(source);
    codePatterns.set(system, pattern);
  }
  return pattern;
}

/**
 * Every coding of a clinical event in a system with a stricter shape (ICD-10-CM, ICD-10-PCS, CPT/HCPCS) must have
 * it, as the FHIR mapper requires of the codings it reads: "250.00" is ICD-9, not an ICD-10-CM code.
 */
function clinicalCodeIssues(event: ClinicalEvent, issues: FieldIssue[]): void {
  const check = (path: string, coding: Coding): void => {
    const pattern = codePattern(coding.system);
    if (pattern !== null && !pattern.test(coding.code)) {
      issues.push({ path: `${path}/code`, reason: 'pattern', message: `is not a well-formed ${coding.system} code` });
    }
  };
  const checkAll = (path: string, codings: readonly Coding[] | undefined): void => {
    codings?.forEach((coding, i) => check(`${path}/${i}`, coding));
  };
  check('/code', event.code);
  checkAll('/additionalCodes', event.additionalCodes);
  if (event.value !== undefined && 'coding' in event.value) {
    check('/value/coding', event.value.coding);
    checkAll('/value/additionalCodes', event.value.additionalCodes);
  }
  checkAll('/bodySite', event.bodySite);
  checkAll('/reason', event.reason);
  checkAll('/dischargeDisposition', event.dischargeDisposition);
}
