import { describe, expect, it } from 'vitest';
import { dayNumber, isoDate } from './calendar.js';
import { assembleClaimVersions, drawPaidLagDays, type ClaimDraft } from './claim-assembly.js';
import { DEFAULT_PROFILE } from './profile.js';
import { Random } from './random.js';

const lag = DEFAULT_PROFILE.claimsLag;

function lagShares(
  shape: typeof lag.institutional,
  draws = 100_000,
): { within30: number; within60: number; within150: number; beyond180: number; min: number } {
  const random = Random.of(5, 'lag-test');
  let within30 = 0;
  let within60 = 0;
  let within150 = 0;
  let beyond180 = 0;
  let min = Infinity;
  for (let i = 0; i < draws; i += 1) {
    const days = drawPaidLagDays(random, shape, lag.minimumDays);
    min = Math.min(min, days);
    if (days <= 30) {
      within30 += 1;
    }
    if (days <= 60) {
      within60 += 1;
    }
    if (days <= 150) {
      within150 += 1;
    }
    if (days > 180) {
      beyond180 += 1;
    }
  }
  return {
    within30: within30 / draws,
    within60: within60 / draws,
    within150: within150 / draws,
    beyond180: beyond180 / draws,
    min,
  };
}

describe('paid-date lag', () => {
  it('follows the inpatient maturity curve (§3, S14: 48% / 91% / 98% final at 1 / 2 / 5 months)', () => {
    const shares = lagShares(lag.institutional);
    expect(shares.min).toBeGreaterThanOrEqual(14);
    expect(shares.within30).toBeGreaterThan(0.4);
    expect(shares.within30).toBeLessThan(0.56);
    expect(shares.within60).toBeGreaterThan(0.86);
    expect(shares.within60).toBeLessThan(0.95);
    expect(shares.within150).toBeGreaterThan(0.96);
    // §3: a 1–2% tail beyond six months.
    expect(shares.beyond180).toBeGreaterThan(0.01);
    expect(shares.beyond180).toBeLessThan(0.02);
  });

  it('is slower for home health and hospice and faster for professional claims', () => {
    const homeHealth = lagShares(lag.homeHealthAndHospice);
    const professional = lagShares(lag.professional);
    expect(homeHealth.within30).toBeLessThan(lagShares(lag.institutional).within30);
    expect(homeHealth.within60).toBeGreaterThan(0.75);
    expect(professional.within30).toBeGreaterThan(0.8);
    expect(professional.min).toBeGreaterThanOrEqual(14);
  });
});

describe('claim versions', () => {
  const draft = (claimId: string): ClaimDraft => ({
    claimId,
    claimType: 'professional',
    memberId: '1EG4TE5MK73',
    billingTin: '001234567',
    billingNpi: '1234567893',
    diagnoses: ['I10', 'I10', 'E119'],
    lines: [
      {
        hcpcs: '99214',
        units: 1,
        allowed: 125.18,
        paid: 100.144,
        fromDay: dayNumber(2025, 3, 3),
        throughDay: dayNumber(2025, 3, 3),
      },
      {
        hcpcs: 'G2211',
        units: 1,
        allowed: 16.05,
        paid: 12.84,
        fromDay: dayNumber(2025, 3, 3),
        throughDay: dayNumber(2025, 3, 3),
      },
    ],
    lagKind: 'professional',
  });

  it('round money to cents, total the lines and de-duplicate diagnoses', () => {
    const [original] = assembleClaimVersions(draft('c1'), DEFAULT_PROFILE, 7);
    expect(original?.event.lines[0]?.paidAmount).toBe(100.14);
    expect(original?.event.paidAmount).toBe(112.98);
    expect(original?.event.diagnoses).toEqual(['I10', 'E119']);
    expect(original?.event.paidDate).toBe(isoDate(original?.paidDay ?? 0));
  });

  it('adjust or cancel a few percent of claims, with later paid dates and a rebill under a new id', () => {
    let adjusted = 0;
    let cancelled = 0;
    let rebilled = 0;
    const total = 20_000;
    for (let i = 0; i < total; i += 1) {
      const versions = assembleClaimVersions(draft(`c${i}`), DEFAULT_PROFILE, 7);
      for (let k = 1; k < versions.length; k += 1) {
        expect(versions[k]?.paidDay).toBeGreaterThan(versions[k - 1]?.paidDay ?? 0);
      }
      const kinds = versions.map((v) => v.event.adjustment);
      if (kinds.includes('adjustment')) {
        adjusted += 1;
      }
      if (kinds.includes('cancel')) {
        cancelled += 1;
        const cancel = versions.find((v) => v.event.adjustment === 'cancel');
        expect(cancel?.event.claimId).toBe(`c${i}`);
        expect(cancel?.event.version).toBe(2);
        expect(cancel?.event.paidAmount).toBe(0);
      }
      if (versions.some((v) => v.event.claimId === `c${i}R`)) {
        rebilled += 1;
      }
    }
    expect(adjusted / total).toBeCloseTo(DEFAULT_PROFILE.adjustments.adjustmentRate, 2);
    expect(cancelled / total).toBeCloseTo(DEFAULT_PROFILE.adjustments.cancelRate, 2);
    expect(rebilled / cancelled).toBeGreaterThan(0.35);
    expect(rebilled / cancelled).toBeLessThan(0.65);
  });

  it('are the same every time for the same claim id', () => {
    expect(assembleClaimVersions(draft('c42'), DEFAULT_PROFILE, 7)).toEqual(
      assembleClaimVersions(draft('c42'), DEFAULT_PROFILE, 7),
    );
  });
});
