import type { FinanceSnapshot, ViewChanged } from '@benchline/shared';
import { financeChangeBetween } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { capitationContract, financeSnapshot, msspContract } from '../finance/test-fixtures.js';
import { orderContracts, useFinanceStore } from './finance.js';

type FinanceChanged = Extract<ViewChanged, { viewId: 'finance' }>;

/** A change to `snapshot` from `held` (nothing held: every contract whole, as after a rebuild). */
const changed = (
  fromVersion: number,
  toVersion: number,
  snapshot: FinanceSnapshot,
  held: FinanceSnapshot | null = null,
): FinanceChanged => ({
  viewId: 'finance',
  fromVersion,
  toVersion,
  change: financeChangeBetween(held, snapshot),
  feedId: `${toVersion}-0`,
});

/** The snapshot after more claims: the MSSP contract's paid-to-date moves. */
const withPaid = (paidCents: number): FinanceSnapshot => {
  const mssp = msspContract();
  return financeSnapshot({ contracts: [{ ...mssp, toDate: { ...mssp.toDate, paidCents } }] });
};

describe('useFinanceStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  const loaded = () => {
    const store = useFinanceStore();
    store.beginSync();
    store.load({ viewId: 'finance', version: 4, snapshot: financeSnapshot(), feedId: '0-0' });
    return store;
  };

  it('loads a snapshot, listing the MSSP contract first', () => {
    const store = loaded();
    expect(store.status).toBe('live');
    expect(store.version).toBe(4);
    expect(store.asOfMonth).toBe('2026-06');
    expect(store.contracts.map((c) => c.contractId)).toEqual(['A2930', 'H4567-015']);
  });

  it('applies a patch: only the fields that moved travel, the rest of the view stays as held', () => {
    const store = loaded();
    const mssp = msspContract();
    const next = financeSnapshot({
      contracts: [capitationContract(), { ...mssp, toDate: { ...mssp.toDate, paidCents: 95_000_000 } }],
    });
    const change = changed(4, 5, next, financeSnapshot());
    expect(change.change.contracts).toEqual([{ contractId: 'A2930', toDate: next.contracts[1]?.toDate }]);
    const capitation = store.contracts.find((c) => c.contractId === 'H4567-015');
    expect(store.apply(change)).toBe('applied');
    expect(store.contracts.find((c) => c.program === 'mssp')?.toDate.paidCents).toBe(95_000_000);
    expect(store.contracts.find((c) => c.program === 'mssp')?.highCostMembers).toEqual(mssp.highCostMembers);
    expect(store.contracts.find((c) => c.contractId === 'H4567-015')).toBe(capitation);
  });

  it('applies a change based on the version it holds: a whole one replaces the view', () => {
    const store = loaded();
    expect(store.apply(changed(4, 7, withPaid(100_000_000)), 1234)).toBe('applied');
    expect(store.version).toBe(7);
    expect(store.lastChangeAt).toBe(1234);
    expect(store.contracts).toHaveLength(1);
    expect(store.contracts[0]?.toDate.paidCents).toBe(100_000_000);
  });

  it('drops a change it already has, and reports a gap when one was missed', () => {
    const store = loaded();
    expect(store.apply(changed(2, 4, withPaid(1)))).toBe('stale');
    expect(store.apply(changed(6, 9, withPaid(2)))).toBe('gap');
    expect(store.version).toBe(4);
    expect(store.contracts.find((c) => c.program === 'mssp')?.toDate.paidCents).toBe(92390276);
  });

  it('applies a coalesced change that starts before its version', () => {
    const store = loaded();
    expect(store.apply(changed(3, 8, withPaid(5)))).toBe('applied');
    expect(store.version).toBe(8);
  });

  it('holds changes that arrive during a resync and replays those newer than the snapshot', () => {
    const store = loaded();
    store.beginSync();
    expect(store.apply(changed(4, 6, withPaid(6)))).toBe('held');
    expect(store.apply(changed(6, 8, withPaid(8)))).toBe('held');
    const result = store.load({ viewId: 'finance', version: 6, snapshot: withPaid(6), feedId: '0-0' });
    expect(result).toBe('applied');
    expect(store.version).toBe(8);
    expect(store.contracts[0]?.toDate.paidCents).toBe(8);
    expect(store.held).toEqual([]);
  });

  it('says so when the changes held during a resync leave a gap', () => {
    const store = loaded();
    store.beginSync();
    store.apply(changed(9, 10, withPaid(10)));
    expect(store.load({ viewId: 'finance', version: 6, snapshot: withPaid(6), feedId: '0-0' })).toBe('gap');
  });

  it('records a failure until the next snapshot', () => {
    const store = loaded();
    store.fail('TIMEOUT');
    expect(store.status).toBe('error');
    expect(store.errorCode).toBe('TIMEOUT');
    store.beginSync();
    store.load({ viewId: 'finance', version: 9, snapshot: financeSnapshot(), feedId: '0-0' });
    expect(store.errorCode).toBeNull();
  });
});

describe('orderContracts', () => {
  it('puts MSSP first and the rest by name, whatever the snapshot order', () => {
    const a = capitationContract({ contractId: 'A', name: 'Alpha plan' });
    const z = capitationContract({ contractId: 'Z', name: 'Zeta plan' });
    expect(orderContracts([z, msspContract(), a]).map((c) => c.contractId)).toEqual(['A2930', 'A', 'Z']);
  });
});
