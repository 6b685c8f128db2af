/**
 * The measure registry (id, quality ID, version, inverse flag, logic) and `evaluateMeasure`: proportion-measure
 * scoring over a module's findings — Denominator = Initial Population; Denominator Exclusions remove a patient
 * before the numerator; Denominator Exceptions count only outside the numerator — and `not evaluable` with the
 * reasons whenever a population the scoring needs is unknown.
 */
import { measureContext, type MeasureContext } from './context.js';
import { evaluateCms122 } from './cms122-glycemic-status.js';
import { evaluateCms125 } from './cms125-breast-cancer-screening.js';
import { evaluateCms130 } from './cms130-colorectal-cancer-screening.js';
import { evaluateCms165 } from './cms165-blood-pressure.js';
import { evaluateCms2 } from './cms2-depression-screening.js';
import type { MeasureLogic } from './measure-logic.js';
import { buildPatientRecord, type PatientRecord } from './patient-record.js';
import type { MeasureTerminology } from './terminology.js';
import type { Finding } from './tri.js';
import type { EvidenceRecord, MeasureId, MeasureResult, MeasureVersion, PatientFacts, Period } from './types.js';

export interface MeasureDefinition {
  readonly id: MeasureId;
  readonly qualityId: string;
  readonly title: string;
  readonly inverse: boolean;
  readonly version: MeasureVersion;
  readonly evaluate: (ctx: MeasureContext) => MeasureLogic;
}

export const MEASURES: Readonly<Record<MeasureId, MeasureDefinition>> = {
  CMS122: {
    id: 'CMS122',
    qualityId: '001',
    title: 'Diabetes: Glycemic Status Assessment Greater Than 9%',
    inverse: true,
    version: { ecqm: 'CMS122v14', library: 'CMS122FHIRDiabetesAssessGreaterThan9Percent', libraryVersion: '0.5.000' },
    evaluate: evaluateCms122,
  },
  CMS125: {
    id: 'CMS125',
    qualityId: '112',
    title: 'Breast Cancer Screening',
    inverse: false,
    version: { ecqm: 'CMS125v14', library: 'CMS125FHIRBreastCancerScreening', libraryVersion: '0.4.000' },
    evaluate: evaluateCms125,
  },
  CMS130: {
    id: 'CMS130',
    qualityId: '113',
    title: 'Colorectal Cancer Screening',
    inverse: false,
    version: { ecqm: 'CMS130v14', library: 'CMS130FHIRColorectalCancerScreening', libraryVersion: '0.4.000' },
    evaluate: evaluateCms130,
  },
  CMS165: {
    id: 'CMS165',
    qualityId: '236',
    title: 'Controlling High Blood Pressure',
    inverse: false,
    version: { ecqm: 'CMS165v14', library: 'CMS165FHIRControllingHighBloodPressure', libraryVersion: '0.5.000' },
    evaluate: evaluateCms165,
  },
  CMS2: {
    id: 'CMS2',
    qualityId: '134',
    title: 'Screening for Depression and Follow-Up Plan',
    inverse: false,
    version: { ecqm: 'CMS2v15', library: 'CMS2FHIRPCSDepressionScreenAndFollowUp', libraryVersion: '0.4.001' },
    evaluate: evaluateCms2,
  },
};

function isRecord(facts: PatientFacts | PatientRecord): facts is PatientRecord {
  return 'facts' in facts;
}

const NONE = {
  initialPopulation: false,
  denominator: false,
  denominatorExclusion: false,
  denominatorException: false,
  numerator: false,
} as const;

/**
 * Evaluates one measure for one patient. Pass the patient's facts (all versions; the engine keeps the current
 * ones) or a record built once with `buildPatientRecord` when evaluating several measures.
 */
export function evaluateMeasure(
  measureId: MeasureId,
  facts: PatientFacts | PatientRecord,
  period: Period,
  terminology: MeasureTerminology,
): MeasureResult {
  return scoreMeasure(
    measureId,
    measureContext(isRecord(facts) ? facts : buildPatientRecord(facts), period, terminology),
  );
}

function scoreMeasure(measureId: MeasureId, ctx: MeasureContext): MeasureResult {
  const { record, period } = ctx;
  const definition = MEASURES[measureId];
  const logic = definition.evaluate(ctx);
  const consulted: Finding[] = [];
  const evidence = {
    initialPopulation: [] as readonly EvidenceRecord[],
    denominatorExclusion: [] as readonly EvidenceRecord[],
    denominatorException: [] as readonly EvidenceRecord[],
    numerator: [] as readonly EvidenceRecord[],
  };
  const base = {
    measureId,
    qualityId: definition.qualityId,
    title: definition.title,
    inverse: definition.inverse,
    version: definition.version,
    memberId: record.memberId,
    period,
  };
  const done = (populations: MeasureResult['populations'], unknown?: Finding): MeasureResult => {
    const reasons = unknown === undefined ? [] : [...new Set(unknown.unknownBecause)];
    return {
      ...base,
      evaluable: unknown === undefined,
      reason: unknown === undefined ? null : reasons.length > 0 ? reasons.join('; ') : 'the data cannot decide',
      populations: unknown === undefined ? populations : NONE,
      evidence,
      stratum: unknown === undefined && populations.initialPopulation ? logic.stratum : null,
      notes: [...new Set(consulted.flatMap((f) => f.notes))],
    };
  };

  const ip = logic.initialPopulation;
  consulted.push(ip);
  evidence.initialPopulation = ip.evidence;
  if (ip.value === null) {
    return done(NONE, ip);
  }
  if (!ip.value) {
    evidence.initialPopulation = [];
    return done(NONE);
  }
  const inDenominator = { ...NONE, initialPopulation: true, denominator: true };
  const exclusion = logic.denominatorExclusion;
  consulted.push(exclusion);
  evidence.denominatorExclusion = exclusion.evidence;
  if (exclusion.value === null) {
    return done(NONE, exclusion);
  }
  if (exclusion.value) {
    return done({ ...inDenominator, denominatorExclusion: true });
  }
  const numerator = logic.numerator;
  consulted.push(numerator);
  evidence.numerator = numerator.evidence;
  if (numerator.value === null) {
    return done(NONE, numerator);
  }
  if (numerator.value) {
    return done({ ...inDenominator, numerator: true });
  }
  const exception = logic.denominatorException;
  consulted.push(exception);
  evidence.denominatorException = exception.evidence;
  if (exception.value === null) {
    return done(NONE, exception);
  }
  return done({ ...inDenominator, denominatorException: exception.value });
}

/** Several measures for one patient: the record built, and the shared library definitions evaluated, once. */
export function evaluateMeasures(
  measureIds: readonly MeasureId[],
  facts: PatientFacts | PatientRecord,
  period: Period,
  terminology: MeasureTerminology,
): MeasureResult[] {
  const ctx = measureContext(isRecord(facts) ? facts : buildPatientRecord(facts), period, terminology);
  return measureIds.map((id) => scoreMeasure(id, ctx));
}
