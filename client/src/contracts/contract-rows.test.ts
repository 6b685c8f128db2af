import { describe, expect, it } from 'vitest';
import { msspContract } from '../finance/test-fixtures.js';
import { parseAttributionCounters } from '../rollups/counters.js';
import { contractRows, qualityGate, settlementLabel } from './contract-rows.js';

describe('contractRows', () => {
  it('puts each contract’s finance beside its attributed lives from the roll-ups', () => {
    const contract = msspContract();
    const attribution = parseAttributionCounters({
      [`attribution:${contract.contractId}:step-1`]: 200,
      [`attribution:${contract.contractId}:step-2`]: 20,
      [`attribution:${contract.contractId}:plurality-elsewhere`]: 9,
    });
    const [row] = contractRows([contract], attribution);
    const mm = contract.toDate.memberMonths;
    expect(row).toMatchObject({
      contractId: contract.contractId,
      attributedLives: 220,
      memberMonths: mm.esrd + mm.disabled + mm.agedDual + mm.agedNonDual,
      settlementCents: contract.settlement.expectedCents,
      ffsRevenueCents: contract.ffsRevenueCents,
      settlementLabel: 'Projected shared savings (+) or losses (−)',
    });
    const benchmark = contract.projection.benchmarkCents!;
    expect(row?.marginRate).toBeCloseTo((benchmark - contract.projection.spendCents) / benchmark, 12);
  });

  it('says when the roll-ups have nothing for a contract, or there is no benchmark', () => {
    const contract = { ...msspContract(), projection: { ...msspContract().projection, benchmarkCents: null } };
    const [row] = contractRows([contract], new Map());
    expect(row?.attributedLives).toBeNull();
    expect(row?.marginRate).toBeNull();
  });
});

describe('qualityGate', () => {
  it('reports the engine’s assumption when it made one, else that the view does not carry it', () => {
    const note = 'quality performance standard assumed met';
    expect(qualityGate({ assumptions: [{ item: 'quality', confidence: 'assumption', note }] })).toEqual({
      status: 'assumed',
      text: `Assumed met by the finance engine (${note})`,
    });
    expect(qualityGate({ assumptions: [] }).status).toBe('unknown');
  });
});

describe('settlementLabel', () => {
  it('names the figure by benchmark type', () => {
    expect(settlementLabel('capitation')).toBe('Projected capitation margin');
    expect(settlementLabel('pmpm-target')).toBe('Projected savings (+) or losses (−) against the target');
  });
});
