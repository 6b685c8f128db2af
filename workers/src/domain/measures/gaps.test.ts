/**
 * Care-gap states and their transitions as data arrives: open → closed-provisional on a lab → closed-confirmed
 * when the claim arrives → back when the claim is cancelled (reopened when the claim was the only evidence); the
 * inverse measure; excluded, not applicable, not evaluable; due and next-due dates; the annual wellness visit.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimEvent, ClinicalEvent } from '@benchline/shared';
import { MEMBER, PERIOD, claim, clinical, facts, profile } from './__fixtures__/builders.js';
import { terminology } from './__fixtures__/test-terminology.js';
import { evaluateMeasure } from './evaluate.js';
import { annualWellnessVisitGap, hccRecaptureGap, measureGap, type CareGap } from './gaps.js';
import type { MeasureId } from './types.js';

const adult = profile({ birthDate: '1960-02-02', sex: 'F' });
const visit = claim({ from: '2026-02-10', lines: ['99214'], diagnoses: ['E119'] });
const gapOf = (measure: MeasureId, claims: ClaimEvent[], events: ClinicalEvent[] = [], who = adult): CareGap =>
  measureGap(evaluateMeasure(measure, facts(who, [visit, ...claims], events), PERIOD, terminology));
const fitLab = clinical({
  id: 'Observation/fit-1',
  type: 'observation',
  system: 'loinc',
  code: '29771-3',
  date: '2026-03-01',
  coding: ['snomed', '260385009'],
});
const fitClaim = claim({ id: 'FIT-1', from: '2026-03-01', lines: ['82274'] });
const fitCancel = { ...fitClaim, version: 2, adjustment: 'cancel' as const };

describe('care-gap transitions (CMS130, FIT)', () => {
  it('open → closed-provisional on the lab → closed-confirmed with the claim → provisional again when it is cancelled', () => {
    const open = gapOf('CMS130', []);
    expect(open).toMatchObject({ state: 'open', dueDate: '2026-12-31', nextDueDate: null, subject: 'CMS130' });
    const provisional = gapOf('CMS130', [], [fitLab]);
    expect(provisional).toMatchObject({ state: 'closed-provisional', dueDate: null, nextDueDate: '2026-12-31' });
    expect(provisional.evidence.map((e) => e.eventId)).toEqual(['Observation/fit-1']);
    const confirmed = gapOf('CMS130', [fitClaim], [fitLab]);
    expect(confirmed.state).toBe('closed-confirmed');
    expect(confirmed.evidence.map((e) => e.eventId)).toEqual(['Observation/fit-1', 'FIT-1#line1']);
    // The cancel arrives (in any order with the original): the lab still closes the gap, unconfirmed.
    expect(gapOf('CMS130', [fitCancel, fitClaim], [fitLab]).state).toBe('closed-provisional');
    expect(new Set([open, provisional, confirmed].map((gap) => gap.gapId))).toEqual(
      new Set([`${MEMBER}:CMS130:2026-01-01`]),
    );
  });

  it('a gap closed by a claim alone reopens when the claim is cancelled', () => {
    expect(gapOf('CMS130', [fitClaim]).state).toBe('closed-confirmed');
    expect(gapOf('CMS130', [fitClaim, fitCancel])).toMatchObject({ state: 'open', dueDate: '2026-12-31' });
  });

  it('a lab replaced by a version that is entered in error reopens the gap', () => {
    const retracted = { ...fitLab, version: 2, status: 'entered-in-error' as const };
    expect(gapOf('CMS130', [], [fitLab, retracted]).state).toBe('open');
  });

  it('next due: a colonoscopy counts for nine more years, a mammogram in October for two, in March for one', () => {
    expect(gapOf('CMS130', [claim({ from: '2020-05-05', lines: ['45378'] })]).nextDueDate).toBe('2029-12-31');
    expect(gapOf('CMS125', [claim({ from: '2025-11-01', lines: ['77067'] })]).nextDueDate).toBe('2027-12-31');
    expect(gapOf('CMS125', [claim({ from: '2025-03-15', lines: ['77067'] })]).nextDueDate).toBe('2026-12-31');
  });
});

describe('care-gap states', () => {
  const hba1c = (date: string, value: number) =>
    clinical({ type: 'observation', system: 'loinc', code: '4548-4', date, quantity: [value, '%'] });

  it('inverse (CMS122): in the numerator is open; a later controlled reading closes it; a CPT II claim confirms', () => {
    const poor = gapOf('CMS122', [], [hba1c('2026-03-01', 10.2)]);
    expect(poor.state).toBe('open');
    expect(poor.evidence.map((e) => e.value)).toEqual(['10.2 %']);
    expect(gapOf('CMS122', [], [hba1c('2026-03-01', 10.2), hba1c('2026-08-01', 7.1)]).state).toBe('closed-provisional');
    expect(gapOf('CMS122', [claim({ from: '2026-08-01', lines: ['3051F'] })], [hba1c('2026-03-01', 10.2)]).state).toBe(
      'closed-confirmed',
    );
    // A worse result later reopens it.
    expect(gapOf('CMS122', [], [hba1c('2026-08-01', 7.1), hba1c('2026-11-01', 9.4)]).state).toBe('open');
  });

  it('excluded says why; not applicable outside the denominator; not evaluable says why', () => {
    const hospice = claim({ claimType: 'hospice', from: '2026-05-01', through: '2026-05-31' });
    expect(gapOf('CMS130', [hospice])).toMatchObject({ state: 'excluded', reason: 'excluded: hospice claim' });
    const man = profile({ birthDate: '1960-02-02', sex: 'M' });
    expect(gapOf('CMS125', [], [], man).state).toBe('not-applicable');
    expect(gapOf('CMS125', [], [], profile({ sex: 'F' }))).toMatchObject({
      state: 'not-evaluable',
      reason: 'the member has no birth date',
    });
  });
});

describe('annual wellness visit gap', () => {
  const awv = (patient: ReturnType<typeof facts>) => annualWellnessVisitGap(patient, PERIOD, terminology);

  it('closed-confirmed by a G0439 claim in the year; closed-provisional by an EHR encounter coded G0438', () => {
    expect(awv(facts(adult, [claim({ from: '2026-04-04', lines: ['G0439'] })])).state).toBe('closed-confirmed');
    const ehr = clinical({ type: 'encounter', system: 'hcpcs', code: 'G0438', date: '2026-04-04' });
    expect(awv(facts(adult, [], [ehr])).state).toBe('closed-provisional');
  });

  it('open, due at the period end, payable from the first day of the 12th month after the last one', () => {
    const last = claim({ from: '2025-03-15', lines: ['G0439'] });
    expect(awv(facts(adult, [last]))).toMatchObject({
      state: 'open',
      dueDate: '2026-12-31',
      earliestDate: '2026-03-01',
      gapId: `${MEMBER}:AWV:2026-01-01`,
    });
    expect(awv(facts(adult, [])).earliestDate).toBeNull();
  });

  it('not applicable to a member who died before the period; a cancelled AWV claim does not close it', () => {
    expect(awv(facts(profile({ deathDate: '2025-11-30' }), [])).state).toBe('not-applicable');
    const visitClaim = claim({ id: 'AWV-1', from: '2026-04-04', lines: ['G0439'] });
    expect(awv(facts(adult, [visitClaim, { ...visitClaim, version: 2, adjustment: 'cancel' }])).state).toBe('open');
  });
});

describe('HCC recapture seam', () => {
  it('turns the risk engine’s finding into a gap of the same shape', () => {
    const gap = hccRecaptureGap({
      memberId: MEMBER,
      period: PERIOD,
      model: 'V28',
      hcc: '37',
      label: 'Diabetes with Chronic Complications',
      recaptured: false,
      recapturedByClaim: false,
      evidence: [],
    });
    expect(gap).toMatchObject({
      kind: 'hcc-recapture',
      subject: 'V28 HCC 37',
      state: 'open',
      dueDate: '2026-12-31',
      gapId: `${MEMBER}:V28 HCC 37:2026-01-01`,
    });
  });
});
