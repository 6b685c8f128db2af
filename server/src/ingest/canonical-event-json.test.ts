import { EVENT_KINDS } from '@benchline/shared';
import { canonicalJson } from '@benchline/shared/backend';
import { describe, expect, it } from 'vitest';
import {
  VALID_ADT_VARIANTS,
  VALID_EVENTS,
  VALID_WORKLIST_VARIANTS,
} from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco } from '../../../tools/src/demo/demo-data.js';
import { canonicalEventJson } from './canonical-event-json.js';

/** The same value with every object's keys inserted in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(reversed);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .reverse()
        .map((k) => [k, reversed((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

describe('canonicalEventJson', () => {
  it.each(EVENT_KINDS)('writes a %s event exactly as canonicalJson does, whatever its key order', (kind) => {
    const event = VALID_EVENTS[kind];
    expect(canonicalEventJson(event)).toBe(canonicalJson(event));
    expect(canonicalEventJson(reversed(event) as typeof event)).toBe(canonicalJson(event));
  });

  it.each(VALID_WORKLIST_VARIANTS.map((event) => [event.action.type, event] as const))(
    'writes every field of a worklist %s action (the serializer picks the action type its fields belong to)',
    (_type, event) => {
      expect(canonicalEventJson(reversed(event) as typeof event)).toBe(canonicalJson(event));
    },
  );

  it.each(VALID_ADT_VARIANTS.map((event) => [event.event, event] as const))(
    'writes every field of an ADT %s notification',
    (_event, event) => {
      expect(canonicalEventJson(reversed(event) as typeof event)).toBe(canonicalJson(event));
    },
  );

  it('agrees with canonicalJson on every event of a generated ACO', () => {
    const aco = demoAco({ members: 30, months: 6, seed: 9, endMonth: '2026-06' });
    let checked = 0;
    for (const event of aco.providers) {
      expect(canonicalEventJson(event)).toBe(canonicalJson(event));
      checked += 1;
    }
    for (const bundle of aco.members()) {
      for (const event of [bundle.member, ...bundle.claims, ...bundle.clinical]) {
        expect(canonicalEventJson(event)).toBe(canonicalJson(event));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
