/**
 * Which member an ADT message is about, from its PID-3 identifiers only — never from name or birth date:
 *   1. an MBI (type MC, or assigned by CMS) of a member the tenant knows;
 *   2. a plan member number (type MB) that is a member id the tenant knows;
 *   3. any identifier (`<assigning authority>|<value>`) in the tenant's ADT crosswalk, learnt from earlier messages
 *      that carried the MBI too, and from people linking parked messages.
 * Identifiers that point at two different members match nobody (the message is parked), as does an MBI the tenant
 * does not know (not on its roster). A message matched by MBI or member number teaches the crosswalk its other
 * identifiers (an MRN), so the next message carrying the MRN alone matches; a link already learnt is never moved
 * that way — only a person linking a parked message moves one.
 */
import type { KeySpace } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import { identifierKey, mbiOf, memberNumberOf, type PatientIdentifier } from './map-adt.js';

export type ParkReason = 'unknown-mbi' | 'no-match' | 'conflicting-identifiers';

export type PatientMatch =
  | { matched: true; memberId: string; by: 'mbi' | 'member-number' | 'crosswalk'; teaches: string[] }
  | { matched: false; reason: ParkReason };

/** What the match needs to know: which candidate member ids exist, and the crosswalk's entries for the identifiers. */
export interface MatchFacts {
  knownMembers: ReadonlySet<string>;
  crosswalk: ReadonlyMap<string, string>;
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
  const mbis = distinct(identifiers.map(mbiOf));
  const knownMbis = mbis.filter((id) => facts.knownMembers.has(id));
  const numbers = distinct(identifiers.map(memberNumberOf)).filter((id) => facts.knownMembers.has(id));
  const linked = distinct(identifiers.map((identifier) => facts.crosswalk.get(identifierKey(identifier))));
  const teach = (memberId: string): string[] =>
    identifiers
      .filter((identifier) => mbiOf(identifier) !== memberId && !facts.crosswalk.has(identifierKey(identifier)))
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

/** The tenant's members and ADT crosswalk in Redis. */
export interface AdtPatientStore {
  facts(tenantId: string, identifiers: readonly PatientIdentifier[]): Promise<MatchFacts>;
  isMember(tenantId: string, memberId: string): Promise<boolean>;
  /** Adds links the crosswalk does not have yet (a learnt link never moves an existing one). */
  learn(tenantId: string, keys: readonly string[], memberId: string): Promise<void>;
  /** A person's decision: these identifiers are this member, whatever they were linked to before. */
  link(tenantId: string, keys: readonly string[], memberId: string): Promise<void>;
}

export function createAdtPatientStore(redis: Redis, keys: KeySpace): AdtPatientStore {
  return {
    async facts(tenantId, identifiers) {
      const { memberIds, keys: crosswalkKeys } = lookupsFor(identifiers);
      const [present, linked] = await Promise.all([
        memberIds.length === 0
          ? Promise.resolve([] as number[])
          : redis.smismember(keys.members(tenantId), ...memberIds),
        crosswalkKeys.length === 0
          ? Promise.resolve([] as (string | null)[])
          : redis.hmget(keys.adtPatients(tenantId), ...crosswalkKeys),
      ]);
      const knownMembers = new Set(memberIds.filter((_, i) => present[i] === 1));
      const crosswalk = new Map<string, string>();
      crosswalkKeys.forEach((key, i) => {
        const memberId = linked[i];
        if (memberId !== null && memberId !== undefined) {
          crosswalk.set(key, memberId);
        }
      });
      return { knownMembers, crosswalk };
    },
    async isMember(tenantId, memberId) {
      return (await redis.sismember(keys.members(tenantId), memberId)) === 1;
    },
    async learn(tenantId, crosswalkKeys, memberId) {
      if (crosswalkKeys.length === 0) {
        return;
      }
      const pipeline = redis.pipeline();
      for (const key of crosswalkKeys) {
        pipeline.hsetnx(keys.adtPatients(tenantId), key, memberId);
      }
      for (const [error] of (await pipeline.exec()) ?? []) {
        if (error) {
          throw error;
        }
      }
    },
    async link(tenantId, crosswalkKeys, memberId) {
      if (crosswalkKeys.length > 0) {
        await redis.hset(keys.adtPatients(tenantId), Object.fromEntries(crosswalkKeys.map((key) => [key, memberId])));
      }
    },
  };
}
