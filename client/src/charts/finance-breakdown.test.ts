import { describe, expect, it } from 'vitest';
import { capitationContract, msspContract } from '../finance/test-fixtures.js';
import {
  categoryGrid,
  categoryLabel,
  categorySeries,
  enrolmentRows,
  enrolmentSeries,
  highCostRows,
  leakageRows,
} from './finance-breakdown.js';

describe('enrolmentRows', () => {
  const rows = enrolmentRows(msspContract());

  it('puts each type’s spend beside its benchmark, per person-year too, and the weighted total last', () => {
    expect(rows.map((r) => r.type)).toEqual(['esrd', 'disabled', 'agedDual', 'agedNonDual', 'weighted']);
    const esrd = rows[0]!;
    // 6 ESRD member-months: $117,791.79 comparable spend = $235,583.58 per person-year against UB_t $93,426.04.
    expect(esrd).toMatchObject({
      label: 'ESRD',
      memberMonths: 6,
      spendCents: 11_779_179,
      benchmarkCents: 4_671_302,
      perCapitaCents: 23_558_358,
      benchmarkPerCapitaCents: 9_342_604,
      differenceCents: 4_671_302 - 11_779_179,
    });
    expect(esrd.differenceRate).toBeCloseTo((4_671_302 - 11_779_179) / 4_671_302, 12);
  });

  it('weights the four types by their member-months: the view’s totals to date', () => {
    const weighted = rows.at(-1)!;
    const contract = msspContract();
    expect(weighted).toMatchObject({
      memberMonths: 1106,
      spendCents: contract.toDate.truncatedCents,
      benchmarkCents: contract.toDate.benchmarkCents,
      perCapitaCents: Math.round((contract.toDate.truncatedCents * 12) / 1106),
      benchmarkPerCapitaCents: Math.round((128_953_134 * 12) / 1106),
    });
    expect(rows.slice(0, 4).reduce((s, r) => s + r.spendCents, 0)).toBe(weighted.spendCents);
  });

  it('shows a type’s benchmark rate even without member-months, but no difference', () => {
    const capitation = enrolmentRows(capitationContract());
    expect(capitation[0]).toMatchObject({
      benchmarkPerCapitaCents: 1_115_796,
      differenceCents: null,
      perCapitaCents: null,
    });
  });

  it('charts per person-year for the types with member-months and weighted, in dollars', () => {
    const series = enrolmentSeries(msspContract());
    expect(series.labels).toEqual(['ESRD', 'Disabled', 'Aged, dual eligible', 'Aged, not dual', 'All types, weighted']);
    expect(series.datasets[0]?.data[0]).toBe(235_583.58);
    expect(series.datasets[1]?.data[0]).toBe(93_426.04);
    expect(enrolmentSeries(capitationContract()).labels).toEqual([]);
  });
});

describe('categoryGrid', () => {
  const grid = categoryGrid(msspContract());

  it('divides each category’s completed spend by the month’s member-months, with its completeness', () => {
    expect(grid.months.map((m) => m.memberMonths)).toEqual([185, 185, 184, 184, 184, 184]);
    const inpatient = grid.rows.find((r) => r.category === 'inpatient')!;
    expect(inpatient.label).toBe('Inpatient');
    // May: $209,805.98 completed over 184 member-months; $104,902.99 paid → 50 % complete, provisional.
    expect(inpatient.cells[4]).toMatchObject({
      month: '2026-05',
      completedCents: 20_980_598,
      completedPmpmCents: Math.round(20_980_598 / 184),
      paidPmpmCents: Math.round(10_490_299 / 184),
      provisional: true,
    });
    expect(inpatient.cells[4]?.completeness).toBeCloseTo(10_490_299 / 20_980_598, 12);
    // January is nearly complete; June has nothing expected for inpatient.
    expect(inpatient.cells[0]?.provisional).toBe(false);
    expect(inpatient.cells[5]).toMatchObject({ completeness: null, provisional: false, completedPmpmCents: 0 });
  });

  it('totals every category per month, and each category over the months', () => {
    const june = grid.totals[5]!;
    const expected = msspContract().categories.rows.reduce((s, r) => s + (r.completedCents[5] ?? 0), 0);
    expect(june.completedCents).toBe(expected);
    expect(june.provisional).toBe(true);
    const professional = grid.rows.find((r) => r.category === 'professional')!;
    expect(professional.completedPmpmCents).toBe(
      Math.round(professional.cells.reduce((s, c) => s + c.completedCents, 0) / 1106),
    );
  });

  it('stacks completed PMPM by category, paler and labelled for provisional months', () => {
    const series = categorySeries(msspContract());
    expect(series.datasets.map((d) => d.label)).toEqual(grid.rows.map((r) => r.label));
    expect(series.labels?.[0]).toBe('Jan 2026');
    expect(series.labels?.[5]).toEqual(['Jun 2026', 'provisional']);
    const colours = series.datasets[0]?.backgroundColor as string[];
    expect(colours[0]).toBe('#0072B2');
    expect(colours[5]).toBe('rgba(0, 114, 178, 0.4)');
    expect(series.datasets[0]?.data[0]).toBe(Math.round(1_376_521 / 185) / 100);
  });

  it('names the categories', () => {
    expect(categoryLabel('snf')).toBe('Skilled nursing facility');
    expect(categoryLabel('other')).toBe('other');
  });
});

describe('leakageRows and highCostRows', () => {
  it('gives each month’s inside and outside dollars and the share outside; none for roster contracts', () => {
    const rows = leakageRows(msspContract())!;
    expect(rows[0]).toMatchObject({ month: '2026-01', label: 'Jan 2026', inCents: 1_962_746, outCents: 429_119 });
    expect(rows[0]?.share).toBeCloseTo(429_119 / (1_962_746 + 429_119), 12);
    expect(leakageRows(capitationContract())).toBeNull();
  });

  it('ranks the high-cost members with a link to each patient and their share of paid spend', () => {
    const rows = highCostRows(msspContract());
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatchObject({
      rank: 1,
      memberId: '8RP7WG6QH60',
      link: '/patients/8RP7WG6QH60',
      paidCents: 10_980_061,
      types: 'ESRD',
    });
    expect(rows[0]?.share).toBeCloseTo(10_980_061 / 92_390_276, 12);
    expect(
      highCostRows(msspContract({ highCostMembers: [{ ...msspContract().highCostMembers[0]!, memberId: 'a/b' }] }))[0]
        ?.link,
    ).toBe('/patients/a%2Fb');
  });
});
