/**
 * The provider network around the synthetic ACO: participant practices (TINs) with PCPs and NPPs, a participant
 * FQHC, participant and outside specialists, and the hospitals, post-acute providers and suppliers members also
 * use. Outside primary care practices make attribution and leakage non-trivial. The network is sized for the
 * profile's reference ACO, not for --members, so adding members never changes who the providers are.
 */
import type { ProviderEvent } from '@benchline/shared';
import { isoDate } from './calendar.js';
import { syntheticCcn, syntheticNpi, syntheticTin } from './identifiers.js';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, PLACE_WORDS } from './names.js';
import type { GeneratorProfile } from './profile.js';
import { Random, WeightedTable } from './random.js';
import type { GeneratorReference } from './reference.js';

export interface Clinician {
  readonly npi: string;
  readonly name: string;
  readonly specialty: string;
  readonly practice: Practice;
  /** Last day the clinician practises here (inclusive); undefined while still there. */
  readonly leftOn: number | undefined;
}

export type PracticeKind = 'primaryCare' | 'fqhc' | 'specialty' | 'hospitalGroup' | 'therapy';

export interface Practice {
  readonly id: string;
  readonly name: string;
  readonly kind: PracticeKind;
  readonly tin: string;
  readonly npi: string;
  readonly ccn: string | undefined;
  readonly participant: boolean;
  /** First day on the ACO participant list (participants) or first day known (others). */
  readonly effectiveFrom: number;
  readonly pcps: Clinician[];
  readonly npps: Clinician[];
  readonly specialists: Clinician[];
}

export type FacilityKind =
  | 'hospital'
  | 'rehab'
  | 'longTerm'
  | 'psych'
  | 'snf'
  | 'hha'
  | 'hospice'
  | 'dialysis'
  | 'lab'
  | 'ambulance'
  | 'dme'
  | 'asc';

export interface Facility {
  readonly kind: FacilityKind;
  readonly name: string;
  readonly npi: string;
  readonly tin: string;
  readonly ccn: string | undefined;
  readonly specialty: string;
}

/** The physicians who bill from a hospital: hospitalists, ED physicians, radiologists, anesthesiologists, pathologists. */
export interface HospitalStaff {
  readonly hospital: Facility;
  readonly group: Practice;
  readonly hospitalists: readonly Clinician[];
  readonly emergency: readonly Clinician[];
  readonly radiology: readonly Clinician[];
  readonly anesthesia: readonly Clinician[];
  readonly pathology: readonly Clinician[];
}

export interface ProviderNetwork {
  readonly events: readonly ProviderEvent[];
  readonly participantPractices: readonly Practice[];
  readonly outsidePractices: readonly Practice[];
  readonly participantPracticeTable: WeightedTable<Practice>;
  readonly outsidePracticeTable: WeightedTable<Practice>;
  readonly fqhc: Practice;
  /** Specialists by Medicare specialty code, split by participation. */
  readonly specialists: ReadonlyMap<
    string,
    { readonly participant: readonly Clinician[]; readonly outside: readonly Clinician[] }
  >;
  readonly hospitals: readonly HospitalStaff[];
  readonly facilities: Readonly<Record<FacilityKind, readonly Facility[]>>;
  readonly therapists: readonly Clinician[];
}

/** Specialist codes the generator uses beyond the MSSP step-2 list (standard Medicare specialty codes). */
export const SPECIALTY_NAMES: Readonly<Record<string, string>> = {
  '02': 'General surgery',
  '04': 'Otolaryngology',
  '05': 'Anesthesiology',
  '06': 'Cardiology',
  '07': 'Dermatology',
  '10': 'Gastroenterology',
  '11': 'Internal medicine',
  '13': 'Neurology',
  '18': 'Ophthalmology',
  '20': 'Orthopedic surgery',
  '22': 'Pathology',
  '26': 'Psychiatry',
  '29': 'Pulmonary disease',
  '30': 'Diagnostic radiology',
  '34': 'Urology',
  '39': 'Nephrology',
  '46': 'Endocrinology',
  '48': 'Podiatry',
  '65': 'Physical therapist',
  '66': 'Rheumatology',
  '83': 'Hematology/oncology',
  '90': 'Medical oncology',
  '93': 'Emergency medicine',
};

/**
 * Specialty codes for organisations. A0 hospital, A1 SNF, A4 HHA, 49 ASC, 54 medical supply company, 59
 * ambulance supplier and 69 clinical laboratory are standard supplier/institution codes; hospices and dialysis
 * facilities have no specialty code of their own (they are identified by CCN), so they carry 17 (hospice and
 * palliative care) and A0 — a choice to verify against the CMS specialty crosswalk.
 */
const FACILITY_SPECIALTY: Readonly<Record<FacilityKind, string>> = {
  hospital: 'A0',
  rehab: 'A0',
  longTerm: 'A0',
  psych: 'A0',
  snf: 'A1',
  hha: 'A4',
  hospice: '17',
  dialysis: 'A0',
  lab: '69',
  ambulance: '59',
  dme: '54',
  asc: '49',
};

/** Facility counts and CCN ranges (CMS State Operations Manual numbering; Ohio's state code is 36). */
const FACILITY_PLAN: readonly (readonly [FacilityKind, number, string, number, string | undefined])[] = [
  ['hospital', 4, 'Medical Center', 1, undefined],
  ['rehab', 1, 'Rehabilitation Unit', 1, 'T'],
  ['longTerm', 1, 'Specialty Hospital', 2000, undefined],
  ['psych', 1, 'Behavioral Health Unit', 1, 'S'],
  ['snf', 8, 'Health and Rehabilitation', 5000, undefined],
  ['hha', 5, 'Home Health', 7000, undefined],
  ['hospice', 3, 'Hospice', 1500, undefined],
  ['dialysis', 3, 'Dialysis Center', 2300, undefined],
  ['lab', 2, 'Clinical Laboratory', 0, undefined],
  ['ambulance', 2, 'Ambulance Service', 0, undefined],
  ['dme', 4, 'Medical Supply', 0, undefined],
  ['asc', 2, 'Surgery Center', 0, undefined],
];

const OHIO_CCN_STATE = '36';

/** Participant specialists (two multispecialty groups) and outside specialists, by specialty: [participant, outside]. */
const SPECIALIST_PLAN: readonly (readonly [string, number, number])[] = [
  ['06', 4, 8],
  ['46', 2, 2],
  ['39', 2, 3],
  ['29', 2, 3],
  ['13', 2, 3],
  ['83', 1, 3],
  ['90', 1, 2],
  ['26', 1, 2],
  ['18', 2, 5],
  ['20', 2, 5],
  ['10', 2, 4],
  ['02', 1, 3],
  ['34', 1, 3],
  ['07', 1, 3],
  ['04', 0, 2],
  ['48', 1, 2],
  ['66', 0, 2],
];

export function buildProviderNetwork(
  seed: number,
  profile: GeneratorProfile,
  reference: GeneratorReference,
  windowStartDay: number,
  secondYearStartDay: number | undefined,
): ProviderNetwork {
  const random = Random.of(seed, 'network');
  let providerCounter = 0;
  let organizationCounter = 0;
  let placeCounter = Math.floor(random.float() * PLACE_WORDS.length);
  const nextNpi = (): string => syntheticNpi(seed, providerCounter++);
  const nextTin = (): string => syntheticTin(seed, organizationCounter++);
  const nextPlace = (): string => PLACE_WORDS[placeCounter++ % PLACE_WORDS.length] ?? 'Central';

  const pcpSpecialties = new WeightedTable(
    reference.primaryCarePhysicianSpecialties.map(
      (code) => [code, code === '11' || code === '08' ? 0.45 : 0.05] as const,
    ),
  );
  const nppSpecialties = new WeightedTable(
    reference.nonPhysicianPractitionerSpecialties.map(
      (code) => [code, code === '50' ? 0.7 : code === '97' ? 0.25 : 0.05] as const,
    ),
  );

  const personName = (specialty: string): string => {
    const female = random.chance(0.5);
    const given = random.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
    const family = random.pick(FAMILY_NAMES);
    const credential =
      specialty === '50' || specialty === '89' ? 'NP' : specialty === '97' ? 'PA' : specialty === '65' ? 'PT' : 'MD';
    return `${given} ${family} ${credential}`;
  };
  const practices: Practice[] = [];
  const newPractice = (
    kind: PracticeKind,
    name: string,
    participant: boolean,
    effectiveFrom: number,
    ccn?: string,
  ): Practice => {
    const practice: Practice = {
      id: `PRAC-${String(practices.length + 1).padStart(3, '0')}`,
      name,
      kind,
      tin: nextTin(),
      npi: nextNpi(),
      ccn,
      participant,
      effectiveFrom,
      pcps: [],
      npps: [],
      specialists: [],
    };
    practices.push(practice);
    return practice;
  };
  const addClinician = (practice: Practice, list: Clinician[], specialty: string, leftOn?: number): Clinician => {
    const clinician: Clinician = { npi: nextNpi(), name: personName(specialty), specialty, practice, leftOn };
    list.push(clinician);
    return clinician;
  };

  // Participant primary care, sized so each PCP has the profile's assigned panel in the reference ACO.
  const { sizedForMembers, assignedMembersPerPcp } = profile.network;
  const participantPcps = Math.max(
    profile.network.participantPrimaryCarePractices,
    Math.round(
      (sizedForMembers * profile.model.usualPracticeParticipantShare * (1 - profile.model.fqhcUsualShare)) /
        assignedMembersPerPcp,
    ),
  );
  const participantPractices: Practice[] = [];
  const practiceSizes = splitIntoSizes(random, participantPcps, profile.network.participantPrimaryCarePractices);
  practiceSizes.forEach((size, i) => {
    // One practice joins the participant list at the start of the window's second year (a list change).
    const joinsLater = i === practiceSizes.length - 1 && secondYearStartDay !== undefined;
    const practice = newPractice(
      'primaryCare',
      `${nextPlace()} ${i % 2 === 0 ? 'Family Medicine' : 'Internal Medicine'}`,
      true,
      joinsLater ? (secondYearStartDay ?? windowStartDay) : windowStartDay,
    );
    for (let k = 0; k < size; k += 1) {
      // Two participant PCPs leave at the end of the window's first year; their patients move to a colleague.
      const leaves = secondYearStartDay !== undefined && (i === 0 || i === 1) && k === 0;
      addClinician(
        practice,
        practice.pcps,
        pcpSpecialties.pick(random),
        leaves ? (secondYearStartDay ?? 0) - 1 : undefined,
      );
    }
    for (let k = 0; k < Math.max(1, Math.round(size * 0.4)); k += 1) {
      addClinician(practice, practice.npps, nppSpecialties.pick(random));
    }
    participantPractices.push(practice);
  });

  const fqhc = newPractice(
    'fqhc',
    `${nextPlace()} Community Health Center`,
    true,
    windowStartDay,
    syntheticCcn(OHIO_CCN_STATE, 1800, random.int(0, 150)),
  );
  for (let k = 0; k < 4; k += 1) {
    addClinician(fqhc, fqhc.pcps, pcpSpecialties.pick(random));
  }
  for (let k = 0; k < 3; k += 1) {
    addClinician(fqhc, fqhc.npps, nppSpecialties.pick(random));
  }

  const outsidePractices: Practice[] = [];
  for (let i = 0; i < profile.network.nonParticipantPrimaryCarePractices; i += 1) {
    const practice = newPractice('primaryCare', `${nextPlace()} Primary Care`, false, windowStartDay);
    const size = random.int(3, 6);
    for (let k = 0; k < size; k += 1) {
      addClinician(practice, practice.pcps, pcpSpecialties.pick(random));
    }
    addClinician(practice, practice.npps, nppSpecialties.pick(random));
    outsidePractices.push(practice);
  }

  // Specialists: two participant multispecialty groups and outside single-specialty groups.
  const participantGroups = [
    newPractice('specialty', `${nextPlace()} Specialty Physicians`, true, windowStartDay),
    newPractice('specialty', `${nextPlace()} Heart and Vascular`, true, windowStartDay),
  ];
  const specialists = new Map<string, { participant: Clinician[]; outside: Clinician[] }>();
  SPECIALIST_PLAN.forEach(([specialty, participantCount, outsideCount]) => {
    const entry = { participant: [] as Clinician[], outside: [] as Clinician[] };
    const group = participantGroups[specialty === '06' ? 1 : 0] ?? participantGroups[0];
    for (let k = 0; k < participantCount && group !== undefined; k += 1) {
      entry.participant.push(addClinician(group, group.specialists, specialty));
    }
    const outsideGroup = newPractice(
      'specialty',
      `${nextPlace()} ${SPECIALTY_NAMES[specialty] ?? 'Specialty'} Associates`,
      false,
      windowStartDay,
    );
    for (let k = 0; k < outsideCount; k += 1) {
      entry.outside.push(addClinician(outsideGroup, outsideGroup.specialists, specialty));
    }
    specialists.set(specialty, entry);
  });

  const facilities = {} as Record<FacilityKind, Facility[]>;
  const facilityEvents: ProviderEvent[] = [];
  for (const [kind, count, suffix, ccnStart, unitLetter] of FACILITY_PLAN) {
    const list: Facility[] = [];
    for (let k = 0; k < count; k += 1) {
      const institutional = kind !== 'lab' && kind !== 'ambulance' && kind !== 'dme' && kind !== 'asc';
      const facility: Facility = {
        kind,
        name: `${nextPlace()} ${suffix}`,
        npi: nextNpi(),
        tin: nextTin(),
        ccn: institutional
          ? syntheticCcn(OHIO_CCN_STATE, ccnStart, 10 + k * 7 + random.int(0, 6), unitLetter)
          : undefined,
        specialty: FACILITY_SPECIALTY[kind],
      };
      list.push(facility);
    }
    facilities[kind] = list;
  }

  const hospitals: HospitalStaff[] = (facilities.hospital ?? []).map((hospital) => {
    const group = newPractice('hospitalGroup', `${hospital.name} Physicians`, false, windowStartDay);
    const staff = (specialty: string, count: number): Clinician[] => {
      const list: Clinician[] = [];
      for (let k = 0; k < count; k += 1) {
        list.push(addClinician(group, group.specialists, specialty));
      }
      return list;
    };
    return {
      hospital,
      group,
      hospitalists: staff('11', 4),
      emergency: staff('93', 4),
      radiology: staff('30', 3),
      anesthesia: staff('05', 2),
      pathology: staff('22', 1),
    };
  });

  const therapy = newPractice('therapy', `${nextPlace()} Physical Therapy`, false, windowStartDay);
  const therapists = [0, 1, 2].map(() => addClinician(therapy, therapy.specialists, '65'));

  // The participant list is delivered once, as of the window's first day.
  const effective = (day: number): string => isoDate(day);
  const events: ProviderEvent[] = [];
  for (const practice of practices) {
    events.push({
      kind: 'provider',
      npi: practice.npi,
      tin: practice.tin,
      asOf: effective(windowStartDay),
      ...(practice.ccn === undefined ? {} : { ccn: practice.ccn }),
      name: practice.name,
      entity: 'organization',
      specialtyCode:
        practice.kind === 'fqhc'
          ? '08'
          : practice.kind === 'primaryCare'
            ? '08'
            : practice.kind === 'therapy'
              ? '65'
              : '70',
      practiceId: practice.id,
      participant: practice.participant,
      effectiveFrom: effective(practice.effectiveFrom),
      source: 'generator',
    });
    for (const clinician of [...practice.pcps, ...practice.npps, ...practice.specialists]) {
      events.push({
        kind: 'provider',
        npi: clinician.npi,
        tin: practice.tin,
        asOf: effective(windowStartDay),
        ...(practice.ccn === undefined ? {} : { ccn: practice.ccn }),
        name: clinician.name,
        entity: 'individual',
        specialtyCode: clinician.specialty,
        practiceId: practice.id,
        participant: practice.participant,
        effectiveFrom: effective(practice.effectiveFrom),
        ...(clinician.leftOn === undefined ? {} : { effectiveTo: effective(clinician.leftOn) }),
        source: 'generator',
      });
    }
  }
  for (const list of Object.values(facilities)) {
    for (const facility of list) {
      facilityEvents.push({
        kind: 'provider',
        npi: facility.npi,
        tin: facility.tin,
        asOf: effective(windowStartDay),
        ...(facility.ccn === undefined ? {} : { ccn: facility.ccn }),
        name: facility.name,
        entity: 'organization',
        specialtyCode: facility.specialty,
        participant: false,
        effectiveFrom: effective(windowStartDay),
        source: 'generator',
      });
    }
  }

  return {
    events: [...events, ...facilityEvents],
    participantPractices,
    outsidePractices,
    participantPracticeTable: new WeightedTable(participantPractices.map((p) => [p, p.pcps.length] as const)),
    outsidePracticeTable: new WeightedTable(outsidePractices.map((p) => [p, p.pcps.length] as const)),
    fqhc,
    specialists,
    hospitals,
    facilities,
    therapists,
  };
}

/** Splits a head count into practice sizes between 3 and ~3× the average, summing to the total. */
function splitIntoSizes(random: Random, total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.5 + random.float() * 1.5);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(3, Math.round((w / sum) * total)));
  return sizes;
}

/** The clinician who sees the member on a day: the usual one, or a colleague once the usual one has left. */
export function activeClinician(list: readonly Clinician[], preferred: number, day: number): Clinician | undefined {
  for (let k = 0; k < list.length; k += 1) {
    const clinician = list[(preferred + k) % list.length];
    if (clinician !== undefined && (clinician.leftOn === undefined || day <= clinician.leftOn)) {
      return clinician;
    }
  }
  return undefined;
}
