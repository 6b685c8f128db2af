/**
 * CMS122 (Quality 001) Diabetes: Glycemic Status Assessment Greater Than 9%, CQL 0.5.000 — an inverse measure.
 * "Initial Population" (18–75 at the end of the period, "Qualifying Encounters", a diabetes encounter diagnosis
 * overlapping the period), "Denominator Exclusions", and "Numerator": the lowest reading on the "Most Recent
 * Glycemic Status Date" is > 9 %, has no result, or there is no HbA1c / GMI at all ("Has No Record Of …").
 */
import { isAge66LivingInNursingHome, isAge66WithAdvancedIllnessAndFrailty } from './advanced-illness-frailty.js';
import { ageBetween } from './age.js';
import type { GlycemicBand } from './claims-proxies.js';
import type { MeasureContext } from './context.js';
import { hasHospiceServices } from './hospice.js';
import { during, latest, overlaps, prevalenceInterval, toInterval, within } from './intervals.js';
import type { MeasureLogic } from './measure-logic.js';
import { hasPalliativeCare } from './palliative-care.js';
import { partBFinding, partBMatches } from './part-b.js';
import {
  claimLinesWithCode,
  conditionCategoryNotes,
  evidenceOf,
  retrieve,
  retrieveCode,
  type Fact,
} from './patient-record.js';
import { isPerformed, isResult, isVerified } from './status.js';
import { allOf, anyOf, exists, FALSE, finding, type Finding } from './tri.js';
import type { EvidenceRecord } from './types.js';
import { CODES, VS } from './value-sets.js';

export const CMS122_QUALITY_ID = '001';

const ENCOUNTER_VALUE_SETS = [
  VS.officeVisit,
  VS.annualWellnessVisit,
  VS.preventiveEstablished18Up,
  VS.preventiveInitial18Up,
  VS.homeHealthcareServices,
  VS.nutritionServices,
  VS.telephoneVisits,
] as const;

const NUTRITION_THERAPY_CODES = [
  CODES.mntInitial,
  CODES.mntReassessment,
  CODES.mntGroup,
  CODES.mntIndividualReassessment,
  CODES.mntGroupReassessment,
];

/** CMS122's own "Qualifying Encounters" (no virtual encounters; medical nutrition therapy by direct code). */
function qualifyingEncounters(ctx: MeasureContext): Finding {
  const facts = [
    ...retrieve(ctx.record, ctx.terminology, 'encounter', ENCOUNTER_VALUE_SETS),
    ...retrieveCode(ctx.record, 'encounter', NUTRITION_THERAPY_CODES),
  ];
  return exists(
    [...new Set(facts)]
      .filter((fact) => isPerformed(fact) && during(toInterval(fact), ctx.mp))
      .map((fact) => evidenceOf(fact, 'qualifying encounter')),
  );
}

/** `[ConditionEncounterDiagnosis: "Diabetes"]` — an encounter diagnosis only, not a problem-list entry. */
function diabetes(ctx: MeasureContext): Finding {
  const diagnoses = retrieve(ctx.record, ctx.terminology, 'encounter-diagnosis', VS.diabetes).filter(
    (fact) => isVerified(fact) && overlaps(prevalenceInterval(fact), ctx.mp),
  );
  return exists(
    diagnoses.map((fact) => evidenceOf(fact, 'diabetes')),
    conditionCategoryNotes(diagnoses),
  );
}

/** How a reading answers "> 9 %": elevated, not, no result, or a unit the comparison cannot read. */
type Reading =
  | {
      readonly kind: 'no-result';
      readonly day: string;
      readonly evidence: EvidenceRecord;
      readonly claimTestOnly: boolean;
    }
  | {
      readonly kind: 'valued';
      readonly day: string;
      readonly evidence: EvidenceRecord;
      readonly key: number | null;
      readonly elevated: boolean | null;
      readonly unit?: string;
    };

const JUST_ABOVE_9 = 9.000001;
const BAND_KEYS: Readonly<Record<GlycemicBand, number>> = {
  'below-7': 6.9,
  '7-to-8': 7.9,
  '8-to-9': 9,
  'above-9': JUST_ABOVE_9,
};
const BAND_LABELS: Readonly<Record<GlycemicBand, string>> = {
  'below-7': '< 7.0 %',
  '7-to-8': '7.0–7.9 %',
  '8-to-9': '8.0–9.0 %',
  'above-9': '> 9.0 %',
};

/** UCUM percent, with or without an annotation (`%{HbA1c}`). */
function isPercent(unit: string): boolean {
  return /^%(\{[^}]*\})?$/.test(unit);
}

function clinicalReading(fact: Fact): Reading {
  const day = latest(toInterval(fact));
  const evidence = evidenceOf(fact, 'most recent glycemic status', day);
  const value = fact.value;
  if (value === undefined) {
    return { kind: 'no-result', day, evidence, claimTestOnly: false };
  }
  if (!('quantity' in value)) {
    // A coded, boolean or string value: `value as Quantity` is null, so it sorts first, yet the reading has a
    // result (`value is not null`) and is not > 9 %.
    return { kind: 'valued', day, evidence, key: null, elevated: false };
  }
  return isPercent(value.unit)
    ? { kind: 'valued', day, evidence, key: value.quantity, elevated: value.quantity > 9 }
    : { kind: 'valued', day, evidence, key: value.quantity, elevated: null, unit: value.unit };
}

function readings(ctx: MeasureContext): Reading[] {
  const { record, terminology, mp } = ctx;
  const proxies = terminology.proxies;
  const clinical = [
    ...retrieve(record, terminology, 'observation', VS.hba1cLaboratoryTest),
    ...retrieveCode(record, 'observation', CODES.glucoseManagementIndicator),
  ]
    .filter((fact) => isResult(fact) && within(latest(toInterval(fact)), mp))
    .map(clinicalReading);
  const inPeriod = (fact: Fact): boolean => isPerformed(fact) && within(fact.start, mp);
  const bands: Reading[] = claimLinesWithCode(record, Object.keys(proxies.hba1cLevel))
    .filter(inPeriod)
    .map((fact) => {
      const band = proxies.hba1cLevel[fact.code] ?? 'above-9';
      return {
        kind: 'valued',
        day: fact.start,
        evidence: evidenceOf(fact, 'most recent glycemic status', fact.start, BAND_LABELS[band]),
        key: BAND_KEYS[band],
        elevated: band === 'above-9',
      };
    });
  const partB: Reading[] = (['performanceMet', 'performanceNotMet'] as const).flatMap((type) =>
    partBMatches(ctx, CMS122_QUALITY_ID, type).map((match) => ({
      kind: 'valued' as const,
      day: match.date,
      evidence: {
        ...evidenceOf(match.lines[0] as Fact, 'most recent glycemic status'),
        value: type === 'performanceMet' ? '> 9.0 % or not done (Part B)' : '≤ 9.0 % (Part B)',
      },
      key: type === 'performanceMet' ? JUST_ABOVE_9 : 9,
      elevated: type === 'performanceMet',
    })),
  );
  const tests: Reading[] = claimLinesWithCode(record, proxies.hba1cTest)
    .filter(inPeriod)
    .map((fact) => ({
      kind: 'no-result',
      day: fact.start,
      evidence: evidenceOf(fact, 'most recent glycemic status', fact.start, 'test billed, no result on record'),
      claimTestOnly: true,
    }));
  return [...clinical, ...bands, ...partB, ...tests];
}

/** Sort order of "Lowest … on Most Recent Day": null values first (no result before a coded result), then ascending. */
function sortRank(reading: Reading): [number, number] {
  if (reading.kind === 'no-result') {
    return [0, 0];
  }
  return reading.key === null ? [1, 0] : [2, reading.key];
}

export function glycemicNumerator(ctx: MeasureContext): Finding {
  const all = readings(ctx);
  if (all.length === 0) {
    return finding(true); // "Has No Record Of Glycemic Status Assessment"
  }
  const mostRecentDay = all
    .map((r) => r.day)
    .sort()
    .at(-1) as string;
  const sameDay = all.filter((r) => r.day === mostRecentDay);
  // A billed test is not an observation: it stands for "no result" only when nothing else reports that day.
  const candidates = sameDay.some((r) => !(r.kind === 'no-result' && r.claimTestOnly))
    ? sameDay.filter((r) => !(r.kind === 'no-result' && r.claimTestOnly))
    : sameDay;
  const lowest = [...candidates].sort((a, b) => {
    const [ra, ka] = sortRank(a);
    const [rb, kb] = sortRank(b);
    return ra - rb || ka - kb;
  })[0] as Reading;
  if (lowest.kind === 'no-result') {
    return finding(true, [lowest.evidence]); // "Has Most Recent Glycemic Status Assessment Without Result"
  }
  if (lowest.elevated === null) {
    return finding(null, [lowest.evidence], {
      unknownBecause: [`the most recent HbA1c/GMI is in ${lowest.unit ?? 'an unknown unit'}, not %`],
    });
  }
  return { value: lowest.elevated, evidence: [lowest.evidence], unknownBecause: [], notes: [] };
}

export function evaluateCms122(ctx: MeasureContext): MeasureLogic {
  return {
    initialPopulation: allOf(ageBetween(ctx.record, ctx.period.end, 18, 75), qualifyingEncounters(ctx), diabetes(ctx)),
    denominatorExclusion: anyOf(
      hasHospiceServices(ctx),
      isAge66LivingInNursingHome(ctx),
      isAge66WithAdvancedIllnessAndFrailty(ctx),
      hasPalliativeCare(ctx),
      partBFinding(ctx, CMS122_QUALITY_ID, 'eligiblePopulationExclusion', 'exclusion (Part B quality code)'),
    ),
    denominatorException: FALSE,
    numerator: glycemicNumerator(ctx),
    stratum: null,
  };
}
