/**
 * The ADT core both feeds share — HL7 v2 messages (adt-ingest.ts) and FHIR Encounters (the FHIR route, with
 * fhir/encounter-review.ts): each notification's patient is matched by its identifiers (patient-match), then the
 * notification is stored as an `adt` event through the ingest core — idempotent by its sender and message id — or,
 * when no member matches, parked for review (review-list), never dropped.
 *
 * The notifications of one call are matched in order against one lookup of the members and the crosswalks, which
 * learns as it goes: an A01 carrying the MBI and an MRN, followed in the same batch by an A03 carrying the MRN alone,
 * both reach the member. A notification the park step hands back as linked (a person linked its identifier
 * meanwhile) is matched once more against a fresh lookup.
 */
import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '@benchline/shared';
import { MAX_EVENTS_PER_JOB } from '@benchline/shared/backend';
import { canonicalEventJson } from '../canonical-event-json.js';
import type { IngestOutcome } from '../event-ingest.js';
import {
  type AdtNotification,
  identifierKey,
  type MemberlessEvent,
  type PatientIdentifier,
  type ReviewDemographics,
} from './map-adt.js';
import {
  type AdtPatientStore,
  matchPatient,
  type MatchFacts,
  type ParkReason,
  type PatientMatch,
} from './patient-match.js';
import { type ParkedMessage, type ParkOutcome, parkIdOf, type ReviewList } from './review-list.js';

/** One notification to match, store or park. */
export interface AdtItem {
  notification: AdtNotification;
  /** Events of the same input stored with the notification, all or none (a typed FHIR Encounter's clinical event). */
  companions?: readonly MemberlessEvent[];
  identifiers: readonly PatientIdentifier[];
  patient: ReviewDemographics;
}

/** What the request itself knows besides Redis: the match treats it as Redis's own. */
export interface LocalFacts {
  /** Members the same request brings (a Bundle's or a delivery's Patients), not folded by the workers yet. */
  knownMembers?: Iterable<string>;
  /** Crosswalk entries the request resolved itself (references to a Bundle's own Patients). */
  crosswalk?: Iterable<readonly [string, string]>;
}

export type AdtItemOutcome =
  | { status: 'accepted'; memberId: string; eventIds: string[] }
  /** Stored already; `memberId` when it was matched now (a notification stored once a person linked it has none). */
  | { status: 'duplicate'; memberId?: string; eventIds: string[] }
  | { status: 'parked'; parkId: string; reason: ParkReason }
  /** Parked already, with the same content. */
  | { status: 'parked-duplicate'; parkId: string; reason: ParkReason }
  | { status: 'conflict'; message: string }
  | { status: 'full' }
  | { status: 'unavailable' };

export interface AdtSettleDeps {
  patients: AdtPatientStore;
  review: ReviewList;
  /** Stores units of events (the ingest core's units): at most MAX_EVENTS_PER_JOB events a call. */
  store: (tenantId: string, units: readonly (readonly CanonicalEvent[])[]) => Promise<IngestOutcome[]>;
  now: () => Date;
}

interface Pending {
  index: number;
  item: AdtItem;
}

/** Matches, stores and parks the notifications; one outcome per item, in order. Never throws for Redis. */
export async function settleAdtItems(
  deps: AdtSettleDeps,
  tenantId: string,
  items: readonly AdtItem[],
  local: LocalFacts = {},
): Promise<AdtItemOutcome[]> {
  const outcomes: (AdtItemOutcome | undefined)[] = items.map(() => undefined);
  if (items.length === 0) {
    return [];
  }
  const pending = items.map((item, index) => ({ index, item }));
  let facts: MatchFacts;
  try {
    facts = await factsOf(deps.patients, tenantId, items, local);
  } catch {
    return items.map(() => ({ status: 'unavailable' }));
  }
  await settle(deps, tenantId, pending, facts, local, outcomes, 0);
  return outcomes.map((outcome) => outcome ?? { status: 'unavailable' });
}

/**
 * Matches the notifications in order, each learning from the ones before, without storing or parking anything —
 * for a FHIR transaction, stored whole or not at all. Throws when Redis cannot be read.
 */
export async function matchAdtItems(
  patients: AdtPatientStore,
  tenantId: string,
  items: readonly AdtItem[],
  local: LocalFacts = {},
): Promise<PatientMatch[]> {
  if (items.length === 0) {
    return [];
  }
  const facts = await factsOf(patients, tenantId, items, local);
  return matchInOrder(items, facts).map(({ match }) => match);
}

/** The events a notification is stored as, for a member: the notification first, then what came with it. */
export function eventsFor(item: Pick<AdtItem, 'notification' | 'companions'>, memberId: string): CanonicalEvent[] {
  return [{ ...item.notification, memberId }, ...(item.companions ?? []).map((event) => ({ ...event, memberId }))];
}

/** Consecutive groups of units, each at most `max` events (a unit larger than that alone in its group). */
export function chunkByEvents<T>(units: readonly T[], sizeOf: (unit: T) => number, max = MAX_EVENTS_PER_JOB): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const unit of units) {
    const n = sizeOf(unit);
    if (current.length > 0 && size + n > max) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(unit);
    size += n;
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}

async function factsOf(
  patients: AdtPatientStore,
  tenantId: string,
  items: readonly AdtItem[],
  local: LocalFacts,
): Promise<MatchFacts> {
  const facts = await patients.facts(
    tenantId,
    items.flatMap((item) => item.identifiers),
  );
  return {
    knownMembers: new Set([...facts.knownMembers, ...(local.knownMembers ?? [])]),
    crosswalk: new Map([...facts.crosswalk, ...(local.crosswalk ?? [])]),
    ...(facts.renamedMbis === undefined ? {} : { renamedMbis: facts.renamedMbis }),
  };
}

/** Each item's match, in order; what a match teaches, the next items already know. */
function matchInOrder<T extends { identifiers: readonly PatientIdentifier[] }>(
  items: readonly T[],
  facts: MatchFacts,
): { match: PatientMatch; unlinked: string[] }[] {
  const crosswalk = new Map(facts.crosswalk);
  return items.map((item) => {
    const unlinked = item.identifiers.map(identifierKey).filter((key) => !crosswalk.has(key));
    const match = matchPatient(item.identifiers, { ...facts, crosswalk });
    if (match.matched) {
      for (const key of match.teaches) {
        crosswalk.set(key, match.memberId);
      }
    }
    return { match, unlinked };
  });
}

async function settle(
  deps: AdtSettleDeps,
  tenantId: string,
  pending: readonly Pending[],
  facts: MatchFacts,
  local: LocalFacts,
  outcomes: (AdtItemOutcome | undefined)[],
  round: number,
): Promise<void> {
  const matched: { pending: Pending; match: Extract<PatientMatch, { matched: true }> }[] = [];
  const unmatched: { pending: Pending; match: Extract<PatientMatch, { matched: false }>; unlinked: string[] }[] = [];
  matchInOrder(
    pending.map(({ item }) => item),
    facts,
  ).forEach(({ match, unlinked }, i) => {
    const item = pending[i]!;
    if (match.matched) {
      matched.push({ pending: item, match });
    } else {
      unmatched.push({ pending: item, match, unlinked });
    }
  });

  for (const chunk of chunkByEvents(matched, ({ pending: item }) => 1 + (item.item.companions?.length ?? 0))) {
    const units = chunk.map(({ pending: item, match }) => eventsFor(item.item, match.memberId));
    let stored: IngestOutcome[];
    try {
      stored = await deps.store(tenantId, units);
    } catch {
      stored = [];
    }
    const learnt = new Map<string, string[]>();
    chunk.forEach(({ pending: item, match }, i) => {
      const outcome = stored[i];
      outcomes[item.index] = storedOutcome(outcome, match.memberId);
      if (outcome !== undefined && outcome.status !== 'rejected' && match.teaches.length > 0) {
        learnt.set(match.memberId, [...(learnt.get(match.memberId) ?? []), ...match.teaches]);
      }
    });
    for (const [memberId, keys] of learnt) {
      // Learning is best effort: the notifications are stored, and the next one carrying the MBI teaches it again.
      await deps.patients.learn(tenantId, keys, memberId).catch(() => undefined);
    }
  }

  if (unmatched.length === 0) {
    return;
  }
  const parkedAt = deps.now().toISOString();
  const toPark = unmatched.map(({ pending: item, match }) => parkedMessageOf(item.item, match.reason, parkedAt));
  let parked: ParkOutcome[];
  try {
    parked = await deps.review.park(
      tenantId,
      toPark,
      unmatched.map(({ unlinked }) => unlinked),
    );
  } catch {
    for (const { pending: item } of unmatched) {
      outcomes[item.index] = { status: 'unavailable' };
    }
    return;
  }
  const again: Pending[] = [];
  unmatched.forEach(({ pending: item, match }, i) => {
    const outcome = parked[i];
    if (outcome === 'linked' && round === 0) {
      again.push(item);
      return;
    }
    outcomes[item.index] = parkedOutcome(outcome, toPark[i]!, match.reason);
  });
  if (again.length > 0) {
    let fresh: MatchFacts;
    try {
      fresh = await factsOf(
        deps.patients,
        tenantId,
        again.map(({ item }) => item),
        local,
      );
    } catch {
      for (const item of again) {
        outcomes[item.index] = { status: 'unavailable' };
      }
      return;
    }
    await settle(deps, tenantId, again, fresh, local, outcomes, round + 1);
  }
}

/** The review list's entry for a notification no member matches. */
export function parkedMessageOf(item: AdtItem, reason: ParkReason, parkedAt: string): ParkedMessage {
  const { notification } = item;
  const companions = [...(item.companions ?? [])];
  const key = `adt:${notification.sender}|${notification.messageId}`;
  // The content as the event store would hash it (its member not known yet, its feed left out); the notification's
  // alone when nothing came with it, so an HL7 message hashes as it always did.
  const contentOf = (event: CanonicalEvent): string => {
    const { source: _source, ...content } = event;
    return canonicalEventJson(content);
  };
  const hash = createHash('sha256')
    .update(eventsFor({ notification, companions }, '').map(contentOf).join('\n'))
    .digest('base64url');
  return {
    id: parkIdOf(key),
    key,
    hash,
    parkedAt,
    reason,
    notification,
    ...(companions.length === 0 ? {} : { companions }),
    identifiers: [...item.identifiers],
    patient: item.patient,
    identifierKeys: item.identifiers.map(identifierKey),
  };
}

function storedOutcome(outcome: IngestOutcome | undefined, memberId: string): AdtItemOutcome {
  if (outcome === undefined) {
    return { status: 'unavailable' };
  }
  if (outcome.status === 'rejected') {
    return outcome.code === 'CONFLICT' ? { status: 'conflict', message: outcome.message } : { status: 'unavailable' };
  }
  return { status: outcome.status, memberId, eventIds: outcome.eventIds };
}

function parkedOutcome(outcome: ParkOutcome | undefined, message: ParkedMessage, reason: ParkReason): AdtItemOutcome {
  switch (outcome) {
    case 'parked':
      return { status: 'parked', parkId: message.id, reason };
    case 'duplicate':
      return { status: 'parked-duplicate', parkId: message.id, reason };
    case 'stored':
      return { status: 'duplicate', eventIds: [] };
    case 'conflict':
      return { status: 'conflict', message: `${message.key} was already received with different content` };
    case 'full':
      return { status: 'full' };
    default:
      return { status: 'unavailable' };
  }
}
