/**
 * eCQM terminology for performance period 2026: the VSAC value-set expansions the five ACO eCQMs use (FHIR
 * ValueSet JSON as published) and the direct-reference codes their CQL declares. Code systems are mapped to the
 * canonical `CodeSystem` names, and ICD-10-CM codes lose their dot here — once, at the edge — as everywhere else.
 */
import type { CodeSystem } from '@benchline/shared';
import { normalizeIcd10 } from '@benchline/shared';
import { parseCsvRecords } from './csv.js';
import { listReferenceFolder, readReferenceText } from './reference-files.js';

export interface ValueSetCode {
  /** The canonical code system, or null for systems the engines do not read (race, payer type, …). */
  readonly system: CodeSystem | null;
  readonly systemUrl: string;
  /** As published, except ICD-10-CM codes without the dot. */
  readonly code: string;
  readonly display: string;
}

export interface EcqmValueSet {
  readonly oid: string;
  /** The VSAC computable name, e.g. "HbA1cLaboratoryTest". */
  readonly name: string;
  /** The human title, e.g. "HbA1c Laboratory Test" (what the CQL `valueset` declarations use). */
  readonly title: string;
  readonly version: string;
  readonly codes: readonly ValueSetCode[];
}

export interface DirectReferenceCode {
  /** The CQL library that declares the code, e.g. "CMS165FHIRControllingHighBloodPressure". */
  readonly library: string;
  readonly libraryVersion: string;
  readonly system: CodeSystem | null;
  readonly systemUrl: string;
  readonly code: string;
  /** The CQL name; empty for CPT codes, whose descriptors are AMA copyright. */
  readonly name: string;
}

export const ECQM_VALUE_SET_FOLDER = 'ecqm-2026/valuesets';
export const ECQM_DIRECT_REFERENCE_CODES_FILE = 'ecqm-2026/direct-reference-codes.csv';

const CODE_SYSTEMS_BY_URL: ReadonlyMap<string, CodeSystem> = new Map<string, CodeSystem>([
  ['http://loinc.org', 'loinc'],
  ['http://snomed.info/sct', 'snomed'],
  ['http://hl7.org/fhir/sid/icd-10-cm', 'icd10cm'],
  ['http://www.cms.gov/Medicare/Coding/ICD10', 'icd10pcs'],
  ['http://www.ama-assn.org/go/cpt', 'cpt'],
  ['http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'hcpcs'],
  ['http://www.nlm.nih.gov/research/umls/hcpcs', 'hcpcs'],
  ['http://www.nlm.nih.gov/research/umls/rxnorm', 'rxnorm'],
  ['http://hl7.org/fhir/sid/cvx', 'cvx'],
]);

/** The canonical code system of a FHIR system URL, or null when the engines have no use for it. */
export function codeSystemForUrl(url: string): CodeSystem | null {
  return CODE_SYSTEMS_BY_URL.get(url) ?? null;
}

function normalizeCode(system: CodeSystem | null, code: string): string {
  return system === 'icd10cm' ? normalizeIcd10(code) : code;
}

interface FhirValueSetJson {
  id?: unknown;
  url?: unknown;
  name?: unknown;
  title?: unknown;
  version?: unknown;
  expansion?: { contains?: { system?: unknown; code?: unknown; display?: unknown }[] };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Parses one FHIR ValueSet resource (the expansion is what counts; the compose is VSAC's definition). */
export function parseValueSet(json: string): EcqmValueSet {
  const resource = JSON.parse(json) as FhirValueSetJson;
  // The canonical URL ends in the OID; some resource ids add a version suffix ("…3.526.3.1568-20210220").
  const oid = typeof resource.url === 'string' ? resource.url.slice(resource.url.lastIndexOf('/') + 1) : undefined;
  if (oid === undefined || !/^[0-9]+(\.[0-9]+)+$/.test(oid)) {
    throw new Error(`ValueSet without an OID in its canonical URL (id ${String(resource.id)})`);
  }
  const codes = (resource.expansion?.contains ?? []).map((entry): ValueSetCode => {
    const systemUrl = text(entry.system);
    const system = codeSystemForUrl(systemUrl);
    return { system, systemUrl, code: normalizeCode(system, text(entry.code)), display: text(entry.display) };
  });
  return { oid, name: text(resource.name), title: text(resource.title), version: text(resource.version), codes };
}

/** Parses `library,library_version,code_system_url,code,name`. */
export function parseDirectReferenceCodes(text: string): DirectReferenceCode[] {
  return parseCsvRecords(text).map((record) => {
    const systemUrl = record.code_system_url ?? '';
    const system = codeSystemForUrl(systemUrl);
    return {
      library: record.library ?? '',
      libraryVersion: record.library_version ?? '',
      system,
      systemUrl,
      code: normalizeCode(system, record.code ?? ''),
      name: record.name ?? '',
    };
  });
}

/** Every vendored value set, by OID. */
export function loadEcqmValueSets(): ReadonlyMap<string, EcqmValueSet> {
  const valueSets = new Map<string, EcqmValueSet>();
  for (const fileName of listReferenceFolder(ECQM_VALUE_SET_FOLDER)) {
    if (!fileName.endsWith('.json')) {
      continue;
    }
    const valueSet = parseValueSet(readReferenceText(`${ECQM_VALUE_SET_FOLDER}/${fileName}`));
    valueSets.set(valueSet.oid, valueSet);
  }
  return valueSets;
}

export function loadEcqmDirectReferenceCodes(): DirectReferenceCode[] {
  return parseDirectReferenceCodes(readReferenceText(ECQM_DIRECT_REFERENCE_CODES_FILE));
}

/** A value set by OID from a loaded collection; throws when absent, since a missing value set is a vendoring bug. */
export function requireValueSet(valueSets: ReadonlyMap<string, EcqmValueSet>, oid: string): EcqmValueSet {
  const valueSet = valueSets.get(oid);
  if (valueSet === undefined) {
    throw new Error(`Value set ${oid} is not vendored under workers/reference/${ECQM_VALUE_SET_FOLDER}`);
  }
  return valueSet;
}
