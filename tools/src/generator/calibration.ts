/**
 * Measures a generated population the way an analyst would — from the events alone, not from the generator's
 * internals — so tests can check it against the published figures it is calibrated to: enrolment mix, per-capita
 * paid by enrolment type and service category, skew, utilisation per 1,000, prevalence and claims lag. Spend is
 * the latest non-cancelled version of each claim, assigned to the year of its through date (as MSSP does).
 */
import type { ClaimEvent } from '@benchline/shared';
import type { MemberBundle } from './generator.js';
import type { GeneratedEnrollmentMonth, GeneratedMemberEvent } from './types.js';
import type { GeneratorReference } from './reference.js';
import { CONDITION_DEFINITIONS } from './conditions.js';
import {
  CONDITION_KEYS,
  ENROLLMENT_TYPES,
  SPEND_CATEGORIES,
  type ConditionKey,
  type EnrollmentType,
  type SpendCategory,
} from './types.js';

export interface CalibrationSummary {
  readonly members: number;
  readonly personYears: number;
  readonly perCapitaPaid: number;
  readonly perCapitaByType: Readonly<Record<EnrollmentType, number>>;
  readonly enrollmentMix: Readonly<Record<EnrollmentType, number>>;
  readonly dualShare: number;
  readonly femaleShare: number;
  readonly institutionalShare: number;
  readonly annualMortality: number;
  readonly categoryShares: Readonly<Record<SpendCategory, number>>;
  /** Share of the year's paid amount going to the costliest 1%, 5% and 10% of members. */
  readonly topShares: { readonly top1: number; readonly top5: number; readonly top10: number };
  readonly per1000: {
    readonly admissions: number;
    readonly edVisits: number;
    readonly snfStays: number;
    readonly pcpVisits: number;
    readonly nppVisits: number;
    readonly specialistVisits: number;
    readonly fqhcVisits: number;
    readonly ct: number;
    readonly mri: number;
    readonly homeHealthPeriods: number;
  };
  readonly annualWellnessVisitShare: number;
  /** Share of members with a claim diagnosis of the condition in the year. */
  readonly prevalence: Readonly<Record<ConditionKey, number>>;
}

const PCP_SPECIALTIES = new Set(['01', '08', '11', '37', '38']);
const NPP_SPECIALTIES = new Set(['50', '89', '97']);
const AMBULATORY_PLACES = new Set(['02', '10', '11', '12', '22', '32']);
const CT_CODES = new Set(['70450', '71250', '71275', '74177']);
const MRI_CODES = new Set(['70551', '72148', '73721']);

function isEvaluationAndManagement(hcpcs: string | undefined): boolean {
  return hcpcs !== undefined && /^99(2[0-1][0-9]|3[0-4][0-9]|49[56])$/.test(hcpcs);
}

/** Dual that month: any dual status code other than NA (not dual) and 99 (unknown). */
function isDual(month: GeneratedEnrollmentMonth): boolean {
  return month.dualStatus !== 'NA' && month.dualStatus !== '99';
}

/** The enrolment type of a member-month, from the roster alone (ESRD flag, age, dual status). */
export function enrollmentTypeOfMonth(member: GeneratedMemberEvent, month: GeneratedEnrollmentMonth): EnrollmentType {
  if (month.esrd) {
    return 'esrd';
  }
  const [year = 0, monthNumber = 1] = month.month.split('-').map(Number);
  const [birthYear = 0, birthMonth = 1] = member.birthDate.split('-').map(Number);
  const age = year - birthYear - (monthNumber < birthMonth ? 1 : 0);
  if (age < 65) {
    return 'disabled';
  }
  return isDual(month) ? 'agedDual' : 'agedNonDual';
}

/** The spend category of a claim line (§2b columns; ambulance is carrier spend by an ambulance supplier). */
export function spendCategoryOf(claim: ClaimEvent, line: ClaimEvent['lines'][number]): SpendCategory {
  switch (claim.claimType) {
    case 'inpatient':
      return 'inpatient';
    case 'outpatient':
      return 'outpatient';
    case 'snf':
      return 'snf';
    case 'hha':
      return 'hha';
    case 'hospice':
      return 'hospice';
    case 'dme':
      return 'dme';
    default:
      return line.renderingSpecialty === '59' ? 'ambulance' : 'partB';
  }
}

/** The latest version of each claim, without the cancelled ones. */
export function finalClaims(claims: readonly ClaimEvent[]): ClaimEvent[] {
  const latest = new Map<string, ClaimEvent>();
  for (const claim of claims) {
    const previous = latest.get(claim.claimId);
    if (previous === undefined || claim.version > previous.version) {
      latest.set(claim.claimId, claim);
    }
  }
  return [...latest.values()].filter((c) => c.adjustment !== 'cancel');
}

export function summarizeCalibration(
  bundles: Iterable<MemberBundle>,
  year: number,
  reference: GeneratorReference,
): CalibrationSummary {
  const yearText = String(year);
  const conditionOfCode = new Map<string, ConditionKey>();
  for (const key of CONDITION_KEYS) {
    const definition = CONDITION_DEFINITIONS[key];
    if (definition.kind === 'valueSet') {
      for (const code of reference.valueSetConditionCodes(key)) {
        conditionOfCode.set(code, key);
      }
      continue;
    }
    for (const paymentYear of reference.paymentYears) {
      for (const tier of reference.conditionCodes(key, paymentYear).tiers) {
        for (const code of tier.codeList) {
          conditionOfCode.set(code, key);
        }
      }
    }
  }

  let members = 0;
  let femaleMonths = 0;
  let months = 0;
  let dualMonths = 0;
  let institutionalMonths = 0;
  let aliveAtStart = 0;
  let deaths = 0;
  const typeMonths = Object.fromEntries(ENROLLMENT_TYPES.map((t) => [t, 0])) as Record<EnrollmentType, number>;
  const typePaid = Object.fromEntries(ENROLLMENT_TYPES.map((t) => [t, 0])) as Record<EnrollmentType, number>;
  const categoryPaid = Object.fromEntries(SPEND_CATEGORIES.map((c) => [c, 0])) as Record<SpendCategory, number>;
  const conditionMembers = Object.fromEntries(CONDITION_KEYS.map((k) => [k, 0])) as Record<ConditionKey, number>;
  const memberSpend: number[] = [];
  const counts = {
    admissions: 0,
    edVisits: 0,
    snfStays: 0,
    pcpVisits: 0,
    nppVisits: 0,
    specialistVisits: 0,
    fqhcVisits: 0,
    ct: 0,
    mri: 0,
    homeHealthPeriods: 0,
  };
  let awvMembers = 0;
  let enrolledMembers = 0;

  for (const bundle of bundles) {
    members += 1;
    const member = bundle.member;
    const typeByMonth = new Map<string, EnrollmentType>();
    let ffsMonths = 0;
    for (const month of member.enrollment) {
      if (!month.month.startsWith(yearText)) {
        continue;
      }
      const type = enrollmentTypeOfMonth(member, month);
      typeByMonth.set(month.month, type);
      if (!month.partA || !month.partB || month.medicareAdvantage) {
        continue;
      }
      ffsMonths += 1;
      months += 1;
      typeMonths[type] += 1;
      if (member.sex === 'F') {
        femaleMonths += 1;
      }
      if (isDual(month)) {
        dualMonths += 1;
      }
      if (month.institutional) {
        institutionalMonths += 1;
      }
    }
    if (typeByMonth.has(`${yearText}-01`)) {
      aliveAtStart += 1;
      if (member.deathDate?.startsWith(yearText) === true) {
        deaths += 1;
      }
    }
    if (ffsMonths === 0) {
      continue;
    }
    enrolledMembers += 1;
    let spend = 0;
    let hadAwv = false;
    const conditionsSeen = new Set<ConditionKey>();
    for (const claim of finalClaims(bundle.claims)) {
      if (!claim.throughDate.startsWith(yearText)) {
        continue;
      }
      const type = typeByMonth.get(claim.throughDate.slice(0, 7)) ?? 'agedNonDual';
      for (const line of claim.lines) {
        categoryPaid[spendCategoryOf(claim, line)] += line.paidAmount;
        typePaid[type] += line.paidAmount;
        spend += line.paidAmount;
      }
      for (const code of claim.diagnoses) {
        const condition = conditionOfCode.get(code);
        if (condition !== undefined) {
          conditionsSeen.add(condition);
        }
      }
      countUtilization(claim, counts);
      if (claim.lines.some((l) => l.hcpcs === 'G0438' || l.hcpcs === 'G0439')) {
        hadAwv = true;
      }
    }
    memberSpend.push(spend);
    if (hadAwv) {
      awvMembers += 1;
    }
    for (const condition of conditionsSeen) {
      conditionMembers[condition] += 1;
    }
  }

  const personYears = months / 12;
  const totalPaid = Object.values(categoryPaid).reduce((a, b) => a + b, 0);
  memberSpend.sort((a, b) => b - a);
  const topShare = (fraction: number): number => {
    const take = Math.max(1, Math.round(memberSpend.length * fraction));
    return memberSpend.slice(0, take).reduce((a, b) => a + b, 0) / Math.max(1, totalPaid);
  };
  const per1000 = (count: number): number => (count / Math.max(personYears, 1e-9)) * 1000;
  return {
    members,
    personYears,
    perCapitaPaid: totalPaid / personYears,
    perCapitaByType: Object.fromEntries(
      ENROLLMENT_TYPES.map((t) => [t, typeMonths[t] === 0 ? 0 : typePaid[t] / (typeMonths[t] / 12)]),
    ) as Record<EnrollmentType, number>,
    enrollmentMix: Object.fromEntries(ENROLLMENT_TYPES.map((t) => [t, typeMonths[t] / months])) as Record<
      EnrollmentType,
      number
    >,
    dualShare: dualMonths / months,
    femaleShare: femaleMonths / months,
    institutionalShare: institutionalMonths / months,
    annualMortality: deaths / Math.max(1, aliveAtStart),
    categoryShares: Object.fromEntries(SPEND_CATEGORIES.map((c) => [c, categoryPaid[c] / totalPaid])) as Record<
      SpendCategory,
      number
    >,
    topShares: { top1: topShare(0.01), top5: topShare(0.05), top10: topShare(0.1) },
    per1000: {
      admissions: per1000(counts.admissions),
      edVisits: per1000(counts.edVisits),
      snfStays: per1000(counts.snfStays),
      pcpVisits: per1000(counts.pcpVisits),
      nppVisits: per1000(counts.nppVisits),
      specialistVisits: per1000(counts.specialistVisits),
      fqhcVisits: per1000(counts.fqhcVisits),
      ct: per1000(counts.ct),
      mri: per1000(counts.mri),
      homeHealthPeriods: per1000(counts.homeHealthPeriods),
    },
    annualWellnessVisitShare: awvMembers / Math.max(1, enrolledMembers),
    prevalence: Object.fromEntries(
      CONDITION_KEYS.map((k) => [k, conditionMembers[k] / Math.max(1, enrolledMembers)]),
    ) as Record<ConditionKey, number>,
  };
}

function countUtilization(claim: ClaimEvent, counts: Record<keyof CalibrationSummary['per1000'], number>): void {
  const revenue = new Set(claim.lines.map((l) => l.revenueCode));
  switch (claim.claimType) {
    case 'inpatient':
      counts.admissions += 1;
      if (revenue.has('0450')) {
        counts.edVisits += 1;
      }
      return;
    case 'snf':
      if (claim.typeOfBill === '211' || claim.typeOfBill === '212') {
        counts.snfStays += 1;
      }
      return;
    case 'hha':
      counts.homeHealthPeriods += 1;
      return;
    case 'outpatient':
      if (claim.typeOfBill?.startsWith('77') === true) {
        counts.fqhcVisits += 1;
      }
      if (revenue.has('0450') && !revenue.has('0762')) {
        counts.edVisits += 1;
      }
      for (const line of claim.lines) {
        if (CT_CODES.has(line.hcpcs ?? '')) {
          counts.ct += 1;
        }
        if (MRI_CODES.has(line.hcpcs ?? '')) {
          counts.mri += 1;
        }
      }
      return;
    case 'professional': {
      const visit = claim.lines.find(
        (l) => isEvaluationAndManagement(l.hcpcs) && AMBULATORY_PLACES.has(l.placeOfService ?? ''),
      );
      if (visit !== undefined) {
        const specialty = visit.renderingSpecialty ?? '';
        if (PCP_SPECIALTIES.has(specialty)) {
          counts.pcpVisits += 1;
        } else if (NPP_SPECIALTIES.has(specialty)) {
          counts.nppVisits += 1;
        } else {
          counts.specialistVisits += 1;
        }
      }
      for (const line of claim.lines) {
        const global = line.modifiers?.includes('26') !== true;
        if (global && CT_CODES.has(line.hcpcs ?? '')) {
          counts.ct += 1;
        }
        if (global && MRI_CODES.has(line.hcpcs ?? '')) {
          counts.mri += 1;
        }
      }
      return;
    }
    default:
      return;
  }
}

export interface QualitySummary {
  /** CMS122: diabetics 18–75 with a visit whose most recent HbA1c in the year is > 9% or missing. */
  readonly hba1cPoorControl: number;
  /** CMS165: hypertensives 18–85 with a visit whose most recent blood pressure in the year is < 140/90. */
  readonly bloodPressureControlled: number;
  /** CMS125: women 52–74 with a visit and a mammogram from October two years before through the year's end. */
  readonly breastCancerScreening: number;
  /** CMS130: members 46–75 with a visit and a colonoscopy (10 years), sDNA-FIT (3 years) or FIT (the year). */
  readonly colorectalScreening: number;
  /** CMS2: members with a visit and a depression screening in the year. */
  readonly depressionScreening: number;
  readonly denominators: Readonly<Record<'hba1c' | 'bloodPressure' | 'breast' | 'colorectal' | 'depression', number>>;
}

/**
 * A simplified reading of the five eCQMs — enough to check the generator's gap rates, not a measure engine: no
 * exclusions, codes matched by the same value sets the generator draws from, a visit = any E&M or AWV claim line.
 */
export function summarizeQuality(
  bundles: Iterable<MemberBundle>,
  year: number,
  reference: GeneratorReference,
): QualitySummary {
  const yearText = String(year);
  const codes = reference.clinicalCodes;
  const diabetesCodes = new Set<string>();
  for (const paymentYear of reference.paymentYears) {
    for (const tier of reference.conditionCodes('diabetes', paymentYear).tiers) {
      tier.codeList.forEach((c) => diabetesCodes.add(c));
    }
  }
  const hba1cCodes = new Set(codes.hba1cLoinc);
  const hypertensionCodes = new Set(reference.valueSetConditionCodes('hypertension'));
  const mammography = new Set(codes.mammography);
  const colonoscopy = new Set([...codes.colonoscopyHcpcs.map((c) => c.code), ...codes.colonoscopySnomed]);
  const counts = { hba1c: [0, 0], bloodPressure: [0, 0], breast: [0, 0], colorectal: [0, 0], depression: [0, 0] };
  const ageAtYearEnd = (birthDate: string): number =>
    year - Number(birthDate.slice(0, 4)) - (birthDate.slice(5) > '12-31' ? 1 : 0);
  const breastFrom = `${year - 2}-10-01`;
  const yearEnd = `${year}-12-31`;

  for (const { member, claims, clinical } of bundles) {
    const age = ageAtYearEnd(member.birthDate);
    const inYear = finalClaims(claims).filter((c) => c.throughDate.startsWith(yearText));
    const visit = inYear.some((c) =>
      c.lines.some((l) => isEvaluationAndManagement(l.hcpcs) || l.hcpcs === 'G0438' || l.hcpcs === 'G0439'),
    );
    if (!visit || member.deathDate !== undefined) {
      continue;
    }
    const diagnoses = new Set(inYear.flatMap((c) => c.diagnoses));
    const events = clinical.filter((e) => e.effectiveDate <= yearEnd);
    const ehrDx = new Set(events.filter((e) => e.type === 'condition').map((e) => e.code.code));
    const has = (set: ReadonlySet<string>): boolean => [...diagnoses, ...ehrDx].some((code) => set.has(code));
    const latest = (predicate: (e: (typeof events)[number]) => boolean) =>
      events
        .filter((e) => e.effectiveDate.startsWith(yearText) && predicate(e))
        .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1))
        .at(-1);

    if (age >= 18 && age <= 75 && has(diabetesCodes)) {
      counts.hba1c[0] = (counts.hba1c[0] ?? 0) + 1;
      const test = latest((e) => hba1cCodes.has(e.code.code));
      const poor =
        test === undefined || (test.value !== undefined && 'quantity' in test.value && test.value.quantity > 9);
      if (poor) {
        counts.hba1c[1] = (counts.hba1c[1] ?? 0) + 1;
      }
    }
    if (age >= 18 && age <= 85 && has(hypertensionCodes)) {
      counts.bloodPressure[0] = (counts.bloodPressure[0] ?? 0) + 1;
      const systolic = latest((e) => e.code.code === codes.systolicBloodPressure);
      const diastolic = events.find(
        (e) => e.code.code === codes.diastolicBloodPressure && e.effectiveDate === systolic?.effectiveDate,
      );
      const value = (e: typeof systolic): number =>
        e?.value !== undefined && 'quantity' in e.value ? e.value.quantity : Infinity;
      if (systolic !== undefined && value(systolic) < 140 && value(diastolic) < 90) {
        counts.bloodPressure[1] = (counts.bloodPressure[1] ?? 0) + 1;
      }
    }
    if (member.sex === 'F' && age >= 52 && age <= 74) {
      counts.breast[0] = (counts.breast[0] ?? 0) + 1;
      if (events.some((e) => mammography.has(e.code.code) && e.effectiveDate >= breastFrom)) {
        counts.breast[1] = (counts.breast[1] ?? 0) + 1;
      }
    }
    if (age >= 46 && age <= 75) {
      counts.colorectal[0] = (counts.colorectal[0] ?? 0) + 1;
      const screened = events.some(
        (e) =>
          (colonoscopy.has(e.code.code) && e.effectiveDate >= `${year - 9}-01-01`) ||
          (codes.sdnaFitLoinc.includes(e.code.code) && e.effectiveDate >= `${year - 2}-01-01`) ||
          (codes.fitLoinc.includes(e.code.code) && e.effectiveDate.startsWith(yearText)),
      );
      if (screened) {
        counts.colorectal[1] = (counts.colorectal[1] ?? 0) + 1;
      }
    }
    counts.depression[0] = (counts.depression[0] ?? 0) + 1;
    if (events.some((e) => e.code.code === codes.adultDepressionScreening && e.effectiveDate.startsWith(yearText))) {
      counts.depression[1] = (counts.depression[1] ?? 0) + 1;
    }
  }
  const rate = ([denominator = 0, numerator = 0]: number[]): number => numerator / Math.max(1, denominator);
  return {
    hba1cPoorControl: rate(counts.hba1c),
    bloodPressureControlled: rate(counts.bloodPressure),
    breastCancerScreening: rate(counts.breast),
    colorectalScreening: rate(counts.colorectal),
    depressionScreening: rate(counts.depression),
    denominators: {
      hba1c: counts.hba1c[0] ?? 0,
      bloodPressure: counts.bloodPressure[0] ?? 0,
      breast: counts.breast[0] ?? 0,
      colorectal: counts.colorectal[0] ?? 0,
      depression: counts.depression[0] ?? 0,
    },
  };
}
