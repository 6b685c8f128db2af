import { describe, expect, it } from 'vitest';
import {
  VALID_CLAIM,
  VALID_CLINICAL,
  VALID_MEMBER,
  VALID_ROSTER,
} from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { freshnessOf } from './freshness.js';

describe('freshnessOf', () => {
  it('takes the latest date per source, and ignores claims (the spend fold has theirs)', () => {
    const events = [
      { ...VALID_CLINICAL, effectiveDate: '2026-03-01' },
      { ...VALID_CLINICAL, effectiveDate: '2026-05-10' },
      { ...VALID_CLINICAL, effectiveDate: '2026-04-02' },
      { ...VALID_MEMBER, asOf: '2026-02-01' },
      { ...VALID_ROSTER, asOf: '2026-03-05' },
      VALID_CLAIM,
    ];
    expect(freshnessOf(events, '2026-06-30')).toEqual({
      clinicalThrough: '2026-05-10',
      enrollmentAsOf: '2026-02-01',
      rosterAsOf: '2026-03-05',
    });
  });

  it('holds a date in the future to today', () => {
    expect(freshnessOf([{ ...VALID_CLINICAL, effectiveDate: '2027-01-15' }], '2026-06-30')).toEqual({
      clinicalThrough: '2026-06-30',
    });
  });

  it('says nothing about a source it saw nothing of', () => {
    expect(freshnessOf([VALID_CLAIM], '2026-06-30')).toEqual({});
  });
});
