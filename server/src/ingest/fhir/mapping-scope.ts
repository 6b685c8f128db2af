/**
 * What one resource's mapping collects on the way: the issues found (each at a JSON pointer into the FHIR
 * resource) and, for every canonical field set, the FHIR field it came from. Schema validation of the finished
 * event runs here, and its errors are translated back to those FHIR fields — so a caller sees
 * `/item/0/productOrService/coding/0/code`, never the canonical `/lines/0/hcpcs` it would have to decode.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { CanonicalEvent, EventKind, FieldIssue } from '@benchline/shared';
import { EVENT_SCHEMAS, isValidNpi, MAX_FIELD_ISSUES, NPI_PATTERN, semanticIssues } from '@benchline/shared';
import { readFhirDate } from './fhir-dates.js';
import { type JsonObject, numberAt, pointer } from './fhir-json.js';

/** The most an Amount may be (canonical `Amount`: 0 – 100,000,000 US dollars). */
const MAX_AMOUNT = 100_000_000;

// Compiled on first use, once per kind, for every mapping after that.
const validators = new Map<EventKind, ReturnType<typeof Compile<TSchema>>>();
function validatorFor(kind: EventKind): ReturnType<typeof Compile<TSchema>> {
  let validator = validators.get(kind);
  if (validator === undefined) {
    validator = Compile(EVENT_SCHEMAS[kind] as TSchema);
    validators.set(kind, validator);
  }
  return validator;
}

/**
 * The issues of one resource (shared by every event it yields): each (path, reason) once, and at most
 * MAX_FIELD_ISSUES of them — a resource with 100,000 bad items is refused with a hundred, not 100,000.
 */
export class IssueList {
  readonly issues: FieldIssue[] = [];
  private readonly seen = new Set<string>();

  add(path: string, reason: string, message: string): void {
    const id = `${path}|${reason}`;
    if (this.issues.length < MAX_FIELD_ISSUES && !this.seen.has(id)) {
      this.seen.add(id);
      this.issues.push({ path, reason, message });
    }
  }
}

/** One event being built: where each canonical field came from, and which fields already have an issue. */
export class EventScope {
  private readonly origins: Map<string, string>;
  private readonly explained: Set<string>;

  constructor(
    readonly list: IssueList,
    origins?: ReadonlyMap<string, string>,
    explained?: ReadonlySet<string>,
  ) {
    this.origins = new Map(origins);
    this.explained = new Set(explained);
  }

  /** A scope for another event of the same resource, starting with this one's field origins. */
  fork(): EventScope {
    return new EventScope(this.list, this.origins, this.explained);
  }

  /** Records that canonical field `canonicalPath` was read from FHIR field `fhirPath`. */
  from(canonicalPath: string, fhirPath: string): void {
    this.origins.set(canonicalPath, fhirPath);
  }

  /** Reports an issue; `canonicalPath` names the canonical field it explains, so the schema does not repeat it. */
  fail(fhirPath: string, reason: string, message: string, canonicalPath?: string): void {
    this.list.add(fhirPath, reason, message);
    if (canonicalPath !== undefined) {
      this.explained.add(canonicalPath);
    }
  }

  /** Marks a canonical field as accounted for by an issue already reported for the field it derives from. */
  explain(canonicalPath: string): void {
    this.explained.add(canonicalPath);
  }

  /** A FHIR date/dateTime as a calendar date, or an issue (format, impossible-date, required). */
  date(value: unknown, fhirPath: string, canonicalPath: string, required = true): string | undefined {
    if (value === undefined) {
      if (required) {
        this.fail(fhirPath, 'required', 'is required', canonicalPath);
      }
      return undefined;
    }
    const reading = readFhirDate(value);
    if (!reading.ok) {
      this.fail(fhirPath, reading.reason, reading.message, canonicalPath);
      return undefined;
    }
    this.from(canonicalPath, fhirPath);
    return reading.date;
  }

  /** A Money (or Quantity-like) `value` in US dollars, 0 – 100,000,000; negative or larger is out of range. */
  amount(money: JsonObject | undefined, fhirPath: string, canonicalPath: string): number | undefined {
    const raw = money?.value;
    const valuePath = pointer(fhirPath, 'value');
    if (raw === undefined) {
      this.fail(valuePath, 'required', 'is required', canonicalPath);
      return undefined;
    }
    const value = numberAt(money, 'value');
    if (value === undefined) {
      this.fail(valuePath, 'type', 'must be a number', canonicalPath);
      return undefined;
    }
    if (value < 0 || value > MAX_AMOUNT) {
      this.fail(
        valuePath,
        'out-of-range',
        `${value} is outside 0 – ${MAX_AMOUNT.toLocaleString('en-US')} USD`,
        canonicalPath,
      );
      return undefined;
    }
    const currency = money?.currency;
    if (currency !== undefined && currency !== 'USD') {
      this.fail(pointer(fhirPath, 'currency'), 'enum', 'amounts must be in USD', canonicalPath);
      return undefined;
    }
    this.from(canonicalPath, valuePath);
    return value;
  }

  /** An NPI: the schema checks its shape; the check digit (which the schema cannot) is checked here. */
  npi(value: string, fhirPath: string, canonicalPath: string): string {
    this.from(canonicalPath, fhirPath);
    if (new RegExp(NPI_PATTERN).test(value) && !isValidNpi(value)) {
      this.fail(fhirPath, 'npi-check-digit', `${value} fails the NPI check digit`, canonicalPath);
    }
    return value;
  }

  /**
   * Validates the finished event against its kind's canonical schema. Errors become issues at the FHIR field
   * the canonical field came from (the nearest recorded ancestor, else `canonical:<pointer>`); fields that
   * already have an issue are not reported twice. Returns the event only when it is valid and nothing failed.
   */
  finish<K extends EventKind>(kind: K, draft: Record<string, unknown>): Static<(typeof EVENT_SCHEMAS)[K]> | undefined {
    const validator = validatorFor(kind);
    if (!validator.Check(draft)) {
      for (const error of validator.Errors(draft)) {
        const params = (error.params ?? {}) as Record<string, unknown>;
        const fields =
          error.keyword === 'required' && Array.isArray(params.requiredProperties)
            ? (params.requiredProperties as string[]).map((name) => pointer(error.instancePath, name))
            : [error.instancePath];
        for (const field of fields) {
          if (this.isExplained(field)) {
            continue;
          }
          const value = valueAt(draft, field);
          const shown = isPersonal(field) ? '' : preview(value);
          this.list.add(
            this.fhirPathOf(field),
            error.keyword === 'additionalProperties' ? 'unknown-field' : error.keyword,
            `${field.slice(1) || 'event'}${shown}: ${error.keyword === 'required' ? 'is required' : error.message}`,
          );
        }
      }
      return undefined;
    }
    for (const issue of semanticIssues(draft as CanonicalEvent)) {
      if (!this.isExplained(issue.path)) {
        this.list.add(this.fhirPathOf(issue.path), issue.reason, `${issue.path.slice(1) || 'event'}: ${issue.message}`);
      }
    }
    return this.list.issues.length === 0 ? (draft as Static<(typeof EVENT_SCHEMAS)[K]>) : undefined;
  }

  private isExplained(canonicalPath: string): boolean {
    for (const explained of this.explained) {
      if (canonicalPath === explained || canonicalPath.startsWith(`${explained}/`)) {
        return true;
      }
    }
    return false;
  }

  private fhirPathOf(canonicalPath: string): string {
    for (let path = canonicalPath; path !== ''; path = path.slice(0, path.lastIndexOf('/'))) {
      const origin = this.origins.get(path);
      if (origin !== undefined) {
        return origin;
      }
    }
    return `canonical:${canonicalPath}`;
  }
}

/**
 * A value as an issue message shows it: a number, boolean or the start of a string — never an object or array
 * (a claim's 100,000 lines once made a 12 MB message).
 */
function preview(value: unknown): string {
  if (typeof value === 'string') {
    return ` (${JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)})`;
  }
  return typeof value === 'number' || typeof value === 'boolean' ? ` (${String(value)})` : '';
}

/**
 * Canonical fields whose values are about the person (identity, dates of birth and death, diagnoses and clinical
 * facts): issue messages name the rule they broke, never the value, so a logged issue carries no PHI.
 */
const PERSONAL_FIELDS = [
  '/memberId',
  '/givenName',
  '/familyName',
  '/birthDate',
  '/deathDate',
  '/countyFips',
  '/diagnoses',
  '/procedures',
  '/code',
  '/additionalCodes',
  '/value',
  '/bodySite',
  '/reason',
  '/dischargeDisposition',
  '/supply',
];

function isPersonal(canonicalPath: string): boolean {
  return PERSONAL_FIELDS.some((field) => canonicalPath === field || canonicalPath.startsWith(`${field}/`));
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const segment of path.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') {
      return undefined;
    }
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

export type { CanonicalEvent };
