/**
 * One patient's data as the measures read it: current clinical events (latest version of each) and current claims
 * (latest version, cancels dropped) flattened into coded facts, and the CQL retrieve — `[Encounter: "Office
 * Visit"]` — over them, matching any coding of a concept as CQL does. A claim line is an encounter, procedure or
 * test by its code (the value sets partition the codes), a claim diagnosis is a condition present on the claim's
 * dates, an ICD-10-PCS code a procedure.
 */
import type { ClaimEvent, ClaimType, ClinicalEvent, ClinicalType, CodeSystem, Coding } from '@benchline/shared';
import { currentClaims } from '../claims.js';
import type { MemberProfile } from '../member-profile.js';
import { NOT_PERFORMED_MODIFIERS } from './claims-proxies.js';
import type { Timed } from './intervals.js';
import { codeKey, type MeasureTerminology } from './terminology.js';
import type { EvidenceRecord, EvidenceSource, PatientFacts } from './types.js';
import type { DirectCode, ValueSetOid } from './value-sets.js';

export type FactKind = ClinicalType | 'claim-line' | 'claim-diagnosis' | 'claim-procedure';
export type ClinicalValue = NonNullable<ClinicalEvent['value']>;

export interface Fact extends Timed {
  /** The evidence id: the clinical id, or `<claimId>#line<n>`, `#dx<n>`, `#px<n>`. */
  readonly id: string;
  readonly origin: EvidenceSource;
  readonly kind: FactKind;
  readonly system: CodeSystem;
  readonly code: string;
  /** Every coding of the concept: the code first, then a clinical event's additional codes. */
  readonly codings: readonly Coding[];
  readonly value?: ClinicalValue;
  /** Clinical facts: the event, for what only some types carry (category, intent, body site, supply, …). */
  readonly event?: ClinicalEvent;
  /** Claim lines: the HCPCS modifiers. */
  readonly modifiers: readonly string[];
  readonly placeOfService?: string;
  readonly claimType?: ClaimType;
  /** Claim facts: the claim they come from. */
  readonly claimId?: string;
}

export interface PatientRecord {
  readonly memberId: string;
  readonly profile: MemberProfile | null;
  readonly facts: readonly Fact[];
  /** The current version of each claim, cancelled claims removed. */
  readonly claims: readonly ClaimEvent[];
}

/** The latest version of each clinical event (a later version replaces an earlier one, whatever the order). */
export function currentClinicalEvents(events: Iterable<ClinicalEvent>): ClinicalEvent[] {
  const latest = new Map<string, ClinicalEvent>();
  for (const event of events) {
    const held = latest.get(event.clinicalId);
    if (held === undefined || event.version > held.version) {
      latest.set(event.clinicalId, event);
    }
  }
  return [...latest.values()];
}

/** CPT (five digits, or four and F/T/U) or HCPCS Level II (a letter and four digits). */
function lineSystem(code: string): CodeSystem {
  return /^[0-9]{4}[0-9FTU]$/.test(code) ? 'cpt' : 'hcpcs';
}

function claimFacts(claim: ClaimEvent): Fact[] {
  const facts: Fact[] = [];
  for (const line of claim.lines) {
    if (line.hcpcs === undefined) {
      continue;
    }
    const modifiers = line.modifiers ?? [];
    facts.push({
      id: `${claim.claimId}#line${line.lineNumber}`,
      origin: 'claim',
      kind: 'claim-line',
      system: lineSystem(line.hcpcs),
      code: line.hcpcs,
      codings: [{ system: lineSystem(line.hcpcs), code: line.hcpcs }],
      // A CPT II performance modifier says the service was not done.
      status: modifiers.some((modifier) => NOT_PERFORMED_MODIFIERS.includes(modifier)) ? 'not-done' : 'completed',
      start: line.fromDate,
      end: line.throughDate,
      modifiers,
      ...(line.placeOfService === undefined ? {} : { placeOfService: line.placeOfService }),
      claimType: claim.claimType,
      claimId: claim.claimId,
    });
  }
  claim.diagnoses.forEach((diagnosis, index) => {
    facts.push({
      id: `${claim.claimId}#dx${index + 1}`,
      origin: 'claim',
      kind: 'claim-diagnosis',
      system: 'icd10cm',
      code: diagnosis,
      codings: [{ system: 'icd10cm', code: diagnosis }],
      status: 'active',
      start: claim.fromDate,
      end: claim.throughDate,
      modifiers: [],
      claimType: claim.claimType,
      claimId: claim.claimId,
    });
  });
  (claim.procedures ?? []).forEach((procedure, index) => {
    facts.push({
      id: `${claim.claimId}#px${index + 1}`,
      origin: 'claim',
      kind: 'claim-procedure',
      system: 'icd10pcs',
      code: procedure,
      codings: [{ system: 'icd10pcs', code: procedure }],
      status: 'completed',
      start: claim.fromDate,
      end: claim.throughDate,
      modifiers: [],
      claimType: claim.claimType,
      claimId: claim.claimId,
    });
  });
  return facts;
}

function clinicalFact(event: ClinicalEvent): Fact {
  return {
    id: event.clinicalId,
    origin: 'clinical',
    kind: event.type,
    system: event.code.system,
    code: event.code.code,
    codings: [event.code, ...(event.additionalCodes ?? [])],
    status: event.status,
    start: event.effectiveDate,
    ...(event.endDate === undefined ? {} : { end: event.endDate }),
    ...(event.value === undefined ? {} : { value: event.value }),
    modifiers: [],
    event,
  };
}

export function buildPatientRecord(facts: PatientFacts): PatientRecord {
  const claims = currentClaims(facts.claims.filter((claim) => claim.memberId === facts.memberId));
  const clinical = currentClinicalEvents(facts.clinical.filter((event) => event.memberId === facts.memberId));
  return {
    memberId: facts.memberId,
    profile: facts.profile,
    facts: [...clinical.map(clinicalFact), ...claims.flatMap(claimFacts)],
    claims,
  };
}

/**
 * The CQL retrieve a fact answers: claim facts answer the retrieves their codes can be found in. `condition` is
 * the union the measures mostly write (`[ConditionProblemsHealthConcerns: X] union [ConditionEncounterDiagnosis:
 * X]`); `encounter-diagnosis` and `problem-list` are one QI-Core profile each, told apart by category.
 */
export type RetrieveType =
  | 'encounter'
  | 'procedure'
  | 'condition'
  | 'encounter-diagnosis'
  | 'problem-list'
  | 'observation'
  | 'medication'
  | 'service-request'
  | 'device-request';

const KINDS_BY_RETRIEVE: Readonly<Record<RetrieveType, readonly FactKind[]>> = {
  encounter: ['encounter', 'claim-line'],
  procedure: ['procedure', 'claim-line', 'claim-procedure'],
  condition: ['condition', 'claim-diagnosis'],
  'encounter-diagnosis': ['condition', 'claim-diagnosis'],
  'problem-list': ['condition', 'claim-diagnosis'],
  observation: ['observation'],
  medication: ['medication'],
  'service-request': ['service-request'],
  'device-request': ['device-request'],
};

const PROBLEM_CATEGORIES: readonly string[] = ['problem-list-item', 'health-concern'];

/**
 * Whether a fact is in the retrieve's QI-Core profile. A clinical condition is an encounter diagnosis by category
 * `encounter-diagnosis`, a problem or health concern by `problem-list-item` / `health-concern`; one whose source
 * states no category is read as either (conditionCategoryNotes says so). A claim diagnosis answers both: it is the
 * claim's diagnosis, and claims stand in for the problem list a Medicare ACO does not receive.
 */
function inProfile(fact: Fact, type: RetrieveType): boolean {
  const category = fact.event?.category;
  if (fact.kind !== 'condition' || category === undefined) {
    return true;
  }
  const encounterDiagnosis = category.includes('encounter-diagnosis');
  const problem = category.some((code) => PROBLEM_CATEGORIES.includes(code));
  switch (type) {
    case 'encounter-diagnosis':
      return encounterDiagnosis;
    case 'problem-list':
      return problem;
    default:
      return encounterDiagnosis || problem;
  }
}

export const CONDITION_CATEGORY_NOT_STATED =
  'a diagnosis whose category the source does not state is read as both an encounter diagnosis and a problem-list item';

/** The note owed when a single-profile condition retrieve counted a clinical condition without a category. */
export function conditionCategoryNotes(facts: readonly Fact[]): string[] {
  return facts.some((fact) => fact.kind === 'condition' && fact.event?.category === undefined)
    ? [CONDITION_CATEGORY_NOT_STATED]
    : [];
}

/**
 * The record's facts by what the retrieves look them up by, built on first use, so a retrieve reads only the facts
 * it can return instead of scanning the record (the measures make dozens of retrieves per patient): by coding
 * (direct codes, keyed as `sameCode` compares), claim lines by code, and — per terminology — by value set.
 * Positions are indexes into `record.facts`, ascending, so a retrieve returns its facts in record order as a scan
 * would. A record is immutable, so the index is a cache of a pure function of it and lives as long as the record.
 */
interface RecordIndex {
  readonly byCoding: ReadonlyMap<string, readonly number[]>;
  readonly claimLinesByCode: ReadonlyMap<string, readonly number[]>;
  /** Value set OID → positions, per terminology (a record may be evaluated against more than one). */
  readonly byValueSet: WeakMap<MeasureTerminology, ReadonlyMap<string, readonly number[]>>;
}

const indexes = new WeakMap<PatientRecord, RecordIndex>();

/** Appends `position` under `key` once (a fact with two codings in one list is listed once). */
function addPosition(map: Map<string, number[]>, key: string, position: number): void {
  const positions = map.get(key);
  if (positions === undefined) {
    map.set(key, [position]);
  } else if (positions.at(-1) !== position) {
    positions.push(position);
  }
}

function recordIndex(record: PatientRecord): RecordIndex {
  let index = indexes.get(record);
  if (index === undefined) {
    const byCoding = new Map<string, number[]>();
    const claimLinesByCode = new Map<string, number[]>();
    record.facts.forEach((fact, position) => {
      for (const coding of fact.codings) {
        addPosition(byCoding, codeKey(coding.system, coding.code), position);
      }
      if (fact.kind === 'claim-line') {
        addPosition(claimLinesByCode, fact.code, position);
      }
    });
    index = { byCoding, claimLinesByCode, byValueSet: new WeakMap() };
    indexes.set(record, index);
  }
  return index;
}

function valueSetIndex(record: PatientRecord, terminology: MeasureTerminology): ReadonlyMap<string, readonly number[]> {
  const { byValueSet } = recordIndex(record);
  let index = byValueSet.get(terminology);
  if (index === undefined) {
    const positionsByOid = new Map<string, number[]>();
    record.facts.forEach((fact, position) => {
      for (const coding of fact.codings) {
        for (const oid of terminology.valueSetsOf(coding.system, coding.code)) {
          addPosition(positionsByOid, oid, position);
        }
      }
    });
    index = positionsByOid;
    byValueSet.set(terminology, index);
  }
  return index;
}

const NO_POSITIONS: readonly number[] = [];

/** The union of position lists, ascending and without repeats. */
function union(lists: readonly (readonly number[] | undefined)[]): readonly number[] {
  const present = lists.filter((list): list is readonly number[] => list !== undefined && list.length > 0);
  if (present.length <= 1) {
    return present[0] ?? NO_POSITIONS;
  }
  return [...new Set(present.flat())].sort((a, b) => a - b);
}

/** The facts at `positions` that are in the retrieve's kinds and profile. */
function factsIn(record: PatientRecord, type: RetrieveType, positions: readonly number[]): Fact[] {
  const kinds = KINDS_BY_RETRIEVE[type];
  const facts: Fact[] = [];
  for (const position of positions) {
    const fact = record.facts[position] as Fact;
    if (kinds.includes(fact.kind) && inProfile(fact, type)) {
      facts.push(fact);
    }
  }
  return facts;
}

/** `[Type: "Value Set"]` (several value sets: their union): any coding of the concept in a value set. */
export function retrieve(
  record: PatientRecord,
  terminology: MeasureTerminology,
  type: RetrieveType,
  valueSets: ValueSetOid | readonly ValueSetOid[],
): Fact[] {
  const oids: readonly ValueSetOid[] = typeof valueSets === 'string' ? [valueSets] : valueSets;
  const byValueSet = valueSetIndex(record, terminology);
  return factsIn(record, type, union(oids.map((oid) => byValueSet.get(oid))));
}

/** `[Type: "Direct code"]` (several codes: their union); codes match as CQL `~` does (see `sameCode`). */
export function retrieveCode(
  record: PatientRecord,
  type: RetrieveType,
  codes: DirectCode | readonly DirectCode[],
): Fact[] {
  const wanted: readonly DirectCode[] = Array.isArray(codes) ? codes : [codes as DirectCode];
  const { byCoding } = recordIndex(record);
  return factsIn(record, type, union(wanted.map((code) => byCoding.get(codeKey(code.system, code.code)))));
}

/** Claim lines whose code is one of `codes` (claims proxies and Part B quality codes). */
export function claimLinesWithCode(record: PatientRecord, codes: readonly string[]): Fact[] {
  const { claimLinesByCode } = recordIndex(record);
  return union(codes.map((code) => claimLinesByCode.get(code))).map((position) => record.facts[position] as Fact);
}

/** A list of codings (a coded value, body sites, a reason) `~` the given code: any one of them. */
export function codingsInclude(codings: readonly Coding[] | undefined, code: DirectCode): boolean {
  return (codings ?? []).some((coding) => coding.system === code.system && coding.code === code.code);
}

/** The codings of a coded value (none for a quantity, boolean or string). */
export function valueCodings(fact: Fact): readonly Coding[] {
  return fact.value !== undefined && 'coding' in fact.value
    ? [fact.value.coding, ...(fact.value.additionalCodes ?? [])]
    : [];
}

/** A coded value `~` the given code. */
export function valueIs(fact: Fact, code: DirectCode): boolean {
  return codingsInclude(valueCodings(fact), code);
}

/** `value as Concept in "Value Set"`. */
export function valueInValueSet(fact: Fact, terminology: MeasureTerminology, oid: ValueSetOid): boolean {
  return valueCodings(fact).some((coding) => terminology.inValueSet(oid, coding.system, coding.code));
}

export function renderValue(value: ClinicalValue | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if ('quantity' in value) {
    return `${value.quantity} ${value.unit}`;
  }
  if ('coding' in value) {
    return `${value.coding.system} ${value.coding.code}`;
  }
  return 'boolean' in value ? String(value.boolean) : value.string;
}

/** The evidence record of a fact; `date` is the day that made it count (its start unless said otherwise). */
export function evidenceOf(fact: Fact, role: string, date: string = fact.start, value?: string): EvidenceRecord {
  const rendered = value ?? renderValue(fact.value);
  return {
    eventId: fact.id,
    source: fact.origin,
    system: fact.system,
    code: fact.code,
    date,
    ...(rendered === undefined ? {} : { value: rendered }),
    role,
  };
}
