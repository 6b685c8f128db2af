import type { AdtEvent, AdtEventType } from '@benchline/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VALID_ADT, VALID_ADT_VARIANTS } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { deriveStays, type HospitalStay } from './adt.js';
import { factSlotOf } from './facts.js';

const [admit, transfer, update, discharge, cancelDischarge, cancelAdmit, register] = VALID_ADT_VARIANTS as [
  AdtEvent,
  AdtEvent,
  AdtEvent,
  AdtEvent,
  AdtEvent,
  AdtEvent,
  AdtEvent,
];

/** One notification of the stay, `minutes` after 2026-03-02 21:00 EST (written as UTC half the time). */
function notice(id: number, event: AdtEventType, minutes: number, extra: Partial<AdtEvent> = {}): AdtEvent {
  const instant = Date.parse('2026-03-03T02:00:00Z') + minutes * 60_000;
  const eventAt =
    id % 2 === 0
      ? new Date(instant).toISOString()
      : `${new Date(instant - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`;
  return {
    ...VALID_ADT,
    messageId: `M${id}`,
    event,
    eventAt,
    occurredAt: undefined,
    admitAt: event === 'admit' || event === 'register' ? eventAt : undefined,
    dischargeAt: event === 'discharge' ? eventAt : undefined,
    dischargeDisposition: event === 'discharge' ? { system: 'nubc', code: '01' } : undefined,
    ...extra,
  };
}

const only = (stays: HospitalStay[]): HospitalStay => {
  expect(stays).toHaveLength(1);
  return stays[0]!;
};

describe('deriveStays', () => {
  it('follows a stay from admission through transfer and update to discharge', () => {
    const stay = only(deriveStays([discharge, update, admit, transfer]));
    expect(stay).toMatchObject({
      stayId: 'GENHOSP|V4400123',
      status: 'discharged',
      patientClass: 'inpatient',
      admitAt: '2026-03-02T21:10:00-05:00',
      dischargeAt: '2026-03-06T10:45:00-05:00',
      dischargeDisposition: { system: 'nubc', code: '06' },
      location: 'ICU 2',
      attendingNpi: '1234567893',
      diagnoses: [{ code: 'I5023', type: 'final' }],
      notifications: 4,
    });
    // The facility's name, CCN and NPI given once stay known while later notifications name the same facility.
    expect(stay.facility).toEqual({ id: 'GENHOSP', name: 'General Hospital', ccn: '330101', npi: '1234567893' });
  });

  it('a cancelled discharge puts the patient back in: no discharge time, no disposition', () => {
    const stay = only(deriveStays([admit, discharge, cancelDischarge]));
    expect(stay).toMatchObject({ status: 'active', dischargeAt: null, dischargeDisposition: null });
  });

  it('a cancelled admission never happened, whatever came between', () => {
    expect(only(deriveStays([admit, transfer, discharge, cancelAdmit])).status).toBe('cancelled');
  });

  it('an admission sent again after its cancel restores the stay', () => {
    const readmit = notice(9, 'admit', 60 * 24 * 5);
    expect(only(deriveStays([admit, cancelAdmit, readmit])).status).toBe('active');
  });

  it('a cancel sent in the same instant as the admission still cancels it', () => {
    const sameMinute = [notice(1, 'admit', 0), notice(2, 'cancel-admit', 0)];
    expect(only(deriveStays(sameMinute)).status).toBe('cancelled');
    expect(only(deriveStays([...sameMinute].reverse())).status).toBe('cancelled');
  });

  it('an update corrects a discharge but never discharges', () => {
    expect(only(deriveStays([admit, update])).status).toBe('active');
    const corrected = notice(9, 'update', 60 * 24 * 4, { dischargeAt: '2026-03-06T10:50:00-05:00' });
    expect(only(deriveStays([admit, discharge, corrected])).dischargeAt).toBe('2026-03-06T10:50:00-05:00');
    expect(only(deriveStays([admit, corrected])).dischargeAt).toBeNull();
  });

  it('a stay known only from a transfer (its admission never arrived) is active', () => {
    expect(only(deriveStays([transfer]))).toMatchObject({ status: 'active', admitAt: null, location: 'ICU 2' });
  });

  it('keeps stays apart by visit, earliest arrival first', () => {
    const stays = deriveStays([register, admit, discharge]);
    expect(stays.map((stay) => [stay.stayId, stay.status, stay.patientClass])).toEqual([
      ['GENHOSP|V4400123', 'discharged', 'inpatient'],
      ['GENHOSP|E9900017', 'active', 'emergency'],
    ]);
  });

  it('counts a notification once, however often it arrived', () => {
    expect(only(deriveStays([admit, admit, transfer, admit])).notifications).toBe(2);
  });

  const EVENTS: AdtEventType[] = [
    'admit',
    'register',
    'transfer',
    'update',
    'discharge',
    'cancel-admit',
    'cancel-discharge',
  ];
  const notifications = fc
    .array(
      fc.record({
        event: fc.constantFrom(...EVENTS),
        // Few minutes, so notifications often share an instant (written in two offsets).
        minutes: fc.integer({ min: 0, max: 6 }),
        visit: fc.constantFrom('V1', 'V2'),
        location: fc.option(fc.constantFrom('4WEST', 'ICU'), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 14 },
    )
    .map((draws) =>
      draws.map((draw, id) =>
        notice(id, draw.event, draw.minutes, {
          visitNumber: draw.visit,
          ...(draw.location === undefined ? {} : { location: draw.location }),
        }),
      ),
    );

  it('gives the same stays in any arrival order, with any duplicates', () => {
    fc.assert(
      fc.property(
        notifications,
        fc.func(fc.integer()),
        fc.array(fc.nat(), { maxLength: 6 }),
        (events, order, repeats) => {
          const expected = deriveStays(events);
          const arrived = [...events, ...repeats.map((i) => events[i % events.length]!)]
            .map((event, i) => ({ event, key: order(i) }))
            .sort((a, b) => a.key - b.key)
            .map(({ event }) => event);
          expect(deriveStays(arrived)).toEqual(expected);
        },
      ),
    );
  });

  it('incremental equals rebuild: the fact index folded batch by batch in any order holds what a replay derives', () => {
    const arrivals = notifications.chain((events) =>
      fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
    );
    fc.assert(
      fc.property(arrivals, fc.integer({ min: 1, max: 5 }), ([events, arrived], batchSize) => {
        // The live fold: batches in arrival order, each slot written once (ordinal '0' never replaces).
        const live = new Map<string, AdtEvent>();
        for (let start = 0; start < arrived.length; start += batchSize) {
          for (const event of arrived.slice(start, start + batchSize)) {
            const slot = factSlotOf(event);
            if (!live.has(slot.field)) {
              live.set(slot.field, event);
            }
          }
        }
        expect(deriveStays([...live.values()])).toEqual(deriveStays(events));
      }),
    );
  });

  it('ends a stay cancelled whenever its cancel is the latest admit-or-cancel, in any arrival order', () => {
    fc.assert(
      fc.property(notifications, fc.integer({ min: 0, max: 3 }), (events, extra) => {
        const last = Math.max(...events.map((e) => Date.parse(e.eventAt))) + (extra + 1) * 60_000;
        const cancel = notice(99, 'cancel-admit', (last - Date.parse('2026-03-03T02:00:00Z')) / 60_000, {
          visitNumber: 'V1',
        });
        const stays = deriveStays([cancel, ...events]);
        expect(stays.find((stay) => stay.visitNumber === 'V1')?.status).toBe('cancelled');
      }),
    );
  });
});
