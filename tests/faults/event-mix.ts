/**
 * Event sequences for the fault tests, drawn from a generated ACO: whole members' histories (member record,
 * roster rows, claims with their versions, clinical events) and the providers their claims name; an MSSP agreement
 * over the ACO's participant list in versions the test chooses (participant TINs leaving and joining); and on top
 * of them what real feeds add — later versions of claims (re-priced adjustments, re-coded adjustments, cancels),
 * coordinators' worklist actions on the members' gaps (outreach, close, exclude, reopen, assign), hospitals' ADT
 * notifications of the members' stays (admits, transfers, discharges and their cancels) and exact duplicates — in an order that is anything but the order they happened in. Pure, deterministic.
 * The agreement is the test's own (the fixture's terms), not the generator's: its versions are what is varied.
 */
import type {
  AdtEvent,
  AdtEventType,
  CanonicalEvent,
  ClaimEvent,
  ContractEvent,
  ProviderEvent,
  WorklistAction,
  WorklistEvent,
} from '@benchline/shared';
import { CLOSE_REASONS, EXCLUDE_REASONS, OUTREACH_CHANNELS, OUTREACH_OUTCOMES } from '@benchline/shared';
import { VALID_CONTRACT } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';

/** A generated ACO, split into what one scenario draws from. */
export interface EventPool {
  /** Each member's own events (member record, rosters, claims, clinical), member by member. */
  members: CanonicalEvent[][];
  providers: ProviderEvent[];
  /** The MSSP agreement over the ACO's participant list, version 1. */
  mssp: ContractEvent;
  /** Every diagnosis code the claims carry (re-coded adjustments draw from it). */
  diagnoses: string[];
}

export function eventPool(options: { members: number; months: number; seed: number }): EventPool {
  const aco = demoAco({ ...options, endMonth: '2026-06' });
  const byMember = new Map<string, CanonicalEvent[]>();
  const providers: ProviderEvent[] = [];
  for (const event of demoEvents(aco)) {
    if (event.kind === 'provider') {
      providers.push(event);
    } else if (event.kind !== 'contract') {
      byMember.set(event.memberId, [...(byMember.get(event.memberId) ?? []), event]);
    }
  }
  const participantTins = [...new Set(providers.filter((p) => p.participant).map((p) => p.tin))].sort();
  const mssp: ContractEvent = { ...VALID_CONTRACT, effectiveFrom: '2025-01-01', participantTins };
  const claims = [...byMember.values()].flat().filter((e): e is ClaimEvent => e.kind === 'claim');
  return {
    members: [...byMember.values()],
    providers,
    mssp,
    diagnoses: [...new Set(claims.flatMap((c) => c.diagnoses))].sort(),
  };
}

/** One change a feed might send after a claim was first paid. */
export interface ClaimChange {
  /** Which claim of the scenario's members (modulo their number). */
  claim: number;
  change: 'reprice' | 'recode' | 'cancel';
  /** Re-pricing factor in percent. */
  percent: number;
  /** Which diagnosis a re-coded version adds (modulo the pool's). */
  code: number;
}

/** One coordinator action on a scenario member's gap. */
export interface WorklistChoice {
  /** Which of the scenario's members (modulo their number). */
  member: number;
  /**
   * Which gap (modulo the subjects below, plus one): a measure's or the wellness visit's — which the member may or
   * may not have open — or, one past them, none: an outreach about the patient in general, an action on a gap
   * nobody has.
   */
  gap: number;
  action: WorklistAction['type'];
  /** Picks the channel, outcome, reason or assignee (modulo their lists). */
  detail: number;
  /**
   * Minutes after the first action's time. Few, so actions share an instant (written in two offsets) and their
   * ids decide the order.
   */
  minute: number;
  /** Days to the next attempt or the visit booked; 0 for none. */
  days: number;
}

/** Gap subjects every member is evaluated for in the performance year (the gap id is member:subject:period start). */
const GAP_SUBJECTS = ['CMS122', 'CMS125', 'CMS130', 'CMS165', 'CMS2', 'AWV'];
const PERIOD_START = '2026-01-01';
/** Near the end of the performance year, so a next attempt can fall on either side of the test's today. */
const FIRST_ACTION = Date.parse('2026-11-20T09:00:00Z');

/** One ADT notification about a scenario member's hospital stay. */
export interface AdtChoice {
  /** Which of the scenario's members (modulo their number). */
  member: number;
  /** Which of the member's stays (modulo 3): notifications of one stay, in any order, with cancels among them. */
  visit: number;
  event: AdtEventType;
  /** Minutes after the first notification's time: few, so notifications share an instant. */
  minute: number;
}

export const ADT_EVENT_CHOICES: readonly AdtEventType[] = [
  'admit',
  'register',
  'transfer',
  'update',
  'discharge',
  'cancel-admit',
  'cancel-discharge',
];

export interface ScenarioChoice {
  /** Which members take part (indexes into the pool, modulo its size). */
  members: number[];
  /** Which MSSP agreement versions are sent: 1 as generated, 2 with the first half of the TINs, 3 the second. */
  contractVersions: number[];
  changes: ClaimChange[];
  worklist: WorklistChoice[];
  /** Hospitals' admission, transfer and discharge notifications, cancels included. */
  adt: AdtChoice[];
  /** Events sent again, exactly (indexes modulo the scenario's events). */
  duplicates: number[];
  /** Seed of the delivery order. */
  orderSeed: number;
}

/**
 * Version `n` of the MSSP agreement: 1 over every participant TIN, 2 over the first half of them, 3 over the second
 * half, 4 (sent after a rebuild) over every other one.
 */
export function agreementVersion(pool: EventPool, n: number): ContractEvent {
  const tins = pool.mssp.participantTins ?? [];
  const half = Math.ceil(tins.length / 2);
  const participantTins =
    n === 2 ? tins.slice(0, half) : n === 3 ? tins.slice(half) : n === 4 ? tins.filter((_, i) => i % 2 === 0) : tins;
  return { ...pool.mssp, version: pool.mssp.version + n - 1, participantTins };
}

/** The events of one scenario, in delivery order (duplicates included). */
export function scenarioEvents(pool: EventPool, choice: ScenarioChoice): CanonicalEvent[] {
  const chosen = [...new Set(choice.members.map((i) => i % pool.members.length))].sort((a, b) => a - b);
  const memberEvents = chosen.flatMap((i) => pool.members[i] ?? []);

  // The providers the chosen members' claims and rosters name (attribution looks up their specialties and TINs).
  const named = new Set<string>();
  for (const event of memberEvents) {
    if (event.kind === 'claim') {
      for (const npi of [event.billingNpi, ...event.lines.map((line) => line.renderingNpi)]) {
        if (npi !== undefined) {
          named.add(npi);
        }
      }
    } else if (event.kind === 'roster' && event.attributedNpi !== undefined) {
      named.add(event.attributedNpi);
    }
  }
  const providers = pool.providers.filter((p) => named.has(p.npi));

  const contracts = [...new Set(choice.contractVersions)].map((n) => agreementVersion(pool, n));

  const events: CanonicalEvent[] = [...contracts, ...providers, ...memberEvents];
  events.push(...claimChanges(memberEvents, choice.changes, pool.diagnoses));
  const memberIds = [...new Set(memberEvents.flatMap((e) => (e.kind === 'member' ? [e.memberId] : [])))];
  events.push(...choice.worklist.flatMap((w, i) => worklistAction(memberIds, w, i)));
  events.push(...choice.adt.flatMap((a, i) => adtNotification(memberIds, a, i)));
  const unique = events.length;
  for (const i of choice.duplicates) {
    events.push(events[i % unique] as CanonicalEvent);
  }
  return shuffled(events, choice.orderSeed);
}

/** The `index`-th coordinator action of a scenario (none when the scenario has no members). */
function worklistAction(memberIds: readonly string[], choice: WorklistChoice, index: number): WorklistEvent[] {
  const memberId = memberIds[choice.member % Math.max(1, memberIds.length)];
  if (memberId === undefined) {
    return [];
  }
  const subject = GAP_SUBJECTS[choice.gap % (GAP_SUBJECTS.length + 1)];
  const gapId = `${memberId}:${subject ?? 'CMS999'}:${PERIOD_START}`;
  const instant = new Date(FIRST_ACTION + choice.minute * 60_000);
  // The same instant written in UTC or an hour ahead: ordering must read instants, not text.
  const at =
    choice.detail % 2 === 0
      ? instant.toISOString()
      : `${new Date(instant.getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`;
  const later = choice.days === 0 ? undefined : addDays(at.slice(0, 10), choice.days);
  const pick = <T>(list: readonly T[]): T => list[choice.detail % list.length] as T;
  let action: WorklistAction;
  switch (choice.action) {
    case 'outreach': {
      const outcome = pick(OUTREACH_OUTCOMES);
      action = {
        type: 'outreach',
        ...(subject === undefined ? {} : { gapId }),
        channel: OUTREACH_CHANNELS[(choice.detail >> 3) % OUTREACH_CHANNELS.length] ?? 'phone',
        outcome,
        ...(later === undefined ? {} : outcome === 'scheduled' ? { scheduledOn: later } : { nextAttemptOn: later }),
      };
      break;
    }
    case 'close':
    case 'exclude': {
      const reason = pick(choice.action === 'close' ? CLOSE_REASONS : EXCLUDE_REASONS);
      action =
        choice.action === 'close'
          ? { type: 'close', gapId, reason: reason as (typeof CLOSE_REASONS)[number] }
          : { type: 'exclude', gapId, reason: reason as (typeof EXCLUDE_REASONS)[number] };
      if (reason === 'other') {
        action.note = 'See the chart.';
      }
      break;
    }
    case 'reopen':
      action = { type: 'reopen', gapId };
      break;
    case 'assign':
      action = { type: 'assign', assignee: pick(['coord.a', 'coord.b', null]) };
      break;
  }
  return [{ kind: 'worklist', actionId: `wl-${index}`, memberId, at, by: 'coord.fault', action }];
}

/** The `index`-th ADT notification of a scenario (none when the scenario has no members). */
function adtNotification(memberIds: readonly string[], choice: AdtChoice, index: number): AdtEvent[] {
  const memberId = memberIds[choice.member % Math.max(1, memberIds.length)];
  if (memberId === undefined) {
    return [];
  }
  const instant = new Date(FIRST_ACTION + choice.minute * 60_000);
  // The same instant written in UTC or five hours behind: ordering must read instants, not text.
  const at =
    index % 2 === 0
      ? instant.toISOString()
      : `${new Date(instant.getTime() - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`;
  const event = choice.event;
  return [
    {
      kind: 'adt',
      sender: 'EPICADT^GENHOSP',
      messageId: `adt-${index}`,
      memberId,
      event,
      eventAt: at,
      visitNumber: `V${memberId}-${choice.visit % 3}`,
      visitAssigner: 'GENHOSP',
      patientClass: choice.visit % 3 === 2 ? 'emergency' : 'inpatient',
      ...(event === 'admit' || event === 'register' ? { admitAt: at } : {}),
      ...(event === 'discharge' ? { dischargeAt: at, dischargeDisposition: { system: 'nubc', code: '01' } } : {}),
      facility: { id: 'GENHOSP', ccn: '330101' },
    },
  ];
}

/** Later versions of the members' claims, each change building on the claim's latest version so far. */
function claimChanges(
  events: readonly CanonicalEvent[],
  changes: readonly ClaimChange[],
  codes: string[],
): ClaimEvent[] {
  const latest = new Map<string, ClaimEvent>();
  for (const event of events) {
    if (event.kind === 'claim' && (latest.get(event.claimId)?.version ?? 0) < event.version) {
      latest.set(event.claimId, event);
    }
  }
  const claimIds = [...latest.keys()].sort();
  const out: ClaimEvent[] = [];
  if (claimIds.length === 0) {
    return out;
  }
  for (const { claim, change, percent, code } of changes) {
    const claimId = claimIds[claim % claimIds.length] as string;
    const current = latest.get(claimId) as ClaimEvent;
    const next = laterVersion(current, change, percent, codes[code % codes.length]);
    latest.set(claimId, next);
    out.push(next);
  }
  return out;
}

function laterVersion(
  claim: ClaimEvent,
  change: ClaimChange['change'],
  percent: number,
  code: string | undefined,
): ClaimEvent {
  const base = { ...claim, version: claim.version + 1, paidDate: addDays(claim.paidDate, 14) };
  if (change === 'cancel') {
    return {
      ...base,
      adjustment: 'cancel',
      paidAmount: 0,
      lines: claim.lines.map((line) => ({ ...line, allowedAmount: 0, paidAmount: 0 })),
    };
  }
  const factor = change === 'reprice' ? percent / 100 : 1;
  const lines = claim.lines.map((line) => ({
    ...line,
    allowedAmount: cents(line.allowedAmount * factor),
    paidAmount: cents(line.paidAmount * factor),
  }));
  const diagnoses =
    change === 'recode' && code !== undefined
      ? [...new Set([...claim.diagnoses.slice(0, 1), code])].slice(0, 25)
      : claim.diagnoses;
  return {
    ...base,
    adjustment: 'adjustment',
    lines,
    diagnoses,
    paidAmount:
      claim.lines.length === 0 ? cents(claim.paidAmount * factor) : cents(sum(lines.map((l) => l.paidAmount))),
  };
}

/** A deterministic Fisher–Yates shuffle. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** mulberry32: a small, fast, well-mixed PRNG in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
