import { emptyFinanceSnapshot, emptyFreshnessSnapshot } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { projectWall, suppressSmall } from './wall-projection.js';
import { localDay } from '../plugins/app/view-store.js';

const sources = (counters: Record<string, number>, today = '2026-06-01') => ({
  today,
  rollups: { counters, updatedAt: '2026-06-01T10:00:00.000Z' },
  spend: {
    months: { '2026-02': { paidCents: 500, claims: 2 }, '2026-01': { paidCents: 900, claims: 3 } },
    paidThrough: '2026-03-01',
    updatedAt: '2026-06-01T11:00:00.000Z',
  },
  finance: emptyFinanceSnapshot(),
  freshness: { ...emptyFreshnessSnapshot(), claimsPaidThrough: '2026-03-01' },
});

describe('the wall projection', () => {
  it('suppresses counts of 1 to 10 patients, and keeps 0 and 11 or more', () => {
    expect([0, 1, 10, 11, 250].map(suppressSmall)).toEqual([0, null, null, 11, 250]);
  });

  it('shows rates only where both terms can be shown, and totals open gaps', () => {
    const wall = projectWall(
      sources({
        members: 9,
        'quality:CMS130:met': 30,
        'quality:CMS130:not-met': 10,
        'quality:CMS125:met': 4,
        'quality:CMS125:not-met': 20,
        'gaps:measure:open': 8,
        'gaps:hcc-recapture:open': 7,
        'gaps:measure:closed-confirmed': 40,
      }),
    );
    expect(wall.members).toBeNull();
    expect(wall.openGaps).toBe(15);
    expect(wall.measures.find((m) => m.measureId === 'CMS130')).toEqual({
      measureId: 'CMS130',
      met: 30,
      eligible: 40,
      rate: 0.75,
    });
    // 4 of 24: the numerator is a small cell, so the rate (which would reveal it) is withheld too.
    expect(wall.measures.find((m) => m.measureId === 'CMS125')).toEqual({
      measureId: 'CMS125',
      met: null,
      eligible: 24,
      rate: null,
    });
    expect(wall.measures.find((m) => m.measureId === 'CMS2')).toEqual({
      measureId: 'CMS2',
      met: 0,
      eligible: 0,
      rate: null,
    });
    expect(wall.spendByMonth).toEqual([
      { month: '2026-01', paidCents: 900 },
      { month: '2026-02', paidCents: 500 },
    ]);
    expect(wall.updatedAt).toBe('2026-06-01T11:00:00.000Z');
  });

  it('carries nothing but aggregates, whatever the counters hold', () => {
    const wall = projectWall(
      sources({ 'quality-npi:CMS130:1234567893:met': 12, 'attribution:A1:step-1': 500, members: 500 }),
    );
    expect(JSON.stringify(wall)).not.toContain('1234567893');
  });

  it("counts today's admissions, ED visits, discharges and readmissions, and the last 30 days' TCM rate", () => {
    const wall = projectWall(
      sources(
        {
          'adt:admitted:2026-06-01': 14,
          'adt:admitted:2026-05-31': 30,
          'adt:ed-visit:2026-06-01': 25,
          'adt:discharged:2026-06-01': 3,
          'adt:readmitted:2026-06-01': 0,
          'tcm:2026-05-20:completed': 20,
          'tcm:2026-05-20:missed': 5,
          'tcm:2026-05-28:completed': 16,
          'tcm:2026-05-28:missed': 4,
          'tcm:2026-05-31:pending': 12,
          'tcm:2026-06-01:pending': 3,
        },
        '2026-06-01',
      ),
    );
    expect(wall.transitions).toEqual({
      day: '2026-06-01',
      admissions: 14,
      edVisits: 25,
      // 3 discharges is a small cell.
      discharges: null,
      readmissions: 0,
      tcm: { completed: 36, decided: 45, pending: 15, rate: 0.8 },
    });
  });

  it('withholds the TCM rate when either of its terms is a small cell', () => {
    const wall = projectWall(sources({ 'tcm:2026-05-20:completed': 8, 'tcm:2026-05-20:missed': 30 }));
    expect(wall.transitions.tcm).toEqual({ completed: null, decided: 38, pending: 0, rate: null });
  });

  it("takes the wall's day in the hospitals' time zone", () => {
    const evening = new Date('2026-11-28T01:30:00Z');
    expect(localDay(evening, undefined)).toBe('2026-11-28');
    expect(localDay(evening, 'America/New_York')).toBe('2026-11-27');
  });
});
