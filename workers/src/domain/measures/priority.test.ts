/**
 * The priority queue on a small hand-checked case (default weights, today 2026-11-01), the order and the
 * coordinator-facing explanation, a past-due gap, and weights as configuration.
 */
import { describe, expect, it } from 'vitest';
import { PERIOD } from './__fixtures__/builders.js';
import type { CareGap } from './gaps.js';
import { DEFAULT_PRIORITY_CONFIG, prioritizeGaps, type PatientContext } from './priority.js';

function gap(memberId: string, subject: string, title: string, state: CareGap['state'] = 'open'): CareGap {
  return {
    gapId: `${memberId}:${subject}:${PERIOD.start}`,
    kind: subject === 'AWV' ? 'annual-wellness-visit' : 'measure',
    memberId,
    subject,
    title,
    period: PERIOD,
    state,
    reason: null,
    dueDate: state === 'open' ? PERIOD.end : null,
    nextDueDate: null,
    earliestDate: null,
    evidence: [],
  };
}

const gaps = [
  gap('M1', 'CMS165', 'Controlling High Blood Pressure'),
  gap('M1', 'CMS130', 'Colorectal Cancer Screening'),
  gap('M1', 'CMS125', 'Breast Cancer Screening', 'closed-confirmed'),
  gap('M2', 'CMS2', 'Screening for Depression and Follow-Up Plan'),
  gap('M2', 'AWV', 'Annual wellness visit'),
];
const patients = new Map<string, PatientContext>([
  ['M1', { riskScore: 2.4, lastContactDate: '2026-05-05', nextVisitDate: '2026-11-20' }],
]);

describe('priority queue', () => {
  it('scores each open gap from its factors (hand-checked) and ranks them', () => {
    const queue = prioritizeGaps(gaps, patients, '2026-11-01');
    // M1/CMS165: weight 3 + urgency 3·(1 − 60/120) 1.5 + risk 2·min(2.4/2, 1) 2 + 2 gaps 2·2/4 1
    //   + contact 180 days 1·180/180 1 + visit in 19 days 2 = 10.5
    expect(queue.map((item) => [item.gap.gapId, item.score])).toEqual([
      ['M1:CMS165:2026-01-01', 10.5],
      ['M1:CMS130:2026-01-01', 9.5],
      // M2 (nothing known): weight 2 + 1.5 + risk 0 + 2 gaps 1 + no contact on record 1 + no visit 0 = 5.5 each.
      ['M2:AWV:2026-01-01', 5.5],
      ['M2:CMS2:2026-01-01', 5.5],
    ]);
  });

  it('explains the score in the words a coordinator reads, strongest factor first', () => {
    const [first] = prioritizeGaps(gaps, patients, '2026-11-01');
    expect(first?.explanation).toBe(
      'Controlling High Blood Pressure is open; risk score 2.40 (high); visit booked 2026-11-20 (in 19 days) — close it there; ' +
        '60 days left (due 2026-12-31); 2 open gaps — one contact can close several; last contact 180 days ago (2026-05-05).',
    );
    expect(first?.factors.map((f) => [f.factor, f.points])).toEqual([
      ['measure', 3],
      ['days-left', 1.5],
      ['risk', 2],
      ['open-gaps', 1],
      ['last-contact', 1],
      ['upcoming-visit', 2],
    ]);
  });

  it('a gap whose period has ended scores nothing and says so', () => {
    const [item] = prioritizeGaps([gap('M1', 'CMS165', 'Controlling High Blood Pressure')], patients, '2027-01-05');
    expect(item?.score).toBe(0);
    expect(item?.explanation).toContain('the period ended on 2026-12-31: it can no longer close');
  });

  it('a visit after the due date does not count as a chance to close the gap', () => {
    const late = new Map<string, PatientContext>([['M1', { nextVisitDate: '2027-01-10' }]]);
    const [item] = prioritizeGaps([gap('M1', 'CMS165', 'Controlling High Blood Pressure')], late, '2026-12-20');
    expect(item?.factors.find((f) => f.factor === 'upcoming-visit')?.points).toBe(0);
  });

  it('weights are configuration: weighting risk heavily reorders the queue', () => {
    const config = {
      ...DEFAULT_PRIORITY_CONFIG,
      risk: { weight: 0, highRiskScore: 2 },
      gapWeights: { ...DEFAULT_PRIORITY_CONFIG.gapWeights, AWV: 20 },
    };
    expect(prioritizeGaps(gaps, patients, '2026-11-01', config)[0]?.gap.gapId).toBe('M2:AWV:2026-01-01');
  });
});
