/**
 * CMS165 on hand-built patients (hand-checked against the CQL): the lowest systolic and diastolic of the most recent
 * blood-pressure day (139/89 in, 140/89 out), readings during inpatient stays and ED visits left out unless their
 * own encounter is outpatient, CPT II and Part B codes as readings, the six-month hypertension window, and the
 * exclusions.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimEvent, ClinicalEvent } from '@benchline/shared';
import { PERIOD, claim, clinical, facts, populationsOf, profile } from './__fixtures__/builders.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import type { MeasureResult } from './types.js';

const patient = (birthDate = '1966-04-04') => profile({ birthDate, sex: 'F' });
const hypertensionVisit = claim({ from: '2026-03-01', lines: ['99213'], diagnoses: ['I10'] });
const run = (claims: ClaimEvent[] = [], events: ClinicalEvent[] = [], birthDate?: string): MeasureResult =>
  evaluateMeasure('CMS165', facts(patient(birthDate), [hypertensionVisit, ...claims], events), PERIOD, terminology);
/** A blood-pressure panel as the mapper splits it: one event per component. */
const bp = (date: string, systolic: number, diastolic: number, unit = 'mm[Hg]'): ClinicalEvent[] => [
  clinical({ type: 'observation', system: 'loinc', code: '8480-6', date, quantity: [systolic, unit] }),
  clinical({ type: 'observation', system: 'loinc', code: '8462-4', date, quantity: [diastolic, unit] }),
];

describe('CMS165 controlling high blood pressure', () => {
  it('hypertension and a visit, no reading: denominator, not controlled', () => {
    expect(populationsOf(run())).toBe('1 1 0 0 0');
  });

  it('139/89 is controlled, 140/89 and 139/90 are not', () => {
    expect(populationsOf(run([], bp('2026-05-01', 139, 89)))).toBe('1 1 0 0 1');
    expect(populationsOf(run([], bp('2026-05-01', 140, 89)))).toBe('1 1 0 0 0');
    expect(populationsOf(run([], bp('2026-05-01', 139, 90)))).toBe('1 1 0 0 0');
  });

  it('the most recent day decides, with the lowest systolic and lowest diastolic of that day', () => {
    expect(populationsOf(run([], [...bp('2026-05-01', 120, 80), ...bp('2026-10-01', 150, 95)]))).toBe('1 1 0 0 0');
    const result = run([], [...bp('2026-10-01', 145, 85), ...bp('2026-10-01', 135, 92)]);
    expect(populationsOf(result)).toBe('1 1 0 0 1');
    expect(result.evidence.numerator.map((e) => e.value)).toEqual([
      '145 mm[Hg]',
      '135 mm[Hg]',
      '85 mm[Hg]',
      '92 mm[Hg]',
    ]);
  });

  it('a reading during an inpatient stay or an ED visit is ignored', () => {
    const stay = claim({ claimType: 'inpatient', from: '2026-11-01', through: '2026-11-05' });
    expect(populationsOf(run([stay], [...bp('2026-05-01', 120, 80), ...bp('2026-11-03', 150, 95)]))).toBe('1 1 0 0 1');
    const ed = claim({ from: '2026-11-20', lines: ['99283'] });
    expect(populationsOf(run([ed], [...bp('2026-05-01', 120, 80), ...bp('2026-11-20', 150, 95)]))).toBe('1 1 0 0 1');
    // The same readings outside any stay count.
    expect(populationsOf(run([], [...bp('2026-05-01', 120, 80), ...bp('2026-11-03', 150, 95)]))).toBe('1 1 0 0 0');
  });

  it('a reading during a stay still counts when its own encounter is of an outpatient class', () => {
    const stay = claim({ claimType: 'inpatient', from: '2026-11-01', through: '2026-11-05' });
    const encounter = (encounterClass?: string) =>
      clinical({
        id: 'Encounter/clinic-1',
        type: 'encounter',
        system: 'cpt',
        code: '99213',
        date: '2026-11-03',
        ...(encounterClass === undefined ? {} : { fields: { encounterClass } }),
      });
    const reading = (encounterId?: string) =>
      bp('2026-11-03', 150, 95).map((event) => ({ ...event, ...(encounterId === undefined ? {} : { encounterId }) }));
    const earlier = bp('2026-05-01', 120, 80);
    // Its own encounter is ambulatory: the reading qualifies, and 150/95 on 3 November is the most recent day.
    expect(populationsOf(run([stay], [...earlier, encounter('AMB'), ...reading('Encounter/clinic-1')]))).toBe(
      '1 1 0 0 0',
    );
    // Its own encounter is an inpatient one, has no class, is not on record, or is not named: left out.
    expect(populationsOf(run([stay], [...earlier, encounter('IMP'), ...reading('Encounter/clinic-1')]))).toBe(
      '1 1 0 0 1',
    );
    expect(populationsOf(run([stay], [...earlier, encounter(), ...reading('Encounter/clinic-1')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([stay], [...earlier, ...reading('Encounter/elsewhere')]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([stay], [...earlier, encounter('AMB'), ...reading()]))).toBe('1 1 0 0 1');
  });

  it('a reading outside the period is not the most recent day', () => {
    expect(populationsOf(run([], [...bp('2026-05-01', 120, 80), ...bp('2027-01-02', 150, 95)]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([], bp('2025-12-31', 120, 80)))).toBe('1 1 0 0 0');
  });

  it('a day with a systolic but no diastolic reading is not a blood-pressure day', () => {
    const systolicOnly = clinical({
      type: 'observation',
      system: 'loinc',
      code: '8480-6',
      date: '2026-11-01',
      quantity: [150, 'mm[Hg]'],
    });
    expect(populationsOf(run([], [...bp('2026-05-01', 120, 80), systolicOnly]))).toBe('1 1 0 0 1');
  });

  it('a component without a value sorts lowest and is not below 140: not controlled', () => {
    const noValue = clinical({ type: 'observation', system: 'loinc', code: '8480-6', date: '2026-05-01' });
    expect(populationsOf(run([], [...bp('2026-05-01', 120, 80), noValue]))).toBe('1 1 0 0 0');
  });

  it('a reading in a unit other than mm[Hg] cannot be compared: not evaluable', () => {
    expect(populationsOf(run([], bp('2026-05-01', 16, 10, 'kPa')))).toBe('not evaluable');
  });

  it('CPT II: 3074F (< 130) with 3079F (80–89) is controlled; 3077F (≥ 140) is not; ED place of service ignored', () => {
    expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['99213', '3074F', '3079F'] })]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['99213', '3077F', '3079F'] })]))).toBe('1 1 0 0 0');
    const inEd = claim({
      from: '2026-09-01',
      lines: [
        { code: '3077F', date: '2026-09-01', placeOfService: '23' },
        { code: '3080F', date: '2026-09-01', placeOfService: '23' },
      ],
    });
    expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['3075F', '3078F'] }), inEd]))).toBe('1 1 0 0 1');
  });

  it('Part B: G8752 + G8754 is controlled; G8753 + G8754 is not', () => {
    expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['99213', 'G8752', 'G8754'] })]))).toBe('1 1 0 0 1');
    expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['99213', 'G8753', 'G8754'] })]))).toBe('1 1 0 0 0');
  });

  it('hypertension must overlap the first six months: a diagnosis on 1 July only is not enough', () => {
    const late = claim({ from: '2026-07-01', lines: ['99213'], diagnoses: ['I10'] });
    expect(
      populationsOf(
        evaluateMeasure('CMS165', facts(patient(), [late], bp('2026-08-01', 120, 80)), PERIOD, terminology),
      ),
    ).toBe('0 0 0 0 0');
    const june = claim({ from: '2026-06-30', lines: ['99213'], diagnoses: ['I10'] });
    expect(populationsOf(evaluateMeasure('CMS165', facts(patient(), [june]), PERIOD, terminology))).toBe('1 1 0 0 0');
    const active = clinical({ type: 'condition', system: 'icd10cm', code: 'I10', date: '2019-05-01' });
    const visit = claim({ from: '2026-09-01', lines: ['99213'] });
    expect(populationsOf(evaluateMeasure('CMS165', facts(patient(), [visit], [active]), PERIOD, terminology))).toBe(
      '1 1 0 0 0',
    );
  });

  describe('exclusions', () => {
    it('dialysis before the period end, ESRD monthly services, CKD 5, pregnancy, kidney transplant recipient', () => {
      expect(populationsOf(run([claim({ from: '2025-06-01', lines: ['90935'] })]))).toBe('1 1 1 0 0');
      expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['90960'] })]))).toBe('1 1 1 0 0');
      expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['99213'], diagnoses: ['N185'] })]))).toBe(
        '1 1 1 0 0',
      );
      expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['99213'], diagnoses: ['O0900'] })]))).toBe(
        '1 1 1 0 0',
      );
      expect(populationsOf(run([claim({ from: '2026-06-01', lines: ['99213'], diagnoses: ['Z940'] })]))).toBe(
        '1 1 1 0 0',
      );
      // A pregnancy diagnosed in an earlier year does not overlap this period on a claim.
      expect(populationsOf(run([claim({ from: '2024-06-01', lines: ['99213'], diagnoses: ['O0900'] })]))).toBe(
        '1 1 0 0 0',
      );
    });

    it('frailty alone excludes at 81, not at 80; at 66–80 it needs advanced illness too', () => {
      const frailty = claim({ from: '2026-04-01', lines: ['99504'] });
      expect(populationsOf(run([frailty], [], '1945-12-31'))).toBe('1 1 1 0 0'); // 81
      expect(populationsOf(run([frailty], [], '1946-01-01'))).toBe('1 1 0 0 0'); // 80
      const illness = claim({ from: '2025-02-01', lines: ['99213'], diagnoses: ['G309'] });
      expect(populationsOf(run([frailty, illness], [], '1946-01-01'))).toBe('1 1 1 0 0');
    });

    it('a Part B exclusion code in the period', () => {
      expect(populationsOf(run([claim({ from: '2026-04-04', lines: ['G9910'] })]))).toBe('1 1 1 0 0');
    });
  });
});
