import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../events/index.js';
import { VALID_CLAIM, VALID_EVENTS } from './__fixtures__/valid-events.js';
import { validateEvent } from './validate-event.js';

const issuesOf = (raw: unknown, kind?: Parameters<typeof validateEvent>[1]) => {
  const result = validateEvent(raw, kind);
  return result.ok ? [] : result.issues.map((i) => [i.path, i.reason]);
};

describe('validateEvent: the contract of every kind', () => {
  it.each(EVENT_KINDS)('accepts a valid %s event unchanged', (kind) => {
    expect(validateEvent(VALID_EVENTS[kind])).toEqual({ ok: true, event: VALID_EVENTS[kind] });
  });

  it.each(EVENT_KINDS)('names a missing required field of a %s event', (kind) => {
    const { kind: _kind, ...rest } = VALID_EVENTS[kind];
    const [firstRequired] = Object.keys(rest).filter((key) => !['source', 'recordId'].includes(key));
    const broken = { ...VALID_EVENTS[kind] } as Record<string, unknown>;
    delete broken[firstRequired!];
    expect(issuesOf(broken)).toEqual([[`/${firstRequired}`, 'required']]);
  });

  it.each(EVENT_KINDS)('refuses an unknown field on a %s event', (kind) => {
    expect(issuesOf({ ...VALID_EVENTS[kind], colour: 'blue' })).toEqual([['/colour', 'unknown-field']]);
  });

  it('checks the kind first, then against that kind only', () => {
    expect(issuesOf({ ...VALID_CLAIM, kind: 'invoice' })).toEqual([['/kind', 'enum']]);
    expect(issuesOf({ claimId: 'x' })).toEqual([['/kind', 'required']]);
    expect(issuesOf([VALID_CLAIM])).toEqual([['', 'type']]);
    expect(issuesOf(VALID_CLAIM, 'member')).toEqual([['/kind', 'enum']]);
    const { kind: _kind, ...withoutKind } = VALID_CLAIM;
    expect(validateEvent(withoutKind, 'claim').ok).toBe(true);
  });
});

describe('validateEvent: claim rules', () => {
  it('normalises ICD-10 (dots, case) and HCPCS before checking them', () => {
    const result = validateEvent({
      ...VALID_CLAIM,
      diagnoses: ['i50.23', ' E11.22 '],
      lines: [{ ...VALID_CLAIM.lines[0], hcpcs: 'g0439', modifiers: ['25'] }],
    });
    expect(
      result.ok && result.event.kind === 'claim' && [result.event.diagnoses, result.event.lines[0]?.hcpcs],
    ).toEqual([['I5023', 'E1122'], 'G0439']);
  });

  it.each([
    ['a malformed ICD-10 code', { diagnoses: ['E11', '123'] }, '/diagnoses/1', 'pattern'],
    ['an impossible date', { fromDate: '2026-02-30' }, '/fromDate', 'format'],
    ['a through date before the from date', { throughDate: '2026-02-01' }, '/throughDate', 'date-order'],
    ['a paid date before the service', { paidDate: '2026-01-01' }, '/paidDate', 'date-order'],
    ['an NPI with a wrong check digit', { billingNpi: '1234567890' }, '/billingNpi', 'npi-check-digit'],
    ['a negative amount', { paidAmount: -5 }, '/paidAmount', 'minimum'],
    ['an amount out of range', { paidAmount: 1e12 }, '/paidAmount', 'maximum'],
    ['an unknown claim type', { claimType: 'dental' }, '/claimType', 'enum'],
    ['a version that is not an integer', { version: 1.5 }, '/version', 'type'],
    ['a TIN with a dash', { billingTin: '12-3456789' }, '/billingTin', 'pattern'],
  ])('points at %s', (_what, change, path, reason) => {
    expect(issuesOf({ ...VALID_CLAIM, ...change })).toContainEqual([path, reason]);
  });

  it('checks line HCPCS and rendering NPI by line', () => {
    const lines = [
      VALID_CLAIM.lines[0],
      { ...VALID_CLAIM.lines[0], lineNumber: 2, hcpcs: '9921', renderingNpi: '1234567894' },
    ];
    expect(issuesOf({ ...VALID_CLAIM, lines })).toEqual([['/lines/1/hcpcs', 'pattern']]);
    const npiOnly = [VALID_CLAIM.lines[0], { ...VALID_CLAIM.lines[0], lineNumber: 2, renderingNpi: '1234567894' }];
    expect(issuesOf({ ...VALID_CLAIM, lines: npiOnly })).toEqual([['/lines/1/renderingNpi', 'npi-check-digit']]);
  });
});
