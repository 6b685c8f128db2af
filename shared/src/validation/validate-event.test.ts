import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../events/index.js';
import { eventKeyOf } from '../backend/event-store.js';
import {
  VALID_ADT,
  VALID_ADT_VARIANTS,
  VALID_CLAIM,
  VALID_CLINICAL,
  VALID_CLINICAL_VARIANTS,
  VALID_CONTRACT,
  VALID_EVENTS,
  VALID_MEMBER,
  VALID_WORKLIST,
  VALID_WORKLIST_VARIANTS,
} from './__fixtures__/valid-events.js';
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

  it('refuses a line number used twice, at the later line', () => {
    const lines = [
      VALID_CLAIM.lines[0],
      { ...VALID_CLAIM.lines[0], lineNumber: 2 },
      { ...VALID_CLAIM.lines[0], lineNumber: 1 },
    ];
    expect(issuesOf({ ...VALID_CLAIM, lines })).toEqual([['/lines/2/lineNumber', 'duplicate']]);
    expect(validateEvent({ ...VALID_CLAIM, lines: lines.slice(0, 2) }).ok).toBe(true);
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

describe('validateEvent: clinical events and what the eCQMs read beyond code, status and dates', () => {
  it.each(VALID_CLINICAL_VARIANTS.map((event) => [event.clinicalId, event] as const))(
    'accepts %s unchanged',
    (_id, event) => {
      expect(validateEvent(event)).toEqual({ ok: true, event });
    },
  );

  it('keys a clinical event by its id and version alone: the optional fields never change its identity', () => {
    const bare = { ...VALID_CLINICAL } as Record<string, unknown>;
    for (const field of ['additionalCodes', 'category', 'encounterId']) {
      delete bare[field];
    }
    expect(validateEvent(bare).ok).toBe(true);
    expect(eventKeyOf(VALID_CLINICAL)).toBe('clinical:Observation/hba1c-1:1');
    expect(eventKeyOf(bare as typeof VALID_CLINICAL)).toBe(eventKeyOf(VALID_CLINICAL));
  });

  const [, service, , encounter, condition, cancelled, , , medication] = VALID_CLINICAL_VARIANTS;
  it.each([
    ['an unknown type', VALID_CLINICAL, { type: 'allergy' }, '/type', 'enum'],
    ['a draft order', service, { status: 'draft' }, '/status', 'enum'],
    ['an unknown category', VALID_CLINICAL, { category: ['lab'] }, '/category/0', 'enum'],
    ['a category twice', VALID_CLINICAL, { category: ['laboratory', 'laboratory'] }, '/category', 'uniqueItems'],
    ['an empty category list', VALID_CLINICAL, { category: [] }, '/category', 'minItems'],
    [
      'an additional code in ICD-9',
      VALID_CLINICAL,
      { additionalCodes: [{ system: 'icd9', code: '1' }] },
      '/additionalCodes/0/system',
      'enum',
    ],
    [
      'verification entered-in-error (the status says it)',
      condition,
      { verificationStatus: 'entered-in-error' },
      '/verificationStatus',
      'enum',
    ],
    ['a body site without a code', condition, { bodySite: [{ system: 'snomed' }] }, '/bodySite/0/code', 'required'],
    ['an unknown intent', service, { intent: 'wish' }, '/intent', 'enum'],
    ['an encounter class with a space', encounter, { encounterClass: 'IN PATIENT' }, '/encounterClass', 'pattern'],
    ['an empty discharge disposition', encounter, { dischargeDisposition: [] }, '/dischargeDisposition', 'minItems'],
    ['an encounter id with a space', VALID_CLINICAL, { encounterId: 'Encounter/a b' }, '/encounterId', 'pattern'],
    ['a reason as text', cancelled, { reason: 'declined' }, '/reason', 'type'],
    ['a boolean value as text', cancelled, { value: { boolean: 'true' } }, '/value/boolean', 'type'],
    [
      'a coded value with an empty code list',
      VALID_CLINICAL,
      { value: { coding: { system: 'snomed', code: '1' }, additionalCodes: [] } },
      '/value/additionalCodes',
      'minItems',
    ],
    ['no days of supply', medication, { supply: { daysSupply: 0 } }, '/supply/daysSupply', 'exclusiveMinimum'],
    ['a fraction of a refill', medication, { supply: { refills: 1.5 } }, '/supply/refills', 'type'],
    [
      'an impossible bounds date',
      medication,
      { supply: { boundsStart: '2026-02-30' } },
      '/supply/boundsStart',
      'format',
    ],
    ['an unknown supply field', medication, { supply: { days: 30 } }, '/supply/days', 'unknown-field'],
    ['an end before the start', encounter, { endDate: '2025-12-30' }, '/endDate', 'date-order'],
  ])('points at %s', (_what, event, change, path, reason) => {
    expect(issuesOf({ ...event, ...change })).toContainEqual([path, reason]);
  });

  it('normalises every coding by its system, as the FHIR mapper does: ICD-10 without the dot, CPT/HCPCS upper case', () => {
    const [, , , encounter, condition, cancelled, , equipment] = VALID_CLINICAL_VARIANTS;
    const normalised = (event: unknown) => {
      const result = validateEvent(event);
      expect(result.ok ? [] : result.issues).toEqual([]);
      return result.ok && result.event.kind === 'clinical' ? result.event : undefined;
    };
    expect(
      normalised({
        ...condition,
        code: { system: 'icd10cm', code: 'e11.9' },
        additionalCodes: [
          { system: 'icd10cm', code: ' E11.65 ' },
          { system: 'snomed', code: ' 44054006' },
        ],
        bodySite: [{ system: 'icd10pcs', code: '0ht00zz' }],
      }),
    ).toMatchObject({
      code: { system: 'icd10cm', code: 'E119' },
      additionalCodes: [
        { system: 'icd10cm', code: 'E1165' },
        { system: 'snomed', code: '44054006' },
      ],
      bodySite: [{ system: 'icd10pcs', code: '0HT00ZZ' }],
    });
    expect(normalised({ ...encounter, additionalCodes: [{ system: 'cpt', code: '3044f' }] })?.additionalCodes).toEqual([
      { system: 'cpt', code: '3044F' },
    ]);
    expect(normalised({ ...cancelled, reason: [{ system: 'icd10cm', code: 'z53.2' }] })?.reason).toEqual([
      { system: 'icd10cm', code: 'Z532' },
    ]);
    expect(
      normalised({
        ...equipment,
        value: { coding: { system: 'hcpcs', code: 'e1130' }, additionalCodes: [{ system: 'icd10cm', code: 'r26.2' }] },
      })?.value,
    ).toEqual({ coding: { system: 'hcpcs', code: 'E1130' }, additionalCodes: [{ system: 'icd10cm', code: 'R262' }] });
  });

  it.each([
    ['an ICD-9 code filed as ICD-10-CM', { code: { system: 'icd10cm', code: '250.00' } }, '/code/code'],
    ['an ICD-10-CM code too short', { code: { system: 'icd10cm', code: 'E1' } }, '/code/code'],
    ['a CPT code of four digits', { additionalCodes: [{ system: 'cpt', code: '9921' }] }, '/additionalCodes/0/code'],
    [
      'a HCPCS code with a letter in the wrong place',
      { value: { coding: { system: 'hcpcs', code: '99Z13' } } },
      '/value/coding/code',
    ],
    [
      'a coded value’s other ICD-10-CM code',
      { value: { coding: { system: 'snomed', code: '1' }, additionalCodes: [{ system: 'icd10cm', code: '123' }] } },
      '/value/additionalCodes/0/code',
    ],
    [
      'a body site in ICD-10-PCS of six characters',
      { bodySite: [{ system: 'icd10pcs', code: '0HT00Z' }] },
      '/bodySite/0/code',
    ],
    [
      'a reason’s second coding',
      {
        reason: [
          { system: 'snomed', code: '720834000' },
          { system: 'icd10cm', code: 'Z5' },
        ],
      },
      '/reason/1/code',
    ],
    [
      'a discharge disposition in CPT',
      { dischargeDisposition: [{ system: 'cpt', code: 'ABCDE' }] },
      '/dischargeDisposition/0/code',
    ],
  ])('refuses %s (pattern, at the code)', (_what, change, path) => {
    expect(issuesOf({ ...VALID_CLINICAL, ...change })).toEqual([[path, 'pattern']]);
  });

  it('leaves codes of systems without a stricter shape as they are, but trimmed', () => {
    const result = validateEvent({ ...VALID_CLINICAL, code: { system: 'loinc', code: ' 4548-4 ' } });
    expect(result.ok && result.event.kind === 'clinical' ? result.event.code : undefined).toEqual({
      system: 'loinc',
      code: '4548-4',
    });
  });

  it('refuses an empty string value (the union of value shapes reports the branches it tried, within the error cap)', () => {
    const issues = issuesOf({ ...VALID_CLINICAL, value: { string: '' } });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every(([path]) => path?.startsWith('/value'))).toBe(true);
    expect(validateEvent({ ...VALID_CLINICAL, value: { string: 'positive' } }).ok).toBe(true);
  });
});

describe('validateEvent: cross-field rules of members and contracts', () => {
  it('refuses an enrolment month described twice, at the later entry', () => {
    const [january, february] = VALID_MEMBER.enrollment ?? [];
    expect(issuesOf({ ...VALID_MEMBER, enrollment: [january, february, { month: '2026-01', partA: false }] })).toEqual([
      ['/enrollment/2/month', 'duplicate'],
    ]);
  });

  const year = VALID_CONTRACT.years[0];
  it('asks a capitation contract for each year’s capitation rate', () => {
    const capitation = { ...VALID_CONTRACT, benchmarkType: 'capitation', apmCategory: '4' };
    expect(issuesOf(capitation)).toEqual([['/years/0/benchmark/capitationPmpm', 'required']]);
    expect(
      issuesOf({ ...capitation, years: [{ year: 2026 }, { year: 2027, benchmark: { capitationPmpm: 1100 } }] }),
    ).toEqual([['/years/0/benchmark/capitationPmpm', 'required']]);
    expect(validateEvent({ ...capitation, years: [{ ...year, benchmark: { capitationPmpm: 1100 } }] }).ok).toBe(true);
    // A contract not yet given its years has nothing to ask.
    expect(validateEvent({ ...capitation, years: [] }).ok).toBe(true);
  });

  it('asks a fixed completion for its factor', () => {
    const fixed = (completion: Record<string, unknown>) => ({ ...VALID_CONTRACT, years: [{ ...year, completion }] });
    expect(issuesOf(fixed({ runOutMonths: 3, method: 'fixed' }))).toEqual([
      ['/years/0/completion/fixedFactor', 'required'],
    ]);
    expect(validateEvent(fixed({ runOutMonths: 3, method: 'fixed', fixedFactor: 0.97 })).ok).toBe(true);
    expect(validateEvent(fixed({ runOutMonths: 3, method: 'chain-ladder' })).ok).toBe(true);
  });

  it('still refuses a performance year given twice', () => {
    expect(issuesOf({ ...VALID_CONTRACT, years: [year, year] })).toEqual([['/years/1/year', 'duplicate']]);
  });
});

describe('validateEvent: worklist actions, checked against their action type alone', () => {
  it.each(VALID_WORKLIST_VARIANTS.map((event) => [event.action.type, event.actionId, event] as const))(
    'accepts a %s action (%s) unchanged',
    (_type, _id, event) => {
      expect(validateEvent(event)).toEqual({ ok: true, event });
    },
  );

  it('keys an action by its id alone', () => {
    expect(eventKeyOf(VALID_WORKLIST)).toBe('worklist:act-0001');
  });

  const [outreach, scheduled, close, exclude, reopen, assign] = VALID_WORKLIST_VARIANTS;
  const withAction = (event: typeof VALID_WORKLIST | undefined, change: Record<string, unknown>) => ({
    ...event,
    action: { ...event?.action, ...change },
  });
  it.each([
    ['an unknown channel', withAction(outreach, { channel: 'fax' }), '/action/channel', 'enum'],
    ['an unknown outcome', withAction(outreach, { outcome: 'busy' }), '/action/outcome', 'enum'],
    ['no outcome', withAction(outreach, { outcome: undefined }), '/action/outcome', 'required'],
    ['an unknown barrier', withAction(outreach, { barrier: 'weather' }), '/action/barrier', 'enum'],
    [
      'an impossible next attempt',
      withAction(outreach, { nextAttemptOn: '2026-02-30' }),
      '/action/nextAttemptOn',
      'format',
    ],
    ['a note too long', withAction(outreach, { note: 'x'.repeat(2001) }), '/action/note', 'maxLength'],
    ['an empty note', withAction(outreach, { note: '' }), '/action/note', 'minLength'],
    ['a field of another action', withAction(outreach, { reason: 'other' }), '/action/reason', 'unknown-field'],
    [
      'a next attempt before the action',
      withAction(outreach, { nextAttemptOn: '2026-03-03' }),
      '/action/nextAttemptOn',
      'date-order',
    ],
    [
      'an appointment date without the outcome scheduled',
      withAction(outreach, { scheduledOn: '2026-03-20' }),
      '/action/scheduledOn',
      'not-allowed',
    ],
    [
      'an appointment before the action',
      withAction(scheduled, { scheduledOn: '2026-03-01' }),
      '/action/scheduledOn',
      'date-order',
    ],
    ['a close without a gap', withAction(close, { gapId: undefined }), '/action/gapId', 'required'],
    ['an exclusion reason on a close', withAction(close, { reason: 'hospice' }), '/action/reason', 'enum'],
    [
      'a close for "other" without a note',
      withAction(close, { reason: 'other', note: undefined }),
      '/action/note',
      'required',
    ],
    ['an exclude for "other" without a note', withAction(exclude, { note: undefined }), '/action/note', 'required'],
    [
      'a close reason on an exclude',
      withAction(exclude, { reason: 'documentation-submitted' }),
      '/action/reason',
      'enum',
    ],
    ['a gap id with a line break', withAction(reopen, { gapId: 'a\nb' }), '/action/gapId', 'pattern'],
    ['no assignee (null unassigns)', withAction(assign, { assignee: undefined }), '/action/assignee', 'required'],
    ['an unknown action type', withAction(outreach, { type: 'snooze' }), '/action/type', 'enum'],
    ['no action type', withAction(outreach, { type: undefined }), '/action/type', 'required'],
    ['an action that is not an object', { ...VALID_WORKLIST, action: 'outreach' }, '/action', 'type'],
    ['no action', { ...VALID_WORKLIST, action: undefined }, '/action', 'required'],
    ['a date without a time', { ...VALID_WORKLIST, at: '2026-03-04' }, '/at', 'format'],
    ['a user id starting with a dash', { ...VALID_WORKLIST, by: '-' }, '/by', 'pattern'],
  ])('points at %s', (_what, event, path, reason) => {
    const issues = issuesOf(JSON.parse(JSON.stringify(event)));
    expect(issues).toContainEqual([path, reason]);
    // Only the field at fault: never the noise of the union branches that were not meant.
    expect(issues.every(([at]) => at === path)).toBe(true);
  });

  it('lets a coordinator unassign, and an "other" reason stand with its note', () => {
    expect(validateEvent(withAction(assign, { assignee: null })).ok).toBe(true);
    expect(validateEvent(withAction(close, { reason: 'other', note: 'Patient moved to Florida.' })).ok).toBe(true);
    expect(validateEvent({ ...VALID_WORKLIST, by: 'auth0|5f1c9e' }).ok).toBe(true);
  });
});

describe('validateEvent: hostile shapes are refused quickly, by the field', () => {
  const deep = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels)) as unknown;

  it('names a field nested 10,000 levels deep without overflowing the stack', () => {
    expect(issuesOf({ ...VALID_EVENTS.roster, months: [deep(10_000)] })).toEqual([['/months/0', 'type']]);
    expect(issuesOf({ ...VALID_CLAIM, claimId: deep(10_000) })).toEqual([['/claimId', 'type']]);
    expect(issuesOf({ ...VALID_CLAIM, extra: deep(10_000) })).toEqual([['/extra', 'unknown-field']]);
  });

  it('refuses 100,000 equal months (a unique-items report that was quadratic) in well under a second', () => {
    const started = Date.now();
    expect(issuesOf({ ...VALID_EVENTS.roster, months: new Array(100_000).fill('2026-01') })).toContainEqual([
      '/months',
      'maxItems',
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names unknown fields however many there are (the validator stops at eight errors)', () => {
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x${i}`, 1]));
    const issues = issuesOf({ ...VALID_CLAIM, ...wide });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.length).toBeLessThanOrEqual(100);
    expect(issues.every(([path, reason]) => /^\/x[0-9]+$/.test(path!) && reason === 'unknown-field')).toBe(true);
  });

  it('refuses control characters and lone surrogates in free text, and years before 1800', () => {
    expect(issuesOf({ ...VALID_EVENTS.member, givenName: 'Ru\u0000th' })).toEqual([['/givenName', 'pattern']]);
    expect(issuesOf({ ...VALID_EVENTS.member, familyName: 'Ex\ud800' })).toEqual([['/familyName', 'pattern']]);
    expect(issuesOf({ ...VALID_EVENTS.member, birthDate: '0000-01-01' })).toEqual([['/birthDate', 'pattern']]);
    expect(issuesOf({ ...VALID_WORKLIST, at: '0999-01-01T00:00:00Z' })).toEqual([['/at', 'pattern']]);
    expect(validateEvent({ ...VALID_EVENTS.member, givenName: 'Zoë 🧪\t<script>' }).ok).toBe(true);
  });
});

describe('validateEvent: ADT notifications', () => {
  it.each(VALID_ADT_VARIANTS.map((event) => [event.event, event.messageId, event] as const))(
    'accepts a %s (%s) unchanged',
    (_event, _id, event) => {
      expect(validateEvent(event)).toEqual({ ok: true, event });
    },
  );

  it('keys a notification by its sender and message control id', () => {
    expect(eventKeyOf(VALID_ADT)).toBe('adt:EPICADT^GENHOSP|MSG00001');
  });

  it('normalises diagnosis codes as claims have them: no dot, upper case', () => {
    const result = validateEvent({ ...VALID_ADT, diagnoses: [{ code: 'i50.23', type: 'admitting' }] });
    expect(result.ok && result.event.kind === 'adt' ? result.event.diagnoses : undefined).toEqual([
      { code: 'I5023', type: 'admitting' },
    ]);
  });

  const [admit, , , discharge] = VALID_ADT_VARIANTS;
  it.each([
    ['an admit without its admission time', { ...admit, admitAt: undefined }, '/admitAt', 'required'],
    ['a discharge without its discharge time', { ...discharge, dischargeAt: undefined }, '/dischargeAt', 'required'],
    [
      'a discharge before the admission, as instants (offsets differ)',
      { ...admit, admitAt: '2026-03-02T21:10:00-05:00', dischargeAt: '2026-03-03T01:00:00Z' },
      '/dischargeAt',
      'date-order',
    ],
    ['an event time without an offset', { ...admit, eventAt: '2026-03-02T21:14:00' }, '/eventAt', 'format'],
    ['an unknown event', { ...admit, event: 'A01' }, '/event', 'enum'],
    ['an unknown patient class', { ...admit, patientClass: 'I' }, '/patientClass', 'enum'],
    ['a message id with the separator |', { ...admit, messageId: 'MSG|1' }, '/messageId', 'pattern'],
    ['a sender with a newline', { ...admit, sender: 'EPIC\nADT' }, '/sender', 'pattern'],
    ['a visit number with a leading space', { ...admit, visitNumber: ' V1' }, '/visitNumber', 'pattern'],
    ['a facility NPI with a wrong check digit', setFacility({ npi: '1234567890' }), '/facility/npi', 'npi-check-digit'],
    ['a facility CCN of five characters', setFacility({ ccn: '33010' }), '/facility/ccn', 'pattern'],
    [
      'an attending NPI with a wrong check digit',
      { ...admit, attendingNpi: '1234567894' },
      '/attendingNpi',
      'npi-check-digit',
    ],
    ['an ICD-9 diagnosis', { ...admit, diagnoses: [{ code: '428.0' }] }, '/diagnoses/0/code', 'pattern'],
    [
      'a disposition in an unknown system',
      { ...discharge, dischargeDisposition: { system: 'ub04', code: '06' } },
      '/dischargeDisposition/system',
      'enum',
    ],
  ])('refuses %s', (_name, event, path, reason) => {
    expect(issuesOf(event)).toContainEqual([path, reason]);
  });

  function setFacility(change: Record<string, string>) {
    return { ...admit, facility: { ...admit?.facility, ...change } };
  }
});
