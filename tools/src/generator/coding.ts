/**
 * Which diagnosis codes a member's claims carry, and when. Each chronic HCC condition gets one code per payment
 * year, drawn from that year's CMS mapping pool (stable across years while the pool keeps it), and is coded in a
 * calendar year only if it is "captured" that year — the recapture rate of §6 (S20), front-loaded to Q1–Q2 —
 * from its capture day on. Also here: the small set of routine, non-HCC encounter and symptom codes used as the
 * reason for visits and acute episodes unrelated to a chronic condition.
 */
import { dayNumber, firstDayOfMonth, lastDayOfMonth, monthIndex, yearOfDay } from './calendar.js';
import { CONDITION_DEFINITIONS } from './conditions.js';
import type { ConditionState, MemberTraits } from './population.js';
import type { GeneratorProfile } from './profile.js';
import { labelHash, Random } from './random.js';
import { paymentYearForService, type GeneratorReference } from './reference.js';
import { CONDITION_KEYS, type ConditionKey } from './types.js';

/**
 * Routine reasons for care that are not chronic conditions: preventive encounters and common acute symptoms.
 * Hand-picked ICD-10-CM codes, checked by tests to map to no HCC in any vendored payment year and to sit in
 * no eCQM exclusion value set, so they never change a risk score or a measure denominator.
 */
export const ROUTINE_DIAGNOSES = {
  preventive: ['Z0000', 'Z0001', 'Z23', 'Z09'],
  mammogramScreening: ['Z1231'],
  colonScreening: ['Z1211'],
  office: ['J069', 'M5459', 'M25561', 'M25562', 'R42', 'K219', 'L821', 'H6123', 'R109', 'N390', 'M1990'],
  acute: ['R079', 'R0602', 'R55', 'J189', 'N390', 'E860', 'E871', 'R509', 'I959', 'R1310', 'K5730', 'S0990XA'],
  surgical: ['M1711', 'M1712', 'M1611', 'M1612', 'K8020', 'K409', 'H2513', 'G5601'],
} as const;

/** Share of captured conditions coded in each calendar quarter (§6, S20: ~45% Q1, 25% Q2, 15% Q3, 15% Q4). */
const CAPTURE_QUARTER_SHARES = [0.45, 0.25, 0.15, 0.15] as const;

const CAPTURE_STREAM = labelHash('capture');
const CODE_STREAM = labelHash('condition-code');

export interface CapturePlan {
  /** Condition → the first day it is coded this calendar year (absent when not captured this year). */
  readonly firstCodedDay: ReadonlyMap<ConditionKey, number>;
}

export class DiagnosisCoder {
  private readonly plans = new Map<number, CapturePlan>();

  constructor(
    private readonly traits: MemberTraits,
    private readonly profile: GeneratorProfile,
    private readonly reference: GeneratorReference,
  ) {}

  /** The conditions captured in a calendar year and the day each is first coded. */
  plan(year: number): CapturePlan {
    let plan = this.plans.get(year);
    if (plan === undefined) {
      plan = this.buildPlan(year);
      this.plans.set(year, plan);
    }
    return plan;
  }

  private buildPlan(year: number): CapturePlan {
    const firstCodedDay = new Map<ConditionKey, number>();
    const yearStart = dayNumber(year, 1, 1);
    const yearEnd = dayNumber(year, 12, 31);
    for (const condition of this.traits.conditions) {
      if (!condition.coded || condition.onsetDay > yearEnd) {
        continue;
      }
      const random = Random.of(this.traits.memberSeed, CAPTURE_STREAM, year, CONDITION_KEYS.indexOf(condition.key));
      const newThisYear = condition.onsetDay >= yearStart;
      // A new diagnosis is almost always coded when it is made; an established one is recaptured at the §6 rate.
      const rate = newThisYear ? 0.9 : this.profile.conditions[condition.key].annualCaptureRate;
      if (!random.chance(rate)) {
        continue;
      }
      let quarter = 3;
      let roll = random.float();
      for (let q = 0; q < 4; q += 1) {
        roll -= CAPTURE_QUARTER_SHARES[q] ?? 0;
        if (roll < 0) {
          quarter = q;
          break;
        }
      }
      const month = monthIndex(year, quarter * 3 + 1) + random.int(0, 2);
      let day = firstDayOfMonth(month) + random.int(0, lastDayOfMonth(month) - firstDayOfMonth(month));
      if (newThisYear && day < condition.onsetDay) {
        day = Math.min(yearEnd, condition.onsetDay + random.int(0, 30));
      }
      firstCodedDay.set(condition.key, day);
    }
    return { firstCodedDay };
  }

  /** The ICD-10 codes (main code first, then companions such as dialysis status) of a condition for a service day. */
  codesFor(condition: ConditionState, serviceDay: number): readonly string[] {
    const definition = CONDITION_DEFINITIONS[condition.key];
    if (definition.kind === 'valueSet') {
      const codes = this.reference.valueSetConditionCodes(condition.key);
      return [
        codes[
          Random.of(this.traits.memberSeed, CODE_STREAM, CONDITION_KEYS.indexOf(condition.key)).int(0, codes.length - 1)
        ] ?? '',
      ];
    }
    const paymentYear = paymentYearForService(this.reference, yearOfDay(serviceDay));
    const pool = this.reference.conditionCodes(condition.key, paymentYear);
    const wanted = definition.tiers[condition.tier]?.v28;
    const tier = pool.tiers.find((t) => t.v28 === wanted) ?? pool.tiers[0];
    if (tier === undefined) {
      return [];
    }
    // The same draw each year, so the member keeps their code while the year's pool still has it.
    const code = tier.codes.pick(Random.of(this.traits.memberSeed, CODE_STREAM, CONDITION_KEYS.indexOf(condition.key)));
    return [code, ...pool.companions];
  }

  /** Conditions coded on a claim for a service on this day (captured this year, on or before the day). */
  codedConditions(day: number): ConditionState[] {
    const plan = this.plan(yearOfDay(day));
    return this.traits.conditions.filter((c) => {
      const first = plan.firstCodedDay.get(c.key);
      return first !== undefined && first <= day;
    });
  }

  /** A claim's diagnosis list: the principal code(s), then up to `secondaryLimit` other coded conditions. */
  diagnoses(day: number, principal: readonly string[], secondaryLimit: number, random: Random): string[] {
    const list = [...principal];
    const coded = this.codedConditions(day);
    const start = coded.length === 0 ? 0 : random.int(0, coded.length - 1);
    for (let k = 0; k < coded.length && list.length < principal.length + secondaryLimit; k += 1) {
      const condition = coded[(start + k) % coded.length];
      if (condition !== undefined) {
        for (const code of this.codesFor(condition, day)) {
          if (!list.includes(code)) {
            list.push(code);
          }
        }
      }
    }
    return list.slice(0, 25);
  }
}

export function pickRoutine(random: Random, kind: keyof typeof ROUTINE_DIAGNOSES): string {
  return random.pick(ROUTINE_DIAGNOSES[kind]);
}
