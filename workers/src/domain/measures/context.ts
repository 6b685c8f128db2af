/**
 * What every measure and shared library reads while evaluating one patient: the patient's record, the
 * measurement period (as an interval, "day of" precision) and the compiled terminology.
 */
import { interval, type DateInterval } from './intervals.js';
import type { PatientRecord } from './patient-record.js';
import type { MeasureTerminology } from './terminology.js';
import type { Period } from './types.js';

export interface MeasureContext {
  readonly record: PatientRecord;
  readonly period: Period;
  /** "Measurement Period" as an interval. */
  readonly mp: DateInterval;
  readonly terminology: MeasureTerminology;
}

export function measureContext(record: PatientRecord, period: Period, terminology: MeasureTerminology): MeasureContext {
  return { record, period, mp: interval(period.start, period.end), terminology };
}
