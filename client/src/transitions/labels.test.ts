import type { PanelStay, PanelTcm } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import {
  diagnosesText,
  dispositionText,
  facilityMarker,
  hospitalTime,
  patientClassLabel,
  readmissionNote,
  stayHeading,
  stayStatusLabel,
  stayTimes,
  tcmChecklist,
  tcmSummary,
  TCM_STATUS_LABELS,
} from './labels.js';

const stay = (overrides: Partial<PanelStay> = {}): PanelStay => ({
  stayId: 'S2',
  facility: 'General Hospital',
  facilityInAco: true,
  patientClass: 'inpatient',
  status: 'discharged',
  admitAt: '2026-11-20T08:15:00-05:00',
  dischargeAt: '2026-11-26T14:05:00-05:00',
  disposition: 'home',
  diagnoses: ['I50.9', 'E11.9'],
  notifications: 3,
  readmission: null,
  tcm: null,
  ...overrides,
});

/** Discharged Thursday 2026-11-26: contact by Monday 11-30, visit by 12-03 (99496) or 12-10 (99495). */
const tcm = (overrides: Partial<PanelTcm> = {}): PanelTcm => ({
  contactDue: '2026-11-30',
  highComplexityVisitDue: '2026-12-03',
  visitDue: '2026-12-10',
  contactOn: null,
  contactBy: null,
  visitOn: null,
  visitBy: null,
  billedOn: null,
  status: 'pending',
  readmittedOn: null,
  ...overrides,
});

describe('stays in words', () => {
  it('names the stay, its class and where it stands', () => {
    expect(stayHeading(stay())).toBe('Inpatient stay at General Hospital');
    expect(stayHeading(stay({ patientClass: 'observation' }))).toBe('Observation stay at General Hospital');
    expect(stayHeading(stay({ patientClass: 'emergency', facility: 'County ED' }))).toBe('ED visit at County ED');
    expect(stayHeading(stay({ patientClass: 'outpatient' }))).toBe('Outpatient visit at General Hospital');
    expect(patientClassLabel('preadmit')).toBe('Pre-admission');
    expect(patientClassLabel('day-surgery')).toBe('day surgery');
    expect(stayStatusLabel(stay({ status: 'active' }))).toBe('In hospital now');
    expect(stayStatusLabel(stay({ status: 'active', patientClass: 'emergency' }))).toBe('In the ED now');
    expect(stayStatusLabel(stay({ patientClass: 'emergency' }))).toBe('Left the ED');
    expect(stayStatusLabel(stay())).toBe('Discharged');
    expect(stayStatusLabel(stay({ status: 'cancelled' }))).toBe('Cancelled by the hospital');
  });

  it('marks a facility outside the ACO, and only when it is known to be', () => {
    expect(facilityMarker(stay({ facilityInAco: false }))).toBe('outside ACO');
    expect(facilityMarker(stay({ facilityInAco: true }))).toBeNull();
    expect(facilityMarker(stay({ facilityInAco: null }))).toBeNull();
  });

  it("gives the hospital's own times, and says which are missing", () => {
    expect(hospitalTime('2026-11-20T08:15:00-05:00')).toBe('Nov 20, 2026 08:15');
    expect(hospitalTime('2026-11-20')).toBe('Nov 20, 2026');
    expect(hospitalTime('garbage')).toBe('garbage');
    expect(stayTimes(stay())).toBe('Admitted Nov 20, 2026 08:15 · discharged Nov 26, 2026 14:05');
    expect(stayTimes(stay({ status: 'active', dischargeAt: null }))).toBe('Admitted Nov 20, 2026 08:15');
    expect(stayTimes(stay({ patientClass: 'emergency', admitAt: null, dischargeAt: null }))).toBe(
      'Arrival time not sent · departure time not sent',
    );
    expect(stayTimes(stay({ patientClass: 'emergency' }))).toBe('Arrived Nov 20, 2026 08:15 · left Nov 26, 2026 14:05');
  });

  it('says the disposition and diagnoses, when there are any', () => {
    expect(dispositionText(stay())).toBe('Discharged to home');
    expect(dispositionText(stay({ disposition: null }))).toBeNull();
    expect(diagnosesText(stay())).toBe('Diagnoses: I50.9, E11.9');
    expect(diagnosesText(stay({ diagnoses: ['J18.9'] }))).toBe('Diagnosis: J18.9');
    expect(diagnosesText(stay({ diagnoses: [] }))).toBeNull();
  });

  it('notes a readmission, naming the earlier stay when the panel lists it', () => {
    const earlier = stay({ stayId: 'S1', facility: 'Mercy Hospital', dischargeAt: '2026-11-08T11:00:00-05:00' });
    const readmitted = stay({ readmission: { afterStayId: 'S1', daysAfterDischarge: 12 } });
    expect(readmissionNote(readmitted, [readmitted, earlier])).toBe(
      'Readmission: 12 days after discharge from Mercy Hospital on Nov 8, 2026',
    );
    expect(readmissionNote(stay({ readmission: { afterStayId: 'S0', daysAfterDischarge: 1 } }), [])).toBe(
      'Readmission: 1 day after an earlier discharge',
    );
    expect(readmissionNote(stay(), [])).toBeNull();
  });
});

describe('tcmChecklist', () => {
  const steps = (t: PanelTcm, today: string) => tcmChecklist(t, today).map((step) => [step.id, step.state, step.text]);

  it('lists the contact, the visit and the claim with their deadlines, all still to do', () => {
    const list = tcmChecklist(tcm(), '2026-11-27');
    expect(list.map((step) => [step.label, step.due])).toEqual([
      ['Interactive contact within 2 business days', 'by Nov 30, 2026'],
      ['Face-to-face visit within 7 days (99496) or 14 days (99495)', 'by Dec 3, 2026 (99496) or Dec 10, 2026 (99495)'],
      ['TCM billed (99495 or 99496)', null],
    ]);
    expect(steps(tcm(), '2026-11-27')).toEqual([
      ['contact', 'due', 'Not yet'],
      ['visit', 'due', 'Not yet'],
      ['billed', 'none', 'Not billed yet'],
    ]);
    expect(steps(tcm(), '2026-11-30')[0]).toEqual(['contact', 'due', 'Not yet — due today']);
  });

  it('says when and how each was done: by outreach or two attempts; a claim, the EHR or in person', () => {
    const done = tcm({
      contactOn: '2026-11-27',
      contactBy: 'outreach',
      visitOn: '2026-12-02',
      visitBy: 'claim',
      billedOn: '2026-12-02',
      status: 'completed',
    });
    expect(steps(done, '2026-12-05')).toEqual([
      ['contact', 'done', 'Done Nov 27, 2026 — the patient was reached by outreach'],
      ['visit', 'done', 'Done Dec 2, 2026 — office or home visit on a claim (in time for 99496 or 99495)'],
      ['billed', 'done', 'Billed, date of service Dec 2, 2026'],
    ]);
    const attempts = tcm({
      contactOn: '2026-11-30',
      contactBy: 'attempts',
      visitOn: '2026-12-08',
      visitBy: 'encounter',
    });
    expect(steps(attempts, '2026-12-08').slice(0, 2)).toEqual([
      ['contact', 'done', 'Done Nov 30, 2026 — two timely attempts to reach the patient (CMS accepts two)'],
      ['visit', 'done', 'Done Dec 8, 2026 — visit in the EHR (in time for 99495)'],
    ]);
    const inPerson = tcm({ visitOn: '2026-11-28', visitBy: 'outreach' });
    expect(tcmChecklist(inPerson, '2026-11-28')[1]?.text).toBe(
      'Done Nov 28, 2026 — seen in person at an outreach (in time for 99496 or 99495)',
    );
  });

  it('says what was missed, and when only 99495 is still possible', () => {
    expect(steps(tcm({ status: 'missed' }), '2026-12-01').slice(0, 2)).toEqual([
      ['contact', 'missed', 'Not done by Nov 30, 2026'],
      ['visit', 'due', 'Not yet'],
    ]);
    expect(steps(tcm({ contactOn: '2026-11-27', contactBy: 'outreach' }), '2026-12-05')[1]).toEqual([
      'visit',
      'due',
      'Not yet — too late for 99496, still in time for 99495',
    ]);
    expect(steps(tcm({ status: 'missed' }), '2026-12-11')[1]).toEqual(['visit', 'missed', 'Not done by Dec 10, 2026']);
  });

  it('lets a TCM claim stand for steps not recorded, and a refusal close them', () => {
    expect(steps(tcm({ billedOn: '2026-12-04', status: 'completed' }), '2026-12-20')).toEqual([
      ['contact', 'none', 'Not recorded — the TCM claim covers it'],
      ['visit', 'none', 'Not recorded — the TCM claim covers it'],
      ['billed', 'done', 'Billed, date of service Dec 4, 2026'],
    ]);
    expect(steps(tcm({ status: 'declined' }), '2026-12-20').slice(0, 2)).toEqual([
      ['contact', 'none', 'Not done — the patient declined'],
      ['visit', 'none', 'Not done — the patient declined'],
    ]);
  });

  it('sums the episode up, with a readmission that cut it short', () => {
    expect(TCM_STATUS_LABELS).toEqual({
      pending: 'In progress',
      completed: 'Completed',
      missed: 'Missed',
      declined: 'Declined by the patient',
    });
    expect(tcmSummary(tcm({ status: 'completed' }))).toBe('Completed');
    expect(tcmSummary(tcm({ status: 'missed', readmittedOn: '2026-12-01' }))).toBe('Missed · readmitted Dec 1, 2026');
  });
});
