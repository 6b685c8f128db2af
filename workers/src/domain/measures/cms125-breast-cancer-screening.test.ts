/**
 * CMS125 on hand-built patients, mostly claims only (hand-checked against the CQL): the 27-month mammography
 * window, the imaging category, the age and sex criteria, each exclusion (laterality by body site, discharge to
 * hospice, the hospice order), the Part B codes, and `not evaluable` when sex is unknown.
 */
import { describe, expect, it } from 'vitest';
import { PERIOD, claim, clinical, facts, months, populationsOf, profile } from './__fixtures__/builders.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import type { MeasureResult, PatientFacts } from './types.js';

const run = (patient: PatientFacts): MeasureResult => evaluateMeasure('CMS125', patient, PERIOD, terminology);
const woman = (birthDate = '1965-05-05') => profile({ birthDate, sex: 'F' });
const visit = claim({ from: '2026-03-10', lines: ['99213'] });
const mammogram = (date: string) => claim({ from: date, lines: ['77067'] });

describe('CMS125 breast cancer screening', () => {
  it('a woman of 61 with an office visit is in the denominator; no mammogram: not in the numerator', () => {
    const result = run(facts(woman(), [visit]));
    expect(populationsOf(result)).toBe('1 1 0 0 0');
    expect(result.evidence.initialPopulation.map((e) => [e.eventId, e.code])).toEqual([
      [`${visit.claimId}#line1`, '99213'],
    ]);
    expect(result.stratum).toBe('Stratification 2 (52–74)');
    expect(result.version).toEqual({
      ecqm: 'CMS125v14',
      library: 'CMS125FHIRBreastCancerScreening',
      libraryVersion: '0.4.000',
    });
  });

  it('a mammogram 26 months before the period end counts, 28 months before does not (window opens 1 Oct 2024)', () => {
    expect(populationsOf(run(facts(woman(), [visit, mammogram('2024-10-31')])))).toBe('1 1 0 0 1');
    expect(populationsOf(run(facts(woman(), [visit, mammogram('2024-08-31')])))).toBe('1 1 0 0 0');
    expect(populationsOf(run(facts(woman(), [visit, mammogram('2024-10-01')])))).toBe('1 1 0 0 1');
    expect(populationsOf(run(facts(woman(), [visit, mammogram('2024-09-30')])))).toBe('1 1 0 0 0');
    expect(populationsOf(run(facts(woman(), [visit, mammogram('2027-01-01')])))).toBe('1 1 0 0 0');
  });

  it('names the mammography claim line as the numerator evidence', () => {
    const screen = mammogram('2025-05-20');
    const result = run(facts(woman(), [visit, screen]));
    expect(result.evidence.numerator).toEqual([
      {
        eventId: `${screen.claimId}#line1`,
        source: 'claim',
        system: 'cpt',
        code: '77067',
        date: '2025-05-20',
        role: 'mammography',
      },
    ]);
  });

  it('an EHR mammogram is a diagnostic study: category imaging counts, another category does not', () => {
    const mammography = (category?: 'imaging' | 'laboratory') =>
      clinical({
        type: 'observation',
        system: 'loinc',
        code: '24604-1',
        date: '2025-05-20',
        ...(category === undefined ? {} : { fields: { category: [category] } }),
      });
    const imaging = run(facts(woman(), [visit], [mammography('imaging')]));
    expect(populationsOf(imaging)).toBe('1 1 0 0 1');
    expect(imaging.notes).toEqual([]);
    expect(populationsOf(run(facts(woman(), [visit], [mammography('laboratory')])))).toBe('1 1 0 0 0');
    // A source that states no category (canonical NDJSON, the generator) is read as imaging, and says so.
    const unstated = run(facts(woman(), [visit], [mammography()]));
    expect(populationsOf(unstated)).toBe('1 1 0 0 1');
    expect(unstated.notes).toEqual([expect.stringContaining('category the source does not state')]);
  });

  it('a mammography line marked not performed (8P) does not count; Part B G9899 in the period does', () => {
    const notDone = claim({ from: '2026-04-01', lines: [{ code: '77067', date: '2026-04-01', modifiers: ['8P'] }] });
    expect(populationsOf(run(facts(woman(), [visit, notDone])))).toBe('1 1 0 0 0');
    const reported = claim({ from: '2026-04-01', lines: ['99213', 'G9899'] });
    expect(populationsOf(run(facts(woman(), [reported])))).toBe('1 1 0 0 1');
  });

  it('ages 42 and 74 at the end of the period are in; 41 and 75 are out; a man is out', () => {
    expect(populationsOf(run(facts(woman('1984-12-31'), [visit])))).toBe('1 1 0 0 0'); // 42 on 31 Dec 2026
    expect(run(facts(woman('1984-12-31'), [visit])).stratum).toBe('Stratification 1 (42–51)');
    expect(populationsOf(run(facts(woman('1985-01-01'), [visit])))).toBe('0 0 0 0 0'); // 41
    expect(populationsOf(run(facts(woman('1952-01-01'), [visit])))).toBe('1 1 0 0 0'); // 74
    expect(populationsOf(run(facts(woman('1951-12-31'), [visit])))).toBe('0 0 0 0 0'); // 75
    expect(populationsOf(run(facts(profile({ birthDate: '1965-05-05', sex: 'M' }), [visit])))).toBe('0 0 0 0 0');
  });

  it('an outpatient encounter outside the period does not qualify', () => {
    expect(populationsOf(run(facts(woman(), [claim({ from: '2025-12-31', lines: ['99213'] })])))).toBe('0 0 0 0 0');
  });

  it('without a recorded sex or birth date the result is not evaluable, with the reason — unless no encounter', () => {
    const noSex = run(facts(profile({ birthDate: '1965-05-05' }), [visit]));
    expect(noSex.evaluable).toBe(false);
    expect(noSex.reason).toBe('the member has no recorded sex');
    expect(noSex.populations.initialPopulation).toBe(false);
    const noProfile = run(facts(null, [visit]));
    expect(noProfile.reason).toBe('the member has no birth date; the member has no recorded sex');
    // No qualifying encounter decides the initial population whatever the age and sex.
    expect(populationsOf(run(facts(null, [])))).toBe('0 0 0 0 0');
  });

  describe('exclusions', () => {
    it('bilateral mastectomy: the ICD-10-PCS procedure on an inpatient claim, or history Z90.13', () => {
      const surgery = claim({
        claimType: 'inpatient',
        from: '2019-02-01',
        through: '2019-02-04',
        procedures: ['0HTV0ZZ'],
      });
      const result = run(facts(woman(), [visit, surgery]));
      expect(populationsOf(result)).toBe('1 1 1 0 0');
      expect(result.evidence.denominatorExclusion.map((e) => [e.code, e.date, e.role])).toEqual([
        ['0HTV0ZZ', '2019-02-04', 'bilateral mastectomy'],
      ]);
      const history = claim({ from: '2026-05-01', lines: ['99213'], diagnoses: ['Z9013'] });
      expect(populationsOf(run(facts(woman(), [history])))).toBe('1 1 1 0 0');
    });

    it('right and left: Z90.11 plus Z90.12 excludes; one side alone does not', () => {
      const right = claim({ from: '2023-01-10', lines: ['99213'], diagnoses: ['Z9011'] });
      const left = claim({ from: '2024-06-01', lines: ['99213'], diagnoses: ['Z9012'] });
      expect(populationsOf(run(facts(woman(), [visit, right, left])))).toBe('1 1 1 0 0');
      expect(populationsOf(run(facts(woman(), [visit, right])))).toBe('1 1 0 0 0');
      const leftProcedure = claim({ claimType: 'inpatient', from: '2020-03-01', procedures: ['0HTU0ZZ'] });
      expect(populationsOf(run(facts(woman(), [visit, right, leftProcedure])))).toBe('1 1 1 0 0');
    });

    it('a mastectomy after the period end does not exclude', () => {
      const later = claim({ claimType: 'inpatient', from: '2027-01-05', procedures: ['0HTV0ZZ'] });
      expect(populationsOf(run(facts(woman(), [visit, later])))).toBe('1 1 0 0 0');
    });

    it('Z90.10 (unspecified side) on a claim has no body site: it counts for neither side', () => {
      const unspecified = claim({ from: '2024-01-10', lines: ['99213'], diagnoses: ['Z9010'] });
      expect(populationsOf(run(facts(woman(), [visit, unspecified])))).toBe('1 1 0 0 0');
    });

    it('an EHR diagnosis of unspecified laterality counts for the side its body site names', () => {
      const unspecified = (site?: string, fields = {}) =>
        clinical({
          type: 'condition',
          system: 'icd10cm',
          code: 'Z9010',
          date: '2024-01-10',
          fields: {
            ...(site === undefined ? {} : { bodySite: [{ system: 'snomed' as const, code: site }] }),
            ...fields,
          },
        });
      const RIGHT = '24028007';
      const LEFT = '7771000';
      const left = claim({ from: '2023-01-10', lines: ['99213'], diagnoses: ['Z9012'] });
      const result = run(facts(woman(), [visit, left], [unspecified(RIGHT)]));
      expect(populationsOf(result)).toBe('1 1 1 0 0');
      expect(result.evidence.denominatorExclusion.map((e) => [e.code, e.role])).toEqual([
        ['Z9010', 'right mastectomy'],
        ['Z9012', 'left mastectomy'],
      ]);
      // The same side twice, no body site, or a refuted diagnosis: not both sides.
      expect(populationsOf(run(facts(woman(), [visit, left], [unspecified(LEFT)])))).toBe('1 1 0 0 0');
      expect(populationsOf(run(facts(woman(), [visit, left], [unspecified()])))).toBe('1 1 0 0 0');
      const refuted = unspecified(RIGHT, { verificationStatus: 'refuted' });
      expect(populationsOf(run(facts(woman(), [visit, left], [refuted])))).toBe('1 1 0 0 0');
      // Two unspecified diagnoses, one per side (the published case UniMastDxRandLQualOnJan1OfMP).
      expect(populationsOf(run(facts(woman(), [visit], [unspecified(RIGHT), unspecified(LEFT)])))).toBe('1 1 1 0 0');
    });

    it('hospice: a hospice claim, a hospice month in the enrolment file, or an inpatient discharge to hospice (51)', () => {
      const hospiceClaim = claim({ claimType: 'hospice', from: '2025-12-01', through: '2026-01-15' });
      expect(populationsOf(run(facts(woman(), [visit, hospiceClaim])))).toBe('1 1 1 0 0');
      const enrolled = profile({
        birthDate: '1965-05-05',
        sex: 'F',
        months: months('2026-10', '2026-12', { hospice: true }),
      });
      const result = run(facts(enrolled, [visit]));
      expect(populationsOf(result)).toBe('1 1 1 0 0');
      expect(result.evidence.denominatorExclusion[0]).toMatchObject({
        source: 'eligibility',
        eventId: `${enrolled.memberId}#2026-10`,
      });
      const discharge = claim({
        claimType: 'inpatient',
        from: '2026-08-01',
        through: '2026-08-09',
        dischargeStatus: '51',
      });
      expect(populationsOf(run(facts(woman(), [visit, discharge])))).toBe('1 1 1 0 0');
      const home = claim({ claimType: 'inpatient', from: '2026-08-01', through: '2026-08-09', dischargeStatus: '01' });
      expect(populationsOf(run(facts(woman(), [visit, home])))).toBe('1 1 0 0 0');
    });

    it('an EHR inpatient stay ending in the period excludes when discharged to hospice, not when discharged home', () => {
      const stay = (disposition: string, end = '2026-01-01') =>
        clinical({
          type: 'encounter',
          system: 'snomed',
          code: '32485007',
          date: '2025-12-28',
          end,
          fields: { dischargeDisposition: [{ system: 'snomed', code: disposition }] },
        });
      const toFacility = run(facts(woman(), [visit], [stay('428371000124100')]));
      expect(populationsOf(toFacility)).toBe('1 1 1 0 0');
      expect(toFacility.evidence.denominatorExclusion[0]).toMatchObject({
        date: '2026-01-01',
        role: 'discharged to hospice',
      });
      expect(populationsOf(run(facts(woman(), [visit], [stay('428361000124107')])))).toBe('1 1 1 0 0');
      expect(populationsOf(run(facts(woman(), [visit], [stay('306689006')])))).toBe('1 1 0 0 0'); // home
      expect(populationsOf(run(facts(woman(), [visit], [stay('428371000124100', '2025-12-31')])))).toBe('1 1 0 0 0');
    });

    it('a hospice order authored in the period excludes; a proposal or a revoked order does not', () => {
      const order = (fields = {}) =>
        clinical({
          type: 'service-request',
          system: 'snomed',
          code: '385763009',
          date: '2026-01-02',
          fields: { intent: 'order', ...fields },
        });
      expect(populationsOf(run(facts(woman(), [visit], [order()])))).toBe('1 1 1 0 0');
      expect(populationsOf(run(facts(woman(), [visit], [order({ intent: 'proposal' })])))).toBe('1 1 0 0 0');
      expect(populationsOf(run(facts(woman(), [visit], [order({ status: 'revoked' })])))).toBe('1 1 0 0 0');
      expect(populationsOf(run(facts(woman(), [visit], [order({ status: 'not-done' })])))).toBe('1 1 0 0 0');
      const unstated = { ...order(), intent: undefined };
      const result = run(facts(woman(), [visit], [unstated]));
      expect(populationsOf(result)).toBe('1 1 1 0 0');
      expect(result.notes).toEqual([expect.stringContaining('intent the source does not state')]);
    });

    it('palliative care (Z51.5) in the period excludes; in the year before does not', () => {
      expect(
        populationsOf(
          run(facts(woman(), [visit, claim({ from: '2026-02-02', lines: ['99213'], diagnoses: ['Z515'] })])),
        ),
      ).toBe('1 1 1 0 0');
      expect(
        populationsOf(
          run(facts(woman(), [visit, claim({ from: '2025-02-02', lines: ['99213'], diagnoses: ['Z515'] })])),
        ),
      ).toBe('1 1 0 0 0');
    });

    it('66 or older with frailty and advanced illness excludes; the same at 65 does not', () => {
      const frailty = claim({ from: '2026-04-01', lines: ['99504'] }); // home visit for frailty
      const illness = claim({ from: '2025-03-01', lines: ['99213'], diagnoses: ['G309'] }); // Alzheimer's
      expect(populationsOf(run(facts(woman('1960-06-01'), [visit, frailty, illness])))).toBe('1 1 1 0 0');
      expect(populationsOf(run(facts(woman('1961-06-01'), [visit, frailty, illness])))).toBe('1 1 0 0 0');
      expect(populationsOf(run(facts(woman('1960-06-01'), [visit, frailty])))).toBe('1 1 0 0 0');
    });

    it('66 or older living long term in a nursing home (the latest institutional month) excludes', () => {
      const institutional = profile({
        birthDate: '1958-02-01',
        sex: 'F',
        months: [
          ...months('2026-01', '2026-06', { institutional: false }),
          ...months('2026-07', '2026-12', { institutional: true }),
        ],
      });
      expect(populationsOf(run(facts(institutional, [visit])))).toBe('1 1 1 0 0');
      const left = profile({
        birthDate: '1958-02-01',
        sex: 'F',
        months: [
          ...months('2026-01', '2026-06', { institutional: true }),
          ...months('2026-07', '2026-12', { institutional: false }),
        ],
      });
      expect(populationsOf(run(facts(left, [visit])))).toBe('1 1 0 0 0');
    });

    it('a Part B exclusion code reported in the period excludes', () => {
      expect(populationsOf(run(facts(woman(), [claim({ from: '2026-05-05', lines: ['99213', 'G9708'] })])))).toBe(
        '1 1 1 0 0',
      );
    });
  });
});
