/**
 * Test support for the FHIR mapper's tests: reading the vendored samples, asserting a mapping succeeded (and that
 * every event it produced validates against its canonical schema, checked here independently of the mapper), and
 * listing a failure's issues as sortable `reason path` strings.
 */
import { readFileSync } from 'node:fs';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { expect } from 'vitest';
import type { CanonicalEvent, EventKind } from '@benchline/shared';
import { EVENT_SCHEMAS, validateEvent } from '@benchline/shared';
import type { FhirMappingResult } from '../types.js';

export function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(`./${path}`, import.meta.url), 'utf8')) as T;
}

export function ndjsonFixture(path: string): Record<string, unknown>[] {
  return readFileSync(new URL(`./${path}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const validators = new Map<EventKind, ReturnType<typeof Compile<TSchema>>>();

/**
 * Fails the test unless every event validates against its kind's canonical schema — and passes the shared
 * ingest validation (check digits, date order), which the route applies to every event it stores.
 */
export function expectSchemaValid(events: readonly CanonicalEvent[]): void {
  for (const event of events) {
    let validator = validators.get(event.kind);
    if (validator === undefined) {
      validator = Compile(EVENT_SCHEMAS[event.kind] as TSchema);
      validators.set(event.kind, validator);
    }
    expect([...validator.Errors(event)], JSON.stringify(event)).toEqual([]);
    const shared = validateEvent(event);
    expect(shared.ok ? [] : shared.issues, JSON.stringify(event)).toEqual([]);
  }
}

/** The events of a successful mapping (the test fails, showing the issues, if it was not). */
export function eventsOf(result: FhirMappingResult): CanonicalEvent[] {
  expect(result.ok ? [] : result.issues).toEqual([]);
  const events = result.ok ? result.events : [];
  expectSchemaValid(events);
  return events;
}

/** The issues of a failed mapping as sorted `reason path` strings. */
export function issuesOf(result: FhirMappingResult): string[] {
  expect(result.ok, 'the mapping should have failed').toBe(false);
  return result.ok ? [] : result.issues.map((issue) => `${issue.reason} ${issue.path}`).sort();
}
