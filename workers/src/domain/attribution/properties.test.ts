import type { ClaimEvent, ProviderEvent } from '@benchline/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACO_ID,
  ACO_PROVIDERS,
  ACO_TIN,
  ACO_TIN_2,
  FQHC_CCN,
  FQHC_CLINICIAN,
  FQHC_TIN,
  OTHER_ACO_TIN,
  OUTSIDE_TIN,
  OUTSIDE_TIN_2,
  TABLES,
  facilityVisit,
  member,
  npi,
  provider,
  visit,
} from './__fixtures__/builders.js';
import { assignBeneficiaries, assignmentConfig } from './assignment.js';
import { competitorKey } from './plurality.js';
import type { AttributionResult, CompetitorRef } from './types.js';

const MEMBERS = ['M1', 'M2', 'M3'].map((id) => member(id)); // M3 never has claims
const PROVIDERS: ProviderEvent[] = [
  ...ACO_PROVIDERS,
  provider({ npi: FQHC_CLINICIAN, tin: FQHC_TIN, ccn: FQHC_CCN, participant: true, specialtyCode: '50' }),
];
const OTHER_ACO_ID = 'A2002';
// PY2025 retrospective: 12 months = 2025, expanded = 2024–2025, so every step can happen.
const CONFIG = assignmentConfig({
  performanceYear: 2025,
  method: 'retrospective',
  tables: TABLES,
  otherAcoTins: new Map([[OTHER_ACO_TIN, new Set([OTHER_ACO_ID])]]),
});

const TINS = [ACO_TIN, ACO_TIN_2, OUTSIDE_TIN, OUTSIDE_TIN_2, OTHER_ACO_TIN];
const CODES = ['99213', '99214', 'G0439', 'G0556', '99309', '99354', '99497', '93000'];
const SPECIALTIES = ['08', '11', '50', '97', '06', '13', '02', null];
const DATES = ['2023-11-03', '2024-02-14', '2024-09-30', '2025-01-01', '2025-04-18', '2025-07-07', '2025-12-31'];

const lineArb = fc.record({
  code: fc.constantFrom(...CODES),
  // Round amounts often, so ties and equal totals come up.
  cents: fc.oneof(
    { arbitrary: fc.constantFrom(5_000, 10_000), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 40_000 }), weight: 1 },
  ),
  pos: fc.constantFrom('11', '31', '21', null),
});

const claimSpecArb = fc.record({
  member: fc.constantFrom('M1', 'M2'),
  fqhc: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  tin: fc.constantFrom(...TINS),
  clinician: fc.integer({ min: 1, max: 6 }),
  specialty: fc.constantFrom(...SPECIALTIES),
  date: fc.constantFrom(...DATES),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 2 }),
  /** A later version: none, an adjustment to a new first-line amount, or a cancel. */
  revision: fc.oneof(fc.constant(null), fc.constant('cancel' as const), fc.integer({ min: 1, max: 40_000 })),
});
type ClaimSpec = typeof claimSpecArb extends fc.Arbitrary<infer T> ? T : never;

function claimEvents(spec: ClaimSpec, index: number, withRevisions: boolean): ClaimEvent[] {
  const claimId = `C${index}`;
  const [first, ...rest] = spec.lines.map((l) => ({ code: l.code, allowed: l.cents / 100, pos: l.pos }));
  const original = spec.fqhc
    ? facilityVisit({
        claimId,
        memberId: spec.member,
        ccn: FQHC_CCN,
        tin: FQHC_TIN,
        date: spec.date,
        code: first!.code,
        allowed: first!.allowed,
      })
    : visit({
        claimId,
        memberId: spec.member,
        tin: spec.tin,
        npi: npi(spec.clinician),
        specialty: spec.specialty,
        date: spec.date,
        code: first!.code,
        allowed: first!.allowed,
        pos: first!.pos,
        lines: rest,
      });
  if (!withRevisions || spec.revision === null) {
    return [original];
  }
  if (spec.revision === 'cancel') {
    return [original, { ...original, version: 2, adjustment: 'cancel' }];
  }
  const revisedAmount = spec.revision / 100;
  const lines = original.lines.map((l, i) => (i === 0 ? { ...l, allowedAmount: revisedAmount } : l));
  return [original, { ...original, version: 2, adjustment: 'adjustment', lines }];
}

const claimsArb = (withRevisions: boolean) =>
  fc
    .array(claimSpecArb, { minLength: 0, maxLength: 40, size: 'medium' })
    .map((specs) => specs.flatMap((spec, index) => claimEvents(spec, index, withRevisions)));

function run(claims: readonly ClaimEvent[]): AttributionResult[] {
  return assignBeneficiaries({ aco: { acoId: ACO_ID }, members: MEMBERS, claims, providers: PROVIDERS }, CONFIG);
}

/** Who a generated claim's dollars are credited to, by the same participant list the engine reads. */
function creditedTo(claim: ClaimEvent): CompetitorRef {
  if (claim.claimType === 'outpatient' || claim.billingTin === ACO_TIN || claim.billingTin === ACO_TIN_2) {
    return { kind: 'this-aco', id: ACO_ID };
  }
  if (claim.billingTin === OTHER_ACO_TIN) {
    return { kind: 'other-aco', id: OTHER_ACO_ID };
  }
  return { kind: 'tin', id: claim.billingTin ?? '' };
}

describe('attribution properties', () => {
  it('does not depend on the order claims arrive in', () => {
    fc.assert(
      fc.property(
        claimsArb(true).chain((claims) =>
          fc.tuple(fc.constant(claims), fc.shuffledSubarray(claims, { minLength: claims.length })),
        ),
        ([claims, shuffled]) => {
          expect(run(shuffled)).toEqual(run(claims));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is unchanged by duplicated claim events (same id and version)', () => {
    fc.assert(
      fc.property(
        claimsArb(true).chain((claims) =>
          fc.tuple(fc.constant(claims), fc.array(fc.nat({ max: Math.max(0, claims.length - 1) }), { maxLength: 10 })),
        ),
        ([claims, picks]) => {
          const duplicates = claims.length === 0 ? [] : picks.map((i) => structuredClone(claims[i]!));
          expect(run([...claims, ...duplicates])).toEqual(run(claims));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a plurality winner winning when its own dollars increase', () => {
    let checked = 0;
    fc.assert(
      fc.property(claimsArb(false), fc.integer({ min: 1, max: 500 }), (claims, extraDollars) => {
        for (const result of run(claims)) {
          const [top, second] = result.competitors;
          if (top === undefined || (second !== undefined && second.primaryCareCents === top.primaryCareCents)) {
            continue; // no winner, or a tie
          }
          const raised = claims.map((claim) =>
            claim.memberId === result.memberId && competitorKey(creditedTo(claim)) === competitorKey(top)
              ? { ...claim, lines: claim.lines.map((l) => ({ ...l, allowedAmount: l.allowedAmount + extraDollars })) }
              : claim,
          );
          const after = run(raised).find((r) => r.memberId === result.memberId)!;
          expect(after.competitors[0] && competitorKey(after.competitors[0])).toBe(competitorKey(top));
          expect([after.status, after.step]).toEqual([result.status, result.step]);
          checked += 1;
        }
      }),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
