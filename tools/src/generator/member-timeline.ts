/**
 * One member's whole story, generated on demand: traits and life course, then for any range of months the claims
 * (every version, with its paid day) and clinical events (with the day they become available), plus the roster
 * record as of a day and the member's background EHR history. Months are generated independently of each other,
 * so the batch generator and the live feed can ask for different ranges and still agree on every event.
 */
import type { GeneratedEnrollmentMonth, GeneratedMemberEvent } from './types.js';
import { firstDayOfMonth, isoDate, isoMonth, monthOfDay } from './calendar.js';
import { assembleClaimVersions, type DatedClaim } from './claim-assembly.js';
import { DiagnosisCoder } from './coding.js';
import { generateAcuteCare, generateHospice } from './acute-care.js';
import {
  generateDialysis,
  generateDme,
  generateImaging,
  generateMaintenanceTherapy,
  generateOncology,
  generateOutpatientProcedures,
  generatePrimaryCare,
  generateSpecialistCare,
  generateTherapy,
} from './ambulatory-care.js';
import { syntheticMbi } from './identifiers.js';
import { MonthContext, type DatedClinical, type MemberContext } from './month-context.js';
import type { ProviderNetwork } from './network.js';
import { drawMemberTraits, simulateLifeCourse, statusOf, type PopulationModel } from './population.js';
import { buildYearPlan, generatePreventiveCare, historicalScreeningEvents, type YearPlan } from './prevention.js';
import type { GeneratorProfile } from './profile.js';
import type { GeneratorReference } from './reference.js';

/** Everything shared by all members of one generated ACO. */
export interface GeneratorWorld {
  readonly seed: number;
  readonly profile: GeneratorProfile;
  readonly model: PopulationModel;
  readonly network: ProviderNetwork;
  readonly reference: GeneratorReference;
  readonly windowStartMonth: number;
  readonly windowEndMonth: number;
  /** The last month the life course is simulated to (the live feed cannot go past it). */
  readonly horizonMonth: number;
}

export interface MemberTimeline {
  readonly index: number;
  readonly memberId: string;
  readonly context: MemberContext;
  /** Every version of every claim from episodes that start in [fromMonth, toMonth]. */
  claims(fromMonth: number, toMonth: number): DatedClaim[];
  /** Clinical events from care in [fromMonth, toMonth]. */
  clinical(fromMonth: number, toMonth: number): DatedClinical[];
  /** The EHR's problem list (each coded condition at its onset) and screening history from before the window. */
  background(): DatedClinical[];
  /** The roster record as of a day, or undefined before the member's first enrolled month. */
  memberEvent(asOfDay: number): GeneratedMemberEvent | undefined;
}

export function buildMemberTimeline(world: GeneratorWorld, index: number): MemberTimeline {
  const traits = drawMemberTraits(
    world.seed,
    index,
    world.model,
    world.network,
    world.windowStartMonth,
    world.windowEndMonth,
  );
  const life = simulateLifeCourse(traits, world.model, world.windowStartMonth, world.horizonMonth);
  const memberId = syntheticMbi(world.seed, index);
  const coder = new DiagnosisCoder(traits, world.profile, world.reference);
  const context: MemberContext = {
    seed: world.seed,
    profile: world.profile,
    model: world.model,
    network: world.network,
    reference: world.reference,
    traits,
    life,
    memberId,
    coder,
  };
  const plans = new Map<number, YearPlan>();
  const yearPlan = (year: number): YearPlan => {
    let plan = plans.get(year);
    if (plan === undefined) {
      plan = buildYearPlan(context, year);
      plans.set(year, plan);
    }
    return plan;
  };
  const months = new Map<number, MonthContext | null>();
  const generateMonth = (month: number): MonthContext | null => {
    if (months.has(month)) {
      return months.get(month) ?? null;
    }
    const status = statusOf(life, month);
    let result: MonthContext | null = null;
    if (status !== undefined && status.enrolled && month >= world.windowStartMonth) {
      result = new MonthContext(context, month, status);
      const plan = yearPlan(result.year);
      generatePreventiveCare(result, plan);
      generatePrimaryCare(result, plan);
      generateSpecialistCare(result);
      generateImaging(result);
      generateOutpatientProcedures(result);
      generateTherapy(result);
      generateDialysis(result);
      generateOncology(result);
      generateMaintenanceTherapy(result);
      generateDme(result);
      generateAcuteCare(result);
      generateHospice(result);
    }
    months.set(month, result);
    return result;
  };

  return {
    index,
    memberId,
    context,
    claims(fromMonth, toMonth) {
      const out: DatedClaim[] = [];
      for (let month = fromMonth; month <= toMonth; month += 1) {
        for (const draft of generateMonth(month)?.claims ?? []) {
          out.push(...assembleClaimVersions(draft, world.profile, world.seed));
        }
      }
      return out;
    },
    clinical(fromMonth, toMonth) {
      const out: DatedClinical[] = [];
      for (let month = fromMonth; month <= toMonth; month += 1) {
        out.push(...(generateMonth(month)?.clinical ?? []));
      }
      return out;
    },
    background() {
      const out: DatedClinical[] = [];
      const add = (
        tag: string,
        day: number,
        event: Omit<DatedClinical['event'], 'clinicalId' | 'memberId' | 'kind' | 'version'>,
      ): void => {
        out.push({
          availableDay: day,
          event: {
            kind: 'clinical',
            clinicalId: `k${world.seed}.${index}.${isoDate(day).replace(/-/g, '')}.${tag}`,
            version: 1,
            memberId,
            ...event,
          },
        });
      };
      traits.conditions.forEach((condition, k) => {
        const code = condition.coded ? coder.codesFor(condition, condition.onsetDay)[0] : undefined;
        if (code !== undefined) {
          add(`cond${k}`, condition.onsetDay, {
            type: 'condition',
            code: { system: 'icd10cm', code },
            status: 'active',
            effectiveDate: isoDate(condition.onsetDay),
            source: 'ehr',
          });
        }
      });
      let historyCount = 0;
      historicalScreeningEvents(context, firstDayOfMonth(world.windowStartMonth), (tag, day, type, code, value) => {
        historyCount += 1;
        add(`${tag}${historyCount}`, day, {
          type,
          code,
          status: type === 'observation' ? 'final' : 'completed',
          effectiveDate: isoDate(day),
          ...(value === undefined ? {} : { value: { coding: { system: 'snomed' as const, code: value } } }),
          source: 'ehr',
        });
      });
      return out;
    },
    memberEvent(asOfDay) {
      const asOfMonth = monthOfDay(asOfDay);
      const enrollment: GeneratedEnrollmentMonth[] = [];
      for (const status of life.months) {
        if (status.month > asOfMonth || !status.enrolled) {
          continue;
        }
        enrollment.push({
          month: isoMonth(status.month),
          partA: status.partA,
          partB: status.partB,
          medicareAdvantage: status.medicareAdvantage,
          dualStatus: (status.dualCode ?? 'NA') as GeneratedEnrollmentMonth['dualStatus'],
          esrd: traits.basis === 'esrd',
          institutional: status.institutional,
          hospice: status.hospice,
        });
      }
      if (enrollment.length === 0) {
        return undefined;
      }
      const alignment = traits.voluntaryAlignment;
      return {
        kind: 'member',
        memberId,
        asOf: isoDate(asOfDay),
        givenName: traits.givenName,
        familyName: traits.familyName,
        birthDate: isoDate(traits.birthDay),
        sex: traits.sex,
        stateCode: traits.stateCode,
        countyFips: traits.countyFips,
        orec: traits.orec,
        enrollment,
        ...(life.deathDay !== undefined && life.deathDay <= asOfDay ? { deathDate: isoDate(life.deathDay) } : {}),
        ...(alignment !== undefined && alignment.day <= asOfDay
          ? {
              voluntaryAlignment: {
                npi: alignment.clinician.npi,
                tin: alignment.clinician.practice.tin,
                effectiveDate: isoDate(alignment.day),
              },
            }
          : {}),
        source: 'generator',
      };
    },
  };
}
