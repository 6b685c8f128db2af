/**
 * ADT ingest without Redis: patient matching (MBI, member number, crosswalk; conflicts and unknown MBIs parked), the
 * crosswalk learnt within one batch, and the ACK each outcome of storing or parking is answered with.
 */
import { readFileSync } from 'node:fs';
import type { CanonicalEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import type { IngestOutcome } from '../event-ingest.js';
import { ingestAdtMessages, type AdtIngestDeps } from './adt-ingest.js';
import { splitHl7Messages } from './hl7-text.js';
import { identifierKey, type PatientIdentifier } from './map-adt.js';
import { type AdtPatientStore, lookupsFor, matchPatient } from './patient-match.js';
import type { ParkedMessage, ParkOutcome, ReviewList } from './review-list.js';

const MEMBER = '1EG4TE5MK73';
const MRN = { value: 'MRN7755123', authority: 'GENHOSP', type: 'MR' };
const MBI = { value: '1EG4-TE5-MK73', authority: 'CMS', type: 'MC' };

function fixture(name: string): string[] {
  return splitHl7Messages(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'latin1')).messages;
}

describe('matchPatient', () => {
  const facts = (members: string[], crosswalk: [PatientIdentifier, string][] = []) => ({
    knownMembers: new Set(members),
    crosswalk: new Map(crosswalk.map(([identifier, memberId]) => [identifierKey(identifier), memberId])),
  });

  it('matches by a known MBI (dashes and case notwithstanding) and teaches the crosswalk the other identifiers', () => {
    expect(matchPatient([MRN, { ...MBI, value: '1eg4-te5-mk73' }], facts([MEMBER]))).toEqual({
      matched: true,
      memberId: MEMBER,
      by: 'mbi',
      teaches: ['GENHOSP|MRN7755123'],
    });
  });

  it('an MBI assigned by CMS counts whatever its type; a Medicare number of the wrong shape does not', () => {
    expect(matchPatient([{ value: MEMBER, authority: 'CMS', type: '' }], facts([MEMBER]))).toMatchObject({ by: 'mbi' });
    expect(matchPatient([{ value: '123456789A', authority: 'HOSP', type: 'MC' }], facts([MEMBER]))).toEqual({
      matched: false,
      reason: 'no-match',
    });
  });

  it('matches by the crosswalk alone, and by a plan member number a member has', () => {
    expect(matchPatient([MRN], facts([], [[MRN, MEMBER]]))).toEqual({
      matched: true,
      memberId: MEMBER,
      by: 'crosswalk',
      teaches: [],
    });
    const number = { value: 'MA-000123', authority: 'PLAN', type: 'MB' };
    expect(matchPatient([number], facts(['MA-000123']))).toMatchObject({ matched: true, by: 'member-number' });
  });

  it('parks an MBI nobody in the tenant has, and identifiers that point at two members', () => {
    expect(matchPatient([MBI], facts([]))).toEqual({ matched: false, reason: 'unknown-mbi' });
    const other = { value: 'SM1', authority: 'STMARYS', type: 'MR' };
    expect(
      matchPatient(
        [MRN, other],
        facts(
          [],
          [
            [MRN, MEMBER],
            [other, '2EG4TE5MK74'],
          ],
        ),
      ),
    ).toEqual({
      matched: false,
      reason: 'conflicting-identifiers',
    });
  });

  it('lets a known MBI win over a crosswalk entry that disagrees, without teaching it', () => {
    expect(matchPatient([MRN, MBI], facts([MEMBER], [[MRN, '2EG4TE5MK74']]))).toEqual({
      matched: true,
      memberId: MEMBER,
      by: 'mbi',
      teaches: [],
    });
  });

  it('asks about MBIs and member numbers as members, every identifier in the crosswalk', () => {
    expect(lookupsFor([MRN, MBI])).toEqual({ memberIds: [MEMBER], keys: ['GENHOSP|MRN7755123', 'CMS|1EG4-TE5-MK73'] });
  });
});

/** Stores in memory, as Redis would answer; `outcomes` overrides what the event store says per message id. */
function harness(
  options: {
    members?: string[];
    storeFails?: boolean;
    outcomes?: Record<string, IngestOutcome>;
    parkAs?: ParkOutcome;
  } = {},
) {
  const crosswalk = new Map<string, string>();
  const stored: CanonicalEvent[] = [];
  const parked: ParkedMessage[] = [];
  const learnt: [string[], string][] = [];
  const patients: AdtPatientStore = {
    async facts(_tenant, identifiers) {
      const { memberIds, keys } = lookupsFor(identifiers);
      return {
        knownMembers: new Set(memberIds.filter((id) => (options.members ?? [MEMBER]).includes(id))),
        crosswalk: new Map(keys.flatMap((key) => (crosswalk.has(key) ? [[key, crosswalk.get(key)!]] : []))),
      };
    },
    isMember: async (_tenant, id) => (options.members ?? [MEMBER]).includes(id),
    async learn(_tenant, keys, memberId) {
      learnt.push([[...keys], memberId]);
      for (const key of keys) {
        if (!crosswalk.has(key)) {
          crosswalk.set(key, memberId);
        }
      }
    },
    async link(_tenant, keys, memberId) {
      for (const key of keys) {
        crosswalk.set(key, memberId);
      }
    },
  };
  const review: ReviewList = {
    async park(_tenant, messages) {
      return messages.map((message) => {
        if (options.parkAs !== undefined) {
          return options.parkAs;
        }
        parked.push(message);
        return 'parked';
      });
    },
    list: async () => ({ total: parked.length, items: parked }),
    get: async (_tenant, id) => parked.find((message) => message.id === id) ?? null,
    carrying: async () => [],
    remove: async () => 0,
  };
  const deps: AdtIngestDeps = {
    patients,
    review,
    async store(_tenant, units) {
      if (options.storeFails) {
        throw new Error('Redis is away');
      }
      return units.map(([event]) => {
        const messageId = event?.kind === 'adt' ? event.messageId : '';
        const outcome = options.outcomes?.[messageId];
        if (outcome !== undefined) {
          return outcome;
        }
        stored.push(event!);
        return { status: 'accepted', eventIds: [`1-${stored.length}`] };
      });
    },
    now: () => new Date('2026-03-06T16:00:00Z'),
  };
  return { deps, stored, parked, learnt, crosswalk };
}

const msaOf = (ackText: string): string => ackText.split('\r').find((line) => line.startsWith('MSA')) ?? '';
const errsOf = (ackText: string): string[] => ackText.split('\r').filter((line) => line.startsWith('ERR'));

const duplicate: IngestOutcome = { status: 'duplicate', eventIds: ['1-1'] };
const conflict: IngestOutcome = {
  status: 'rejected',
  code: 'CONFLICT',
  message: 'the key was stored with other content',
};

describe('ingestAdtMessages', () => {
  it('matches in order within a batch: the MRN learnt from the A01 (with the MBI) matches the A02 (MRN alone)', async () => {
    const { deps, stored, learnt } = harness();
    const results = await ingestAdtMessages(deps, 't', [...fixture('a01-admit.hl7'), ...fixture('a02-transfer.hl7')]);
    expect(results.map((r) => [r.status, r.ack, r.memberId])).toEqual([
      ['accepted', 'AA', MEMBER],
      ['accepted', 'AA', MEMBER],
    ]);
    expect(stored.map((event) => event.kind === 'adt' && [event.event, event.memberId])).toEqual([
      ['admit', MEMBER],
      ['transfer', MEMBER],
    ]);
    expect(learnt).toEqual([[['GENHOSP|MRN7755123'], MEMBER]]);
    expect(msaOf(results[0]!.ackText)).toBe('MSA|AA|GH20260302-0001|OK');
  });

  it('parks a patient nobody matches: AA, with a warning that it is held for review', async () => {
    const { deps, parked, stored } = harness();
    const [result] = await ingestAdtMessages(deps, 't', fixture('unknown-patient.hl7'));
    expect(result).toMatchObject({ status: 'parked', ack: 'AA' });
    expect(errsOf(result!.ackText)).toEqual([
      'ERR||PID^1^3|204^Unknown key identifier^HL70357|W||||no member matches the patient identifiers (PID-3); the message is held for review',
    ]);
    expect(stored).toEqual([]);
    expect(parked).toMatchObject([
      {
        key: 'adt:EPICADT^GENHOSP|GH20260302-0555',
        reason: 'no-match',
        identifierKeys: ['GENHOSP|MRN0091188'],
        patient: { familyName: 'OKONKWO', givenName: 'ADAEZE', birthDate: '1947-01-30', sex: 'F' },
      },
    ]);
    expect(parked[0]!.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    [
      'a duplicate',
      { outcomes: { 'GH20260302-0001': duplicate } },
      'duplicate',
      'MSA|AA|GH20260302-0001|OK',
      '205^Duplicate key identifier^HL70357|I',
    ],
    [
      'the same control id with other content',
      {
        outcomes: { 'GH20260302-0001': conflict },
      },
      'conflict',
      'MSA|AE|GH20260302-0001|Application Error',
      '205^Duplicate key identifier^HL70357|E',
    ],
    [
      'storage away',
      { storeFails: true },
      'unavailable',
      'MSA|AR|GH20260302-0001|Application Reject',
      '207^Application internal error^HL70357|E',
    ],
  ])('answers %s', async (_name, options, status, msa, err) => {
    const { deps } = harness(options);
    const [result] = await ingestAdtMessages(deps, 't', fixture('a01-admit.hl7'));
    expect(result?.status).toBe(status);
    expect(msaOf(result!.ackText)).toBe(msa);
    expect(errsOf(result!.ackText).join('\r')).toContain(err);
  });

  it('refuses to park once the review list is full (AR: send again), never dropping the message silently', async () => {
    const { deps } = harness({ parkAs: 'full' });
    const [result] = await ingestAdtMessages(deps, 't', fixture('unknown-patient.hl7'));
    expect(result).toMatchObject({ status: 'unavailable', ack: 'AR' });
    expect(errsOf(result!.ackText)[0]).toContain('review list of unmatched patients is full');
  });

  it('matches again a message whose identifier was linked while it was being parked', async () => {
    const { deps, stored, crosswalk } = harness();
    const review = deps.review;
    deps.review = {
      ...review,
      park: async (_tenant, messages) => {
        // A person links the MRN between the match and the park.
        crosswalk.set('GENHOSP|MRN0091188', '2EG4TE5MK74');
        deps.review = review;
        return messages.map(() => 'linked');
      },
    };
    const [result] = await ingestAdtMessages(deps, 't', fixture('unknown-patient.hl7'));
    expect(result).toMatchObject({ status: 'accepted', memberId: '2EG4TE5MK74' });
    expect(stored).toHaveLength(1);
  });

  it('answers a refused message without matching it, in its place in the batch', async () => {
    const { deps } = harness();
    const results = await ingestAdtMessages(deps, 't', [...fixture('malformed.hl7'), ...fixture('a01-admit.hl7')]);
    expect(results.map((r) => [r.status, r.ack])).toEqual([
      ['refused', 'AE'],
      ['accepted', 'AA'],
    ]);
  });
});
