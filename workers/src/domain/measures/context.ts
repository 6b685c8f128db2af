/**
 * What every measure and shared library reads while evaluating one patient: the patient's record, the
 * measurement period (as an interval, "day of" precision) and the compiled terminology — and the shared library
 * definitions already evaluated for them, since several measures of one patient read the same ones.
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
  /** Definitions evaluated once for this context (see `once`). */
  readonly evaluated: Map<(ctx: MeasureContext) => unknown, unknown>;
}

export function measureContext(record: PatientRecord, period: Period, terminology: MeasureTerminology): MeasureContext {
  return { record, period, mp: interval(period.start, period.end), terminology, evaluated: new Map() };
}

/**
 * A definition evaluated once per context. A CQL definition is a function of the patient, the period and the
 * terminology alone, so every measure sharing the context (evaluateMeasures) can read the same value — Hospice,
 * PalliativeCare and AdvancedIllnessandFrailty are read by four measures. Values are immutable once computed.
 */
export function once<T>(ctx: MeasureContext, definition: (ctx: MeasureContext) => T): T {
  if (!ctx.evaluated.has(definition)) {
    ctx.evaluated.set(definition, definition(ctx));
  }
  return ctx.evaluated.get(definition) as T;
}
