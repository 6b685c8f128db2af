import { describe, expect, it } from 'vitest';
import { capitationContract, msspContract } from './test-fixtures.js';
import { canProjectTrend, normalCdf, remainingMemberMonths, reprojectSpendTrend } from './spend-trend.js';

describe('reprojectSpendTrend', () => {
  const mssp = msspContract();

  it('with no change, gives back the engine projection it started from', () => {
    const same = reprojectSpendTrend(mssp, 0);
    expect(same).not.toBeNull();
    expect(same?.spendCents).toBe(236901616);
    expect(same?.perCapitaCents).toBe(1286344);
    expect(same?.lowPerCapitaCents).toBe(1212317);
    expect(same?.highPerCapitaCents).toBe(1360371);
    expect(same?.savingsRate).toBeCloseTo(0.08067854365823537, 6);
    expect(same?.clearsMsr).toBe(true);
    // The snapshot's own P(clearing the MSR), from the band alone.
    expect(same?.probabilityClearingMsr).toBeCloseTo(0.9292053804923378, 3);
  });

  it('moves only the months still to come, and scales the band with them (hand-checked)', () => {
    // Future spend 236,901,616 − 133,457,179 = 103,444,437 cents; × 0.95 = 98,272,215.
    const lower = reprojectSpendTrend(mssp, -0.05);
    expect(lower?.remainingMemberMonths).toBe(2210 - 1106);
    expect(lower?.spendCents).toBe(133457179 + 98272215);
    // 231,729,394 × 12 ÷ 2,210 = 1,258,259.15
    expect(lower?.perCapitaCents).toBe(1258259);
    // Half-width (1,360,371 − 1,212,317) ÷ 2 = 74,027, × 0.95 = 70,325.65.
    expect(lower?.lowPerCapitaCents).toBe(1187933);
    expect(lower?.highPerCapitaCents).toBe(1328585);
    expect(lower?.savingsRate).toBeCloseTo(140973 / 1399232, 10);
    expect(lower?.grossSavingsCents).toBe(257691893 - 231729394);
    expect(lower?.probabilityClearingMsr).toBeCloseTo(0.98026, 4);
  });

  it('shows a higher trend eating into the margin over the MSR', () => {
    const higher = reprojectSpendTrend(mssp, 0.1);
    expect(higher?.spendCents).toBe(247246060);
    expect(higher?.perCapitaCents).toBe(1342513);
    expect(higher?.savingsRate).toBeCloseTo(0.0405358, 6);
    expect(higher?.clearsMsr).toBe(true);
    expect(higher?.probabilityClearingMsr).toBeCloseTo(0.67445, 4);
    const muchHigher = reprojectSpendTrend(mssp, 0.5);
    expect(muchHigher?.clearsMsr).toBe(false);
  });

  it('has no MSR verdict for a contract without one, and no band when the engine gave none', () => {
    const target = msspContract({ msr: null, mlr: null, probabilityClearingMsr: null });
    expect(reprojectSpendTrend(target, 0.02)?.clearsMsr).toBeNull();
    const noBand = msspContract({
      projection: { ...mssp.projection, lowPerCapitaCents: null, highPerCapitaCents: null },
    });
    const result = reprojectSpendTrend(noBand, 0.02);
    expect(result?.lowPerCapitaCents).toBeNull();
    expect(result?.probabilityClearingMsr).toBeNull();
    expect(result?.clearsMsr).toBe(true);
  });

  it('refuses when there is nothing to re-project', () => {
    expect(canProjectTrend(capitationContract())).toBe(false);
    expect(reprojectSpendTrend(capitationContract(), 0.05)).toBeNull();
    const yearDone = msspContract({ projection: { ...mssp.projection, memberMonths: 1106 } });
    expect(remainingMemberMonths(yearDone)).toBe(0);
    expect(reprojectSpendTrend(yearDone, 0.05)).toBeNull();
  });
});

describe('normalCdf', () => {
  it('matches the standard normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.2816)).toBeCloseTo(0.9, 4);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 4);
  });
});
