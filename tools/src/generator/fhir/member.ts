/**
 * Member record → a Blue Button-shaped Patient and one Coverage per part per calendar year, as BFD v2 (and the
 * MBSF behind it) carries enrolment: `rfrnc_yr` with monthly `buyin` (Part A, B), `hmo_ind` (C) and `dual` (D),
 * the year's `ms_cd` (ESRD, read back for the months Part A/B list) and `orec`. Not carried (BFD has no field for
 * them): monthly institutional and hospice status, voluntary alignment.
 */
import type { EnrollmentMonth, MemberEvent } from '@benchline/shared';
import { BFD_VARIABLE, concept, type FhirResource, isFhirId, memberReference, URL } from './fhir-systems.js';

type Part = 'A' | 'B' | 'C' | 'D';

export interface MemberResources {
  readonly patient: FhirResource;
  readonly coverages: FhirResource[];
}

export function memberToFhir(member: MemberEvent): MemberResources {
  return { patient: patientOf(member), coverages: coveragesOf(member) };
}

function patientOf(member: MemberEvent): FhirResource {
  const name =
    member.givenName !== undefined || member.familyName !== undefined
      ? [
          {
            use: 'usual',
            ...(member.familyName === undefined ? {} : { family: member.familyName }),
            ...(member.givenName === undefined ? {} : { given: [member.givenName] }),
          },
        ]
      : undefined;
  const address =
    member.stateCode !== undefined || member.countyFips !== undefined
      ? [
          {
            use: 'home',
            // The county is carried as its 5-digit state + county FIPS code in `district`.
            ...(member.countyFips === undefined ? {} : { district: member.countyFips }),
            ...(member.stateCode === undefined ? {} : { state: member.stateCode }),
          },
        ]
      : undefined;
  return dropUndefined({
    resourceType: 'Patient',
    id: isFhirId(member.memberId) ? member.memberId : undefined,
    meta: { lastUpdated: `${member.asOf}T00:00:00Z` },
    identifier: [
      {
        type: { coding: [{ system: URL.v2IdentifierType, code: 'MC', display: "Patient's Medicare number" }] },
        system: URL.mbi,
        value: member.memberId,
      },
    ],
    name,
    gender: member.sex === undefined ? undefined : member.sex === 'F' ? 'female' : 'male',
    birthDate: member.birthDate,
    deceasedDateTime: member.deathDate,
    address,
  }) as FhirResource;
}

function coveragesOf(member: MemberEvent): FhirResource[] {
  const byYear = new Map<number, EnrollmentMonth[]>();
  for (const month of member.enrollment ?? []) {
    const year = Number(month.month.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), month]);
  }
  const resources: FhirResource[] = [];
  for (const [year, months] of [...byYear.entries()].sort(([a], [b]) => a - b)) {
    const status = medicareStatusOf(member, months);
    const yearlyStatus = status === undefined ? [] : [variableExtension('ms_cd', status)];
    const monthly = (prefix: string, code: (month: EnrollmentMonth) => string | undefined) =>
      months.flatMap((month) => {
        const value = code(month);
        return value === undefined ? [] : [variableExtension(`${prefix}${month.month.slice(5, 7)}`, value)];
      });
    const parts: { part: Part; yearly: Record<string, unknown>[]; monthly: Record<string, unknown>[] }[] = [
      {
        part: 'A',
        yearly: [...(member.orec === undefined ? [] : [variableExtension('orec', member.orec)]), ...yearlyStatus],
        monthly: monthly('buyin', (month) => (month.partA === undefined ? undefined : buyinOf(month))),
      },
      {
        part: 'B',
        yearly: yearlyStatus,
        monthly: monthly('buyin', (month) => (month.partB === undefined ? undefined : buyinOf(month))),
      },
      {
        part: 'C',
        yearly: [],
        monthly: monthly('hmo_ind_', (month) =>
          month.medicareAdvantage === undefined ? undefined : month.medicareAdvantage ? '1' : '0',
        ),
      },
      { part: 'D', yearly: [], monthly: monthly('dual_', (month) => month.dualStatus) },
    ];
    for (const { part, yearly, monthly: extensions } of parts) {
      // A part with no month to describe that year is left out, as BFD leaves out coverage a member never had.
      if (extensions.length > 0) {
        resources.push(coverageOf(member, part, year, months, [...yearly, ...extensions]));
      }
    }
  }
  return resources;
}

function coverageOf(
  member: MemberEvent,
  part: Part,
  year: number,
  months: EnrollmentMonth[],
  extensions: Record<string, unknown>[],
): FhirResource {
  const id = `part-${part.toLowerCase()}-${member.memberId}-${year}`;
  const first = months[0]?.month ?? `${year}-01`;
  const last = months[months.length - 1]?.month ?? `${year}-12`;
  return {
    resourceType: 'Coverage',
    ...(isFhirId(id) ? { id } : {}),
    meta: { lastUpdated: `${member.asOf}T00:00:00Z` },
    extension: [{ url: `${BFD_VARIABLE}rfrnc_yr`, valueDate: String(year) }, ...extensions],
    status: 'active',
    type: concept(URL.actCode, 'SUBSIDIZ'),
    subscriberId: member.memberId,
    beneficiary: memberReference(member.memberId),
    relationship: concept(URL.subscriberRelationship, 'self'),
    period: { start: `${first}-01`, end: lastDayOf(last) },
    payor: [{ identifier: { value: 'Centers for Medicare and Medicaid Services' } }],
    class: [
      { type: concept(URL.coverageClass, 'group'), value: 'Medicare' },
      { type: concept(URL.coverageClass, 'plan'), value: `Part ${part}` },
    ],
  };
}

/** A BFD (CCW) variable as BFD v2 writes it: an extension whose URL and coding system are the variable's. */
function variableExtension(name: string, code: string): Record<string, unknown> {
  return { url: `${BFD_VARIABLE}${name}`, valueCoding: { system: `${BFD_VARIABLE}${name}`, code } };
}

/** MBSF entitlement/buy-in: 3 Part A and B, 1 Part A only, 2 Part B only, 0 neither. */
function buyinOf(month: EnrollmentMonth): string {
  const a = month.partA ?? false;
  const b = month.partB ?? false;
  return a && b ? '3' : a ? '1' : b ? '2' : '0';
}

/**
 * The year's MBSF Medicare status code: ESRD (11 aged, 21 disabled, 31 ESRD only) or not (10 aged, 20 disabled).
 * It is one code per year; a year in which ESRD status changes is written with ESRD (an exception BFD shares).
 */
function medicareStatusOf(member: MemberEvent, months: EnrollmentMonth[]): string | undefined {
  const known = months.filter((month) => month.esrd !== undefined);
  if (known.length === 0) {
    return undefined;
  }
  const esrd = known.some((month) => month.esrd === true);
  const disabled = member.orec === '1' || member.orec === '3';
  if (esrd) {
    return member.orec === '2' || member.orec === '3' ? '31' : disabled ? '21' : '11';
  }
  return disabled ? '20' : '10';
}

function lastDayOf(isoMonth: string): string {
  const year = Number(isoMonth.slice(0, 4));
  const month = Number(isoMonth.slice(5, 7));
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${isoMonth}-${String(day).padStart(2, '0')}`;
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
