/**
 * Which member an ADT message is about, from its PID-3 identifiers only — never from name or birth date:
 *   1. an MBI (type MC, or assigned by CMS) of a member the tenant knows;
 *   2. a plan member number (type MB) that is a member id the tenant knows;
 *   3. any identifier (`<assigning authority>|<value>`) in the tenant's ADT crosswalk, learnt from earlier messages
 *      that carried the MBI too, and from people linking parked messages.
 * An MBI the beneficiary no longer holds reads as the current one where the tenant's CCLF9 crosswalk says so (CMS
 * issues a new MBI after, say, identity theft; hospitals keep sending the old one for a while).
 * Identifiers that point at two different members match nobody (the message is parked), as does an MBI the tenant
 * does not know (not on its roster). A message matched by MBI or member number teaches the crosswalk its other
 * identifiers (an MRN), so the next message carrying the MRN alone matches; a link already learnt is never moved
 * that way — only a person linking a parked message moves one.
 *
 * FHIR Encounters are matched the same way, by the identifiers their subject carries (fhir/encounter-review). A FHIR
 * Patient's logical id (authority `fhir:Patient`) is kept in the FHIR patient crosswalk (keys.fhirPatients, which
 * Patient resources teach and every FHIR reference is resolved by), every other identifier in the ADT crosswalk
 * (keys.adtPatients): one link per identifier, wherever it was learnt.
 */
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { decodeLink } from '../cclf/mbi-crosswalk.js';
import { FHIR_PATIENT_AUTHORITY, identifierKey, mbiOf, memberNumberOf, type PatientIdentifier } from './map-adt.js';

export type ParkReason = 'unknown-mbi' | 'no-match' | 'conflicting-identifiers';

export type PatientMatch =
  | { matched: true; memberId: string; by: 'mbi' | 'member-number' | 'crosswalk'; teaches: string[] }
  | { matched: false; reason: ParkReason };

/** What the match needs to know: which candidate member ids exist, and the crosswalk's entries for the identifiers. */
export interface MatchFacts {
  knownMembers: ReadonlySet<string>;
  crosswalk: ReadonlyMap<string, string>;
  /** Superseded MBIs → the current MBI of a member the tenant knows (from the CCLF9 crosswalk). */
  renamedMbis?: ReadonlyMap<string, string>;
}

/** The member ids and crosswalk keys a set of messages' identifiers ask about (one lookup for a whole batch). */
export function lookupsFor(identifiers: readonly PatientIdentifier[]): { memberIds: string[]; keys: string[] } {
  const memberIds = new Set<string>();
  const keys = new Set<string>();
  for (const identifier of identifiers) {
    const direct = mbiOf(identifier) ?? memberNumberOf(identifier);
    if (direct !== undefined) {
      memberIds.add(direct);
    }
    keys.add(identifierKey(identifier));
  }
  return { memberIds: [...memberIds], keys: [...keys] };
}

export function matchPatient(identifiers: readonly PatientIdentifier[], facts: MatchFacts): PatientMatch {
  const distinct = (ids: (string | undefined)[]): string[] =>
    [...new Set(ids.filter((id): id is string => id !== undefined))].sort();
  const current = (mbi: string | undefined): string | undefined =>
    mbi === undefined ? undefined : (facts.renamedMbis?.get(mbi) ?? mbi);
  const mbis = distinct(identifiers.map((identifier) => current(mbiOf(identifier))));
  const knownMbis = mbis.filter((id) => facts.knownMembers.has(id));
  const numbers = distinct(identifiers.map(memberNumberOf)).filter((id) => facts.knownMembers.has(id));
  const linked = distinct(identifiers.map((identifier) => facts.crosswalk.get(identifierKey(identifier))));
  const teach = (memberId: string): string[] =>
    identifiers
      .filter(
        (identifier) => current(mbiOf(identifier)) !== memberId && !facts.crosswalk.has(identifierKey(identifier)),
      )
      .map(identifierKey);

  if (knownMbis.length > 1) {
    return { matched: false, reason: 'conflicting-identifiers' };
  }
  if (knownMbis.length === 1) {
    const memberId = knownMbis[0]!;
    return { matched: true, memberId, by: 'mbi', teaches: teach(memberId) };
  }
  if (numbers.length === 1 && linked.every((id) => id === numbers[0])) {
    const memberId = numbers[0]!;
    return { matched: true, memberId, by: 'member-number', teaches: teach(memberId) };
  }
  if (numbers.length > 1 || linked.length > 1 || (numbers.length === 1 && linked.length === 1)) {
    return { matched: false, reason: 'conflicting-identifiers' };
  }
  if (linked.length === 1) {
    return { matched: true, memberId: linked[0]!, by: 'crosswalk', teaches: [] };
  }
  return { matched: false, reason: mbis.length > 0 ? 'unknown-mbi' : 'no-match' };
}

const FHIR_PATIENT_PREFIX = `${FHIR_PATIENT_AUTHORITY}|`;
/** A FHIR logical id (what the FHIR patient crosswalk is keyed by). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Where a crosswalk key's link is kept. */
export type CrosswalkField = { hash: 'adt' | 'fhir'; field: string };

/**
 * Where a crosswalk key's link is kept: a FHIR Patient's logical id in the FHIR patient crosswalk (keyed by the id),
 * anything else in the ADT crosswalk (keyed by `<authority>|<value>`); null for a FHIR reference that is no logical id
 * (a Bundle's `urn:uuid:`), which is kept nowhere.
 */
export function crosswalkFieldOf(key: string): CrosswalkField | null {
  if (!key.startsWith(FHIR_PATIENT_PREFIX)) {
    return { hash: 'adt', field: key };
  }
  const id = key.slice(FHIR_PATIENT_PREFIX.length);
  return FHIR_ID.test(id) ? { hash: 'fhir', field: id } : null;
}

/** The tenant's members and crosswalks (ADT, and FHIR Patient ids) in Redis. */
export interface AdtPatientStore {
  facts(tenantId: string, identifiers: readonly PatientIdentifier[]): Promise<MatchFacts>;
  isMember(tenantId: string, memberId: string): Promise<boolean>;
  /** Adds links the crosswalk does not have yet (a learnt link never moves an existing one). */
  learn(tenantId: string, keys: readonly string[], memberId: string): Promise<void>;
  /** A person's decision: these identifiers are this member, whatever they were linked to before. */
  link(tenantId: string, keys: readonly string[], memberId: string): Promise<void>;
}

export function createAdtPatientStore(redis: Redis, keys: KeySpace): AdtPatientStore {
  const hashOf = (tenantId: string, field: CrosswalkField): string =>
    field.hash === 'fhir' ? keys.fhirPatients(tenantId) : keys.adtPatients(tenantId);
  /** The keys' fields, grouped by the hash they are kept in (keys kept nowhere left out). */
  const routed = (crosswalkKeys: readonly string[]) => {
    const groups = { adt: [] as [string, string][], fhir: [] as [string, string][] };
    for (const key of crosswalkKeys) {
      const field = crosswalkFieldOf(key);
      if (field !== null) {
        groups[field.hash].push([key, field.field]);
      }
    }
    return groups;
  };
  const read = async (hash: string, entries: readonly [string, string][]): Promise<[string, string][]> => {
    if (entries.length === 0) {
      return [];
    }
    const linked = await redis.hmget(hash, ...entries.map(([, field]) => field));
    return entries.flatMap(([key], i) => {
      const memberId = linked[i];
      return memberId === null || memberId === undefined ? [] : [[key, memberId] as [string, string]];
    });
  };
  /** Of ids that are no member, the superseded MBIs whose current MBI (CCLF9) is one: old → current. */
  const renamedMembers = async (tenantId: string, ids: readonly string[]): Promise<Map<string, string>> => {
    const renamed = new Map<string, string>();
    if (ids.length === 0) {
      return renamed;
    }
    const links = await redis.hmget(keys.cclfMbiCrosswalk(tenantId), ...ids);
    const candidates = ids.flatMap((id, i) => {
      const link = links[i] === null || links[i] === undefined ? undefined : decodeLink(id, links[i]);
      return link === undefined || link.current === id ? [] : [[id, link.current] as const];
    });
    if (candidates.length === 0) {
      return renamed;
    }
    const present = await redis.smismember(keys.members(tenantId), ...candidates.map(([, current]) => current));
    candidates.forEach(([old, currentMbi], i) => {
      if (present[i] === 1) {
        renamed.set(old, currentMbi);
      }
    });
    return renamed;
  };
  return {
    async facts(tenantId, identifiers) {
      const { memberIds, keys: crosswalkKeys } = lookupsFor(identifiers);
      const groups = routed(crosswalkKeys);
      const [present, adtLinks, fhirLinks] = await Promise.all([
        memberIds.length === 0
          ? Promise.resolve([] as number[])
          : redis.smismember(keys.members(tenantId), ...memberIds),
        read(keys.adtPatients(tenantId), groups.adt),
        read(keys.fhirPatients(tenantId), groups.fhir),
      ]);
      const knownMembers = new Set(memberIds.filter((_, i) => present[i] === 1));
      const renamedMbis = await renamedMembers(
        tenantId,
        memberIds.filter((id) => !knownMembers.has(id)),
      );
      for (const currentMbi of renamedMbis.values()) {
        knownMembers.add(currentMbi);
      }
      return { knownMembers, crosswalk: new Map([...adtLinks, ...fhirLinks]), renamedMbis };
    },
    async isMember(tenantId, memberId) {
      return (await redis.sismember(keys.members(tenantId), memberId)) === 1;
    },
    async learn(tenantId, crosswalkKeys, memberId) {
      const fields = crosswalkKeys.map(crosswalkFieldOf).filter((field): field is CrosswalkField => field !== null);
      if (fields.length === 0) {
        return;
      }
      const pipeline = redis.pipeline();
      for (const field of fields) {
        pipeline.hsetnx(hashOf(tenantId, field), field.field, memberId);
      }
      for (const [error] of (await pipeline.exec()) ?? []) {
        if (error) {
          throw error;
        }
      }
    },
    async link(tenantId, crosswalkKeys, memberId) {
      const groups = routed(crosswalkKeys);
      if (groups.adt.length + groups.fhir.length === 0) {
        return;
      }
      // Both crosswalks in one step: a person's link is made whole or not at all.
      const multi = redis.multi();
      for (const [hash, entries] of [
        [keys.adtPatients(tenantId), groups.adt],
        [keys.fhirPatients(tenantId), groups.fhir],
      ] as const) {
        if (entries.length > 0) {
          multi.hset(hash, Object.fromEntries(entries.map(([, field]) => [field, memberId])));
        }
      }
      for (const [error] of (await multi.exec()) ?? []) {
        if (error) {
          throw error;
        }
      }
    },
  };
}
