import { emptyFinanceSnapshot, emptyFreshnessSnapshot } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { projectWall, suppressSmall } from './wall-projection.js';

const sources = (counters: Record<string, number>) => ({
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
});
