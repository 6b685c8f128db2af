import { describe, expect, it } from 'vitest';
import {
  ACO_TIN,
  ACO_TIN_2,
  FQHC_CCN,
  FQHC_TIN,
  OUTSIDE_TIN,
  OUTSIDE_TIN_2,
  npi,
  provider,
} from './__fixtures__/builders.js';
import { latestProviderRecords, resolveParticipantList, specialtiesByNpi } from './participants.js';

const NONE = new Map<string, ReadonlySet<string>>();

describe('the participant list', () => {
  it('reads each NPI–TIN pair’s latest record, whatever order they arrive in', () => {
    const joined = provider({ npi: npi(1), tin: ACO_TIN, participant: true, asOf: '2024-01-01' });
    const left = provider({ npi: npi(1), tin: ACO_TIN, participant: false, asOf: '2025-06-01' });
    for (const records of [
      [joined, left],
      [left, joined],
    ]) {
      const list = resolveParticipantList({ acoId: 'A' }, latestProviderRecords(records), '2026-01-01', NONE);
      expect([...list.tins]).toEqual([]);
    }
  });

  it('applies the list in effect on the list date to every service', () => {
    const records = latestProviderRecords([
      provider({
        npi: npi(1),
        tin: ACO_TIN,
        participant: true,
        effectiveFrom: '2024-01-01',
        effectiveTo: '2025-12-31',
      }),
      provider({ npi: npi(2), tin: ACO_TIN_2, participant: true, effectiveFrom: '2026-01-01' }),
    ]);
    expect([...resolveParticipantList({ acoId: 'A' }, records, '2026-01-01', NONE).tins]).toEqual([ACO_TIN_2]);
    expect([...resolveParticipantList({ acoId: 'A' }, records, '2025-01-01', NONE).tins]).toEqual([ACO_TIN]);
  });

  it('takes the contract’s TINs over the records’ flags, and links CCNs only to participant TINs', () => {
    const records = latestProviderRecords([
      provider({ npi: npi(1), tin: ACO_TIN, participant: true }),
      provider({ npi: npi(31), tin: FQHC_TIN, ccn: FQHC_CCN, participant: true }),
      provider({ npi: npi(32), tin: OUTSIDE_TIN, ccn: '361851', participant: false }),
    ]);
    const listed = resolveParticipantList({ acoId: 'A', participantTins: [ACO_TIN] }, records, '2026-01-01', NONE);
    expect([...listed.tins]).toEqual([ACO_TIN]);
    expect([...listed.ccns]).toEqual([]);
    const flagged = resolveParticipantList({ acoId: 'A' }, records, '2026-01-01', NONE);
    expect([...flagged.ccns]).toEqual([[FQHC_CCN, FQHC_TIN]]);
  });

  it('marks TINs on another ACO’s list too as in more than one ACO, and ignores this ACO named among the others', () => {
    const records = latestProviderRecords([provider({ npi: npi(1), tin: ACO_TIN, participant: true })]);
    const others = new Map([
      [ACO_TIN, new Set(['B'])],
      [OUTSIDE_TIN, new Set(['B'])],
      [ACO_TIN_2, new Set(['A'])],
    ]);
    const list = resolveParticipantList({ acoId: 'A' }, records, '2026-01-01', others);
    expect([...list.multiAcoTins]).toEqual([ACO_TIN]);
    expect([...list.otherAcoTins]).toEqual([[OUTSIDE_TIN, 'B']]);
  });

  it('marks a TIN on two other ACOs’ lists as in more than one ACO, not as either one’s', () => {
    const records = latestProviderRecords([provider({ npi: npi(1), tin: ACO_TIN, participant: true })]);
    const others = new Map([
      [OUTSIDE_TIN, new Set(['B', 'C'])],
      // This ACO named beside one other: only that other ACO remains, so the TIN is simply B's.
      [OUTSIDE_TIN_2, new Set(['A', 'B'])],
    ]);
    const list = resolveParticipantList({ acoId: 'A' }, records, '2026-01-01', others);
    expect([...list.multiAcoTins]).toEqual([OUTSIDE_TIN]);
    expect([...list.otherAcoTins]).toEqual([[OUTSIDE_TIN_2, 'B']]);
  });

  it('lists as ACO professionals the individual clinicians billing through a participant TIN on the list date', () => {
    const records = latestProviderRecords([
      provider({ npi: npi(1), tin: ACO_TIN, participant: true }),
      provider({ npi: npi(1), tin: ACO_TIN_2, participant: true }),
      provider({ npi: npi(2), tin: ACO_TIN, participant: false }), // not on the list by its own record
      provider({ npi: npi(3), tin: ACO_TIN, participant: true, effectiveTo: '2025-12-31' }), // left before
      provider({ npi: npi(4), tin: ACO_TIN, participant: true, entity: 'organization' }), // the practice itself
      provider({ npi: npi(5), tin: OUTSIDE_TIN, participant: false }),
    ]);
    const flagged = resolveParticipantList({ acoId: 'A' }, records, '2026-01-01', NONE);
    expect([...flagged.professionals].map(([n, tins]) => [n, [...tins].sort()])).toEqual([
      [npi(1), [ACO_TIN, ACO_TIN_2]],
    ]);
    // The contract's own TIN list wins over the records' flags, as for the TINs themselves.
    const listed = resolveParticipantList({ acoId: 'A', participantTins: [ACO_TIN] }, records, '2026-01-01', NONE);
    expect([...listed.professionals].map(([n, tins]) => [n, [...tins]])).toEqual([
      [npi(1), [ACO_TIN]],
      [npi(2), [ACO_TIN]],
    ]);
  });

  it('gives each NPI the specialty of its latest record, the lowest TIN on the same date', () => {
    const specialties = specialtiesByNpi([
      provider({ npi: npi(1), tin: ACO_TIN_2, specialtyCode: '11', asOf: '2025-01-01' }),
      provider({ npi: npi(1), tin: ACO_TIN, specialtyCode: '08', asOf: '2025-01-01' }),
      provider({ npi: npi(2), tin: ACO_TIN, specialtyCode: '08', asOf: '2024-01-01' }),
      provider({ npi: npi(2), tin: ACO_TIN_2, specialtyCode: '50', asOf: '2025-01-01' }),
    ]);
    expect(Object.fromEntries(specialties)).toEqual({ [npi(1)]: '08', [npi(2)]: '50' });
  });
});
