import { describe, expect, it } from 'vitest';
import { claim } from './__fixtures__/builders.js';
import { allowedCents, claimFamilyOf, incurredMonthOf, msspPaidCents, serviceCategoryOf } from './claim-spend.js';

const line = (hcpcs: string, extra: Record<string, unknown> = {}) => ({
  lineNumber: 1,
  hcpcs,
  units: 1,
  allowedAmount: 125.18,
  paidAmount: 98.13,
  fromDate: '2025-03-10',
  throughDate: '2025-03-10',
  ...extra,
});

describe('what a claim adds to A+B spend (425.605(a)(5))', () => {
  it('excludes Part D entirely', () => {
    const partD = claim({ claimId: 'D1', claimType: 'partd', paidAmount: 412.5 });
    expect(msspPaidCents(partD)).toBe(0);
    expect(serviceCategoryOf(partD)).toBeNull();
  });

  it('takes IME and DSH off an inpatient payment', () => {
    // $12,302.00 − $512.20 IME − $301.10 DSH = $11,488.70.
    const ip = claim({ claimId: 'I1', claimType: 'inpatient', paidAmount: 12_302, imeAmount: 512.2, dshAmount: 301.1 });
    expect(msspPaidCents(ip)).toBe(1_148_870);
    expect(msspPaidCents({ ...ip, imeAmount: undefined, dshAmount: undefined })).toBe(1_230_200);
    // Never below zero.
    expect(msspPaidCents({ ...ip, paidAmount: 100, imeAmount: 150 })).toBe(0);
  });

  it('sorts claims into the PUF’s categories, ambulance told apart by HCPCS or supplier specialty', () => {
    expect(serviceCategoryOf(claim({ claimId: 'P', lines: [line('99214')] }))).toBe('professional');
    expect(serviceCategoryOf(claim({ claimId: 'A', lines: [line('A0427'), line('A0425')] }))).toBe('ambulance');
    expect(serviceCategoryOf(claim({ claimId: 'S', lines: [line('99999', { renderingSpecialty: '59' })] }))).toBe(
      'ambulance',
    );
    // A0020 and below are not ambulance codes.
    expect(serviceCategoryOf(claim({ claimId: 'N', lines: [line('A0020')] }))).toBe('professional');
    for (const type of ['inpatient', 'outpatient', 'snf', 'hha', 'hospice', 'dme'] as const) {
      expect(serviceCategoryOf(claim({ claimId: type, claimType: type }))).toBe(type);
    }
  });

  it('groups categories into the claim families completion is estimated by', () => {
    expect(['inpatient', 'snf', 'hha', 'hospice'].map((c) => claimFamilyOf(c as never))).toEqual(
      Array(4).fill('institutional'),
    );
    expect(claimFamilyOf('outpatient')).toBe('outpatient');
    expect(claimFamilyOf('ambulance')).toBe('professional');
    expect(claimFamilyOf('dme')).toBe('dme');
  });

  it('dates a claim by its through date and counts allowed from its lines', () => {
    const c = claim({
      claimId: 'X',
      fromDate: '2025-01-28',
      throughDate: '2025-02-03',
      lines: [line('99214'), line('99213', { lineNumber: 2, allowedAmount: 88.95 })],
    });
    expect(incurredMonthOf(c)).toBe('2025-02');
    expect(allowedCents(c)).toBe(12_518 + 8_895);
    expect(allowedCents(claim({ claimId: 'Y', paidAmount: 50 }))).toBe(5_000);
  });
});
