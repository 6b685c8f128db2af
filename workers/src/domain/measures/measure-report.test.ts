/**
 * The MeasureReport builder: individual reports of eCQM development cases (populations as the published reports
 * count them, evidence as references to the FHIR resources received, or to Benchline event ids), a not-evaluable
 * result made visible (status error, no counts, a contained OperationOutcome), and summaries that sum individuals.
 */
import { describe, expect, it } from 'vitest';
import { DEV_CASES, DEV_CASE_PERIOD, type DevCase } from './__fixtures__/dev-cases.js';
import { PERIOD, claim, facts, profile } from './__fixtures__/builders.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import {
  CQF_MESSAGES_URL,
  EVENT_ID_SYSTEM,
  addToTally,
  emptyTally,
  individualMeasureReport,
  measureCanonical,
  summaryMeasureReport,
  type MeasureReport,
} from './measure-report.js';
import type { MeasureResult } from './types.js';

const DATE = '2027-01-15T10:00:00.000Z';

function devCase(prefix: string): DevCase {
  const found = DEV_CASES.find((c) => c.file.startsWith(prefix));
  if (found === undefined) {
    throw new Error(`no development case ${prefix}`);
  }
  return found;
}

function resultOf(c: DevCase): MeasureResult {
  return evaluateMeasure(c.measureId, c.facts, DEV_CASE_PERIOD, terminology);
}

function fhirIdsOf(c: DevCase): Set<string> {
  return new Set(c.facts.clinical.filter((e) => e.source === 'fhir').map((e) => e.clinicalId));
}

/** population code → count, as a report states them. */
function countsOf(report: MeasureReport): Record<string, number | undefined> {
  return Object.fromEntries((report.group[0]?.population ?? []).map((p) => [p.code.coding?.[0]?.code ?? '', p.count]));
}

describe('individual MeasureReport', () => {
  it('counts the populations of each development case as its published report does', () => {
    for (const c of DEV_CASES) {
      const report = individualMeasureReport(resultOf(c), {
        date: DATE,
        subject: `Patient/${c.patientId}`,
        fhirEventIds: fhirIdsOf(c),
      });
      const expected: Record<string, number> = {
        'initial-population': Number(c.expected.initialPopulation),
        denominator: Number(c.expected.denominator),
        'denominator-exclusion': Number(c.expected.denominatorExclusion),
        numerator: Number(c.expected.numerator),
      };
      if (c.measureId === 'CMS2') {
        expected['denominator-exception'] = Number(c.expected.denominatorException);
      }
      expect(countsOf(report), c.file).toEqual(expected);
      expect(report.status, c.file).toBe('complete');
    }
  });

  it('is a FHIR MeasureReport for the subject, the period and the measure version, with its score', () => {
    const c = devCase('CMS130FHIR-v0.4.000-NUMERPass-Colonoscopy9YearsPrior');
    const report = individualMeasureReport(resultOf(c), {
      date: DATE,
      subject: 'Patient/1EG4TE5MK73',
      fhirEventIds: fhirIdsOf(c),
    });
    expect(report).toMatchObject({
      resourceType: 'MeasureReport',
      status: 'complete',
      type: 'individual',
      measure: 'https://madie.cms.gov/Measure/CMS130FHIRColorectalCancerScreening|0.4.000',
      subject: { reference: 'Patient/1EG4TE5MK73' },
      date: DATE,
      period: { start: '2026-01-01', end: '2026-12-31' },
      improvementNotation: { coding: [{ code: 'increase' }] },
    });
    expect(report.group[0]?.measureScore).toEqual({ value: 1 });
    expect(report.group[0]?.population.map((p) => p.id)).toEqual([
      'initial-population',
      'denominator',
      'denominator-exclusion',
      'numerator',
    ]);
    expect(report.group[0]?.population[0]?.code.coding?.[0]?.system).toBe(
      'http://terminology.hl7.org/CodeSystem/measure-population',
    );
  });

  it('lists the evidence as the FHIR resources received, each once', () => {
    const c = devCase('CMS130FHIR-v0.4.000-NUMERPass-Colonoscopy9YearsPrior');
    const report = individualMeasureReport(resultOf(c), {
      date: DATE,
      subject: 'Patient/x',
      fhirEventIds: fhirIdsOf(c),
    });
    // The published report lists the Patient, the qualifying encounter and the colonoscopy.
    expect(report.evaluatedResource?.map((r) => r.reference)).toEqual([
      'Encounter/6a104bac-adc7-4659-bf8a-e73c7f8980cb',
      'Procedure/13761ccd-540a-4ec6-a41a-9d0430d8a25c',
    ]);
    expect(report.evaluatedResource?.[1]?.display).toBe('Numerator: colonoscopy');
  });

  it('references a blood-pressure component by its Observation, once', () => {
    for (const c of DEV_CASES.filter((d) => d.measureId === 'CMS165')) {
      const report = individualMeasureReport(resultOf(c), {
        date: DATE,
        subject: 'Patient/x',
        fhirEventIds: fhirIdsOf(c),
      });
      const references = (report.evaluatedResource ?? []).map((r) => r.reference ?? '');
      expect(
        references.every((r) => /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]+$/.test(r)),
        c.file,
      ).toBe(true);
      expect(new Set(references).size, c.file).toBe(references.length);
    }
  });

  it('references evidence that did not come from FHIR by its Benchline event id', () => {
    const c = devCase('CMS130FHIR-v0.4.000-NUMERPass-Colonoscopy9YearsPrior');
    const report = individualMeasureReport(resultOf(c), { date: DATE, subject: 'Patient/x' });
    expect(report.evaluatedResource).toEqual([
      {
        identifier: { system: EVENT_ID_SYSTEM, value: 'Encounter/6a104bac-adc7-4659-bf8a-e73c7f8980cb' },
        display: 'Initial Population: qualifying encounter',
      },
      {
        identifier: { system: EVENT_ID_SYSTEM, value: 'Procedure/13761ccd-540a-4ec6-a41a-9d0430d8a25c' },
        display: 'Numerator: colonoscopy',
      },
    ]);

    // Claims evidence: the claim line's event id.
    const screened = evaluateMeasure(
      'CMS130',
      facts(profile({ birthDate: '1960-03-01', sex: 'F' }), [
        claim({ id: 'C1', from: '2026-03-01', lines: ['99213'] }),
        claim({ id: 'C2', from: '2026-04-01', lines: ['45378'] }),
      ]),
      PERIOD,
      terminology,
    );
    const claimReport = individualMeasureReport(screened, { date: DATE, subject: 'Patient/x' });
    expect(claimReport.evaluatedResource?.map((r) => r.identifier?.value)).toEqual(['C1#line1', 'C2#line1']);
    expect(countsOf(claimReport).numerator).toBe(1);
  });

  it('carries the age stratum of the stratified measures', () => {
    const c = devCase('CMS130FHIR-v0.4.000-NUMERPass-Colonoscopy9YearsPrior');
    const report = individualMeasureReport(resultOf(c), { date: DATE, subject: 'Patient/x' });
    const [stratifier] = report.group[0]?.stratifier ?? [];
    expect(stratifier?.stratum).toHaveLength(1);
    expect(stratifier?.stratum[0]?.value.text).toBe('Stratification 1 (46–49)');
    expect(stratifier?.stratum[0]?.population.find((p) => p.id === 'initial-population')?.count).toBe(1);
    expect(
      individualMeasureReport(resultOf(devCase('CMS122')), { date: DATE, subject: 'Patient/x' }).group[0],
    ).not.toHaveProperty('stratifier');
  });

  it('says decrease is better for the inverse measure', () => {
    const report = individualMeasureReport(resultOf(devCase('CMS122')), { date: DATE, subject: 'Patient/x' });
    expect(report.improvementNotation.coding?.[0]?.code).toBe('decrease');
    expect(measureCanonical('CMS122')).toBe(
      'https://madie.cms.gov/Measure/CMS122FHIRDiabetesAssessGreaterThan9Percent|0.5.000',
    );
  });

  it('makes a not-evaluable result visible: status error, no counts, the reason in a contained OperationOutcome', () => {
    // A qualifying visit but no birth date: the initial population cannot be decided.
    const result = evaluateMeasure(
      'CMS130',
      facts(profile({ sex: 'F' }), [claim({ id: 'C1', from: '2026-03-01', lines: ['99213'] })]),
      PERIOD,
      terminology,
    );
    expect(result.evaluable).toBe(false);
    const report = individualMeasureReport(result, { date: DATE, subject: 'Patient/x' });
    expect(report.status).toBe('error');
    expect(report.group[0]?.population.every((p) => p.count === undefined)).toBe(true);
    expect(report.group[0]).not.toHaveProperty('measureScore');
    expect(report.extension).toEqual([{ url: CQF_MESSAGES_URL, valueReference: { reference: '#messages' } }]);
    expect(report.contained?.[0]).toMatchObject({
      resourceType: 'OperationOutcome',
      id: 'messages',
      issue: [{ severity: 'error', code: 'incomplete', diagnostics: `not evaluable: ${result.reason}` }],
    });
  });
});

describe('summary MeasureReport', () => {
  it('sums the individual reports, with the score and the strata', () => {
    const cases = DEV_CASES.filter((c) => c.measureId === 'CMS130');
    const tally = emptyTally('CMS130', DEV_CASE_PERIOD);
    const sums: Record<string, number> = {};
    for (const c of cases) {
      const result = resultOf(c);
      addToTally(tally, result);
      for (const [code, count] of Object.entries(
        countsOf(individualMeasureReport(result, { date: DATE, subject: 'Patient/x' })),
      )) {
        sums[code] = (sums[code] ?? 0) + (count ?? 0);
      }
    }
    const report = summaryMeasureReport(tally, { date: DATE });
    expect(report).toMatchObject({ resourceType: 'MeasureReport', type: 'summary', status: 'complete' });
    expect(report).not.toHaveProperty('subject');
    expect(report).not.toHaveProperty('evaluatedResource');
    expect(countsOf(report)).toEqual(sums);
    const performance = sums.denominator! - sums['denominator-exclusion']!;
    expect(report.group[0]?.measureScore?.value).toBeCloseTo(sums.numerator! / performance, 12);
    const strata = report.group[0]?.stratifier?.[0]?.stratum ?? [];
    expect(strata.map((s) => s.value.text)).toEqual(['Stratification 1 (46–49)', 'Stratification 2 (50–75)']);
    const stratumIp = strata.reduce(
      (sum, s) => sum + (s.population.find((p) => p.id === 'initial-population')?.count ?? 0),
      0,
    );
    expect(stratumIp).toBe(sums['initial-population']);
  });

  it('counts not-evaluable members apart, and says so', () => {
    const tally = emptyTally('CMS130', PERIOD);
    const unknownAge = evaluateMeasure(
      'CMS130',
      facts(profile({ sex: 'F' }), [claim({ id: 'C1', from: '2026-03-01', lines: ['99213'] })]),
      PERIOD,
      terminology,
    );
    const screened = evaluateMeasure(
      'CMS130',
      facts(profile({ birthDate: '1960-03-01', sex: 'F' }), [
        claim({ id: 'C2', from: '2026-03-01', lines: ['99213'] }),
        claim({ id: 'C3', from: '2026-04-01', lines: ['45378'] }),
      ]),
      PERIOD,
      terminology,
    );
    addToTally(tally, unknownAge);
    addToTally(tally, screened);
    const report = summaryMeasureReport(tally, { date: DATE, subject: 'Group/x' });
    expect(countsOf(report)).toEqual({
      'initial-population': 1,
      denominator: 1,
      'denominator-exclusion': 0,
      numerator: 1,
    });
    expect(report.status).toBe('complete');
    expect(report.subject).toEqual({ reference: 'Group/x' });
    expect(report.contained?.[0]?.issue[0]).toEqual({
      severity: 'warning',
      code: 'incomplete',
      diagnostics: `1 of 2 members not evaluable, not counted in any population: ${unknownAge.reason}`,
    });
  });

  it('has no score over an empty population, and refuses a result of another measure', () => {
    const tally = emptyTally('CMS2', PERIOD);
    const report = summaryMeasureReport(tally, { date: DATE });
    expect(report.group[0]).not.toHaveProperty('measureScore');
    expect(countsOf(report)['denominator-exception']).toBe(0);
    const c = devCase('CMS130');
    expect(() => addToTally(tally, resultOf(c))).toThrow(RangeError);
  });
});
