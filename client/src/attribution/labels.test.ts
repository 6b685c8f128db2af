import { describe, expect, it } from 'vitest';
import { ATTRIBUTED_STEPS, NOT_ATTRIBUTED_REASONS, parseAttributionCounters } from '../rollups/counters.js';
import { atRisk, churnLabel, churnSinceText, reasonLabel, shortStepLabel, signedCount, stepLabel } from './labels.js';

describe('attribution labels', () => {
  it('names every step and reason in words, never the code', () => {
    for (const step of ATTRIBUTED_STEPS) {
      expect(stepLabel(step)).not.toBe(step);
      expect(shortStepLabel(step)).not.toBe(step);
    }
    for (const reason of [...NOT_ATTRIBUTED_REASONS, 'no-longer-evaluated']) {
      expect(reasonLabel(reason)).not.toBe(reason);
      expect(reasonLabel(reason)).toMatch(/^[A-Z]/);
    }
    expect(reasonLabel('plurality-elsewhere')).toBe('More primary care paid to another ACO or practice');
    expect(shortStepLabel('step-3')).toBe('Step 3 (wellness visit)');
  });

  it('shows an unknown code as itself', () => {
    expect(reasonLabel('brand-new')).toBe('brand-new');
    expect(stepLabel('step-9')).toBe('step-9');
  });

  it('says a churn entry with its direction', () => {
    expect(churnLabel('joined', 'roster')).toBe('Joined — On the payer’s roster this month');
    expect(churnLabel('left', 'tie')).toBe('Left — Tied with another ACO or practice for the most primary care');
  });
});

describe('churnSinceText', () => {
  it('measures from the last day of the previous quarter, or the period start in the first quarter', () => {
    expect(churnSinceText('2026-11-27')).toBe('since Sep 30, 2026');
    expect(churnSinceText('2026-10-01')).toBe('since Sep 30, 2026');
    expect(churnSinceText('2026-06-30')).toBe('since Mar 31, 2026');
    expect(churnSinceText('2026-02-14')).toBe('since the start of the performance period');
  });
});

describe('atRisk', () => {
  it('counts tie and plurality-elsewhere as within reach for a claims-assigned contract', () => {
    const c = parseAttributionCounters({
      'attribution:A:step-1': 80,
      'attribution:A:plurality-elsewhere': 3,
      'attribution:A:tie': 2,
      'attribution:A:no-primary-care': 28,
    }).get('A')!;
    expect(atRisk(c)).toEqual({ basis: 'claims', withinReach: 5, offRoster: 0 });
  });

  it('says only who is off this month’s roster for a roster contract', () => {
    const c = parseAttributionCounters({
      'attribution:M:roster': 40,
      'attribution:M:not-on-roster-this-month': 4,
    }).get('M')!;
    expect(atRisk(c)).toEqual({ basis: 'roster', withinReach: 0, offRoster: 4 });
  });
});

describe('signedCount', () => {
  it('signs counts but not zero', () => {
    expect(signedCount(1200, '+')).toBe('+1,200');
    expect(signedCount(2, '−')).toBe('−2');
    expect(signedCount(0, '−')).toBe('0');
  });
});
