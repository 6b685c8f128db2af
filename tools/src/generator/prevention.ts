/**
 * Preventive care and the quality-measure evidence it leaves: annual wellness visits (§2d, S19), depression
 * screening with follow-up (CMS2), HbA1c tests for diabetics (CMS122), mammography (CMS125), colorectal screening
 * by colonoscopy / sDNA-FIT / FIT (CMS130) and flu shots — as claims when fee-for-service pays, and as EHR or lab
 * events with codes from the vendored eCQM value sets. Rates are the §5 Web Interface rates (S1); gaps come from
 * members who never screen and from screens that fall due outside the window.
 */
import { ageOn, dayNumber, firstDayOfMonth, lastDayOfMonth, monthOfDay } from './calendar.js';
import { cents, type LineDraft } from './claim-assembly.js';
import { pickRoutine } from './coding.js';
import { fqhcVisitAllowed, labAllowed, pfsAllowed } from './fees.js';
import {
  institutionalClaim,
  professionalClaim,
  professionalLine,
  revenueLine,
  type MemberContext,
  type MonthContext,
} from './month-context.js';
import { activeClinician, type Clinician, type Facility } from './network.js';
import { labelHash, Random } from './random.js';

export interface YearPlan {
  readonly awvDay: number | undefined;
  readonly awvInitial: boolean;
  readonly depressionScreenDay: number | undefined;
  readonly depressionPositive: boolean;
  readonly depressionFollowUp: boolean;
  readonly hba1c: readonly { readonly day: number; readonly value: number }[];
  readonly fluShotDay: number | undefined;
  readonly fitDay: number | undefined;
  readonly fitPositive: boolean;
}

const PLAN_STREAM = labelHash('year-plan');
const MAMMOGRAPHY_STREAM = labelHash('mammography');

/** SNOMED CT qualifier values for a stool test result (general qualifiers, not from a measure value set). */
const SNOMED_NEGATIVE = '260385009';
const SNOMED_POSITIVE = '10828004';

export function buildYearPlan(member: MemberContext, year: number): YearPlan {
  const random = Random.of(member.traits.memberSeed, PLAN_STREAM, year);
  const screening = member.traits.screening;
  const quality = member.profile.quality;
  const dayInYear = (from = 0, to = 364): number => dayNumber(year, 1, 1) + random.int(from, to);

  const awv = random.chance(screening.awvPropensity);
  const awvDay = dayInYear();
  const awvInitial = random.chance(0.15);
  const screened = random.chance(screening.depressionScreenPropensity);
  const screenDay = awv ? awvDay : dayInYear();
  const positive = random.chance(quality.depressionScreenPositiveShare);
  const followUp = random.chance(quality.depressionFollowUpShare);

  const diabetes = member.traits.conditions.find((c) => c.key === 'diabetes');
  const hba1c: { day: number; value: number }[] = [];
  const yearEnd = dayNumber(year, 12, 31);
  if (
    diabetes !== undefined &&
    diabetes.onsetDay <= yearEnd &&
    screening.untestedForHba1c >= quality.hba1cUntestedShare
  ) {
    const roll = random.float();
    // Tests a year: 1 (25%), 2 (35%), 3 (25%), 4 (15%) — ADA's twice-to-quarterly (assumption).
    const count = roll < 0.25 ? 1 : roll < 0.6 ? 2 : roll < 0.85 ? 3 : 4;
    const start = Math.max(dayNumber(year, 1, 1), diabetes.onsetDay);
    const span = yearEnd - start;
    for (let k = 0; k < count; k += 1) {
      const day = start + Math.floor(((k + random.float()) / count) * span);
      const value = Math.min(15, Math.max(4.6, screening.hba1cBaseline + 0.35 * random.normal()));
      hba1c.push({ day, value: Math.round(value * 10) / 10 });
    }
  }
  const flu = random.chance(0.7); // §5 Q110 influenza immunization 72.6% (S1)
  const fluDay = dayNumber(year, 9, 15) + random.int(0, 90);
  const fit = screening.colorectalModality === 'fit' && random.chance(0.92);
  return {
    awvDay: awv ? awvDay : undefined,
    awvInitial,
    depressionScreenDay: screened ? screenDay : undefined,
    depressionPositive: positive,
    depressionFollowUp: followUp,
    hba1c,
    fluShotDay: flu ? fluDay : undefined,
    fitDay: fit ? dayInYear() : undefined,
    fitPositive: random.chance(0.05),
  };
}

/** Mammogram days between two days: regular screeners every 12 or 24 months while aged 50–74. */
export function mammographyDays(member: MemberContext, fromDay: number, toDay: number): number[] {
  const { screening, birthDay, memberSeed } = member.traits;
  const interval = screening.mammographyIntervalMonths;
  if (interval === undefined) {
    return [];
  }
  const days: number[] = [];
  for (let month = monthOfDay(fromDay); month <= monthOfDay(toDay); month += 1) {
    if ((((month - screening.mammographyPhase) % interval) + interval) % interval !== 0) {
      continue;
    }
    const random = Random.of(memberSeed, MAMMOGRAPHY_STREAM, month);
    const day = firstDayOfMonth(month) + random.int(0, lastDayOfMonth(month) - firstDayOfMonth(month));
    const age = ageOn(birthDay, day);
    if (day >= fromDay && day <= toDay && age >= 50 && age <= 74) {
      days.push(day);
    }
  }
  return days;
}

/** Colonoscopy (every 10 years) and sDNA-FIT (every 3 years) days between two days, for members aged 45–75. */
export function colorectalProcedureDays(member: MemberContext, fromDay: number, toDay: number): number[] {
  const { screening, birthDay } = member.traits;
  const last = screening.colorectalLastDay;
  if (last === undefined || screening.colorectalModality === 'fit' || screening.colorectalModality === 'none') {
    return [];
  }
  const intervalDays = screening.colorectalModality === 'colonoscopy' ? 3652 : 1095;
  const days: number[] = [];
  for (let day = last; day <= toDay; day += intervalDays) {
    const age = ageOn(birthDay, day);
    if (day >= fromDay && age >= 45 && age <= 75) {
      days.push(day);
    }
  }
  return days;
}

/** The member's usual primary care clinician on a day (a colleague once the usual one has left). */
export function usualClinician(context: MonthContext, day: number): Clinician | undefined {
  const care = context.traits.care;
  const list = care.usualIsNpp ? care.usualPractice.npps : care.usualPractice.pcps;
  return activeClinician(list, care.usualClinicianIndex, day) ?? activeClinician(care.usualPractice.pcps, 0, day);
}

/** Claims and clinical events of the preventive services that fall in this month. */
export function generatePreventiveCare(context: MonthContext, plan: YearPlan): void {
  const inMonth = (day: number | undefined): day is number =>
    day !== undefined && day >= context.firstDay && day <= context.lastDay;
  const member = context.member;
  const codes = member.reference.clinicalCodes;
  const random = context.random('prevention');

  if (inMonth(plan.awvDay)) {
    annualWellnessVisit(context, plan, plan.awvDay, random);
  }
  if (inMonth(plan.depressionScreenDay)) {
    const day = plan.depressionScreenDay;
    context.addClinical('dep', day, 'observation', { system: 'loinc', code: codes.adultDepressionScreening }, 'ehr', {
      value: {
        coding: {
          system: 'snomed',
          code: plan.depressionPositive ? codes.depressionScreenPositive : codes.depressionScreenNegative,
        },
      },
    });
    if (plan.depressionPositive && plan.depressionFollowUp) {
      context.addClinical(
        'depfu',
        day,
        'procedure',
        { system: 'snomed', code: random.pick(codes.depressionFollowUp) },
        'ehr',
      );
    }
  }
  for (const test of plan.hba1c) {
    if (inMonth(test.day)) {
      hba1cTest(context, test.day, test.value, random);
    }
  }
  if (inMonth(plan.fluShotDay) && context.partB) {
    const clinician = usualClinician(context, plan.fluShotDay);
    if (clinician !== undefined) {
      const day = plan.fluShotDay;
      // Part B vaccines carry no coinsurance.
      const lines = [
        professionalLine(context, clinician, 'G0008', pfsAllowed(context.profile, 'G0008', context.year), day, '11', {
          paidShare: 1,
        }),
        professionalLine(context, clinician, '90662', pfsAllowed(context.profile, '90662', context.year), day, '11', {
          paidShare: 1,
        }),
      ];
      context.addClaim(professionalClaim(context.claimId('f'), clinician, ['Z23'], lines));
    }
  }
  for (const day of mammographyDays(member, context.firstDay, context.lastDay)) {
    mammogram(context, day, random);
  }
  for (const day of colorectalProcedureDays(member, context.firstDay, context.lastDay)) {
    if (member.traits.screening.colorectalModality === 'colonoscopy') {
      screeningColonoscopy(context, day, random);
    } else {
      stoolTest(context, day, 'sdna', false, random);
    }
  }
  if (inMonth(plan.fitDay)) {
    stoolTest(context, plan.fitDay, 'fit', plan.fitPositive, random);
  }
}

function annualWellnessVisit(context: MonthContext, plan: YearPlan, day: number, random: Random): void {
  const member = context.member;
  const codes = member.reference.clinicalCodes;
  const hcpcs = plan.awvInitial ? 'G0438' : 'G0439';
  const awvCode = codes.annualWellnessVisit.includes(hcpcs) ? hcpcs : random.pick(codes.annualWellnessVisit);
  context.addClinical('awv', day, 'encounter', { system: 'hcpcs', code: awvCode }, 'ehr');
  recordBloodPressure(context, day, random);
  if (!context.partB) {
    return;
  }
  const clinician = usualClinician(context, day);
  if (clinician === undefined) {
    return;
  }
  const diagnoses = member.coder.diagnoses(day, [pickRoutine(random, 'preventive')], 4, random);
  if (clinician.practice.kind === 'fqhc') {
    const allowed = fqhcVisitAllowed(context.profile, context.year);
    const lines = [
      revenueLine('0521', allowed, allowed * context.profile.costs.partBPaidShare, day, day, {
        hcpcs: awvCode,
        renderingNpi: clinician.npi,
        renderingSpecialty: clinician.specialty,
      }),
    ];
    context.addClaim(
      institutionalClaim(context.claimId('w'), 'outpatient', clinician.practice, '771', diagnoses, lines, 'outpatient'),
    );
    return;
  }
  // The AWV itself carries no coinsurance; a same-day problem visit (modifier 25) does.
  const lines: LineDraft[] = [
    professionalLine(context, clinician, awvCode, pfsAllowed(context.profile, awvCode, context.year), day, '11', {
      paidShare: 1,
    }),
  ];
  if (awvCode === 'G0439' && plan.depressionScreenDay === day && random.chance(0.4)) {
    lines.push(
      professionalLine(context, clinician, 'G0444', pfsAllowed(context.profile, 'G0444', context.year), day, '11', {
        paidShare: 1,
      }),
    );
  }
  if (random.chance(0.2)) {
    lines.push(
      professionalLine(context, clinician, '99213', pfsAllowed(context.profile, '99213', context.year), day, '11', {
        modifiers: ['25'],
      }),
    );
  }
  context.addClaim(professionalClaim(context.claimId('w'), clinician, diagnoses, lines));
}

/** One blood-pressure reading (systolic and diastolic observations) at an office visit, per CMS165's codes. */
export function recordBloodPressure(context: MonthContext, day: number, random: Random): void {
  const hypertensive = context.traits.conditions.some((c) => c.key === 'hypertension' && c.onsetDay <= day);
  if (!hypertensive && !random.chance(0.3)) {
    return;
  }
  const controlled = !hypertensive || random.chance(context.traits.screening.bpControlPropensity);
  let systolic: number;
  let diastolic: number;
  if (controlled) {
    systolic = Math.round(Math.min(139, 118 + 8 * Math.abs(random.normal())));
    diastolic = Math.round(Math.min(89, 68 + 7 * Math.abs(random.normal())));
  } else if (random.chance(0.75)) {
    systolic = Math.round(140 + 12 * Math.abs(random.normal()));
    diastolic = Math.round(Math.min(99, 78 + 8 * Math.abs(random.normal())));
  } else {
    systolic = Math.round(Math.min(139, 128 + 6 * Math.abs(random.normal())));
    diastolic = Math.round(90 + 6 * Math.abs(random.normal()));
  }
  const codes = context.member.reference.clinicalCodes;
  context.addClinical('bps', day, 'observation', { system: 'loinc', code: codes.systolicBloodPressure }, 'ehr', {
    value: { quantity: systolic, unit: 'mm[Hg]' },
  });
  context.addClinical('bpd', day, 'observation', { system: 'loinc', code: codes.diastolicBloodPressure }, 'ehr', {
    value: { quantity: diastolic, unit: 'mm[Hg]' },
  });
}

function labFacility(context: MonthContext, random: Random): Facility {
  const labs = context.network.facilities.lab;
  return (
    labs[(context.traits.care.hospitalIndex + (random.chance(0.2) ? 1 : 0)) % labs.length] ?? (labs[0] as Facility)
  );
}

/** A lab claim from an independent laboratory: lab tests are paid at 100% of the fee schedule. */
export function labClaim(
  context: MonthContext,
  day: number,
  tests: readonly string[],
  diagnoses: readonly string[],
  random: Random,
): void {
  if (!context.partB || tests.length === 0) {
    return;
  }
  const lab = labFacility(context, random);
  const lines = tests.map((code) => {
    const allowed = labAllowed(code);
    return {
      hcpcs: code,
      renderingNpi: lab.npi,
      renderingSpecialty: lab.specialty,
      placeOfService: '81',
      units: 1,
      allowed,
      paid: allowed,
      fromDay: day,
      throughDay: day,
    };
  });
  context.addClaim({
    claimId: context.claimId('l'),
    claimType: 'professional',
    billingTin: lab.tin,
    billingNpi: lab.npi,
    diagnoses,
    lines,
    lagKind: 'professional',
  });
}

function hba1cTest(context: MonthContext, day: number, value: number, random: Random): void {
  const codes = context.member.reference.clinicalCodes;
  context.addClinical('a1c', day, 'observation', { system: 'loinc', code: codes.hba1c.pick(random) }, 'lab', {
    value: { quantity: value, unit: '%' },
  });
  const diabetes = context.member.coder.codedConditions(day).find((c) => c.key === 'diabetes');
  const principal = diabetes === undefined ? ['Z0000'] : context.member.coder.codesFor(diabetes, day);
  const tests = [
    '83036',
    ...(random.chance(0.5) ? ['80053'] : []),
    ...(random.chance(0.3) ? ['80061'] : []),
    ...(random.chance(0.3) ? ['82043'] : []),
  ];
  labClaim(context, day, tests, context.member.coder.diagnoses(day, principal, 2, random), random);
}

function radiologist(
  context: MonthContext,
  random: Random,
): { readonly clinician: Clinician; readonly hospitalIndex: number } {
  const hospitals = context.network.hospitals;
  const hospitalIndex = (context.traits.care.hospitalIndex + (random.chance(0.15) ? 1 : 0)) % hospitals.length;
  const staff = hospitals[hospitalIndex];
  const clinician = staff === undefined ? undefined : random.pick(staff.radiology);
  if (clinician === undefined) {
    throw new Error('The network has no radiologists');
  }
  return { clinician, hospitalIndex };
}

function mammogram(context: MonthContext, day: number, random: Random): void {
  const codes = context.member.reference.clinicalCodes;
  context.addClinical('mam', day, 'observation', { system: 'loinc', code: random.pick(codes.mammography) }, 'ehr');
  if (!context.partB) {
    return;
  }
  const { clinician } = radiologist(context, random);
  // Screening mammography is paid under the physician fee schedule, without coinsurance.
  const lines = [
    professionalLine(context, clinician, '77067', pfsAllowed(context.profile, '77067', context.year), day, '22', {
      paidShare: 1,
    }),
  ];
  context.addClaim(professionalClaim(context.claimId('m'), clinician, ['Z1231'], lines));
}

function gastroenterologist(context: MonthContext, random: Random): Clinician {
  const entry = context.network.specialists.get('10');
  const pool =
    entry === undefined
      ? []
      : context.traits.care.participantSpecialists && entry.participant.length > 0
        ? entry.participant
        : entry.outside;
  const clinician =
    pool.length === 0 ? undefined : pool[(context.traits.care.specialistIndex + random.int(0, 1)) % pool.length];
  if (clinician === undefined) {
    throw new Error('The network has no gastroenterologists');
  }
  return clinician;
}

function screeningColonoscopy(context: MonthContext, day: number, random: Random): void {
  const codes = context.member.reference.clinicalCodes;
  const hcpcs = random.pick(codes.colonoscopyHcpcs);
  context.addClinical('col', day, 'procedure', hcpcs, 'ehr');
  if (!context.partB) {
    return;
  }
  const gi = gastroenterologist(context, random);
  const year = context.year;
  const profile = context.profile;
  // Screening colonoscopy: no coinsurance on the professional or facility part.
  context.addClaim(
    professionalClaim(
      context.claimId('p'),
      gi,
      ['Z1211'],
      [professionalLine(context, gi, hcpcs.code, pfsAllowed(profile, 'G0121', year), day, '24', { paidShare: 1 })],
    ),
  );
  if (random.chance(0.6)) {
    const asc =
      context.network.facilities.asc[context.traits.care.hospitalIndex % context.network.facilities.asc.length];
    if (asc !== undefined) {
      const allowed = cents(random.lognormalMean(470, 0.1));
      const line = {
        hcpcs: hcpcs.code,
        renderingNpi: asc.npi,
        renderingSpecialty: asc.specialty,
        placeOfService: '24',
        units: 1,
        allowed,
        paid: allowed,
        fromDay: day,
        throughDay: day,
      };
      context.addClaim({
        claimId: context.claimId('p'),
        claimType: 'professional',
        billingTin: asc.tin,
        billingNpi: asc.npi,
        diagnoses: ['Z1211'],
        lines: [line],
        lagKind: 'professional',
      });
    }
  } else {
    const hospital =
      context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.hospital;
    if (hospital !== undefined) {
      const allowed = cents(random.lognormalMean(980, 0.15));
      context.addClaim(
        institutionalClaim(
          context.claimId('p'),
          'outpatient',
          hospital,
          '131',
          ['Z1211'],
          [revenueLine('0360', allowed, allowed, day, day, { hcpcs: hcpcs.code })],
          'outpatient',
        ),
      );
    }
  }
  const anesthesia =
    context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.anesthesia[0];
  if (anesthesia !== undefined && random.chance(0.5)) {
    context.addClaim(
      professionalClaim(
        context.claimId('p'),
        anesthesia,
        ['Z1211'],
        [
          professionalLine(context, anesthesia, '00810', pfsAllowed(profile, '00810', year), day, '24', {
            paidShare: 1,
          }),
        ],
      ),
    );
  }
}

function stoolTest(context: MonthContext, day: number, kind: 'sdna' | 'fit', positive: boolean, random: Random): void {
  const codes = context.member.reference.clinicalCodes;
  const loinc = random.pick(kind === 'sdna' ? codes.sdnaFitLoinc : codes.fitLoinc);
  context.addClinical(kind, day, 'observation', { system: 'loinc', code: loinc }, 'lab', {
    value: { coding: { system: 'snomed', code: positive ? SNOMED_POSITIVE : SNOMED_NEGATIVE } },
  });
  labClaim(context, day, [kind === 'sdna' ? '81528' : '82274'], ['Z1211'], random);
}

/** EHR history from before the window: the last colonoscopy / sDNA-FIT and recent mammograms, so lookbacks work. */
export function historicalScreeningEvents(
  member: MemberContext,
  windowStartDay: number,
  add: (
    tag: string,
    day: number,
    type: 'observation' | 'procedure',
    code: { system: 'loinc' | 'snomed'; code: string },
    value?: string,
  ) => void,
): void {
  const traits = member.traits;
  const codes = member.reference.clinicalCodes;
  const random = Random.of(traits.memberSeed, labelHash('history'));
  const last = traits.screening.colorectalLastDay;
  if (last !== undefined && last < windowStartDay && ageOn(traits.birthDay, last) >= 45) {
    if (traits.screening.colorectalModality === 'colonoscopy') {
      add('colh', last, 'procedure', { system: 'snomed', code: random.pick(codes.colonoscopySnomed) });
    } else if (traits.screening.colorectalModality === 'sdnaFit') {
      add('sdnah', last, 'observation', { system: 'loinc', code: random.pick(codes.sdnaFitLoinc) }, SNOMED_NEGATIVE);
    } else if (traits.screening.colorectalModality === 'fit' && windowStartDay - last < 365) {
      add('fith', last, 'observation', { system: 'loinc', code: random.pick(codes.fitLoinc) }, SNOMED_NEGATIVE);
    }
  }
  // Mammograms in the 27 months before the window (CMS125 looks back to October two years before the period).
  for (const day of mammographyDays(member, windowStartDay - 27 * 31, windowStartDay - 1)) {
    add('mamh', day, 'observation', { system: 'loinc', code: random.pick(codes.mammography) });
  }
}
