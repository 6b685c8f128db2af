import type { WallContract } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { monthTick, orderWallContracts, orderWallMeasures, wallSpendSeries } from './series.js';

const contract = (contractId: string, name: string, program: string): WallContract => ({
  contractId,
  name,
  program,
  spendToDateCents: 0,
  benchmarkToDateCents: null,
  projectedSavingsRate: null,
  expectedSettlementCents: null,
});

describe('wall series', () => {
  it('puts MSSP first, then contracts by name', () => {
    const ordered = orderWallContracts([
      contract('b', 'Beta', 'ma'),
      contract('m', 'Zed', 'mssp'),
      contract('a', 'Alpha', 'ma'),
    ]);
    expect(ordered.map((c) => c.contractId)).toEqual(['m', 'a', 'b']);
  });

  it('orders measures as the Quality page does, unknown ones last', () => {
    const m = (measureId: string) => ({ measureId, met: 0, eligible: 0, rate: null });
    expect(orderWallMeasures([m('X9'), m('CMS130'), m('CMS122')]).map((x) => x.measureId)).toEqual([
      'CMS122',
      'CMS130',
      'X9',
    ]);
  });

  it('keeps the latest months only, oldest first, in dollars', () => {
    const series = wallSpendSeries(
      [
        { month: '2026-03', paidCents: 300 },
        { month: '2026-01', paidCents: 100 },
        { month: '2026-02', paidCents: 250 },
      ],
      2,
    );
    expect(series).toEqual({ months: ['2026-02', '2026-03'], dollars: [2.5, 3], totalCents: 550 });
    expect(wallSpendSeries([])).toEqual({ months: [], dollars: [], totalCents: 0 });
  });
});

describe('monthTick', () => {
  it('names the month, with the year on the first bar and on every January', () => {
    expect(monthTick('2025-11', 0)).toEqual(['Nov', '2025']);
    expect(monthTick('2025-12', 1)).toBe('Dec');
    expect(monthTick('2026-01', 2)).toEqual(['Jan', '2026']);
  });
});
