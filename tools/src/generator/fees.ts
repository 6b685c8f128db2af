/**
 * Prices: national allowed amounts per HCPCS code and the facility payment levels the generator bills at.
 * 99213 and 99214 are the published anchors (population-facts §2e, S18: $88.95 and $125.18 in 2025, 2.75 and
 * 3.87 RVUs × $32.3465); every other professional amount is an approximation of the 2025 national non-facility
 * fee on the same scale (assumption), moved between years with the conversion factor (S18). Lab tests are paid
 * at 100% of the clinical lab fee schedule; other Part B services at 80% of allowed.
 */
import { valueForYear, type GeneratorProfile } from './profile.js';

/** 2025 national allowed amounts, professional (non-facility) — assumption except 99213/99214 (S18). */
export const PFS_2025: Readonly<Record<string, number>> = {
  // Office/outpatient E/M and primary care services (all on the MSSP primary care list, §425.400(c)).
  '99202': 73,
  '99203': 112,
  '99204': 167,
  '99205': 220,
  '99211': 24,
  '99212': 57,
  '99213': 88.95,
  '99214': 125.18,
  '99215': 176,
  G2211: 16.05,
  G0438: 171,
  G0439: 133,
  G0444: 19,
  '99490': 61,
  '99495': 202,
  '99496': 274,
  '99347': 95,
  '99348': 140,
  '99349': 158,
  '99307': 47,
  '99308': 78,
  '99309': 112,
  '99310': 165,
  // Hospital, observation and ED E/M.
  '99221': 100,
  '99222': 158,
  '99223': 210,
  '99231': 60,
  '99232': 98,
  '99233': 143,
  '99238': 90,
  '99239': 126,
  '99283': 72,
  '99284': 122,
  '99285': 178,
  // Other professional services.
  '90834': 98,
  '90960': 290,
  '93000': 17,
  '93306': 215,
  '78452': 420,
  '93224': 80,
  '94010': 34,
  '92134': 42,
  '20610': 65,
  '17000': 65,
  '11102': 110,
  '17110': 120,
  '11721': 45,
  '11042': 130,
  '96413': 135,
  '96415': 28,
  '97110': 30,
  '97140': 28,
  '97161': 100,
  '97530': 35,
  '88305': 70,
  '77067': 138,
  G0008: 35,
  '90662': 72,
  '66984': 540,
  '45378': 215,
  '45385': 290,
  '43239': 150,
  '52000': 105,
  '29881': 530,
  '62323': 190,
  '93458': 330,
  '92928': 610,
  '49505': 560,
  '27447': 1350,
  '27130': 1400,
  '33533': 2100,
  '47562': 700,
  '44140': 1300,
  '27245': 1000,
  '64721': 330,
  G0121: 215,
  '36902': 350,
  '99291': 280,
  '67028': 100,
  '96365': 70,
  '17311': 650,
  '64483': 300,
  '92083': 60,
  '92250': 45,
  '31231': 190,
  '92557': 35,
  '51798': 20,
  '94729': 50,
  '94060': 65,
  '95886': 110,
  '95885': 90,
  '11055': 40,
  '95251': 40,
  '93350': 280,
  '11602': 250,
  '55700': 350,
  '66821': 330,
  '69210': 50,
  '93970': 210,
  '73030': 38,
  // Professional components of imaging (-26) and anesthesia (per claim, base + time units folded in).
  '74177-26': 90,
  '71250-26': 55,
  '70450-26': 40,
  '71275-26': 80,
  '70551-26': 75,
  '72148-26': 70,
  '73721-26': 68,
  '71045-26': 12,
  '71046-26': 15,
  '76700-26': 35,
  '93880-26': 45,
  '77080-26': 12,
  '73562-26': 10,
  '00810': 190,
  '00142': 210,
  '01402': 420,
  '00790': 480,
  '00560': 900,
  // Global imaging in an office or independent facility.
  '74177': 310,
  '71250': 200,
  '70450': 150,
  '70551': 260,
  '72148': 250,
  '73721': 240,
  '71046': 34,
  '76700': 115,
  '93880': 200,
  '77080': 40,
  '73562': 40,
  '71275': 290,
  // Ambulance (ALS/BLS emergency, BLS non-emergency, per-mile).
  A0427: 485,
  A0429: 405,
  A0428: 255,
  A0425: 8.6,
};

/** 2025 clinical laboratory fee schedule amounts (assumption; approximate national limits). Paid at 100%. */
export const CLFS_2025: Readonly<Record<string, number>> = {
  '80053': 10.56,
  '85025': 7.77,
  '80061': 13.39,
  '83036': 9.71,
  '84443': 16.8,
  '82043': 5.79,
  '81001': 3.17,
  '82274': 16.1,
  '81528': 508.87,
  '87086': 8.9,
  '82306': 29.6,
  '84153': 18.4,
  '82570': 5.7,
  '82607': 15.1,
  '85610': 4.3,
  '84484': 13.2,
};

/** DME allowed amounts per unit, monthly for rentals (assumption; approximate DMEPOS fee schedule). */
export const DMEPOS_2025: Readonly<Record<string, number>> = {
  E1390: 165,
  E0431: 25,
  A4239: 185,
  A4253: 9.2,
  A4259: 3.4,
  E0143: 62,
  E0260: 118,
  K0001: 55,
  L1833: 520,
  L0650: 900,
  E0601: 82,
  A7030: 128,
  A7037: 25,
  E0570: 42,
  A5500: 96,
  J7626: 2.9,
  A4351: 1.9,
};

/** Part B drugs: allowed per billing unit (ASP + 6%, approximate; assumption). */
export const DRUG_UNIT_PRICE: Readonly<Record<string, number>> = {
  J9271: 51,
  J9045: 3.2,
  J9267: 0.12,
  J9035: 68,
  J9263: 0.3,
  J9355: 95,
  J9217: 155,
  J3301: 1.6,
  J1100: 0.2,
  J2506: 280,
  J0178: 925,
  J0129: 48,
  J9144: 50,
  J9312: 90,
};

/** Physician fee schedule allowed amount for a code in a year (2025 base moved by the conversion factor, S18). */
export function pfsAllowed(profile: GeneratorProfile, key: string, year: number): number {
  const base = PFS_2025[key];
  if (base === undefined) {
    throw new Error(`No fee for ${key}`);
  }
  const factor =
    valueForYear(profile.costs.pfsConversionFactor, year) / valueForYear(profile.costs.pfsConversionFactor, 2025);
  return Math.round(base * factor * 100) / 100;
}

export function labAllowed(code: string): number {
  const fee = CLFS_2025[code];
  if (fee === undefined) {
    throw new Error(`No lab fee for ${code}`);
  }
  return fee;
}

export function dmeAllowed(code: string): number {
  const fee = DMEPOS_2025[code];
  if (fee === undefined) {
    throw new Error(`No DMEPOS fee for ${code}`);
  }
  return fee;
}

export function drugAllowed(code: string, units: number): number {
  const price = DRUG_UNIT_PRICE[code];
  if (price === undefined) {
    throw new Error(`No drug price for ${code}`);
  }
  return Math.round(price * units * 100) / 100;
}

/** Dialysis: ESRD PPS base rate per treatment (assumption: CY2024 $271.02, +1%/yr). */
export function dialysisPerTreatment(year: number): number {
  return Math.round(271.02 * 1.01 ** (year - 2024) * 100) / 100;
}

/** Hospice routine home care per diem, days 1–60 and 61+ (assumption: FY2024 rates, +2.9%/yr). */
export function hospicePerDiem(year: number, dayOfStay: number): number {
  const base = dayOfStay <= 60 ? 218.33 : 172.35;
  return Math.round(base * 1.029 ** (year - 2024) * 100) / 100;
}

/** FQHC prospective payment per visit (assumption: ~$200 in 2025, moved with the PFS factor). */
export function fqhcVisitAllowed(profile: GeneratorProfile, year: number): number {
  const factor =
    valueForYear(profile.costs.pfsConversionFactor, year) / valueForYear(profile.costs.pfsConversionFactor, 2025);
  return Math.round(200.5 * factor * 100) / 100;
}
