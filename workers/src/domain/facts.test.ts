import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VALID_CLAIM, VALID_EVENTS } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { factSlotOf } from './facts.js';

describe('factSlotOf', () => {
  it('gives each kind its slot: per member for claims, clinical, records and rosters; tenant-wide otherwise', () => {
    expect(factSlotOf(VALID_EVENTS.claim)).toEqual({
      memberId: '1EG4TE5MK73',
      field: 'c:-10000930037921',
      ordinal: '0000000002',
    });
    expect(factSlotOf(VALID_EVENTS.member)).toEqual({
      memberId: '1EG4TE5MK73',
      field: 'm:roster-2026-03|2026-03-01',
      ordinal: '0',
    });
    expect(factSlotOf(VALID_EVENTS.roster).field).toBe('r:H1234-001');
    expect(factSlotOf(VALID_EVENTS.provider)).toEqual({
      memberId: null,
      field: 'p:1234567893|123456789',
      ordinal: '2026-01-01',
    });
    expect(factSlotOf(VALID_EVENTS.contract).memberId).toBeNull();
    expect(factSlotOf(VALID_EVENTS.worklist)).toEqual({ memberId: '1EG4TE5MK73', field: 'w:act-0001', ordinal: '0' });
    expect(factSlotOf(VALID_EVENTS.adt)).toEqual({
      memberId: '1EG4TE5MK73',
      field: 'a:EPICADT^GENHOSP|MSG00001',
      ordinal: '0',
    });
  });

  it('orders versions as numbers, whatever their number of digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_647 }), fc.integer({ min: 1, max: 2_147_483_647 }), (a, b) => {
        const ordinal = (version: number) => factSlotOf({ ...VALID_CLAIM, version }).ordinal;
        expect(Math.sign(ordinal(a).localeCompare(ordinal(b)))).toBe(Math.sign(a - b));
      }),
    );
  });
});
