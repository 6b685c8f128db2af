/**
 * FHIR bulk lines that are ADT notifications — an Encounter of a hospital stay's admission, discharge or
 * cancellation — matched to a member as an HL7 message is (ingest/hl7/adt-settle): stored for the member matched,
 * or parked in the ADT review list when none is, instead of refused for a Patient the crosswalk does not know yet.
 * Every other line goes to the store it was given. Shared by the FHIR route and `benchline import --format fhir`,
 * so a delivery read from a file ends where the same delivery posted would.
 */
import type { CanonicalEvent } from '@benchline/shared';
import type { LineMapper, StoreOrPark, StoreUnits, UnitOutcome } from './bulk-ingest.js';
import { encounterAdtOf, type EncounterAdt, type FhirMappingContext, UNMATCHED_MEMBER } from './fhir/index.js';
import {
  type AdtItemOutcome,
  type AdtSettleDeps,
  eventsFor,
  type LocalFacts,
  settleAdtItems,
} from './hl7/adt-settle.js';

/** Matches, stores or parks Encounters; one outcome each, in order. `knownMembers`: members the input brings itself. */
export type EncounterSettler = (
  encounters: readonly EncounterAdt[],
  knownMembers: Iterable<string>,
) => Promise<AdtItemOutcome[]>;

export const ERROR_REVIEW_FULL =
  'the review list of unmatched patients is full; nothing was stored: send it again later';

/** The settler over a tenant's ADT stores (the HL7 ingest's own: its patient crosswalk, review list and store). */
export function encounterSettler(deps: AdtSettleDeps, tenantId: string): EncounterSettler {
  return (encounters, knownMembers) => settleAdtItems(deps, tenantId, encounters, localFacts(encounters, knownMembers));
}

/**
 * Bulk lines with their ADT Encounters taken out of the plain store: `mapLine` maps as `inner` does and marks an
 * Encounter's unit, `store` sends the marked units to `settle` — after the plain ones, so a Patient line of the same
 * batch is a member they can match — and the rest to `store`.
 */
export function encounterLines(
  inner: LineMapper,
  context: FhirMappingContext,
  store: StoreUnits,
  settle: EncounterSettler,
): { mapLine: LineMapper; store: StoreOrPark } {
  const held = new WeakMap<CanonicalEvent[], EncounterAdt>();
  // Members the delivery's own Patient lines bring, before the workers fold them.
  const members = new Set<string>();
  return {
    mapLine: (value) => {
      const mapped = inner(value);
      const encounter = encounterAdtOf(value, mapped, context);
      if (encounter !== undefined) {
        const events = eventsFor(encounter, UNMATCHED_MEMBER);
        held.set(events, encounter);
        return { ok: true, events };
      }
      for (const memberId of mapped.ok ? membersOf([mapped]) : []) {
        members.add(memberId);
      }
      return mapped;
    },
    store: async (units) => {
      const outcomes: UnitOutcome[] = [];
      const plain = units.flatMap((unit, i) => (held.has(unit) ? [] : [i]));
      const adt = units.flatMap((unit, i) => (held.has(unit) ? [i] : []));
      if (plain.length > 0) {
        (await store(plain.map((i) => units[i]!))).forEach((outcome, k) => {
          outcomes[plain[k]!] = outcome;
        });
      }
      if (adt.length > 0) {
        const settled = await settle(
          adt.map((i) => held.get(units[i]!)!),
          members,
        );
        adt.forEach((i, k) => {
          outcomes[i] = unitOutcomeOf(settled[k]);
        });
      }
      return outcomes;
    },
  };
}

/** An ADT Encounter's outcome as the FHIR answers say it: stored, held for review, or refused with a reason. */
export function unitOutcomeOf(outcome: AdtItemOutcome | undefined): UnitOutcome {
  switch (outcome?.status) {
    case 'accepted':
    case 'duplicate':
      return { status: outcome.status, eventIds: outcome.eventIds };
    case 'parked':
      return { status: 'parked', eventIds: [], review: { id: outcome.parkId, reason: outcome.reason } };
    case 'parked-duplicate':
      return { status: 'duplicate', eventIds: [], review: { id: outcome.parkId, reason: outcome.reason } };
    case 'conflict':
      return { status: 'rejected', code: 'CONFLICT', message: outcome.message };
    case 'full':
      return { status: 'rejected', code: 'SERVICE_UNAVAILABLE', message: ERROR_REVIEW_FULL };
    default:
      return { status: 'rejected', code: 'SERVICE_UNAVAILABLE', message: 'storage is unavailable; send this again' };
  }
}

/** The members the mapped resources bring themselves (Patients' member records). */
export function membersOf(entries: readonly ({ ok: true; events: CanonicalEvent[] } | { ok: false })[]): string[] {
  return entries.flatMap((mapped) =>
    mapped.ok ? mapped.events.flatMap((event) => (event.kind === 'member' ? [event.memberId] : [])) : [],
  );
}

/** What the input knows besides Redis: its own members, and the references its mapping resolved itself. */
export function localFacts(encounters: readonly EncounterAdt[], knownMembers: Iterable<string>): LocalFacts {
  return {
    knownMembers,
    crosswalk: encounters.flatMap((encounter) => (encounter.resolved === undefined ? [] : [encounter.resolved])),
  };
}
