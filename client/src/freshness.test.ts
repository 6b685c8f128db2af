import { describe, expect, it } from 'vitest';
import { panelFreshness, tenantFreshness } from './freshness.js';

describe('panelFreshness', () => {
  it('says how recent each source is, and which have sent nothing', () => {
    const lines = panelFreshness({
      onFile: true,
      memberRecords: 1,
      claims: 4,
      cancelledClaims: 0,
      clinicalEvents: 0,
      rosterRows: 0,
      worklistActions: 0,
      latestClaimPaidDate: '2026-11-14',
      latestServiceDate: '2026-11-02',
      latestClinicalDate: null,
      enrollmentAsOf: '2026-11-01',
      rosterAsOf: null,
    });
    expect(lines.map((line) => line.text)).toEqual([
      'claims paid through Nov 14, 2026',
      'no clinical data yet',
      'enrolment as of Nov 1, 2026',
      'on no payer roster',
    ]);
    expect(lines.filter((line) => line.known).map((line) => line.source)).toEqual(['claims', 'enrollment']);
  });
});

describe('tenantFreshness', () => {
  it('says the same of the whole tenant', () => {
    expect(
      tenantFreshness({
        claimsPaidThrough: '2026-11-20',
        clinicalThrough: '2026-09-26',
        enrollmentAsOf: null,
        rosterAsOf: null,
      }).map((line) => line.text),
    ).toEqual([
      'claims paid through Nov 20, 2026',
      'clinical data through Sep 26, 2026',
      'no enrolment record',
      'no payer rosters yet',
    ]);
  });
});
