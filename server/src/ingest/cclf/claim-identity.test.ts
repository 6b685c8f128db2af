import { describe, expect, it } from 'vitest';
import {
  adjustmentOf,
  claimVersion,
  controlNumberId,
  isMoveCancel,
  moveCancelVersion,
  naturalKeyId,
  versionAtEpoch,
} from './claim-identity.js';

describe('claim versions from CMS records', () => {
  it('reads CLM_ADJSMT_TYPE_CD in one or two characters', () => {
    expect(['0', '00', '1', '01', '2', '02', '3', ''].map(adjustmentOf)).toEqual([
      'original',
      'original',
      'cancel',
      'cancel',
      'adjustment',
      'adjustment',
      undefined,
      undefined,
    ]);
  });

  it('orders records by processing date, then cancel < original < adjustment on one day', () => {
    const versions = [
      claimVersion('2026-01-05', 'original', '0000000000001', 0),
      claimVersion('2026-02-02', 'cancel', '0000000000002', 0),
      claimVersion('2026-02-02', 'original', '0000000000003', 0),
      claimVersion('2026-02-02', 'adjustment', '0000000000004', 0),
      claimVersion('2026-02-03', 'cancel', '0000000000005', 0),
    ];
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('is the same for the same record, whenever it is delivered, and fits a canonical version', () => {
    expect(claimVersion('2026-01-05', 'original', '1234567890123', 0)).toBe(
      claimVersion('2026-01-05', 'original', '1234567890123', 0),
    );
    expect(claimVersion('2099-12-31', 'adjustment', '9999999999999', 7)).toBeLessThanOrEqual(2_147_483_647);
    expect(claimVersion('2000-01-01', 'cancel', '0000000000000', 0)).toBe(1);
  });

  it('gives a new MBI epoch a later version, with the move-cancel of the old one in between', () => {
    const stored = claimVersion('2026-01-05', 'original', '0000000000123', 0);
    const cancel = moveCancelVersion(stored);
    const moved = versionAtEpoch(stored, 1);
    expect(stored < cancel && cancel < moved).toBe(true);
    expect(isMoveCancel(cancel)).toBe(true);
    expect(isMoveCancel(stored) || isMoveCancel(moved)).toBe(false);
    expect(moved).toBe(claimVersion('2026-01-05', 'original', '0000000000123', 1));
    // Any later record outranks every epoch of an earlier one.
    expect(versionAtEpoch(stored, 7)).toBeLessThan(claimVersion('2026-01-05', 'original', '0000000000124', 0));
  });

  it('keeps control numbers that fit a claim id, and hashes natural keys', () => {
    expect(controlNumberId('21926001234567')).toBe('21926001234567');
    expect(controlNumberId('ICN 123')).toBeUndefined();
    expect(naturalKeyId('d', ['2026-01-05', '01', '1234567890'])).toMatch(/^cclf-d-[A-Za-z0-9_-]{32}$/);
    expect(naturalKeyId('d', ['a', 'b'])).not.toBe(naturalKeyId('d', ['a', 'c']));
  });
});
