/**
 * Care outside the hospital stay: primary care visits (PCP, NPP, FQHC, nursing-facility rounds) with their labs
 * and blood-pressure readings, specialist visits with in-office tests, imaging, outpatient procedures, therapy,
 * dialysis, oncology infusions and DME. Visit volumes follow §2d (S1: PCP 3,594, NP/PA/CNS 2,234, specialist
 * 4,563, FQHC 947, CT 745, MRI 250 per 1,000); primary care codes come from the MSSP primary care list. Visits
 * happen at the member's usual practice or, by their loyalty, elsewhere — inside or outside the ACO (leakage).
 */
import { lastDayOfMonth, monthOfDay, yearOfDay, yearOfMonth } from './calendar.js';
import { cents, type LineDraft } from './claim-assembly.js';
import { pickRoutine } from './coding.js';
import { dialysisPerTreatment, dmeAllowed, drugAllowed, fqhcVisitAllowed, pfsAllowed } from './fees.js';
import {
  institutionalClaim,
  professionalClaim,
  professionalLine,
  revenueLine,
  type MonthContext,
} from './month-context.js';
import { activeClinician, type Clinician, type Facility, type Practice } from './network.js';
import { labClaim, recordBloodPressure, usualClinician, type YearPlan } from './prevention.js';
import { labelHash, Random, WeightedTable } from './random.js';
import { CONDITION_KEYS, type ConditionKey } from './types.js';

/** Annual visit rates per member before planned visits are added; tuned so totals land on §2d (S1). */
export const AMBULATORY_RATES = {
  primaryCareVisits: 5.4,
  specialistVisits: 4.6,
  ct: 0.62,
  mri: 0.245,
  otherImaging: 1.7,
  outpatientProcedures: 0.9,
  therapyCourses: 0.2,
  generalDme: 0.35,
} as const;

/** Established-patient visit levels (assumption: 99214 has overtaken 99213 in Medicare since the 2021 E/M changes). */
const ESTABLISHED_VISIT = new WeightedTable<string>([
  ['99212', 0.04],
  ['99213', 0.37],
  ['99214', 0.49],
  ['99215', 0.1],
]);
const NEW_VISIT = new WeightedTable<string>([
  ['99203', 0.45],
  ['99204', 0.45],
  ['99205', 0.1],
]);

/** The HCPCS codes primary care visits are billed with; all must be on the MSSP primary care list (checked). */
export const PRIMARY_CARE_VISIT_CODES = [
  '99203',
  '99204',
  '99205',
  '99212',
  '99213',
  '99214',
  '99215',
  'G2211',
  '99490',
  '99495',
  '99496',
  '99308',
  '99309',
  '99310',
  'G0438',
  'G0439',
  'G0444',
];

/** Days in the month that must have a primary care visit: conditions first coded, a depression screen. */
function plannedVisitDays(context: MonthContext, plan: YearPlan): number[] {
  const days = new Set<number>();
  const capture = context.member.coder.plan(context.year);
  for (const day of capture.firstCodedDay.values()) {
    if (day >= context.firstDay && day <= context.lastDay) {
      days.add(day);
    }
  }
  const screen = plan.depressionScreenDay;
  if (screen !== undefined && screen !== plan.awvDay && screen >= context.firstDay && screen <= context.lastDay) {
    days.add(screen);
  }
  return [...days].sort((a, b) => a - b);
}

export function generatePrimaryCare(context: MonthContext, plan: YearPlan): void {
  if (!context.partB) {
    return;
  }
  const random = context.random('primary-care');
  const planned = plannedVisitDays(context, plan);
  const natural = random.poisson(context.expected(AMBULATORY_RATES.primaryCareVisits, 0.55));
  const days = [...planned];
  for (let k = planned.length; k < natural; k += 1) {
    days.push(context.day(random));
  }
  const care = context.traits.care;
  for (const day of days) {
    // Who: the usual clinician, a colleague at the usual practice, or — by the member's loyalty — another practice.
    let practice: Practice = care.usualPractice;
    let clinician: Clinician | undefined;
    let established = true;
    if (context.status.institutional || random.chance(care.loyalty)) {
      clinician = random.chance(0.75) ? usualClinician(context, day) : pickClinician(practice, day, random);
    } else {
      const participant = random.chance(care.strayToParticipant);
      practice = participant
        ? context.network.participantPracticeTable.pick(random)
        : context.network.outsidePracticeTable.pick(random);
      clinician = pickClinician(practice, day, random);
      established = random.chance(0.5);
    }
    if (clinician === undefined) {
      continue;
    }
    const coded = context.member.coder.codedConditions(day);
    const capturedToday = coded.filter((c) => context.member.coder.plan(context.year).firstCodedDay.get(c.key) === day);
    const principalCondition =
      capturedToday[0] ?? (coded.length > 0 && random.chance(0.65) ? random.pick(coded) : undefined);
    const principal =
      principalCondition === undefined
        ? [pickRoutine(random, 'office')]
        : context.member.coder.codesFor(principalCondition, day);
    const diagnoses = context.member.coder.diagnoses(day, principal, 6, random);
    primaryCareVisit(context, clinician, practice, day, established, diagnoses, random);
    recordBloodPressure(context, day, random);
    if (random.chance(0.65)) {
      labClaim(context, day, routineLabPanel(context, day, random), diagnoses.slice(0, 4), random);
    }
  }
  chronicCareManagement(context, random);
}

/** The tests drawn at a routine visit (assumption: the common Medicare panels, with condition-driven extras). */
function routineLabPanel(context: MonthContext, day: number, random: Random): string[] {
  const has = (key: ConditionKey): boolean => context.traits.conditions.some((c) => c.key === key && c.onsetDay <= day);
  const tests = ['80053', '85025'];
  if (random.chance(0.4)) {
    tests.push('80061');
  }
  if (random.chance(0.25)) {
    tests.push('84443');
  }
  if (random.chance(0.2)) {
    tests.push('82306');
  }
  if (random.chance(0.3)) {
    tests.push('81001');
  }
  if (random.chance(0.1)) {
    tests.push('82607');
  }
  if (context.traits.sex === 'M' && random.chance(0.2)) {
    tests.push('84153');
  }
  if ((has('diabetes') || has('ckd')) && random.chance(0.3)) {
    tests.push('82570', '82043');
  }
  if (has('atrialFibrillation') && random.chance(0.4)) {
    tests.push('85610');
  }
  return tests;
}

function pickClinician(practice: Practice, day: number, random: Random): Clinician | undefined {
  const useNpp = practice.npps.length > 0 && random.chance(0.45);
  const list = useNpp ? practice.npps : practice.pcps;
  return activeClinician(list, random.int(0, Math.max(0, list.length - 1)), day);
}

function primaryCareVisit(
  context: MonthContext,
  clinician: Clinician,
  practice: Practice,
  day: number,
  established: boolean,
  diagnoses: readonly string[],
  random: Random,
): void {
  const profile = context.profile;
  const year = context.year;
  const nursingFacility = context.status.institutional;
  const code = nursingFacility
    ? random.pick(['99308', '99309', '99309', '99310'])
    : established
      ? ESTABLISHED_VISIT.pick(random)
      : NEW_VISIT.pick(random);
  const npp = context.member.reference.nonPhysicianPractitionerSpecialties.includes(clinician.specialty);
  if (practice.kind === 'fqhc') {
    const allowed = fqhcVisitAllowed(profile, year);
    const line = revenueLine('0521', allowed, allowed * profile.costs.partBPaidShare, day, day, {
      hcpcs: code,
      renderingNpi: clinician.npi,
      renderingSpecialty: clinician.specialty,
    });
    context.addClaim(
      institutionalClaim(context.claimId('v'), 'outpatient', practice, '771', diagnoses, [line], 'outpatient'),
    );
    return;
  }
  // NPPs are paid 85% of the physician fee schedule.
  const fee = (hcpcs: string): number => pfsAllowed(profile, hcpcs, year) * (npp ? 0.85 : 1);
  const telehealth = !nursingFacility && random.chance(0.05);
  const hospitalBased = !nursingFacility && !telehealth && random.chance(0.08);
  const placeOfService = nursingFacility ? '32' : telehealth ? '10' : hospitalBased ? '22' : '11';
  if (hospitalBased) {
    hospitalClinicFee(context, day, diagnoses, random);
  }
  const lines: LineDraft[] = [professionalLine(context, clinician, code, fee(code), day, placeOfService)];
  if (!nursingFacility && year >= 2024 && random.chance(0.35)) {
    lines.push(professionalLine(context, clinician, 'G2211', fee('G2211'), day, placeOfService));
  }
  if (!telehealth && random.chance(0.05)) {
    lines.push(professionalLine(context, clinician, '93000', fee('93000'), day, placeOfService));
  }
  context.addClaim(professionalClaim(context.claimId('v'), clinician, diagnoses, lines));
}

const CCM_STREAM = labelHash('chronic-care-management');
const DME_STREAM = labelHash('dme-equipment');
const ONCOLOGY_STREAM = labelHash('oncology-course');

/** Chronic care management: a monthly 99490 for a few multimorbid members of participant practices. */
function chronicCareManagement(context: MonthContext, random: Random): void {
  const traits = context.traits;
  const chronic = traits.conditions.filter((c) => c.onsetDay <= context.lastDay && c.key !== 'hypertension').length;
  if (chronic < 2 || !traits.care.usualPractice.participant) {
    return;
  }
  const enrolled = Random.of(traits.memberSeed, CCM_STREAM, yearOfMonth(context.month)).chance(0.12);
  if (!enrolled) {
    return;
  }
  const day = Math.min(context.lastDay, context.firstDay + 20);
  const clinician = usualClinician(context, day);
  if (clinician === undefined || clinician.practice.kind === 'fqhc') {
    return;
  }
  const diagnoses = context.member.coder.diagnoses(day, [], 4, random);
  if (diagnoses.length === 0) {
    return;
  }
  const line = professionalLine(
    context,
    clinician,
    '99490',
    pfsAllowed(context.profile, '99490', context.year),
    day,
    '11',
  );
  context.addClaim(professionalClaim(context.claimId('v'), clinician, diagnoses, [line]));
}

/** How much each condition draws members to a specialty (base demand plus condition boosts; assumption). */
const SPECIALTY_DEMAND: readonly (readonly [string, number, Partial<Record<ConditionKey, number>>])[] = [
  ['06', 1.1, { heartFailure: 6, atrialFibrillation: 6, hypertension: 0.4 }],
  ['46', 0.15, { diabetes: 2.2 }],
  ['39', 0.08, { ckd: 2.5, esrd: 10 }],
  ['29', 0.25, { copd: 4, lungCancer: 3 }],
  ['13', 0.4, { dementia: 2.5 }],
  ['83', 0.12, { breastCancer: 3, prostateCancer: 1.2, lungCancer: 8, colorectalCancer: 8, otherCancer: 8 }],
  ['26', 0.12, { depression: 2.2, dementia: 0.4 }],
  ['18', 1.6, { diabetes: 1 }],
  ['20', 1.5, {}],
  ['07', 1.2, {}],
  ['10', 0.6, { colorectalCancer: 3 }],
  ['34', 0.55, { prostateCancer: 4 }],
  ['48', 0.6, { diabetes: 1.2 }],
  ['02', 0.3, {}],
  ['04', 0.35, {}],
  ['66', 0.2, {}],
];

function specialistPool(context: MonthContext, specialty: string): readonly Clinician[] {
  const entry = context.network.specialists.get(specialty);
  if (entry === undefined) {
    return [];
  }
  const participantFirst = context.traits.care.participantSpecialists && entry.participant.length > 0;
  return participantFirst ? entry.participant : entry.outside.length > 0 ? entry.outside : entry.participant;
}

export function pickSpecialist(context: MonthContext, specialty: string, random: Random): Clinician | undefined {
  const pool = specialistPool(context, specialty);
  if (pool.length === 0) {
    return undefined;
  }
  // Members keep seeing the same specialist most of the time.
  const index = random.chance(0.8) ? context.traits.care.specialistIndex : random.int(0, 1000);
  return pool[index % pool.length];
}

export function generateSpecialistCare(context: MonthContext): void {
  if (!context.partB) {
    return;
  }
  const random = context.random('specialist');
  const count = random.poisson(context.expected(AMBULATORY_RATES.specialistVisits, 1));
  if (count === 0) {
    return;
  }
  const conditions = context.traits.conditions.filter((c) => c.onsetDay <= context.lastDay);
  const demand = new WeightedTable(
    SPECIALTY_DEMAND.map(([specialty, base, boosts]) => {
      const boost = conditions.reduce((sum, c) => sum + (boosts[c.key] ?? 0), 0);
      return [specialty, base + boost] as const;
    }),
  );
  for (let k = 0; k < count; k += 1) {
    const specialty = demand.pick(random);
    const clinician = pickSpecialist(context, specialty, random);
    if (clinician === undefined) {
      continue;
    }
    const day = context.day(random);
    const boosts = SPECIALTY_DEMAND.find(([s]) => s === specialty)?.[2] ?? {};
    const related = context.member.coder.codedConditions(day).filter((c) => (boosts[c.key] ?? 0) > 0);
    const principal =
      related.length > 0 ? context.member.coder.codesFor(random.pick(related), day) : [pickRoutine(random, 'office')];
    const diagnoses = context.member.coder.diagnoses(day, principal, 3, random);
    specialistVisit(context, clinician, day, diagnoses, random);
  }
}

function specialistVisit(
  context: MonthContext,
  clinician: Clinician,
  day: number,
  diagnoses: readonly string[],
  random: Random,
): void {
  const profile = context.profile;
  const year = context.year;
  const fee = (code: string): number => pfsAllowed(profile, code, year);
  const hospitalBased = random.chance(0.3);
  const placeOfService = hospitalBased ? '22' : '11';
  const code =
    clinician.specialty === '26' && random.chance(0.5)
      ? '90834'
      : random.chance(0.18)
        ? NEW_VISIT.pick(random)
        : ESTABLISHED_VISIT.pick(random);
  const lines: LineDraft[] = [professionalLine(context, clinician, code, fee(code), day, placeOfService)];
  const add = (hcpcs: string, options: { units?: number; allowed?: number } = {}): void => {
    lines.push(
      professionalLine(context, clinician, hcpcs, options.allowed ?? fee(hcpcs), day, placeOfService, {
        units: options.units ?? 1,
      }),
    );
  };
  // In-office tests and procedures by specialty (assumption: frequencies per visit).
  const extras = OFFICE_EXTRAS[clinician.specialty] ?? [];
  for (const [hcpcs, probability, units, drug] of extras) {
    if (random.chance(probability)) {
      add(hcpcs, { units, ...(drug ? { allowed: drugAllowed(hcpcs, units) } : {}) });
    }
  }
  if (random.chance(0.3)) {
    labClaim(context, day, ['80053', '85025'], diagnoses.slice(0, 3), random);
  }
  context.addClaim(professionalClaim(context.claimId('s'), clinician, diagnoses, lines));
  if (hospitalBased) {
    hospitalClinicFee(context, day, diagnoses, random);
  }
}

/** The facility fee of a visit in a hospital-based (provider-based) clinic: G0463 on an outpatient claim. */
function hospitalClinicFee(context: MonthContext, day: number, diagnoses: readonly string[], random: Random): void {
  const hospital =
    context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.hospital;
  if (hospital !== undefined) {
    const allowed = cents(random.lognormalMean(135, 0.1));
    const line = revenueLine('0510', allowed, allowed * context.profile.costs.partBPaidShare, day, day, {
      hcpcs: 'G0463',
    });
    context.addClaim(
      institutionalClaim(context.claimId('s'), 'outpatient', hospital, '131', diagnoses, [line], 'outpatient'),
    );
  }
}

/** In-office extras per specialist visit: [HCPCS, probability, units, is a drug]. */
const OFFICE_EXTRAS: Readonly<Record<string, readonly (readonly [string, number, number, boolean])[]>> = {
  '06': [
    ['93000', 0.5, 1, false],
    ['93306', 0.3, 1, false],
    ['78452', 0.12, 1, false],
    ['93350', 0.05, 1, false],
    ['93224', 0.06, 1, false],
    ['93970', 0.04, 1, false],
  ],
  '29': [
    ['94010', 0.45, 1, false],
    ['94729', 0.25, 1, false],
    ['94060', 0.15, 1, false],
  ],
  '18': [
    ['92134', 0.5, 1, false],
    ['92083', 0.2, 1, false],
    ['92250', 0.15, 1, false],
    ['66821', 0.04, 1, false],
  ],
  '20': [
    ['20610', 0.4, 1, false],
    ['J3301', 0.4, 40, true],
    ['73562', 0.35, 1, false],
    ['73030', 0.15, 1, false],
    ['64483', 0.08, 1, false],
  ],
  '07': [
    ['17000', 0.5, 1, false],
    ['11102', 0.3, 1, false],
    ['17110', 0.12, 1, false],
    ['11602', 0.08, 1, false],
    ['17311', 0.06, 1, false],
  ],
  '48': [
    ['11721', 0.7, 1, false],
    ['11055', 0.25, 1, false],
    ['11042', 0.1, 1, false],
  ],
  '34': [
    ['52000', 0.15, 1, false],
    ['51798', 0.35, 1, false],
    ['55700', 0.03, 1, false],
  ],
  '04': [
    ['31231', 0.3, 1, false],
    ['92557', 0.35, 1, false],
    ['69210', 0.15, 1, false],
  ],
  '13': [
    ['95886', 0.08, 1, false],
    ['95885', 0.08, 1, false],
  ],
  '46': [['95251', 0.15, 1, false]],
  '66': [
    ['20610', 0.25, 1, false],
    ['J3301', 0.25, 40, true],
  ],
  '02': [
    ['11602', 0.1, 1, false],
    ['11042', 0.1, 1, false],
  ],
};

/** A hospital (the member's usual one most of the time). */
export function pickHospitalIndex(context: MonthContext, random: Random): number {
  const count = context.network.hospitals.length;
  return (context.traits.care.hospitalIndex + (random.chance(0.15) ? random.int(1, count - 1) : 0)) % count;
}

interface ImagingStudy {
  readonly code: string;
  readonly revenueCode: string;
  readonly facilityAllowed: number;
  readonly weight: number;
}

const CT_STUDIES: readonly ImagingStudy[] = [
  { code: '74177', revenueCode: '0350', facilityAllowed: 360, weight: 0.35 },
  { code: '71250', revenueCode: '0350', facilityAllowed: 230, weight: 0.25 },
  { code: '70450', revenueCode: '0350', facilityAllowed: 190, weight: 0.25 },
  { code: '71275', revenueCode: '0350', facilityAllowed: 330, weight: 0.15 },
];
const MRI_STUDIES: readonly ImagingStudy[] = [
  { code: '70551', revenueCode: '0610', facilityAllowed: 430, weight: 0.35 },
  { code: '72148', revenueCode: '0610', facilityAllowed: 420, weight: 0.4 },
  { code: '73721', revenueCode: '0610', facilityAllowed: 410, weight: 0.25 },
];
const OTHER_IMAGING: readonly ImagingStudy[] = [
  { code: '71046', revenueCode: '0320', facilityAllowed: 65, weight: 0.45 },
  { code: '76700', revenueCode: '0402', facilityAllowed: 190, weight: 0.15 },
  { code: '93880', revenueCode: '0921', facilityAllowed: 230, weight: 0.12 },
  { code: '77080', revenueCode: '0320', facilityAllowed: 90, weight: 0.13 },
  { code: '73562', revenueCode: '0320', facilityAllowed: 70, weight: 0.15 },
];

export function generateImaging(context: MonthContext): void {
  if (!context.partB) {
    return;
  }
  const random = context.random('imaging');
  const studies: [readonly ImagingStudy[], number][] = [
    [CT_STUDIES, random.poisson(context.expected(AMBULATORY_RATES.ct, 1))],
    [MRI_STUDIES, random.poisson(context.expected(AMBULATORY_RATES.mri, 0.9))],
    [OTHER_IMAGING, random.poisson(context.expected(AMBULATORY_RATES.otherImaging, 0.9))],
  ];
  for (const [catalogue, count] of studies) {
    for (let k = 0; k < count; k += 1) {
      const study = new WeightedTable(catalogue.map((s) => [s, s.weight] as const)).pick(random);
      const day = context.day(random);
      const coded = context.member.coder.codedConditions(day);
      const principal =
        coded.length > 0 && random.chance(0.5)
          ? context.member.coder.codesFor(random.pick(coded), day)
          : [pickRoutine(random, 'acute')];
      imagingStudy(
        context,
        study,
        day,
        context.member.coder.diagnoses(day, principal, 2, random),
        random,
        random.chance(0.55),
      );
    }
  }
}

/** An imaging study: facility claim + professional read in a hospital, or one global professional claim. */
export function imagingStudy(
  context: MonthContext,
  study: ImagingStudy,
  day: number,
  diagnoses: readonly string[],
  random: Random,
  inHospital: boolean,
  hospitalIndex = pickHospitalIndex(context, random),
): void {
  const staff = context.network.hospitals[hospitalIndex];
  const reader = staff === undefined ? undefined : random.pick(staff.radiology);
  if (staff === undefined || reader === undefined) {
    return;
  }
  const profile = context.profile;
  const pfs = (key: string): number => pfsAllowed(profile, key, context.year);
  if (inHospital) {
    const allowed = cents(random.lognormalMean(study.facilityAllowed, 0.2));
    const line = revenueLine(study.revenueCode, allowed, allowed * profile.costs.partBPaidShare, day, day, {
      hcpcs: study.code,
    });
    context.addClaim(
      institutionalClaim(context.claimId('i'), 'outpatient', staff.hospital, '131', diagnoses, [line], 'outpatient'),
    );
    const read = professionalLine(context, reader, study.code, pfs(`${study.code}-26`), day, '22', {
      modifiers: ['26'],
    });
    context.addClaim(professionalClaim(context.claimId('i'), reader, diagnoses, [read]));
  } else {
    const global = professionalLine(context, reader, study.code, pfs(study.code), day, '11');
    context.addClaim(professionalClaim(context.claimId('i'), reader, diagnoses, [global]));
  }
}

interface ProcedureSpec {
  readonly code: string;
  readonly weight: number;
  readonly specialty: string;
  readonly revenueCode: string;
  readonly hospitalAllowed: number;
  readonly ascAllowed: number | undefined;
  readonly anesthesia: string | undefined;
  readonly boosts?: Partial<Record<ConditionKey, number>>;
}

/** Outpatient procedures (assumption: mix and facility amounts approximate OPPS/ASC payment levels). */
const PROCEDURES: readonly ProcedureSpec[] = [
  {
    code: '66984',
    weight: 30,
    specialty: '18',
    revenueCode: '0360',
    hospitalAllowed: 2200,
    ascAllowed: 1150,
    anesthesia: '00142',
  },
  {
    code: '45385',
    weight: 12,
    specialty: '10',
    revenueCode: '0360',
    hospitalAllowed: 1050,
    ascAllowed: 520,
    anesthesia: '00810',
  },
  {
    code: '43239',
    weight: 8,
    specialty: '10',
    revenueCode: '0360',
    hospitalAllowed: 900,
    ascAllowed: 480,
    anesthesia: '00810',
  },
  {
    code: '52000',
    weight: 6,
    specialty: '34',
    revenueCode: '0360',
    hospitalAllowed: 700,
    ascAllowed: undefined,
    anesthesia: undefined,
  },
  {
    code: '29881',
    weight: 5,
    specialty: '20',
    revenueCode: '0360',
    hospitalAllowed: 3000,
    ascAllowed: 1700,
    anesthesia: '01402',
  },
  {
    code: '62323',
    weight: 9,
    specialty: '20',
    revenueCode: '0360',
    hospitalAllowed: 900,
    ascAllowed: 420,
    anesthesia: undefined,
  },
  {
    code: '64721',
    weight: 3,
    specialty: '20',
    revenueCode: '0360',
    hospitalAllowed: 2100,
    ascAllowed: 1200,
    anesthesia: undefined,
  },
  {
    code: '49505',
    weight: 3,
    specialty: '02',
    revenueCode: '0360',
    hospitalAllowed: 3600,
    ascAllowed: 2000,
    anesthesia: '00790',
  },
  {
    code: '93458',
    weight: 4,
    specialty: '06',
    revenueCode: '0481',
    hospitalAllowed: 3300,
    ascAllowed: undefined,
    anesthesia: undefined,
    boosts: { heartFailure: 3, atrialFibrillation: 2 },
  },
  {
    code: '92928',
    weight: 1.5,
    specialty: '06',
    revenueCode: '0481',
    hospitalAllowed: 10500,
    ascAllowed: undefined,
    anesthesia: undefined,
    boosts: { heartFailure: 2 },
  },
  {
    code: '27447',
    weight: 1.2,
    specialty: '20',
    revenueCode: '0360',
    hospitalAllowed: 13000,
    ascAllowed: undefined,
    anesthesia: '01402',
  },
];

export function generateOutpatientProcedures(context: MonthContext): void {
  if (!context.partB) {
    return;
  }
  const random = context.random('procedures');
  const count = random.poisson(context.expected(AMBULATORY_RATES.outpatientProcedures, 0.9));
  if (count === 0) {
    return;
  }
  const conditions = context.traits.conditions.filter((c) => c.onsetDay <= context.lastDay).map((c) => c.key);
  const table = new WeightedTable(
    PROCEDURES.map((p) => [p, p.weight * (1 + conditions.reduce((s, key) => s + (p.boosts?.[key] ?? 0), 0))] as const),
  );
  for (let k = 0; k < count; k += 1) {
    const procedure = table.pick(random);
    const day = context.day(random);
    const surgeon = pickSpecialist(context, procedure.specialty, random);
    if (surgeon === undefined) {
      continue;
    }
    const diagnoses = context.member.coder.diagnoses(day, [pickRoutine(random, 'surgical')], 3, random);
    outpatientProcedure(context, procedure, surgeon, day, diagnoses, random);
  }
}

function outpatientProcedure(
  context: MonthContext,
  procedure: ProcedureSpec,
  surgeon: Clinician,
  day: number,
  diagnoses: readonly string[],
  random: Random,
): void {
  const profile = context.profile;
  const share = profile.costs.partBPaidShare;
  const inAsc = procedure.ascAllowed !== undefined && random.chance(0.55);
  const placeOfService = inAsc ? '24' : '22';
  context.addClaim(
    professionalClaim(context.claimId('p'), surgeon, diagnoses, [
      professionalLine(
        context,
        surgeon,
        procedure.code,
        pfsAllowed(profile, procedure.code, context.year),
        day,
        placeOfService,
      ),
    ]),
  );
  const hospitalIndex = pickHospitalIndex(context, random);
  if (inAsc) {
    const asc = context.network.facilities.asc[
      context.traits.care.hospitalIndex % context.network.facilities.asc.length
    ] as Facility;
    const allowed = cents(random.lognormalMean(procedure.ascAllowed ?? 0, 0.15));
    const line = {
      hcpcs: procedure.code,
      renderingNpi: asc.npi,
      renderingSpecialty: asc.specialty,
      placeOfService,
      units: 1,
      allowed,
      paid: allowed * share,
      fromDay: day,
      throughDay: day,
    };
    context.addClaim({
      claimId: context.claimId('p'),
      claimType: 'professional',
      billingTin: asc.tin,
      billingNpi: asc.npi,
      diagnoses,
      lines: [line],
      lagKind: 'professional',
    });
  } else {
    const hospital = context.network.hospitals[hospitalIndex]?.hospital;
    if (hospital !== undefined) {
      const allowed = cents(random.lognormalMean(procedure.hospitalAllowed, 0.25));
      const lines = [
        revenueLine(procedure.revenueCode, allowed * 0.85, allowed * 0.85 * share, day, day, { hcpcs: procedure.code }),
        revenueLine('0250', allowed * 0.1, allowed * 0.1 * share, day, day),
        revenueLine('0300', allowed * 0.05, allowed * 0.05 * share, day, day, { hcpcs: '85025' }),
      ];
      context.addClaim(
        institutionalClaim(context.claimId('p'), 'outpatient', hospital, '131', diagnoses, lines, 'outpatient'),
      );
    }
  }
  const anesthesiologist = context.network.hospitals[hospitalIndex]?.anesthesia[0];
  if (procedure.anesthesia !== undefined && anesthesiologist !== undefined) {
    const line = professionalLine(
      context,
      anesthesiologist,
      procedure.anesthesia,
      pfsAllowed(profile, procedure.anesthesia, context.year),
      day,
      placeOfService,
    );
    context.addClaim(professionalClaim(context.claimId('p'), anesthesiologist, diagnoses, [line]));
  }
}

/** Psychotherapy sessions a year for members with coded depression (assumption). */
const PSYCHOTHERAPY_SESSIONS_PER_YEAR = 4.5;

/** Physical therapy courses (billed monthly) and psychotherapy for members with depression. */
export function generateTherapy(context: MonthContext): void {
  if (!context.partB) {
    return;
  }
  const random = context.random('therapy');
  const profile = context.profile;
  if (random.chance(Math.min(0.9, context.expected(AMBULATORY_RATES.therapyCourses, 1)))) {
    // A course: 8–16 sessions over about eight weeks, billed one claim per calendar month.
    const sessions = random.int(8, 16);
    const start = context.day(random);
    const lastAllowed = context.member.life.deathDay ?? Number.POSITIVE_INFINITY;
    const sessionDays = Array.from({ length: sessions }, (_, k) => start + Math.floor((k * 55) / sessions)).filter(
      (d) => d <= lastAllowed,
    );
    const diagnoses = context.member.coder.diagnoses(start, [pickRoutine(random, 'office')], 2, random);
    const inHospital = random.chance(0.5);
    const hospital = context.network.hospitals[pickHospitalIndex(context, random)]?.hospital;
    const therapist =
      context.network.therapists[context.traits.care.specialistIndex % context.network.therapists.length];
    const byMonth = new Map<number, number[]>();
    for (const day of sessionDays) {
      const list = byMonth.get(monthOfDay(day)) ?? [];
      list.push(day);
      byMonth.set(monthOfDay(day), list);
    }
    // The first session is the evaluation; the others bill therapeutic exercise (2 units) and manual therapy.
    const sessionCodes = (day: number): (readonly [string, number])[] =>
      day === sessionDays[0]
        ? [['97161', 1]]
        : [
            ['97110', 2],
            ['97140', 1],
          ];
    for (const days of byMonth.values()) {
      if (inHospital && hospital !== undefined) {
        const lines = days.flatMap((day) =>
          sessionCodes(day).map(([code, units]) => {
            const allowed = pfsAllowed(profile, code, yearOfDay(day)) * units;
            return revenueLine('0420', allowed, allowed * profile.costs.partBPaidShare, day, day, {
              hcpcs: code,
              units,
              modifiers: ['GP'],
            });
          }),
        );
        context.addClaim(
          institutionalClaim(context.claimId('t'), 'outpatient', hospital, '131', diagnoses, lines, 'outpatient'),
        );
      } else if (therapist !== undefined) {
        const lines = days.flatMap((day) =>
          sessionCodes(day).map(([code, units]) =>
            professionalLine(context, therapist, code, pfsAllowed(profile, code, yearOfDay(day)) * units, day, '11', {
              units,
              modifiers: ['GP'],
            }),
          ),
        );
        context.addClaim(professionalClaim(context.claimId('t'), therapist, diagnoses, lines));
      }
    }
  }
  const depression = context.member.coder.codedConditions(context.lastDay).find((c) => c.key === 'depression');
  if (depression !== undefined) {
    const sessions = random.poisson(context.expected(PSYCHOTHERAPY_SESSIONS_PER_YEAR, 0.3));
    for (let k = 0; k < sessions; k += 1) {
      const clinician = pickSpecialist(context, '26', random);
      const day = context.day(random);
      if (clinician !== undefined) {
        const diagnoses = context.member.coder.codesFor(depression, day);
        context.addClaim(
          professionalClaim(context.claimId('t'), clinician, diagnoses, [
            professionalLine(context, clinician, '90834', pfsAllowed(profile, '90834', context.year), day, '11'),
          ]),
        );
      }
    }
  }
}

/** Maintenance dialysis for ESRD members: a monthly facility claim and the nephrologist's monthly capitation. */
export function generateDialysis(context: MonthContext): void {
  const esrd = context.traits.conditions.find((c) => c.key === 'esrd');
  if (esrd === undefined || !context.partB || context.status.hospice) {
    return;
  }
  const random = context.random('dialysis');
  const facilities = context.network.facilities.dialysis;
  const facility = facilities[context.traits.care.hospitalIndex % facilities.length];
  if (facility === undefined) {
    return;
  }
  const days = context.lastDay - context.firstDay + 1;
  const treatments = Math.max(1, Math.round((days * 13) / 30));
  const allowed = dialysisPerTreatment(context.year) * treatments * random.lognormalMean(1, 0.08);
  const diagnoses = context.member.coder.codesFor(esrd, context.lastDay);
  const share = context.profile.costs.partBPaidShare;
  const line = revenueLine('0821', allowed, allowed * share, context.firstDay, context.lastDay, { units: treatments });
  context.addClaim(
    institutionalClaim(context.claimId('x'), 'outpatient', facility, '721', diagnoses, [line], 'outpatient'),
  );
  const nephrologist = pickSpecialist(context, '39', random);
  if (nephrologist !== undefined) {
    const capitation = professionalLine(
      context,
      nephrologist,
      '90960',
      pfsAllowed(context.profile, '90960', context.year),
      context.firstDay,
      '65',
      { throughDay: context.lastDay },
    );
    context.addClaim(professionalClaim(context.claimId('x'), nephrologist, diagnoses, [capitation]));
  }
  // Vascular access upkeep: a fistulagram with angioplasty every several months (assumption).
  if (random.chance(0.12)) {
    const day = context.day(random);
    const hospital =
      context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.hospital;
    const surgeon = pickSpecialist(context, '02', random);
    if (hospital !== undefined && surgeon !== undefined) {
      const facilityAllowed = cents(random.lognormalMean(5500, 0.2));
      context.addClaim(
        institutionalClaim(
          context.claimId('x'),
          'outpatient',
          hospital,
          '131',
          diagnoses,
          [revenueLine('0360', facilityAllowed, facilityAllowed * share, day, day, { hcpcs: '36902' })],
          'outpatient',
        ),
      );
      context.addClaim(
        professionalClaim(context.claimId('x'), surgeon, diagnoses, [
          professionalLine(context, surgeon, '36902', pfsAllowed(context.profile, '36902', context.year), day, '22'),
        ]),
      );
    }
  }
}

const THERAPY_STREAM = labelHash('maintenance-therapy');

/**
 * Maintenance Part B drugs: intravitreal anti-VEGF injections for wet AMD (every 6–8 weeks, ophthalmologist's
 * office) and infused biologics for rheumatoid arthritis (every 4 weeks, hospital outpatient or office).
 */
export function generateMaintenanceTherapy(context: MonthContext): void {
  if (!context.partB || context.status.hospice) {
    return;
  }
  const profile = context.profile;
  const share = profile.costs.partBPaidShare;
  for (const condition of context.traits.conditions) {
    const treated = profile.model.maintenanceTherapyShare[condition.key];
    if (treated === undefined || condition.onsetDay > context.lastDay) {
      continue;
    }
    if (!Random.of(context.traits.memberSeed, THERAPY_STREAM, CONDITION_KEYS.indexOf(condition.key)).chance(treated)) {
      continue;
    }
    const random = context.random(`therapy-${condition.key}`);
    const diagnoses = context.member.coder.codesFor(condition, context.firstDay);
    if (condition.key === 'macularDegeneration') {
      const injections = random.poisson(7 / 12);
      const ophthalmologist = pickSpecialist(context, '18', random);
      for (let k = 0; k < injections && ophthalmologist !== undefined; k += 1) {
        const day = context.day(random);
        const eye = random.chance(0.5) ? 'RT' : 'LT';
        const lines = [
          professionalLine(context, ophthalmologist, '67028', pfsAllowed(profile, '67028', context.year), day, '11', {
            modifiers: [eye],
          }),
          professionalLine(context, ophthalmologist, 'J0178', drugAllowed('J0178', 2), day, '11', { units: 2 }),
        ];
        context.addClaim(professionalClaim(context.claimId('k'), ophthalmologist, diagnoses, lines));
      }
    } else if (condition.key === 'rheumatoidArthritis') {
      const infusions = random.poisson(13 / 12);
      const inHospital = Random.of(context.traits.memberSeed, THERAPY_STREAM, 1).chance(0.6);
      for (let k = 0; k < infusions; k += 1) {
        const day = context.day(random);
        const drug = drugAllowed('J0129', 75);
        if (inHospital) {
          const hospital =
            context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.hospital;
          if (hospital !== undefined) {
            const administration = cents(random.lognormalMean(190, 0.1));
            const lines = [
              revenueLine('0260', administration, administration * share, day, day, { hcpcs: '96365' }),
              revenueLine('0636', drug, drug * share, day, day, { hcpcs: 'J0129', units: 75 }),
            ];
            context.addClaim(
              institutionalClaim(context.claimId('k'), 'outpatient', hospital, '131', diagnoses, lines, 'outpatient'),
            );
          }
        } else {
          const rheumatologist = pickSpecialist(context, '66', random);
          if (rheumatologist !== undefined) {
            const lines = [
              professionalLine(context, rheumatologist, '96365', pfsAllowed(profile, '96365', context.year), day, '11'),
              professionalLine(context, rheumatologist, 'J0129', drug, day, '11', { units: 75 }),
            ];
            context.addClaim(professionalClaim(context.claimId('k'), rheumatologist, diagnoses, lines));
          }
        }
      }
    }
  }
}

interface Regimen {
  readonly drugs: readonly (readonly [string, number])[];
  readonly cyclesPerMonth: number;
  /** Share of cycles followed by pegfilgrastim (myelosuppressive chemotherapy). */
  readonly growthFactorShare: number;
}

/** Infusion regimens by cancer (assumption: representative agents, doses and intervals). */
const REGIMENS: Readonly<Partial<Record<ConditionKey, readonly (readonly [Regimen, number])[]>>> = {
  lungCancer: [
    [{ drugs: [['J9271', 200]], cyclesPerMonth: 1.4, growthFactorShare: 0 }, 0.55],
    [
      {
        drugs: [
          ['J9045', 10],
          ['J9267', 300],
        ],
        cyclesPerMonth: 1.4,
        growthFactorShare: 0.5,
      },
      0.45,
    ],
  ],
  colorectalCancer: [
    [
      {
        drugs: [
          ['J9263', 170],
          ['J9035', 40],
        ],
        cyclesPerMonth: 2,
        growthFactorShare: 0.2,
      },
      1,
    ],
  ],
  breastCancer: [[{ drugs: [['J9355', 50]], cyclesPerMonth: 1.4, growthFactorShare: 0.3 }, 1]],
  prostateCancer: [[{ drugs: [['J9217', 3]], cyclesPerMonth: 0.34, growthFactorShare: 0 }, 1]],
  otherCancer: [
    [{ drugs: [['J9144', 180]], cyclesPerMonth: 1.2, growthFactorShare: 0 }, 0.35],
    [{ drugs: [['J9312', 70]], cyclesPerMonth: 1, growthFactorShare: 0.3 }, 0.35],
    [{ drugs: [['J9271', 200]], cyclesPerMonth: 1.4, growthFactorShare: 0 }, 0.3],
  ],
};

/** Active cancer treatment: a course of infusions in a hospital outpatient department or an oncology office. */
export function generateOncology(context: MonthContext): void {
  if (!context.partB || context.status.hospice) {
    return;
  }
  const profile = context.profile;
  for (const condition of context.traits.conditions) {
    const regimens = REGIMENS[condition.key];
    const rate = profile.model.activeTreatmentPerYear[condition.key];
    if (regimens === undefined || rate === undefined || condition.onsetDay > context.lastDay) {
      continue;
    }
    // A course starts in some year (this one or the last) and runs 3–8 months, possibly across New Year.
    let course: Random | undefined;
    let startMonth = 0;
    for (const year of [context.year - 1, context.year]) {
      const candidate = Random.of(
        context.traits.memberSeed,
        ONCOLOGY_STREAM,
        year,
        CONDITION_KEYS.indexOf(condition.key),
      );
      if (!candidate.chance(rate)) {
        continue;
      }
      const start = year * 12 + candidate.int(0, 11);
      const length = candidate.int(3, 8);
      if (context.month >= start && context.month < start + length) {
        course = candidate;
        startMonth = start;
      }
    }
    if (course === undefined) {
      continue;
    }
    const regimen = new WeightedTable(regimens).pick(course);
    const inHospital = course.chance(0.5);
    const random = context.random(`oncology-${condition.key}`);
    const cycles = random.poisson(regimen.cyclesPerMonth);
    const diagnoses = context.member.coder.diagnoses(
      context.firstDay,
      context.member.coder.codesFor(condition, context.firstDay),
      3,
      random,
    );
    const oncologist = pickSpecialist(context, '83', random);
    for (let k = 0; k < cycles; k += 1) {
      const day = context.day(random);
      const drugs: (readonly [string, number])[] = [...regimen.drugs];
      if (random.chance(regimen.growthFactorShare)) {
        drugs.push(['J2506', 12]);
      }
      const drugLines = drugs.map(([code, units]) => ({ code, units, allowed: drugAllowed(code, units) }));
      const share = profile.costs.partBPaidShare;
      if (inHospital) {
        const hospital =
          context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.hospital;
        if (hospital !== undefined) {
          const administration = cents(random.lognormalMean(320, 0.15));
          const lines = [
            revenueLine('0335', administration, administration * share, day, day, { hcpcs: '96413' }),
            ...drugLines.map((d) =>
              revenueLine('0636', d.allowed, d.allowed * share, day, day, { hcpcs: d.code, units: d.units }),
            ),
          ];
          context.addClaim(
            institutionalClaim(context.claimId('k'), 'outpatient', hospital, '131', diagnoses, lines, 'outpatient'),
          );
        }
      } else if (oncologist !== undefined) {
        const lines = [
          professionalLine(context, oncologist, '99214', pfsAllowed(profile, '99214', context.year), day, '11'),
          professionalLine(context, oncologist, '96413', pfsAllowed(profile, '96413', context.year), day, '11'),
          ...drugLines.map((d) =>
            professionalLine(context, oncologist, d.code, d.allowed, day, '11', { units: d.units }),
          ),
        ];
        context.addClaim(professionalClaim(context.claimId('k'), oncologist, diagnoses, lines));
      }
    }
    // A quarter of courses include a month of radiation (IMRT fractions) at the start.
    if (context.month === startMonth && course.chance(0.35)) {
      const hospital =
        context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.hospital;
      if (hospital !== undefined) {
        const fractions = random.int(15, 25);
        const allowed = fractions * cents(random.lognormalMean(390, 0.1));
        const line = revenueLine(
          '0333',
          allowed,
          allowed * profile.costs.partBPaidShare,
          context.firstDay,
          context.lastDay,
          { hcpcs: '77386', units: fractions },
        );
        context.addClaim(
          institutionalClaim(context.claimId('k'), 'outpatient', hospital, '131', diagnoses, [line], 'outpatient'),
        );
      }
    }
  }
}

const GENERAL_DME: readonly (readonly [DmeItem, number])[] = [
  [['E0143', 'NU', 1], 0.25],
  [['E0260', 'RR', 1], 0.12],
  [['K0001', 'RR', 1], 0.12],
  [['L1833', 'NU', 1], 0.15],
  [['L0650', 'NU', 1], 0.1],
  [['E0601', 'RR', 1], 0.14],
  [['E0570', 'NU', 1], 0.12],
];

/** Durable equipment and supplies: oxygen for some COPD, CGM and test supplies for diabetics, occasional items. */
export function generateDme(context: MonthContext): void {
  if (!context.partB || context.status.institutional) {
    return;
  }
  const random = context.random('dme');
  const traits = context.traits;
  const day = context.firstDay + Math.min(4, context.lastDay - context.firstDay);
  const items: DmeItem[] = [];
  const has = (key: ConditionKey): boolean => traits.conditions.some((c) => c.key === key && c.onsetDay <= day);
  if (traits.usesOxygen && has('copd')) {
    items.push(['E1390', 'RR', 1]);
    if (random.chance(0.5)) {
      items.push(['E0431', 'RR', 1]);
    }
  }
  if (has('diabetes')) {
    if (traits.usesCgm) {
      items.push(['A4239', undefined, 1]);
    } else if ((context.month + traits.index) % 3 === 0 && random.chance(0.45)) {
      items.push(['A4253', 'NU', 2], ['A4259', 'NU', 1]);
    }
    if (random.chance(0.01)) {
      items.push(['A5500', 'NU', 2]);
    }
  }
  if (traits.usesOxygen && has('copd') && traits.index % 3 === 0) {
    items.push(['J7626', undefined, 60]); // nebulised budesonide for a third of oxygen users (assumption)
  }
  const equipment = Random.of(traits.memberSeed, DME_STREAM);
  if (equipment.chance(0.015)) {
    // CPAP: rented for 13 months from a start month, then resupplied quarterly (assumption: 1.5% of members).
    const startMonth = context.member.life.firstMonth + equipment.int(-12, 24);
    if (context.month >= startMonth && context.month < startMonth + 13) {
      items.push(['E0601', 'RR', 1]);
    } else if (context.month >= startMonth + 13 && (context.month - startMonth) % 3 === 0) {
      items.push(['A7030', 'NU', 1], ['A7037', 'NU', 1]);
    }
  }
  const frail = context.status.age >= 80 || has('dementia');
  if (frail && equipment.chance(0.06)) {
    items.push(['E0260', 'RR', 1], ['K0001', 'RR', 1]);
  }
  if (equipment.chance(0.008)) {
    items.push(['A4351', 'NU', 120]);
  }
  const general = random.poisson(context.expected(AMBULATORY_RATES.generalDme, 1));
  for (let k = 0; k < general; k += 1) {
    const [code, modifier, units] = new WeightedTable(GENERAL_DME).pick(random);
    items.push([code, modifier, units]);
    if (code === 'E0601') {
      items.push(['A7030', 'NU', 1]);
    }
  }
  if (items.length > 0) {
    dmeItemClaim(context, day, items, context.member.coder.diagnoses(day, [], 3, random), random);
  }
}

/** HCPCS code, modifier (RR rental, NU new purchase) and units. */
export type DmeItem = readonly [string, string | undefined, number];

/** One DME supplier claim for a set of items (rentals run to the month's end). */
export function dmeItemClaim(
  context: MonthContext,
  day: number,
  items: readonly DmeItem[],
  diagnoses: readonly string[],
  random: Random,
): void {
  const traits = context.traits;
  const suppliers = context.network.facilities.dme;
  const supplier = suppliers[(traits.care.hospitalIndex + traits.index) % suppliers.length];
  if (supplier === undefined || items.length === 0) {
    return;
  }
  const share = context.profile.costs.partBPaidShare;
  const lines: LineDraft[] = items.map(([code, modifier, units]) => {
    const allowed = dmeAllowed(code) * units;
    return {
      hcpcs: code,
      ...(modifier === undefined ? {} : { modifiers: [modifier] }),
      renderingNpi: supplier.npi,
      renderingSpecialty: supplier.specialty,
      placeOfService: '12',
      units,
      allowed,
      paid: allowed * share,
      fromDay: day,
      throughDay:
        modifier === 'RR'
          ? Math.max(day, Math.min(lastDayOfMonth(monthOfDay(day)), context.member.life.deathDay ?? day + 31))
          : day,
    };
  });
  context.addClaim({
    claimId: context.claimId('d'),
    claimType: 'dme',
    billingTin: supplier.tin,
    billingNpi: supplier.npi,
    diagnoses: diagnoses.length > 0 ? diagnoses : [pickRoutine(random, 'office')],
    lines,
    lagKind: 'professional',
  });
}
