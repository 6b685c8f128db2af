/**
 * ADT ingest without Redis: patient matching (MBI, member number, crosswalk; conflicts and unknown MBIs parked), the
 * crosswalk learnt within one batch, and the ACK each outcome of storing or parking is answered with.
 */
import { readFileSync } from 'node:fs';
import type { CanonicalEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import type { IngestOutcome } from '../event-ingest.js';
import { ingestAdtMessages, type AdtIngestDeps } from './adt-ingest.js';
import { type AdtItem, chunkByEvents, parkedMessageOf, settleAdtItems } from './adt-settle.js';
import { splitHl7Messages } from './hl7-text.js';
import { identifierKey, type MemberlessEvent, type PatientIdentifier } from './map-adt.js';
import { type AdtPatientStore, crosswalkFieldOf, lookupsFor, matchPatient } from './patient-match.js';
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
  const watched: (readonly string[])[] = [];
  const review: ReviewList = {
    async park(_tenant, messages, watch) {
      watched.push(...(watch ?? messages.map((message) => message.identifierKeys)));
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
      return units.map((unit) => {
        const [event] = unit;
        const messageId = event?.kind === 'adt' ? event.messageId : '';
        const outcome = options.outcomes?.[messageId];
        if (outcome !== undefined) {
          return outcome;
        }
        stored.push(...unit);
        return { status: 'accepted', eventIds: unit.map((_, i) => `1-${stored.length}-${i}`) };
      });
    },
    now: () => new Date('2026-03-06T16:00:00Z'),
  };
  return { deps, stored, parked, learnt, crosswalk, watched };
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

describe('settleAdtItems: FHIR Encounters through the same core', () => {
  const notification = {
    kind: 'adt' as const,
    sender: 'fhir',
    messageId: 'Encounter/adm-77/_history/3',
    event: 'admit' as const,
    eventAt: '2026-03-06T16:02:11.120Z',
    visitNumber: 'Encounter/adm-77',
    visitAssigner: 'fhir',
    patientClass: 'inpatient' as const,
    admitAt: '2026-03-02T21:10:00-05:00',
    facility: { id: 'genhosp' },
    source: 'fhir' as const,
  };
  const clinical: MemberlessEvent = {
    kind: 'clinical',
    clinicalId: 'Encounter/adm-77',
    version: 3,
    type: 'encounter',
    code: { system: 'snomed', code: '32485007' },
    status: 'in-progress',
    effectiveDate: '2026-03-02',
    source: 'fhir',
  };
  const PATIENT = { value: 'p-9', authority: 'fhir:Patient', type: 'PI' };
  const item = (identifiers: PatientIdentifier[], companions = true): AdtItem => ({
    notification,
    ...(companions ? { companions: [clinical] } : {}),
    identifiers,
    patient: { display: 'Okonkwo, Adaeze' },
  });

  it('stores the notification and its clinical event together, for the member the MBI names', async () => {
    const { deps, stored, learnt } = harness();
    const [outcome] = await settleAdtItems(deps, 't', [
      item([{ value: MEMBER, authority: 'CMS', type: 'MC' }, PATIENT]),
    ]);
    expect(outcome).toEqual({ status: 'accepted', memberId: MEMBER, eventIds: ['1-2-0', '1-2-1'] });
    expect(stored.map((event) => [event.kind, 'memberId' in event && event.memberId])).toEqual([
      ['adt', MEMBER],
      ['clinical', MEMBER],
    ]);
    // The Patient id is learnt: later references to it resolve.
    expect(learnt).toEqual([[['fhir:Patient|p-9'], MEMBER]]);
  });

  it('knows what the request brings: its own Patients as members, and references it resolved', async () => {
    const { deps, stored } = harness({ members: [] });
    const mbi = { value: '2EG4TE5MK74', authority: 'CMS', type: 'MC' };
    const outcomes = await settleAdtItems(deps, 't', [item([mbi], false), item([PATIENT], false)], {
      knownMembers: ['2EG4TE5MK74'],
      crosswalk: [['fhir:Patient|p-9', '3EG4TE5MK75']],
    });
    expect(outcomes.map((outcome) => outcome.status === 'accepted' && outcome.memberId)).toEqual([
      '2EG4TE5MK74',
      '3EG4TE5MK75',
    ]);
    expect(stored).toHaveLength(2);
  });

  it('parks an unknown Patient with its clinical event; an MBI no member has, too', async () => {
    const { deps, parked, stored } = harness({ members: [] });
    const outcomes = await settleAdtItems(deps, 't', [
      item([PATIENT]),
      item([{ value: '2EG4TE5MK74', authority: 'CMS', type: 'MC' }], false),
    ]);
    expect(outcomes).toEqual([
      { status: 'parked', parkId: parked[0]!.id, reason: 'no-match' },
      { status: 'parked', parkId: parked[1]!.id, reason: 'unknown-mbi' },
    ]);
    expect(stored).toEqual([]);
    expect(parked[0]).toMatchObject({
      key: 'adt:fhir|Encounter/adm-77/_history/3',
      companions: [{ kind: 'clinical', clinicalId: 'Encounter/adm-77' }],
      identifierKeys: ['fhir:Patient|p-9'],
      patient: { display: 'Okonkwo, Adaeze' },
    });
    expect(parked[1]).not.toHaveProperty('companions');
  });

  it('hashes what is stored: the clinical event counts, and a notification alone hashes as an HL7 one always did', () => {
    const at = '2026-03-06T16:00:00Z';
    const alone = parkedMessageOf(item([PATIENT], false), 'no-match', at);
    const withClinical = parkedMessageOf(item([PATIENT]), 'no-match', at);
    expect(alone.id).toBe(withClinical.id);
    expect(alone.hash).not.toBe(withClinical.hash);
  });

  it('parks identifiers linked to two members, watching only those that had no link (it is not handed back forever)', async () => {
    const { deps, crosswalk, watched, parked } = harness({ members: [] });
    crosswalk.set('fhir:Patient|p-9', MEMBER);
    crosswalk.set('GENHOSP|MRN7755123', '2EG4TE5MK74');
    const [outcome] = await settleAdtItems(deps, 't', [
      item([PATIENT, MRN, { value: 'X-1', authority: 'STMARYS', type: 'MR' }], false),
    ]);
    expect(outcome).toMatchObject({ status: 'parked', reason: 'conflicting-identifiers' });
    expect(parked).toHaveLength(1);
    expect(watched).toEqual([['STMARYS|X-1']]);
  });

  it('answers a notification stored already (linked and stored meanwhile) as a duplicate, with no review', async () => {
    const { deps } = harness({ members: [], parkAs: 'stored' });
    expect(await settleAdtItems(deps, 't', [item([PATIENT])])).toEqual([{ status: 'duplicate', eventIds: [] }]);
    const [result] = await ingestAdtMessages(deps, 't', fixture('unknown-patient.hl7'));
    expect(result).toMatchObject({ status: 'duplicate', ack: 'AA' });
    expect(errsOf(result!.ackText)[0]).toContain('this message was already received; nothing changed');
  });

  it('is unavailable, never half-answered, when the lookup fails', async () => {
    const { deps } = harness();
    deps.patients = { ...deps.patients, facts: () => Promise.reject(new Error('Redis is away')) };
    expect(await settleAdtItems(deps, 't', [item([PATIENT]), item([MRN])])).toEqual([
      { status: 'unavailable' },
      { status: 'unavailable' },
    ]);
  });
});

describe('the crosswalks and the core’s batches', () => {
  it('keeps a FHIR Patient id in the FHIR patient crosswalk, every other identifier in the ADT crosswalk', () => {
    expect(crosswalkFieldOf('fhir:Patient|p-9')).toEqual({ hash: 'fhir', field: 'p-9' });
    expect(crosswalkFieldOf('GENHOSP|MRN7755123')).toEqual({ hash: 'adt', field: 'GENHOSP|MRN7755123' });
    expect(crosswalkFieldOf('fhir:Patient|urn:uuid:0b7d')).toBeNull();
  });

  it('groups units by their events, a group never over the bound', () => {
    expect(chunkByEvents([1, 2, 2, 1, 3], (n) => n, 3)).toEqual([[1, 2], [2, 1], [3]]);
    expect(chunkByEvents([], (n: number) => n, 3)).toEqual([]);
  });

  it('reads no HL7 identifier of the FHIR Patient authority', async () => {
    const { deps, parked } = harness({ members: [] });
    const text = fixture('unknown-patient.hl7')[0]!.replace(
      'MRN0091188^^^GENHOSP^MR',
      'P-1^^^fhir:Patient^PI~MRN0091188^^^GENHOSP^MR',
    );
    await ingestAdtMessages(deps, 't', [text]);
    expect(parked[0]?.identifierKeys).toEqual(['GENHOSP|MRN0091188']);
  });
});
