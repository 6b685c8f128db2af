/// <reference types="vite/client" />
/**
 * Test support for the eCQM development cases (ecqm-2026/, provenance in its SOURCES.md): each bundle with its
 * MeasureReport stripped, mapped through the project's FHIR mapper (the Patient's FHIR id as the member id, as
 * eCQM test patients carry no MBI), grouped into the engine's patient facts, with the expected populations.
 */
import type { ClaimEvent, ClinicalEvent, MemberEvent } from '@benchline/shared';
import { mapFhirBundle } from '../../../../../server/src/ingest/fhir/index.js';
import { parseCsvRecords } from '../../../reference/csv.js';
import { mergeMemberRecords } from '../../member-profile.js';
import type { MeasureId, PatientFacts, Populations } from '../types.js';

interface Resource {
  resourceType: string;
  id?: string;
  group?: { population?: { code?: { coding?: { code?: string }[] }; count?: number }[] }[];
}
interface Bundle {
  resourceType: 'Bundle';
  entry: { resource: Resource }[];
}

const bundles = import.meta.glob<Bundle>('./ecqm-2026/*.json', { eager: true, import: 'default' });
const expectedCsv = import.meta.glob<string>('./ecqm-2026/expected_results_dev.csv', {
  eager: true,
  query: '?raw',
  import: 'default',
});

/** expected_results_dev.csv: the published flattening of the MeasureReports (bundle file → record). */
export const EXPECTED_RESULTS: ReadonlyMap<string, Record<string, string>> = new Map(
  parseCsvRecords(Object.values(expectedCsv)[0] ?? '').map((row) => [row.bundle_file ?? '', row]),
);

export const DEV_CASE_PERIOD = { start: '2026-01-01', end: '2026-12-31' } as const;

export interface DevCase {
  readonly file: string;
  readonly measureId: MeasureId;
  readonly patientId: string;
  readonly facts: PatientFacts;
  readonly expected: Populations;
  /** Resources the mapper does not turn into events (by type), e.g. Organization. */
  readonly unmapped: readonly string[];
}

const POPULATION_CODES: Readonly<Record<string, keyof Populations>> = {
  'initial-population': 'initialPopulation',
  denominator: 'denominator',
  'denominator-exclusion': 'denominatorExclusion',
  'denominator-exception': 'denominatorException',
  numerator: 'numerator',
};

function expectedOf(report: Resource): Populations {
  const expected: Record<keyof Populations, boolean> = {
    initialPopulation: false,
    denominator: false,
    denominatorExclusion: false,
    denominatorException: false,
    numerator: false,
  };
  for (const population of report.group?.[0]?.population ?? []) {
    const key = POPULATION_CODES[population.code?.coding?.[0]?.code ?? ''];
    if (key !== undefined) {
      expected[key] = (population.count ?? 0) > 0;
    }
  }
  return expected;
}

function devCase(path: string, bundle: Bundle): DevCase {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const measureId = /^(CMS[0-9]+)FHIR/.exec(file)?.[1] as MeasureId;
  const report = bundle.entry.find((entry) => entry.resource.resourceType === 'MeasureReport')?.resource;
  const patientId = bundle.entry.find((entry) => entry.resource.resourceType === 'Patient')?.resource.id ?? '';
  if (report === undefined || patientId === '') {
    throw new Error(`${file}: no MeasureReport or Patient`);
  }
  const stripped = {
    ...bundle,
    entry: bundle.entry.filter((entry) => entry.resource.resourceType !== 'MeasureReport'),
  };
  const mapped = mapFhirBundle(stripped, {
    patients: new Map([[patientId, patientId]]),
    source: 'fhir',
    defaultAsOf: DEV_CASE_PERIOD.end, // QI-Core test patients carry no meta.lastUpdated
  });
  if (!mapped.ok) {
    throw new Error(`${file}: the bundle does not map`);
  }
  const members: MemberEvent[] = [];
  const clinical: ClinicalEvent[] = [];
  const claims: ClaimEvent[] = [];
  const unmapped: string[] = [];
  mapped.entries.forEach((entry, index) => {
    if (!entry.ok) {
      unmapped.push(stripped.entry[index]?.resource.resourceType ?? 'unknown');
      return;
    }
    for (const event of entry.events) {
      if (event.kind === 'member') {
        members.push(event);
      } else if (event.kind === 'clinical') {
        clinical.push(event);
      } else if (event.kind === 'claim') {
        claims.push(event);
      }
    }
  });
  return {
    file,
    measureId,
    patientId,
    facts: { memberId: patientId, profile: mergeMemberRecords(members), clinical, claims },
    expected: expectedOf(report),
    unmapped,
  };
}

export const DEV_CASES: readonly DevCase[] = Object.entries(bundles)
  .map(([path, bundle]) => devCase(path, bundle))
  .sort((a, b) => a.file.localeCompare(b.file));
