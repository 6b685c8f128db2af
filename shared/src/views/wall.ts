import { Type, type Static } from 'typebox';
import { SourceFreshness } from './freshness.js';

/**
 * The wall screen's view: aggregates only, projected on the server from the roll-ups, spend, finance and freshness
 * views — no member id, name, birth date or clinician appears, and every count of patients from 1 to 10 is
 * suppressed (null, shown as "<11"), as CMS's small-cell rule asks of published beneficiary counts. A wall device
 * can subscribe to nothing else. Each change is the whole (small) snapshot.
 */

/** A count of patients, or null when it is 1–10 (suppressed). */
const PatientCount = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

export const WallMeasure = Type.Object({
  measureId: Type.String(),
  /** Patients meeting the measure, and the rate's denominator (met + not met). */
  met: PatientCount,
  eligible: PatientCount,
  /** met ÷ eligible; null when either count is suppressed or nobody is eligible. */
  rate: Type.Union([Type.Number(), Type.Null()]),
});
export type WallMeasure = Static<typeof WallMeasure>;

export const WallContract = Type.Object({
  contractId: Type.String(),
  name: Type.String(),
  program: Type.String(),
  /** Completed spend (paid grossed up for claims lag) and the benchmark, to date, in cents. */
  spendToDateCents: Type.Integer(),
  benchmarkToDateCents: Type.Union([Type.Integer(), Type.Null()]),
  /** MSSP: (benchmark − spend) ÷ benchmark at the year-end projection. */
  projectedSavingsRate: Type.Union([Type.Number(), Type.Null()]),
  /** Shared savings (+) or losses (−), or capitation margin, expected at the projection, in cents. */
  expectedSettlementCents: Type.Union([Type.Integer(), Type.Null()]),
});
export type WallContract = Static<typeof WallContract>;

/**
 * Transitions of care today, from hospitals' ADT notifications: admissions (inpatient and observation), ED visits,
 * discharges and readmissions on the wall's day, and the transitional care management completion rate over the
 * discharges home of the last 30 days whose outcome is known (completed in time ÷ completed + missed).
 */
export const WallTransitions = Type.Object({
  /** The wall's day (YYYY-MM-DD, in the deployment's time zone). */
  day: Type.String(),
  admissions: PatientCount,
  edVisits: PatientCount,
  discharges: PatientCount,
  readmissions: PatientCount,
  tcm: Type.Object({
    completed: PatientCount,
    /** Completed + missed: the rate's denominator. */
    decided: PatientCount,
    /** Discharges still inside their contact or visit window. */
    pending: PatientCount,
    rate: Type.Union([Type.Number(), Type.Null()]),
  }),
});
export type WallTransitions = Static<typeof WallTransitions>;

export const WallSnapshot = Type.Object({
  /** Members the tenant holds results for. */
  members: PatientCount,
  /** Open care gaps (a count of gaps, not patients, but small counts are suppressed all the same). */
  openGaps: PatientCount,
  measures: Type.Array(WallMeasure),
  /** Medicare paid spend by month of service, in cents. */
  spendByMonth: Type.Array(Type.Object({ month: Type.String(), paidCents: Type.Integer() })),
  contracts: Type.Array(WallContract),
  transitions: WallTransitions,
  freshness: SourceFreshness,
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type WallSnapshot = Static<typeof WallSnapshot>;
export const WallChange = WallSnapshot;
export type WallChange = WallSnapshot;

/** Counts of patients below this are suppressed (CMS cell-size suppression policy: 1–10). */
export const SMALL_CELL_LIMIT = 11;

export function emptyWallSnapshot(): WallSnapshot {
  return {
    members: 0,
    openGaps: 0,
    measures: [],
    spendByMonth: [],
    contracts: [],
    transitions: {
      day: '',
      admissions: 0,
      edVisits: 0,
      discharges: 0,
      readmissions: 0,
      tcm: { completed: 0, decided: 0, pending: 0, rate: null },
    },
    freshness: { claimsPaidThrough: null, clinicalThrough: null, enrollmentAsOf: null, rosterAsOf: null },
    updatedAt: null,
  };
}

/** The whole view travels on every change: the newer one replaces the held one. */
export const applyWallChange = (_snapshot: WallSnapshot, change: WallChange): WallSnapshot => change;
export const mergeWallChanges = (_earlier: WallChange, later: WallChange): WallChange => later;
