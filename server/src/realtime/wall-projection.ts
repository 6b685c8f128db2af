/**
 * The wall's view, projected from the aggregate views on the server — so what a wall device receives is decided
 * here, not by what a page chooses to hide. Pure. Counts of patients from 1 to 10 become null (CMS's small-cell
 * rule); rates built on a suppressed count are withheld too. Nothing that names a patient or a clinician is read.
 */
import type {
  FinanceSnapshot,
  RollupsSnapshot,
  SourceFreshness,
  SpendSnapshot,
  WallMeasure,
  WallSnapshot,
  WallTransitions,
} from '@benchline/shared';
import { measureRate, SMALL_CELL_LIMIT } from '@benchline/shared';
import { EVALUABLE_MEASURE_IDS } from '@benchline/shared/backend';

/** A count of patients as the wall may show it: 0, 11 and more, or null (1–10). */
export function suppressSmall(count: number): number | null {
  return count > 0 && count < SMALL_CELL_LIMIT ? null : count;
}

export interface WallSources {
  /** The wall's day, in the deployment's time zone: what "today's admissions" counts. */
  today: string;
  rollups: RollupsSnapshot;
  spend: SpendSnapshot;
  finance: FinanceSnapshot;
  freshness: SourceFreshness;
}

/** Today's ADT counts and the last 30 days' TCM outcomes (the counters keep 31 days, see domain/member-result). */
export function projectTransitions(counters: Readonly<Record<string, number>>, today: string): WallTransitions {
  const on = (kind: string): number => counters[`adt:${kind}:${today}`] ?? 0;
  const tcm = { completed: 0, missed: 0, pending: 0 };
  for (const [key, value] of Object.entries(counters)) {
    const match = /^tcm:(\d{4}-\d{2}-\d{2}):(completed|missed|pending)$/.exec(key);
    if (match !== null && match[1]! <= today) {
      tcm[match[2] as keyof typeof tcm] += value;
    }
  }
  const completed = suppressSmall(tcm.completed);
  const decided = suppressSmall(tcm.completed + tcm.missed);
  return {
    day: today,
    admissions: suppressSmall(on('admitted')),
    edVisits: suppressSmall(on('ed-visit')),
    discharges: suppressSmall(on('discharged')),
    readmissions: suppressSmall(on('readmitted')),
    tcm: {
      completed,
      decided,
      pending: suppressSmall(tcm.pending),
      rate:
        completed === null || decided === null || decided === 0 ? null : tcm.completed / (tcm.completed + tcm.missed),
    },
  };
}

export function projectWall({ today, rollups, spend, finance, freshness }: WallSources): WallSnapshot {
  const openGaps = Object.entries(rollups.counters)
    .filter(([key]) => key.startsWith('gaps:') && key.endsWith(':open'))
    .reduce((sum, [, value]) => sum + value, 0);
  const measures: WallMeasure[] = EVALUABLE_MEASURE_IDS.map((measureId) => {
    const { met, eligible } = measureRate(rollups, measureId);
    const shownMet = suppressSmall(met);
    const shownEligible = suppressSmall(eligible);
    return {
      measureId,
      met: shownMet,
      eligible: shownEligible,
      rate: shownMet === null || shownEligible === null || eligible === 0 ? null : met / eligible,
    };
  });
  const dates = [finance.updatedAt, spend.updatedAt, rollups.updatedAt].filter((d): d is string => d !== null).sort();
  return {
    members: suppressSmall(rollups.counters.members ?? 0),
    openGaps: suppressSmall(openGaps),
    measures,
    spendByMonth: Object.entries(spend.months)
      .map(([month, cell]) => ({ month, paidCents: cell.paidCents }))
      .sort((a, b) => (a.month < b.month ? -1 : 1)),
    contracts: finance.contracts.map((contract) => ({
      contractId: contract.contractId,
      name: contract.name,
      program: contract.program,
      spendToDateCents: contract.toDate.completedCents,
      benchmarkToDateCents: contract.toDate.benchmarkCents,
      projectedSavingsRate: contract.savingsRate,
      expectedSettlementCents: contract.settlement.expectedCents,
    })),
    transitions: projectTransitions(rollups.counters, today),
    freshness,
    updatedAt: dates.at(-1) ?? null,
  };
}
