/**
 * Hospital and post-acute care: ED visits, observation stays, acute admissions with their professional claims,
 * readmissions and post-acute care (IRF, LTCH, SNF, home health), psychiatric stays, community home health and
 * hospice. Levels follow §2d/§2e (S1: 253 admissions, 612 ED visits of which 182 admitted, 45 SNF stays of 26.2
 * days per 1,000; $12,302 per acute stay, $22,336 per IRF stay, $14,968 per SNF stay, 15.5% readmissions; S17:
 * $2,038 per home-health period). An episode belongs to the month it starts in; its later claims may spill over.
 */
import { lastDayOfMonth, monthOfDay, yearOfDay, yearOfMonth } from './calendar.js';
import { cents, type LineDraft } from './claim-assembly.js';
import { pickRoutine } from './coding.js';
import { dmeItemClaim, imagingStudy, pickHospitalIndex, pickSpecialist } from './ambulatory-care.js';
import { hospicePerDiem, pfsAllowed } from './fees.js';
import { institutionalClaim, MonthContext, professionalClaim, professionalLine, revenueLine } from './month-context.js';
import type { Facility } from './network.js';
import { statusOf } from './population.js';
import { usualClinician } from './prevention.js';
import { valueForYear, type GeneratorProfile } from './profile.js';
import type { Random } from './random.js';
import type { ConditionKey } from './types.js';

/** Index acute admissions per member-year: acute admissions net of the readmissions they lead to. */
function acuteIndexRate(profile: GeneratorProfile): number {
  const utilization = profile.utilization;
  return (utilization.admissionMix.acute / 1000) * (1 - utilization.readmissionRate);
}

/**
 * The intensity normaliser is computed on members as they are at the window's start; new diagnoses, the run-up to
 * death and readmission chains move the realised rate a few percent. Tuned so admissions land on §2d's 253.
 */
const ADMISSION_RATE_CORRECTION = 1.02;

/** Community (not post-acute) home-health episodes per member-year; tuned so all periods reach §2b's level. */
export const COMMUNITY_HOME_HEALTH_RATE = 0.09;

/** Probability an acute discharge goes on to each post-acute setting (§2d: IRF 15.3 and LTCH 1.6 of 233 acute). */
function postAcuteShares(profile: GeneratorProfile): {
  rehab: number;
  longTerm: number;
  snf: number;
  homeHealth: number;
} {
  const mix = profile.utilization.admissionMix;
  return {
    rehab: mix.rehab / mix.acute,
    longTerm: mix.longTerm / mix.acute,
    snf: profile.utilization.snfAdmissionsPer1000 / mix.acute,
    homeHealth: 0.2, // assumption
  };
}

/** Share of admissions that come through the ED (§2d: 182 of 253, S1). */
function viaEdShare(profile: GeneratorProfile): number {
  return profile.utilization.edVisitsAdmittedPer1000 / profile.utilization.admissionsPer1000;
}

/** The month's index admissions: the count is the first draw of the admissions stream, the days follow it. */
function admissionsStream(context: MonthContext): { readonly count: number; readonly random: Random } {
  const random = context.random('admissions');
  const count = context.feeForService
    ? random.poisson(context.expected(acuteIndexRate(context.profile), 1) * ADMISSION_RATE_CORRECTION)
    : 0;
  return { count, random };
}

/** True when no index admission started earlier in the calendar year (the Part A deductible is still owed). */
function firstAdmissionOfYear(context: MonthContext): boolean {
  const member = context.member;
  for (let month = yearOfMonth(context.month) * 12; month < context.month; month += 1) {
    const status = statusOf(member.life, month);
    if (status !== undefined && admissionsStream(new MonthContext(member, month, status)).count > 0) {
      return false;
    }
  }
  return true;
}

export function generateAcuteCare(context: MonthContext): void {
  if (!context.feeForService) {
    return;
  }
  const profile = context.profile;
  const utilization = profile.utilization;
  const random = context.random('acute');

  const edVisits = random.poisson(
    context.expected((utilization.edVisitsPer1000 - utilization.edVisitsAdmittedPer1000) / 1000, 0.8),
  );
  for (let k = 0; k < edVisits && context.partB; k += 1) {
    emergencyVisit(context, context.day(random), random);
  }
  const observation = random.poisson(context.expected(utilization.observationStaysPer1000 / 1000, 0.9));
  for (let k = 0; k < observation && context.partB; k += 1) {
    observationStay(context, context.day(random), random);
  }

  const { count: admissions, random: admissionRandom } = admissionsStream(context);
  if (admissions > 0) {
    let deductibleOwed = firstAdmissionOfYear(context);
    for (let k = 0; k < admissions; k += 1) {
      const day = context.day(admissionRandom);
      acuteStay(context, day, admissionRandom, 0, deductibleOwed);
      deductibleOwed = false;
    }
  }

  const psychEligible = context.traits.conditions.some(
    (c) => (c.key === 'depression' || c.key === 'dementia') && c.onsetDay <= context.lastDay,
  );
  if (psychEligible) {
    // §2d psychiatric admissions (3.9 per 1,000) fall on members with depression or dementia, who are also the
    // more intense; 0.42 is the tuned ratio of their intensity-weighted person-time to everyone's.
    const stays = random.poisson(context.expected(utilization.admissionMix.psych / 1000 / 0.42, 0.5));
    for (let k = 0; k < stays; k += 1) {
      psychiatricStay(context, context.day(random), random);
    }
  }

  if (!context.status.institutional && !context.status.hospice) {
    const episodes = random.poisson(context.expected(COMMUNITY_HOME_HEALTH_RATE, 1));
    for (let k = 0; k < episodes; k += 1) {
      homeHealthEpisode(context, context.day(random), random.int(1, 3), random);
    }
  }
}

function hospitalStaff(context: MonthContext, random: Random) {
  const staff = context.network.hospitals[pickHospitalIndex(context, random)];
  if (staff === undefined) {
    throw new Error('The network has no hospitals');
  }
  return staff;
}

function reasonFor(
  context: MonthContext,
  day: number,
  random: Random,
  conditionShare: number,
  routine: 'acute' | 'surgical',
): readonly string[] {
  const coded = context.member.coder.codedConditions(day).filter((c) => c.key !== 'hypertension');
  if (coded.length > 0 && random.chance(conditionShare)) {
    return context.member.coder.codesFor(random.pick(coded), day);
  }
  return [pickRoutine(random, routine)];
}

function emergencyVisit(context: MonthContext, day: number, random: Random): void {
  const profile = context.profile;
  const share = profile.costs.partBPaidShare;
  const staff = hospitalStaff(context, random);
  const diagnoses = context.member.coder.diagnoses(day, reasonFor(context, day, random, 0.3, 'acute'), 4, random);
  const level = random.float() < 0.3 ? '99283' : random.float() < 0.64 ? '99284' : '99285';
  const facilityAllowed = cents(random.lognormalMean(level === '99283' ? 380 : level === '99284' ? 620 : 900, 0.15));
  const lines: LineDraft[] = [
    revenueLine('0450', facilityAllowed, facilityAllowed * share, day, day, { hcpcs: level }),
    revenueLine('0301', 15, 15 * share, day, day, { hcpcs: '80053' }),
    revenueLine('0305', 11, 11 * share, day, day, { hcpcs: '85025' }),
    revenueLine('0250', 28, 28 * share, day, day),
  ];
  // Common ED ancillaries (assumption): an IV push, an ECG, a troponin.
  if (random.chance(0.5)) {
    lines.push(revenueLine('0260', 190, 190 * share, day, day, { hcpcs: '96374' }));
  }
  if (random.chance(0.45)) {
    lines.push(revenueLine('0730', 70, 70 * share, day, day, { hcpcs: '93005' }));
  }
  if (random.chance(0.45)) {
    lines.push(revenueLine('0301', 13.2, 13.2 * share, day, day, { hcpcs: '84484' }));
  }
  context.addClaim(
    institutionalClaim(context.claimId('e'), 'outpatient', staff.hospital, '131', diagnoses, lines, 'outpatient'),
  );
  const physician = random.pick(staff.emergency);
  context.addClaim(
    professionalClaim(context.claimId('e'), physician, diagnoses, [
      professionalLine(context, physician, level, pfsAllowed(profile, level, context.year), day, '23'),
    ]),
  );
  if (random.chance(0.5)) {
    // §2d counts ED CT scans in P_CT_VIS; chest X-rays are the other common ED study.
    const ct = random.chance(0.55);
    imagingStudy(
      context,
      ct
        ? { code: random.chance(0.5) ? '70450' : '74177', revenueCode: '0350', facilityAllowed: 320, weight: 1 }
        : { code: '71046', revenueCode: '0320', facilityAllowed: 65, weight: 1 },
      day,
      diagnoses,
      random,
      true,
      context.network.hospitals.indexOf(staff),
    );
  }
  if (random.chance(0.38)) {
    ambulanceTrip(context, day, diagnoses, random);
  }
}

function ambulanceTrip(context: MonthContext, day: number, diagnoses: readonly string[], random: Random): void {
  const suppliers = context.network.facilities.ambulance;
  const supplier = suppliers[context.traits.care.hospitalIndex % suppliers.length];
  if (supplier === undefined || !context.partB) {
    return;
  }
  const profile = context.profile;
  const base = random.chance(0.55) ? 'A0427' : 'A0429';
  const miles = random.int(3, 15);
  const share = profile.costs.partBPaidShare;
  const line = (hcpcs: string, units: number): LineDraft => {
    const allowed = pfsAllowed(profile, hcpcs, context.year) * units;
    return {
      hcpcs,
      renderingNpi: supplier.npi,
      renderingSpecialty: supplier.specialty,
      placeOfService: '41',
      units,
      allowed,
      paid: allowed * share,
      fromDay: day,
      throughDay: day,
    };
  };
  context.addClaim({
    claimId: context.claimId('b'),
    claimType: 'professional',
    billingTin: supplier.tin,
    billingNpi: supplier.npi,
    diagnoses,
    lines: [line(base, 1), line('A0425', miles)],
    lagKind: 'professional',
  });
}

function observationStay(context: MonthContext, day: number, random: Random): void {
  const profile = context.profile;
  const share = profile.costs.partBPaidShare;
  const staff = hospitalStaff(context, random);
  const diagnoses = context.member.coder.diagnoses(day, reasonFor(context, day, random, 0.4, 'acute'), 6, random);
  const end = Math.min(day + 1, context.member.life.deathDay ?? day + 1);
  const observationAllowed = cents(random.lognormalMean(2300, 0.25));
  const lines = [
    revenueLine('0762', observationAllowed, observationAllowed * share, day, end, {
      hcpcs: 'G0378',
      units: random.int(20, 40),
    }),
    revenueLine('0450', 480, 480 * share, day, day, { hcpcs: '99285' }),
    revenueLine('0301', 15, 15 * share, day, day, { hcpcs: '80053' }),
  ];
  context.addClaim(
    institutionalClaim(context.claimId('o'), 'outpatient', staff.hospital, '131', diagnoses, lines, 'outpatient'),
  );
  const hospitalist = random.pick(staff.hospitalists);
  context.addClaim(
    professionalClaim(context.claimId('o'), hospitalist, diagnoses, [
      professionalLine(context, hospitalist, '99222', pfsAllowed(profile, '99222', context.year), day, '22'),
      professionalLine(context, hospitalist, '99238', pfsAllowed(profile, '99238', yearOfDay(end)), end, '22'),
    ]),
  );
  if (random.chance(0.4)) {
    ambulanceTrip(context, day, diagnoses, random);
  }
}

/** Surgical admissions: procedure, the specialty that does it, anesthesia code, and the usual reason. */
const SURGERIES: readonly (readonly [string, string, string, number])[] = [
  ['27447', '20', '01402', 0.25],
  ['27130', '20', '01402', 0.18],
  ['27245', '20', '01402', 0.15],
  ['47562', '02', '00790', 0.15],
  ['44140', '02', '00790', 0.1],
  ['33533', '06', '00560', 0.07],
  ['92928', '06', '00560', 0.1],
];

/** Which specialty consults on a medical admission for a condition. */
const CONSULTANT_FOR: Readonly<Partial<Record<ConditionKey, string>>> = {
  heartFailure: '06',
  atrialFibrillation: '06',
  copd: '29',
  ckd: '39',
  esrd: '39',
  diabetes: '46',
  dementia: '13',
  lungCancer: '83',
  colorectalCancer: '83',
  breastCancer: '83',
  prostateCancer: '34',
  otherCancer: '83',
  depression: '26',
};

/**
 * One acute stay and what follows it: the hospital claim, the physicians' claims, then a readmission or post-acute
 * care. The stay's paid amount is drawn first (§2e mean) and the length of stay follows it.
 */
function acuteStay(
  context: MonthContext,
  admitDay: number,
  random: Random,
  depth: number,
  deductibleOwed: boolean,
): void {
  const profile = context.profile;
  const deathDay = context.member.life.deathDay;
  if (deathDay !== undefined && admitDay > deathDay) {
    return;
  }
  const staff = hospitalStaff(context, random);
  const viaEd = random.chance(viaEdShare(profile));
  const surgical = random.chance(0.28);
  const surgery = surgical
    ? SURGERIES[Math.min(SURGERIES.length - 1, Math.floor(random.float() * SURGERIES.length))]
    : undefined;
  const paid = Math.min(400_000, random.lognormalMean(profile.costs.acuteAdmissionPaid, 0.85));
  let dischargeDay = admitDay + Math.max(1, Math.min(45, Math.round(1 + (paid / 2900) * random.uniform(0.6, 1.4))));
  const died = deathDay !== undefined && deathDay <= dischargeDay;
  if (died && deathDay !== undefined) {
    dischargeDay = Math.max(admitDay, deathDay);
  }
  const los = Math.max(1, dischargeDay - admitDay);
  const coded = context.member.coder.codedConditions(admitDay).filter((c) => c.key !== 'hypertension');
  const principalCondition = !surgical && coded.length > 0 && random.chance(0.6) ? random.pick(coded) : undefined;
  const principal =
    principalCondition !== undefined
      ? context.member.coder.codesFor(principalCondition, admitDay)
      : [pickRoutine(random, surgical ? 'surgical' : 'acute')];
  const diagnoses = context.member.coder.diagnoses(admitDay, principal, 12, random);

  const deductible = deductibleOwed ? valueForYear(profile.costs.inpatientDeductible, yearOfDay(admitDay)) : 0;
  const allowed = paid + deductible;
  const components: [string, number, string | undefined, number][] = [
    ['0120', 0.45, undefined, los],
    ['0250', 0.12, undefined, 1],
    ['0300', 0.1, undefined, 1],
    ['0320', 0.06, undefined, 1],
    ['0730', 0.02, undefined, 1],
    ['0270', 0.06, undefined, 1],
  ];
  if (viaEd) {
    components.push(['0450', 0.05, '99285', 1]);
  }
  if (surgical) {
    components.push(['0360', 0.18, undefined, 1]);
  }
  const weightSum = components.reduce((s, c) => s + c[1], 0);
  const lines = components.map(([revenue, weight, hcpcs, units]) => {
    const lineAllowed = (allowed * weight) / weightSum;
    return revenueLine(revenue, lineAllowed, (lineAllowed * paid) / allowed, admitDay, dischargeDay, {
      units,
      ...(hcpcs === undefined ? {} : { hcpcs }),
    });
  });
  context.addClaim(
    institutionalClaim(context.claimId('a'), 'inpatient', staff.hospital, '111', diagnoses, lines, 'institutional'),
  );

  // Physicians: ED, hospitalist every day, a consultant, the surgeon and anesthesia, radiology and pathology.
  if (viaEd) {
    const physician = random.pick(staff.emergency);
    context.addClaim(
      professionalClaim(context.claimId('a'), physician, diagnoses, [
        professionalLine(
          context,
          physician,
          '99285',
          pfsAllowed(profile, '99285', yearOfDay(admitDay)),
          admitDay,
          '23',
        ),
      ]),
    );
    if (random.chance(0.65)) {
      ambulanceTrip(context, admitDay, diagnoses, random);
    }
  }
  const hospitalist = random.pick(staff.hospitalists);
  const rounds: LineDraft[] = [
    professionalLine(context, hospitalist, '99223', pfsAllowed(profile, '99223', yearOfDay(admitDay)), admitDay, '21'),
  ];
  for (let day = admitDay + 1; day < dischargeDay && rounds.length < 20; day += 1) {
    const code = random.chance(0.75) ? '99232' : '99233';
    rounds.push(professionalLine(context, hospitalist, code, pfsAllowed(profile, code, yearOfDay(day)), day, '21'));
  }
  if (!died && dischargeDay > admitDay) {
    rounds.push(
      professionalLine(
        context,
        hospitalist,
        '99239',
        pfsAllowed(profile, '99239', yearOfDay(dischargeDay)),
        dischargeDay,
        '21',
      ),
    );
  }
  context.addClaim(professionalClaim(context.claimId('a'), hospitalist, diagnoses, rounds));
  // Consultants: the principal condition's specialty, and others for the member's other conditions, each
  // seeing the patient on admission and following up for a few days.
  const consultSpecialties = new Set<string>();
  const principalSpecialty = principalCondition === undefined ? undefined : CONSULTANT_FOR[principalCondition.key];
  if (principalSpecialty !== undefined && random.chance(0.85)) {
    consultSpecialties.add(principalSpecialty);
  }
  for (let k = random.poisson(0.9); k > 0; k -= 1) {
    const other = coded.length > 0 ? CONSULTANT_FOR[random.pick(coded).key] : undefined;
    consultSpecialties.add(other ?? random.pick(['06', '29', '39', '13', '10', '02']));
  }
  for (const specialty of consultSpecialties) {
    const consultant = pickSpecialist(context, specialty, random);
    if (consultant === undefined) {
      continue;
    }
    const first = Math.min(dischargeDay, admitDay + 1);
    const visits = [
      professionalLine(context, consultant, '99222', pfsAllowed(profile, '99222', yearOfDay(first)), first, '21'),
    ];
    for (let day = first + 1; day < dischargeDay && visits.length < 7; day += 1) {
      visits.push(
        professionalLine(context, consultant, '99232', pfsAllowed(profile, '99232', yearOfDay(day)), day, '21'),
      );
    }
    context.addClaim(professionalClaim(context.claimId('a'), consultant, diagnoses, visits));
  }
  if (surgery !== undefined) {
    const [code, specialty, anesthesiaCode] = surgery;
    const surgeon = pickSpecialist(context, specialty, random);
    const day = Math.min(dischargeDay, admitDay + (viaEd ? 1 : 0));
    if (surgeon !== undefined) {
      context.addClaim(
        professionalClaim(context.claimId('a'), surgeon, diagnoses, [
          professionalLine(context, surgeon, code, pfsAllowed(profile, code, yearOfDay(day)), day, '21'),
        ]),
      );
    }
    const anesthesiologist = random.pick(staff.anesthesia);
    context.addClaim(
      professionalClaim(context.claimId('a'), anesthesiologist, diagnoses, [
        professionalLine(
          context,
          anesthesiologist,
          anesthesiaCode,
          pfsAllowed(profile, anesthesiaCode, yearOfDay(day)),
          day,
          '21',
        ),
      ]),
    );
    const pathologist = random.pick(staff.pathology);
    if (random.chance(0.6)) {
      context.addClaim(
        professionalClaim(context.claimId('a'), pathologist, diagnoses, [
          professionalLine(context, pathologist, '88305', pfsAllowed(profile, '88305', yearOfDay(day)), day, '21'),
        ]),
      );
    }
  }
  if (random.chance(0.12)) {
    // Critical care on the first days of the sickest stays.
    const intensivist = random.pick(staff.hospitalists);
    const days = Math.min(los, random.int(1, 3));
    const lines = Array.from({ length: days }, (_, k) =>
      professionalLine(
        context,
        intensivist,
        '99291',
        pfsAllowed(profile, '99291', yearOfDay(admitDay + k)),
        admitDay + k,
        '21',
      ),
    );
    context.addClaim(professionalClaim(context.claimId('a'), intensivist, diagnoses, lines));
  }
  const radiologist = random.pick(staff.radiology);
  const reads: LineDraft[] = [
    professionalLine(
      context,
      radiologist,
      '71045',
      pfsAllowed(profile, '71045-26', yearOfDay(admitDay)),
      admitDay,
      '21',
      { modifiers: ['26'] },
    ),
  ];
  if (random.chance(0.3)) {
    reads.push(
      professionalLine(
        context,
        radiologist,
        '74177',
        pfsAllowed(profile, '74177-26', yearOfDay(admitDay)),
        admitDay,
        '21',
        { modifiers: ['26'] },
      ),
    );
  }
  context.addClaim(professionalClaim(context.claimId('a'), radiologist, diagnoses, reads));

  if (died) {
    return;
  }
  // Readmission within 30 days (§2d, S1 15.5%), mostly early; the post-acute stay ends when it happens.
  let readmitDay: number | undefined;
  if (depth < 3 && random.chance(profile.utilization.readmissionRate)) {
    const candidate = dischargeDay + 1 + Math.floor(29 * random.float() ** 1.6);
    if (deathDay === undefined || candidate <= deathDay) {
      readmitDay = candidate;
    }
  }
  postAcuteCare(context, dischargeDay, readmitDay, diagnoses, surgery?.[1] === '20', random);
  const cardiac = surgery?.[1] === '06' || principalCondition?.key === 'heartFailure';
  if (cardiac && context.partB && random.chance(0.25)) {
    cardiacRehabilitation(context, dischargeDay + random.int(14, 30), diagnoses, random);
  }
  if (readmitDay !== undefined) {
    acuteStay(context, readmitDay, random, depth + 1, false);
  }
}

function postAcuteCare(
  context: MonthContext,
  dischargeDay: number,
  endBy: number | undefined,
  diagnoses: readonly string[],
  orthopedic: boolean,
  random: Random,
): void {
  const profile = context.profile;
  const shares = postAcuteShares(profile);
  const age = context.status.age;
  // SNF use rises with age (assumption); the shares average to §2d's rates across the admitted population.
  const snfShare = shares.snf * (age >= 85 ? 1.4 : age >= 75 ? 1.1 : age >= 65 ? 0.8 : 0.7) * (orthopedic ? 1.5 : 1);
  const roll = random.float();
  if (roll < shares.rehab * (orthopedic ? 1.5 : 1)) {
    const end = institutionalStay(
      context,
      'rehab',
      dischargeDay,
      endBy,
      profile.costs.rehabAdmissionPaid,
      0.3,
      13,
      diagnoses,
      random,
    );
    if (end !== undefined && random.chance(0.4)) {
      homeHealthEpisode(context, end, random.int(1, 2), random, endBy);
    }
  } else if (roll < shares.rehab + shares.longTerm) {
    institutionalStay(
      context,
      'longTerm',
      dischargeDay,
      endBy,
      profile.costs.longTermAdmissionPaid,
      0.45,
      26,
      diagnoses,
      random,
    );
  } else if (roll < shares.rehab + shares.longTerm + snfShare) {
    const end = snfStay(context, dischargeDay, endBy, diagnoses, random);
    if (end !== undefined && !context.status.institutional && random.chance(0.35)) {
      homeHealthEpisode(context, end, random.int(1, 2), random, endBy);
    }
  } else if (!context.status.institutional && roll < shares.rehab + shares.longTerm + snfShare + shares.homeHealth) {
    homeHealthEpisode(context, dischargeDay + random.int(1, 4), random.int(1, 3), random, endBy);
  } else if (context.partB && random.chance(0.35)) {
    transitionalCare(context, dischargeDay, endBy, diagnoses, random);
  }
  if (orthopedic && context.partB && random.chance(0.3)) {
    dmeItemClaim(context, dischargeDay, [['E0143', 'NU', 1]], diagnoses, random);
  }
}

/** Cardiac rehabilitation: three sessions a week for about six weeks, billed monthly by the hospital. */
function cardiacRehabilitation(
  context: MonthContext,
  startDay: number,
  diagnoses: readonly string[],
  random: Random,
): void {
  const hospital =
    context.network.hospitals[context.traits.care.hospitalIndex % context.network.hospitals.length]?.hospital;
  if (hospital === undefined) {
    return;
  }
  const deathDay = context.member.life.deathDay ?? Number.POSITIVE_INFINITY;
  const share = context.profile.costs.partBPaidShare;
  const byMonth = new Map<number, LineDraft[]>();
  for (let k = 0; k < random.int(12, 24); k += 1) {
    const day = startDay + Math.floor(k * 2.33);
    if (day > deathDay) {
      break;
    }
    const list = byMonth.get(monthOfDay(day)) ?? [];
    list.push(revenueLine('0943', 125, 125 * share, day, day, { hcpcs: '93798' }));
    byMonth.set(monthOfDay(day), list);
  }
  for (const lines of byMonth.values()) {
    context.addClaim(
      institutionalClaim(context.claimId('a'), 'outpatient', hospital, '131', diagnoses, lines, 'outpatient'),
    );
  }
}

/** Transitional care management by the usual clinician within two weeks of discharge (a primary care code). */
function transitionalCare(
  context: MonthContext,
  dischargeDay: number,
  endBy: number | undefined,
  diagnoses: readonly string[],
  random: Random,
): void {
  const day = dischargeDay + random.int(5, 14);
  const deathDay = context.member.life.deathDay;
  if ((deathDay !== undefined && day > deathDay) || (endBy !== undefined && day >= endBy)) {
    return;
  }
  const clinician = usualClinician(context, day);
  if (clinician === undefined || clinician.practice.kind === 'fqhc') {
    return;
  }
  const code = random.chance(0.7) ? '99495' : '99496';
  context.addClaim(
    professionalClaim(context.claimId('a'), clinician, diagnoses, [
      professionalLine(context, clinician, code, pfsAllowed(context.profile, code, yearOfDay(day)), day, '11'),
    ]),
  );
}

/** An IRF or LTCH stay: one inpatient claim at the unit's CCN, paid around the §2e / §2b level. */
function institutionalStay(
  context: MonthContext,
  kind: 'rehab' | 'longTerm',
  startDay: number,
  endBy: number | undefined,
  meanPaid: number,
  sigma: number,
  meanDays: number,
  diagnoses: readonly string[],
  random: Random,
): number | undefined {
  const facility = context.network.facilities[kind][0];
  if (facility === undefined) {
    return undefined;
  }
  const end = stayEnd(
    context,
    startDay,
    startDay + Math.max(3, Math.round(random.lognormalMean(meanDays, 0.3))),
    endBy,
  );
  if (end === undefined) {
    return undefined;
  }
  const paid = random.lognormalMean(meanPaid, sigma);
  const lines = [
    revenueLine(kind === 'rehab' ? '0118' : '0110', paid * 0.7, paid * 0.7, startDay, end, { units: end - startDay }),
    revenueLine(kind === 'rehab' ? '0420' : '0250', paid * 0.3, paid * 0.3, startDay, end),
  ];
  context.addClaim(
    institutionalClaim(context.claimId('a'), 'inpatient', facility, '111', diagnoses, lines, 'institutional'),
  );
  return end;
}

/**
 * A SNF stay after a qualifying hospital stay: billed monthly (type of bill 211 for a single claim, 212/213/214
 * for the first, continuing and last of several), per-diem payment minus the daily coinsurance from day 21.
 */
function snfStay(
  context: MonthContext,
  startDay: number,
  endBy: number | undefined,
  diagnoses: readonly string[],
  random: Random,
): number | undefined {
  const profile = context.profile;
  const facilities = context.network.facilities.snf;
  const facility = facilities[(context.traits.care.hospitalIndex + random.int(0, 2)) % facilities.length];
  if (facility === undefined) {
    return undefined;
  }
  const end = stayEnd(
    context,
    startDay,
    startDay +
      Math.max(3, Math.min(100, Math.round(random.lognormalMean(profile.utilization.snfLengthOfStayDays, 0.65)))),
    endBy,
  );
  if (end === undefined) {
    return undefined;
  }
  // Allowed per day chosen so the paid amount per stay averages §2e's $14,968 after day-21 coinsurance (tuned).
  const perDiem = 790 * random.lognormalMean(1, 0.15);
  // Stay days are [startDay, end): the discharge day is not a SNF day. One claim per calendar month.
  const segments: [number, number][] = [];
  for (let from = startDay; from < end;) {
    const next = Math.min(end, lastDayOfMonth(monthOfDay(from)) + 1);
    segments.push([from, next]);
    from = next;
  }
  const clinician = usualClinician(context, startDay);
  segments.forEach(([from, next], index) => {
    const days = next - from;
    const through = index === segments.length - 1 ? end : next - 1;
    let allowed = 0;
    let paid = 0;
    for (let d = from; d < next; d += 1) {
      const dayOfStay = d - startDay + 1;
      allowed += perDiem;
      paid +=
        dayOfStay > 20 ? Math.max(0, perDiem - valueForYear(profile.costs.snfDailyCoinsurance, yearOfDay(d))) : perDiem;
    }
    const frequency = segments.length === 1 ? '1' : index === 0 ? '2' : index === segments.length - 1 ? '4' : '3';
    const lines = [
      revenueLine('0022', allowed, paid, from, through, { units: days }),
      revenueLine('0420', 0, 0, from, through, { units: Math.max(1, Math.round(days * 0.7)) }),
    ];
    context.addClaim(
      institutionalClaim(context.claimId('a'), 'snf', facility, `21${frequency}`, diagnoses, lines, 'institutional'),
    );
    // Weekly physician visits in the SNF (place of service 31: not primary care for assignment).
    if (clinician !== undefined && clinician.practice.kind !== 'fqhc' && context.partB) {
      const visits: LineDraft[] = [];
      for (let d = from + 1; d < next; d += 7) {
        const code = d === from + 1 && index === 0 ? '99310' : '99308';
        visits.push(professionalLine(context, clinician, code, pfsAllowed(profile, code, yearOfDay(d)), d, '31'));
      }
      if (visits.length > 0) {
        context.addClaim(professionalClaim(context.claimId('a'), clinician, diagnoses, visits));
      }
    }
  });
  return end;
}

/** Home health: 30-day periods paid at the national standardised rate × case mix (S17), or a low-utilisation payment. */
function homeHealthEpisode(
  context: MonthContext,
  startDay: number,
  periods: number,
  random: Random,
  endBy?: number,
): void {
  const profile = context.profile;
  const agencies = context.network.facilities.hha;
  const agency = agencies[context.traits.care.hospitalIndex % agencies.length];
  const deathDay = context.member.life.deathDay;
  if (agency === undefined) {
    return;
  }
  const diagnoses = context.member.coder.diagnoses(
    startDay,
    reasonFor(context, startDay, random, 0.7, 'acute'),
    6,
    random,
  );
  for (let p = 0; p < periods; p += 1) {
    const from = startDay + 30 * p;
    let through = from + 29;
    if (deathDay !== undefined) {
      through = Math.min(through, deathDay);
    }
    if (endBy !== undefined && from >= endBy) {
      break;
    }
    if (through < from) {
      break;
    }
    const hospice = context.member.life.hospiceStartDay;
    if (hospice !== undefined && from >= hospice) {
      break;
    }
    const lowUtilization = random.chance(0.08);
    const payment = lowUtilization
      ? random.lognormalMean(450, 0.2)
      : valueForYear(profile.costs.homeHealthPeriodRate, yearOfDay(from)) * random.lognormalMean(1.04, 0.25);
    const nursingVisits = lowUtilization ? 2 : random.int(4, 10);
    const therapyVisits = lowUtilization ? 1 : random.int(2, 8);
    const lines = [
      revenueLine('0023', payment, payment, from, through),
      revenueLine('0551', 0, 0, from, through, { hcpcs: 'G0299', units: nursingVisits }),
      revenueLine('0421', 0, 0, from, through, { hcpcs: 'G0151', units: therapyVisits }),
    ];
    context.addClaim(
      institutionalClaim(context.claimId('h'), 'hha', agency, '329', diagnoses, lines, 'homeHealthAndHospice'),
    );
  }
}

function psychiatricStay(context: MonthContext, admitDay: number, random: Random): void {
  const facility = context.network.facilities.psych[0];
  if (facility === undefined) {
    return;
  }
  const condition = context.traits.conditions.find((c) => c.key === 'depression' || c.key === 'dementia');
  if (condition === undefined) {
    return;
  }
  const profile = context.profile;
  const end = stayEnd(context, admitDay, admitDay + random.int(6, 16), undefined);
  if (end === undefined) {
    return;
  }
  const diagnoses = context.member.coder.diagnoses(
    admitDay,
    context.member.coder.codesFor(condition, admitDay),
    6,
    random,
  );
  const paid = random.lognormalMean(profile.costs.psychAdmissionPaid, 0.4);
  const lines = [
    revenueLine('0114', paid * 0.8, paid * 0.8, admitDay, end, { units: end - admitDay }),
    revenueLine('0250', paid * 0.2, paid * 0.2, admitDay, end),
  ];
  context.addClaim(
    institutionalClaim(context.claimId('a'), 'inpatient', facility, '111', diagnoses, lines, 'institutional'),
  );
  const psychiatrist = pickSpecialist(context, '26', random);
  if (psychiatrist !== undefined && context.partB) {
    const visits: LineDraft[] = [
      professionalLine(
        context,
        psychiatrist,
        '99223',
        pfsAllowed(profile, '99223', yearOfDay(admitDay)),
        admitDay,
        '51',
      ),
    ];
    for (let d = admitDay + 1; d < end && visits.length < 12; d += 1) {
      visits.push(
        professionalLine(context, psychiatrist, '99232', pfsAllowed(profile, '99232', yearOfDay(d)), d, '51'),
      );
    }
    context.addClaim(professionalClaim(context.claimId('a'), psychiatrist, diagnoses, visits));
  }
}

/** Hospice: a monthly claim for each month of the election (routine home care per diem; general inpatient days near death). */
export function generateHospice(context: MonthContext): void {
  const life = context.member.life;
  if (!context.status.hospice || life.hospiceStartDay === undefined || !context.feeForService) {
    return;
  }
  const random = context.random('hospice');
  const start = Math.max(context.firstDay, life.hospiceStartDay);
  const end = context.lastDay;
  if (end < start) {
    return;
  }
  const agencies = context.network.facilities.hospice;
  const agency = agencies[context.traits.care.hospitalIndex % agencies.length] as Facility;
  const inFacility = context.status.institutional;
  const routineCode = inFacility ? 'Q5003' : 'Q5001';
  const diesThisMonth = life.deathDay !== undefined && life.deathDay <= lastDayOfMonth(context.month);
  const generalInpatientDays = diesThisMonth && random.chance(0.08) ? Math.min(end - start + 1, random.int(2, 5)) : 0;
  const lines: LineDraft[] = [];
  let early = { allowed: 0, days: 0 };
  let late = { allowed: 0, days: 0 };
  for (let day = start; day <= end - generalInpatientDays; day += 1) {
    const dayOfStay = day - life.hospiceStartDay + 1;
    const rate = hospicePerDiem(yearOfDay(day), dayOfStay);
    if (dayOfStay <= 60) {
      early = { allowed: early.allowed + rate, days: early.days + 1 };
    } else {
      late = { allowed: late.allowed + rate, days: late.days + 1 };
    }
  }
  const routineEnd = end - generalInpatientDays;
  if (early.days > 0) {
    lines.push(
      revenueLine('0651', early.allowed, early.allowed, start, Math.min(routineEnd, life.hospiceStartDay + 59), {
        hcpcs: routineCode,
        units: early.days,
      }),
    );
  }
  if (late.days > 0) {
    lines.push(
      revenueLine('0651', late.allowed, late.allowed, Math.max(start, life.hospiceStartDay + 60), routineEnd, {
        hcpcs: routineCode,
        units: late.days,
      }),
    );
  }
  if (generalInpatientDays > 0) {
    const allowed = generalInpatientDays * 1170; // assumption: general inpatient care per diem
    lines.push(
      revenueLine('0656', allowed, allowed, routineEnd + 1, end, { hcpcs: 'Q5006', units: generalInpatientDays }),
    );
  }
  const startsHere = life.hospiceStartDay >= context.firstDay;
  const frequency = startsHere && diesThisMonth ? '1' : startsHere ? '2' : diesThisMonth ? '4' : '3';
  const terminal = context.traits.conditions.find(
    (c) => c.key === 'lungCancer' || c.key === 'dementia' || c.key === 'heartFailure' || c.key === 'copd',
  );
  const principal =
    terminal !== undefined ? context.member.coder.codesFor(terminal, start) : [pickRoutine(random, 'acute')];
  context.addClaim(
    institutionalClaim(
      context.claimId('q'),
      'hospice',
      agency,
      `81${frequency}`,
      principal,
      lines.filter((l) => l.throughDay >= l.fromDay),
      'homeHealthAndHospice',
    ),
  );
}

/** A stay's last day: as planned, but not past the member's death or `endBy`; undefined when nothing is left. */
function stayEnd(
  context: MonthContext,
  startDay: number,
  plannedEnd: number,
  endBy: number | undefined,
): number | undefined {
  const end = Math.min(plannedEnd, context.member.life.deathDay ?? Infinity, endBy ?? Infinity);
  return end > startDay ? end : undefined;
}
