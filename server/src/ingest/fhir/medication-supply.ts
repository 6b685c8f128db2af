/**
 * A MedicationRequest's supply, as CumulativeMedicationDuration's `medicationRequestPeriod()` reads it: the
 * dispense request's expected supply duration (in days), quantity and refills; the single dosage instruction's
 * bounds period, dose and doses per day. Only what is stated is carried; the engine computes the period.
 */
import type { MedicationSupply } from '@benchline/shared';
import { type JsonObject, numberAt, objectAt, objectsAt, pointer, stringAt } from './fhir-json.js';
import type { EventScope } from './mapping-scope.js';

/**
 * Days per unit of a duration: UCUM's units of time (FHIR's `periodUnit` codes) and the calendar words
 * FHIRHelpers turns them into. A month and a year are UCUM's mean ones, as CQL's `convert … to days` reads them.
 */
const DAYS_PER_UNIT: Readonly<Record<string, number>> = {
  s: 1 / 86_400,
  second: 1 / 86_400,
  seconds: 1 / 86_400,
  min: 1 / 1440,
  minute: 1 / 1440,
  minutes: 1 / 1440,
  h: 1 / 24,
  hour: 1 / 24,
  hours: 1 / 24,
  d: 1,
  day: 1,
  days: 1,
  wk: 7,
  week: 7,
  weeks: 7,
  mo: 30.4375,
  month: 30.4375,
  months: 30.4375,
  a: 365.25,
  year: 365.25,
  years: 365.25,
};

/** CMD's `ToDaily(frequency, period)`: its own month (30 days) and year (365 days). */
const TO_DAILY_DAYS: Readonly<Record<string, number>> = {
  s: 1 / 86_400,
  min: 1 / 1440,
  h: 1 / 24,
  d: 1,
  wk: 7,
  mo: 30,
  a: 365,
};

export function medicationSupplyOf(resource: JsonObject, scope: EventScope): MedicationSupply | undefined {
  const supply: MedicationSupply = {};
  const set = <K extends keyof MedicationSupply>(field: K, value: MedicationSupply[K], fhirPath: string): void => {
    if (value !== undefined) {
      supply[field] = value;
      scope.from(`/supply/${field}`, fhirPath);
    }
  };
  const dispense = objectAt(resource, 'dispenseRequest');
  const duration = objectAt(dispense, 'expectedSupplyDuration');
  const durationValue = numberAt(duration, 'value');
  const durationUnit = stringAt(duration, 'code') ?? stringAt(duration, 'unit');
  const daysPerUnit = durationUnit === undefined ? undefined : DAYS_PER_UNIT[durationUnit];
  if (durationValue !== undefined && daysPerUnit !== undefined) {
    set('daysSupply', durationValue * daysPerUnit, '/dispenseRequest/expectedSupplyDuration/value');
  }
  set('quantity', numberAt(objectAt(dispense, 'quantity'), 'value'), '/dispenseRequest/quantity/value');
  set('refills', numberAt(dispense, 'numberOfRepeatsAllowed'), '/dispenseRequest/numberOfRepeatsAllowed');

  // CMD takes `singleton from` the dosage instructions and their dose-and-rate: with several it has no answer.
  const dosages = objectsAt(resource, 'dosageInstruction');
  const dosage = dosages.length === 1 ? dosages[0] : undefined;
  if (dosage !== undefined) {
    const base = pointer('/dosageInstruction', dosage.index);
    const repeat = objectAt(objectAt(dosage.node, 'timing'), 'repeat');
    const repeatPath = pointer(base, 'timing', 'repeat');
    const bounds = objectAt(repeat, 'boundsPeriod');
    const boundsPath = pointer(repeatPath, 'boundsPeriod');
    const start = scope.date(bounds?.start, pointer(boundsPath, 'start'), '/supply/boundsStart', false);
    const end = scope.date(bounds?.end, pointer(boundsPath, 'end'), '/supply/boundsEnd', false);
    if (start !== undefined) {
      supply.boundsStart = start;
    }
    if (end !== undefined) {
      supply.boundsEnd = end;
      if (start !== undefined && end < start) {
        scope.fail(pointer(boundsPath, 'end'), 'date-order', 'is before the start', '/supply/boundsEnd');
      }
    }
    const [perDay, perDayPath] = dosesPerDayOf(repeat, repeatPath);
    set('dosesPerDay', perDay, perDayPath);
    const doseAndRate = objectsAt(dosage.node, 'doseAndRate');
    const only = doseAndRate.length === 1 ? doseAndRate[0] : undefined;
    if (only !== undefined) {
      const path = pointer(base, 'doseAndRate', only.index);
      const quantity = numberAt(objectAt(only.node, 'doseQuantity'), 'value');
      const rangeHigh = numberAt(objectAt(objectAt(only.node, 'doseRange'), 'high'), 'value');
      set(
        'dose',
        rangeHigh ?? quantity,
        rangeHigh === undefined ? pointer(path, 'doseQuantity', 'value') : pointer(path, 'doseRange', 'high', 'value'),
      );
    }
  }
  return Object.keys(supply).length === 0 ? undefined : supply;
}

/** CMD's doses per day: frequency (frequencyMax when given) per period, else the number of times of day. */
function dosesPerDayOf(repeat: JsonObject | undefined, path: string): [number | undefined, string] {
  const frequency = numberAt(repeat, 'frequencyMax') ?? numberAt(repeat, 'frequency');
  const period = numberAt(repeat, 'period');
  const unitDays = TO_DAILY_DAYS[stringAt(repeat, 'periodUnit') ?? ''];
  if (frequency !== undefined && period !== undefined && period > 0 && unitDays !== undefined) {
    const field = numberAt(repeat, 'frequencyMax') === undefined ? 'frequency' : 'frequencyMax';
    return [frequency / (period * unitDays), pointer(path, field)];
  }
  const timesOfDay = Array.isArray(repeat?.timeOfDay) ? repeat.timeOfDay.length : 0;
  return timesOfDay > 0 ? [timesOfDay, pointer(path, 'timeOfDay')] : [undefined, path];
}
