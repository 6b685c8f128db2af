/**
 * Patient and Coverage → member records from BFD v2, v3 and BCDA samples: MBI choice, demographics, SSA state
 * codes, and months of enrolment from monthly MBSF extensions or from status and period.
 */
import { describe, expect, it } from 'vitest';
import type { MemberEvent } from '@benchline/shared';
import { CORRECTIONS, corrected } from './__fixtures__/corrections.js';
import { eventsOf, fixture, issuesOf, ndjsonFixture } from './__fixtures__/fixture-support.js';
import { mapFhirBundle, mapFhirResource, patientCrosswalkOf } from './index.js';
import type { FhirMappingContext } from './index.js';

const noCrosswalk: FhirMappingContext = { patients: new Map(), source: 'fhir' };

function months(from: string, to: string, flags: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (
    let [year, month] = from.split('-').map(Number) as [number, number];
    `${year}-${String(month).padStart(2, '0')}` <= to;
  ) {
    out.push({ month: `${year}-${String(month).padStart(2, '0')}`, ...flags });
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return out;
}

describe('Patient → member record', () => {
  it('BFD v3 Patient: the open (current) MBI, not the one whose period ended', () => {
    expect(eventsOf(mapFhirResource(fixture('bfd-v3/Patient.json'), noCrosswalk))).toEqual([
      {
        kind: 'member',
        memberId: 'ABB2BB0BB22',
        asOf: '2020-01-07',
        recordId: 'Patient/123456789',
        familyName: 'Sheep',
        givenName: 'Frankie',
        birthDate: '1995-03-11',
        sex: 'F',
        stateCode: 'TX',
        deathDate: '2024-03-11',
        source: 'fhir',
      },
    ]);
  });

  it('BFD v2 Patient: IGNORED_FIELD as lastUpdated is reported; corrected, the MBI marked current is the member', () => {
    expect(issuesOf(mapFhirResource(fixture('bfd-v2/patientRead.json'), noCrosswalk))).toEqual([
      'format /meta/lastUpdated',
    ]);
    const patient = corrected(fixture('bfd-v2/patientRead.json'), CORRECTIONS['bfd-v2/patientRead.json'] ?? []);
    expect(eventsOf(mapFhirResource(patient, noCrosswalk))).toEqual([
      {
        kind: 'member',
        memberId: '3456789',
        asOf: '2023-01-31',
        recordId: 'Patient/567834',
        familyName: 'Doe',
        givenName: 'John',
        birthDate: '1981-03-17',
        sex: 'M',
        stateCode: 'MO',
        deathDate: '1981-03-17',
        source: 'fhir',
      },
    ]);
    expect(patientCrosswalkOf(patient)).toEqual({ patientId: '567834', memberId: '3456789' });
  });

  it('BCDA Patients: the MBI (never the mbi-hash), SSA state code 22 read as MA', () => {
    const patients = ndjsonFixture('bcda/Patient.ndjson');
    expect(patients).toHaveLength(20);
    // Read from each line: id, the current us-mbi, the usual name, birthDate, gender; every one was last updated
    // 2021-08-17 and lives in SSA state 22 (Massachusetts). A postalCode is not a county and is not read.
    const expected: [string, string, string, string, string, 'F' | 'M'][] = [
      ['-10000000000066', '1S00E00AA66', 'Schneider199', 'Werner409', '1952-11-17', 'M'],
      ['-10000000000059', '1S00E00AA59', 'Mann644', 'Mohammad578', '1943-05-05', 'M'],
      ['-10000000000012', '1S00E00AA12', 'Stroman228', 'Jerilyn993', '1947-08-24', 'F'],
      ['-10000000000091', '1S00E00AA91', 'Bahringer146', 'Marisela850', '1945-07-20', 'F'],
      ['-10000000000028', '1S00E00AA28', 'Orn563', 'Magdalene960', '1945-03-24', 'F'],
      ['-10000000000061', '1S00E00AA61', 'Fadel536', 'Julian715', '1945-06-17', 'F'],
      ['-10000000000029', '1S00E00AA29', 'Tillman293', 'Benny518', '1950-02-14', 'M'],
      ['-10000000000069', '1S00E00AA69', 'Ziemann98', 'Lavada531', '1947-01-23', 'F'],
      ['-10000000000060', '1S00E00AA60', "O'Conner199", 'Bernard308', '1948-06-23', 'M'],
      ['-10000000000096', '1S00E00AA96', 'Hilll811', 'Armando772', '1943-04-17', 'M'],
      ['-10000000000047', '1S00E00AA47', 'Kozey370', 'Lyla842', '1942-09-08', 'F'],
      ['-10000000000077', '1S00E00AA77', 'Collins926', 'Pierre431', '1947-05-27', 'M'],
      ['-10000000000003', '1S00E00AA01', 'Gislason620', 'Miki234', '1953-11-09', 'F'], // the MBI ends 01, not 03
      ['-10000000000080', '1S00E00AA80', 'Upton904', 'Forest317', '1948-06-13', 'M'],
      ['-10000000000027', '1S00E00AA27', 'King743', 'Terry864', '1943-10-06', 'M'],
      ['-10000000000006', '1S00E00AA06', 'Block661', 'Franklin857', '1947-12-26', 'M'],
      ['-10000000000064', '1S00E00AA64', 'Funk324', 'Myles862', '1941-08-28', 'M'],
      ['-10000000000073', '1S00E00AA73', 'Bednar518', 'Sharlene906', '1943-11-20', 'F'],
      ['-10000000000055', '1S00E00AA55', 'Strosin214', 'Paris331', '1952-07-07', 'M'],
      ['-10000000000084', '1S00E00AA84', 'Thiel172', 'Georgine810', '1948-08-01', 'F'],
    ];
    expect(patients.map((patient) => eventsOf(mapFhirResource(patient, noCrosswalk)))).toEqual(
      expected.map(([id, memberId, familyName, givenName, birthDate, sex]) => [
        {
          kind: 'member',
          memberId,
          asOf: '2021-08-17',
          recordId: `Patient/${id}`,
          familyName,
          givenName,
          birthDate,
          sex,
          stateCode: 'MA',
          source: 'fhir',
        },
      ]),
    );
  });

  it('a Patient without an MBI resolves through the crosswalk, else is reported', () => {
    const patient = { resourceType: 'Patient', id: 'ehr-42', meta: { lastUpdated: '2025-03-01T00:00:00Z' } };
    expect(issuesOf(mapFhirResource(patient, noCrosswalk))).toEqual(['required /identifier']);
    const known = { ...noCrosswalk, patients: new Map([['ehr-42', '1EG4TE5MK73']]) };
    expect(eventsOf(mapFhirResource(patient, known))).toEqual([
      { kind: 'member', memberId: '1EG4TE5MK73', asOf: '2025-03-01', recordId: 'Patient/ehr-42', source: 'fhir' },
    ]);
    expect(patientCrosswalkOf(patient)).toBeUndefined();
  });
});

describe('Coverage → months of enrolment', () => {
  it('BFD v2 Coverages (MBSF monthly extensions of 2018): buy-in → Part A/B, HMO indicator → MA, ms_cd → ESRD, orec', () => {
    const bundle = fixture('bfd-v2/coverageSearchByPatientId.json');
    const context = { ...noCrosswalk, patients: new Map([['567834', '3456789']]) };
    const asPublished = mapFhirBundle(bundle, context);
    expect(asPublished.ok && asPublished.entries.map((entry) => issuesOf(entry))).toEqual(
      [0, 1, 2, 3].map((i) => [`format /entry/${i}/resource/meta/lastUpdated`]),
    );
    const fixed = corrected(bundle, CORRECTIONS['bfd-v2/coverageSearchByPatientId.json'] ?? []);
    const result = mapFhirBundle(fixed, context);
    expect(result.ok).toBe(true);
    const [partA, partB, partC, partD] = result.ok ? result.entries.map(eventsOf) : [];
    const header = { kind: 'member', memberId: '3456789', asOf: '2023-01-31', source: 'fhir' };
    // buyin01…12 = C (A and B under a state buy-in); ms_cd 20, disabled without ESRD; dual_01…12 = ** (no data).
    expect(partA).toEqual([
      {
        ...header,
        recordId: 'Coverage/part-a-567834',
        orec: '1',
        enrollment: months('2018-01', '2018-12', { partA: true, esrd: false }),
      },
    ]);
    expect(partB).toEqual([
      {
        ...header,
        recordId: 'Coverage/part-b-567834',
        enrollment: months('2018-01', '2018-12', { partB: true, esrd: false }),
      },
    ]);
    // hmo_ind_01…10 = 1 (a Medicare health plan), 11 and 12 = 0.
    expect(partC).toEqual([
      {
        ...header,
        recordId: 'Coverage/part-c-567834',
        enrollment: [
          ...months('2018-01', '2018-10', { medicareAdvantage: true }),
          ...months('2018-11', '2018-12', { medicareAdvantage: false }),
        ],
      },
    ]);
    // Part D enrolment is not in the canonical model and its dual codes say "no data": nothing to record.
    expect(partD).toEqual([]);
  });

  it('reads every MBSF buy-in code for the part the Coverage covers, and every HMO indicator', () => {
    const BFD = 'https://bluebutton.cms.gov/resources/variables/';
    const monthly = (name: string, codes: string[]) =>
      codes.map((code, i) => ({ url: `${BFD}${name}${String(i + 1).padStart(2, '0')}`, valueCoding: { code } }));
    const coverage = (part: string, extension: Record<string, unknown>[]) => ({
      resourceType: 'Coverage',
      id: `part-${part.toLowerCase()}-1`,
      meta: { lastUpdated: '2025-12-31T00:00:00Z' },
      status: 'active',
      beneficiary: { identifier: { system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4TE5MK73' } },
      class: [{ value: `Part ${part}` }],
      extension: [{ url: `${BFD}rfrnc_yr`, valueDate: '2025' }, ...extension],
    });
    const flags = (part: string, extension: Record<string, unknown>[], flag: string) =>
      (eventsOf(mapFhirResource(coverage(part, extension), noCrosswalk))[0] as MemberEvent).enrollment?.map(
        (month) => (month as Record<string, unknown>)[flag],
      );
    const buyin = monthly('buyin', ['0', '1', '2', '3', 'A', 'B', 'C']);
    expect(flags('A', buyin, 'partA')).toEqual([false, true, false, true, true, false, true]);
    expect(flags('B', buyin, 'partB')).toEqual([false, false, true, true, false, true, true]);
    const hmo = monthly('hmo_ind_', ['0', '1', '2', '4', 'A', 'B', 'C']);
    expect(flags('C', hmo, 'medicareAdvantage')).toEqual([false, true, true, false, true, true, true]);
    const dual = monthly('dual_', ['NA', '01', '02', '03', '04', '05', '06', '08', '09', '10', '99', '00']);
    expect(flags('D', dual, 'dualStatus')).toEqual(['NA', '01', '02', '03', '04', '05', '06', '08', '09', '10', '99']);
  });

  const v3Context: FhirMappingContext = { ...noCrosswalk, patients: new Map([['123456789', 'ABB2BB0BB22']]) };
  const v3Header = { kind: 'member', memberId: 'ABB2BB0BB22', asOf: '2020-01-07', source: 'fhir' };

  it.each([
    ['bfd-v3/Coverage-FFS.json', 'Coverage/part-A-123456789', { partA: true }],
    ['bfd-v3/Coverage-FFS-PartB.json', 'Coverage/part-B-123456789', { partB: true }],
    ['bfd-v3/Coverage-PartC.json', 'Coverage/part-C-123456789', { medicareAdvantage: true }],
    ['bfd-v3/Coverage-Dual.json', 'Coverage/part-DUAL-123456789', { dualStatus: '01' }],
  ])('BFD v3 %s: each month from period.start (2018-04-11) to the as-of month', (path, recordId, flags) => {
    expect(eventsOf(mapFhirResource(fixture(path), v3Context))).toEqual([
      { ...v3Header, recordId, enrollment: months('2018-04', '2020-01', flags) },
    ]);
  });

  it('BFD v3 Part C has no MBI of its own: the beneficiary reference resolves through the crosswalk', () => {
    expect(issuesOf(mapFhirResource(fixture('bfd-v3/Coverage-PartC.json'), noCrosswalk))).toEqual([
      'unresolved-patient /beneficiary',
    ]);
  });

  it('BFD v3 Part D records nothing (its plan is not part of the member model)', () => {
    expect(eventsOf(mapFhirResource(fixture('bfd-v3/Coverage-PartD.json'), v3Context))).toEqual([]);
  });

  it('BCDA Coverages: Part A/B active for the reference year up to the as-of month; Part C/D say nothing', () => {
    const crosswalk = ndjsonFixture('bcda/Patient.ndjson').map((patient) => patientCrosswalkOf(patient));
    const context = {
      ...noCrosswalk,
      patients: new Map(crosswalk.map((link) => [link?.patientId ?? '', link?.memberId ?? ''])),
    };
    const coverages = ndjsonFixture('bcda/Coverage.ndjson');
    expect(coverages).toHaveLength(20);
    // Five patients, each with Part A, B, C and D (in that order). Part A/B: active, no period, rfrnc_yr 2021,
    // ms_cd 10 or 20 (aged or disabled, no ESRD), lastUpdated 2021-08-17: January to August 2021. Part C has no
    // period and no monthly indicator; Part D's plan contracts are not part of the member model.
    const members: [string, string][] = [
      ['-10000000000066', '1S00E00AA66'],
      ['-10000000000059', '1S00E00AA59'],
      ['-10000000000012', '1S00E00AA12'],
      ['-10000000000091', '1S00E00AA91'],
      ['-10000000000028', '1S00E00AA28'],
    ];
    const part = (patientId: string, memberId: string, name: 'a' | 'b', flag: 'partA' | 'partB') => [
      {
        kind: 'member',
        memberId,
        asOf: '2021-08-17',
        recordId: `Coverage/part-${name}-${patientId}`,
        enrollment: months('2021-01', '2021-08', { [flag]: true, esrd: false }),
        source: 'fhir',
      },
    ];
    expect(coverages.map((coverage) => eventsOf(mapFhirResource(coverage, context)))).toEqual(
      members.flatMap(([patientId, memberId]) => [
        part(patientId, memberId, 'a', 'partA'),
        part(patientId, memberId, 'b', 'partB'),
        [],
        [],
      ]),
    );
  });

  it('an open period without lastUpdated ends at the default as-of month; without either it is reported', () => {
    const coverage = {
      resourceType: 'Coverage',
      id: 'part-b-x',
      status: 'active',
      beneficiary: { identifier: { system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4TE5MK73' } },
      period: { start: '2025-11-20' },
      class: [{ value: 'Part B' }],
    };
    expect(eventsOf(mapFhirResource(coverage, { ...noCrosswalk, defaultAsOf: '2026-02-15' }))).toEqual([
      {
        kind: 'member',
        memberId: '1EG4TE5MK73',
        asOf: '2026-02-15',
        recordId: 'Coverage/part-b-x',
        enrollment: months('2025-11', '2026-02', { partB: true }),
        source: 'fhir',
      },
    ]);
    expect(issuesOf(mapFhirResource(coverage, noCrosswalk))).toEqual(['required /meta/lastUpdated']);
    expect(
      eventsOf(
        mapFhirResource(
          { ...coverage, status: 'cancelled', period: { start: '2025-11-01', end: '2025-12-31' } },
          {
            ...noCrosswalk,
            defaultAsOf: '2026-02-15',
          },
        ),
      )[0],
    ).toMatchObject({ enrollment: months('2025-11', '2025-12', { partB: false }) });
  });
});
