/**
 * A fault test's events: about `target` of them drawn from a generated ACO (tests/faults/event-mix.ts) — whole
 * members' histories, the providers they name, MSSP agreement versions, later claim versions (re-priced, re-coded,
 * cancelled), coordinators' worklist actions, ADT notifications and exact duplicates, shuffled — chosen by `random`, so a seed replays it.
 * The same mix worker-sigkill.test.ts sends.
 */
import type { CanonicalEvent } from '@benchline/shared';
import {
  ADT_EVENT_CHOICES,
  eventPool,
  scenarioEvents,
  shuffled,
  type EventPool,
  type ScenarioChoice,
} from '../faults/event-mix.js';

/** Events per generated member, about (member record, claims and their versions, clinical events). */
const EVENTS_PER_MEMBER = 45;

/** A pool large enough to draw `target` events from. */
export function poolFor(target: number, seed: number): EventPool {
  return eventPool({ members: Math.ceil((target * 1.2) / EVENTS_PER_MEMBER), months: 12, seed });
}

export function mixedEvents(pool: EventPool, random: () => number, target: number): CanonicalEvent[] {
  const members: number[] = [];
  let count = 0;
  for (const index of shuffled(
    pool.members.map((_, i) => i),
    Math.floor(random() * 2 ** 31),
  )) {
    if (count >= target) {
      break;
    }
    members.push(index);
    count += pool.members[index]?.length ?? 0;
  }
  const claims = Math.round(count * 0.6);
  const pick = (n: number): number[] => Array.from({ length: n }, () => Math.floor(random() * 1_000_000));
  const choice: ScenarioChoice = {
    members,
    contractVersions: shuffled([1, 2, 3], Math.floor(random() * 2 ** 31)).slice(0, 1 + Math.floor(random() * 3)),
    changes: pick(Math.round(claims * 0.05)).map((claim, i) => ({
      claim,
      change: (['reprice', 'recode', 'cancel'] as const)[i % 3] ?? 'reprice',
      percent: 50 + Math.floor(random() * 100),
      code: Math.floor(random() * 1000),
    })),
    worklist: pick(Math.round(count * 0.03)).map((member, i) => ({
      member,
      gap: Math.floor(random() * 7),
      action: (['outreach', 'close', 'exclude', 'reopen', 'assign'] as const)[i % 5] ?? 'outreach',
      detail: Math.floor(random() * 1000),
      minute: Math.floor(random() * 30),
      days: Math.floor(random() * 15),
    })),
    adt: pick(Math.round(count * 0.02)).map((member, i) => ({
      member,
      visit: Math.floor(random() * 3),
      event: ADT_EVENT_CHOICES[i % ADT_EVENT_CHOICES.length] ?? 'admit',
      minute: Math.floor(random() * 30),
    })),
    duplicates: pick(Math.round(count * 0.05)),
    orderSeed: Math.floor(random() * 2 ** 31),
  };
  return scenarioEvents(pool, choice);
}
