import { Type, type Static, type TSchema } from 'typebox';

/**
 * The two views coordinators work together through: who holds which patient (leases) and who is online where
 * (presence). Both name patients or staff, so they are for signed-in care teams only, never the wall. Changes are
 * keyed upserts and removals, like the gap queue's.
 */

/**
 * A coordinator's claim on a patient: while it lasts nobody else may claim the patient, and every write about the
 * patient must carry its `token`. Tokens only grow (one counter per tenant), so a write from a holder whose lease
 * was lost, expired or reassigned — however late it arrives — names an older token and is refused. When it lapses is
 * the server's business (renewals are not news to the team); the holder learns of a loss from its heartbeat.
 */
export const Lease = Type.Object({
  memberId: Type.String(),
  /** The user holding the patient. */
  holder: Type.String(),
  holderName: Type.String(),
  /** The fencing token. */
  token: Type.Integer({ minimum: 1 }),
  claimedAt: Type.String({ format: 'date-time' }),
});
export type Lease = Static<typeof Lease>;

/** One open screen: who, on which page, looking at which patient. */
export const PresenceEntry = Type.Object({
  sessionId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  role: Type.String(),
  /** The page the screen shows (`queue`, `patient`, `spend`, …); null until the client says. */
  page: Type.Union([Type.String(), Type.Null()]),
  memberId: Type.Union([Type.String(), Type.Null()]),
  since: Type.String({ format: 'date-time' }),
});
export type PresenceEntry = Static<typeof PresenceEntry>;

const keyedChange = <T extends TSchema>(row: T) =>
  Type.Object({ upsert: Type.Array(row), remove: Type.Array(Type.String()) });

export const LeasesSnapshot = Type.Object({ leases: Type.Array(Lease) });
export type LeasesSnapshot = Static<typeof LeasesSnapshot>;
/** Leases taken or renewed hands (upsert) and patients released (remove, by member id). */
export const LeasesChange = keyedChange(Lease);
export type LeasesChange = Static<typeof LeasesChange>;

export const PresenceSnapshot = Type.Object({ sessions: Type.Array(PresenceEntry) });
export type PresenceSnapshot = Static<typeof PresenceSnapshot>;
/** Screens that arrived or moved (upsert) and screens that left (remove, by session id). */
export const PresenceChange = keyedChange(PresenceEntry);
export type PresenceChange = Static<typeof PresenceChange>;

interface KeyedChange<R> {
  upsert: R[];
  remove: string[];
}

/** Rows by key after a change, in key order (so every holder lists them alike). */
function applyKeyed<R>(rows: readonly R[], change: KeyedChange<R>, keyOf: (row: R) => string): R[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  for (const key of change.remove) {
    byKey.delete(key);
  }
  for (const row of change.upsert) {
    byKey.set(keyOf(row), row);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Two consecutive keyed changes as one: the later wins for a key both touch. */
function mergeKeyed<R>(earlier: KeyedChange<R>, later: KeyedChange<R>, keyOf: (row: R) => string): KeyedChange<R> {
  const upsert = new Map(earlier.upsert.map((row) => [keyOf(row), row]));
  const remove = new Set(earlier.remove);
  for (const key of later.remove) {
    upsert.delete(key);
    remove.add(key);
  }
  for (const row of later.upsert) {
    remove.delete(keyOf(row));
    upsert.set(keyOf(row), row);
  }
  return { upsert: [...upsert.values()], remove: [...remove] };
}

const leaseKey = (lease: Lease): string => lease.memberId;
const sessionKey = (entry: PresenceEntry): string => entry.sessionId;

export const emptyLeasesSnapshot = (): LeasesSnapshot => ({ leases: [] });
export const applyLeasesChange = (snapshot: LeasesSnapshot, change: LeasesChange): LeasesSnapshot => ({
  leases: applyKeyed(snapshot.leases, change, leaseKey),
});
export const mergeLeasesChanges = (earlier: LeasesChange, later: LeasesChange): LeasesChange =>
  mergeKeyed(earlier, later, leaseKey);

export const emptyPresenceSnapshot = (): PresenceSnapshot => ({ sessions: [] });
export const applyPresenceChange = (snapshot: PresenceSnapshot, change: PresenceChange): PresenceSnapshot => ({
  sessions: applyKeyed(snapshot.sessions, change, sessionKey),
});
export const mergePresenceChanges = (earlier: PresenceChange, later: PresenceChange): PresenceChange =>
  mergeKeyed(earlier, later, sessionKey);
