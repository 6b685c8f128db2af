import { describe, expect, it } from 'vitest';
import { measureRow } from '../quality/measures.js';
import { emptyMeasureCounts, parseAttributionCounters } from '../rollups/counters.js';
import { PALETTE } from './palette.js';
import { rateBars, stepSegments } from './rollup-series.js';

describe('rateBars', () => {
  it('draws each measure’s rate in percent against its target, inverse measures in their own colour', () => {
    const rows = [
      measureRow({ ...emptyMeasureCounts('CMS130'), met: 2, notMet: 1 }, 0.7),
      measureRow({ ...emptyMeasureCounts('CMS122'), met: 1, notMet: 7 }, 0.2),
      measureRow(emptyMeasureCounts('CMS2'), 0.7),
    ];
    expect(rateBars(rows, 0.7, 0.2)).toEqual([
      {
        measureId: 'CMS130',
        label: 'CMS130 Colorectal cancer screening',
        percent: 66.7,
        targetPercent: 70,
        colour: PALETTE.blue,
        inverse: false,
      },
      {
        measureId: 'CMS122',
        label: 'CMS122 Diabetes: glycemic status > 9 %',
        percent: 12.5,
        targetPercent: 20,
        colour: PALETTE.vermillion,
        inverse: true,
      },
      {
        measureId: 'CMS2',
        label: 'CMS2 Depression screening and follow-up',
        percent: null,
        targetPercent: 70,
        colour: PALETTE.blue,
        inverse: false,
      },
    ]);
  });
});

describe('stepSegments', () => {
  it('splits attributed lives by step in the rules’ order with their shares', () => {
    const contract = parseAttributionCounters({
      'attribution:C:step-2': 25,
      'attribution:C:step-1': 70,
      'attribution:C:voluntary-alignment': 5,
      'attribution:C:tie': 3,
    }).get('C')!;
    expect(stepSegments(contract).map((s) => [s.step, s.count, s.share])).toEqual([
      ['voluntary-alignment', 5, 0.05],
      ['step-1', 70, 0.7],
      ['step-2', 25, 0.25],
    ]);
  });
});
