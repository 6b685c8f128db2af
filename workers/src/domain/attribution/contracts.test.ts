import type { ClaimEvent } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import {
  ACO_PCP,
  ACO_PROVIDERS,
  ACO_TIN,
  ACO_TIN_2,
  OTHER_ACO_PCP,
  OTHER_ACO_TIN,
  OUTSIDE_PCP,
  OUTSIDE_TIN,
  TABLES,
  contract,
  member,
  roster,
  visit,
  withMonths,
} from './__fixtures__/builders.js';
import { attributionChurn } from './churn.js';
import type { ContractAttributionInput } from './contracts.js';
import { attributeContracts } from './contracts.js';
import type { AttributionResult } from './types.js';

const MSSP = contract({
  contractId: 'A1001',
  participantTins: [ACO_TIN, ACO_TIN_2],
  years: [{ year: 2026, assignment: 'retrospective' }],
});
const MA = contract({
  contractId: 'H1234',
  name: 'MA shared savings',
  payer: 'Plan',
  program: 'medicare-advantage',
  attribution: 'payer-roster',
  benchmarkType: 'pmpm-target',
});
const ENDED = contract({
  contractId: 'C77',
  program: 'commercial',
  attribution: 'payer-roster',
  effectiveTo: '2025-12-31',
});

const acoVisit = (claimId: string, memberId: string, date: string, allowed = 100): ClaimEvent =>
  visit({ claimId, memberId, tin: ACO_TIN, npi: ACO_PCP, specialty: '08', date, allowed });
const outsideVisit = (claimId: string, memberId: string, date: string, allowed: number): ClaimEvent =>
  visit({ claimId, memberId, tin: OUTSIDE_TIN, npi: OUTSIDE_PCP, specialty: '08', date, allowed });

const maMonths = Object.fromEntries(
  ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'].map((m) => [m, { medicareAdvantage: true }]),
);

function input(overrides: Partial<ContractAttributionInput>): ContractAttributionInput {
  return { contracts: [MSSP, MA, ENDED], rosters: [], members: [], claims: [], providers: ACO_PROVIDERS, ...overrides };
}

const brief = (results: readonly AttributionResult[]) =>
  results.map((r) => [r.memberId, r.contractId, r.status, r.step ?? r.reason]);

describe('attributeContracts', () => {
  it('answers every contract in effect: claims assignment for MSSP, the roster for the MA plan', () => {
    const results = attributeContracts(
      input({
        members: [member('M1'), withMonths(member('M2'), maMonths)],
        claims: [acoVisit('c1', 'M1', '2026-02-10'), acoVisit('c2', 'M2', '2026-01-10')],
        rosters: [
          roster({ contractId: 'H1234', memberId: 'M2', asOf: '2026-01-05', months: ['2026-01', '2026-02'] }),
          roster({
            contractId: 'H1234',
            memberId: 'M2',
            asOf: '2026-04-02',
            months: ['2026-04', '2026-05', '2026-06', '2026-01', '2026-02', '2026-03'],
            attributedNpi: OUTSIDE_PCP,
            attributedTin: OUTSIDE_TIN,
          }),
          roster({ contractId: 'H1234', memberId: 'M3', months: ['2026-01', '2026-02', '2026-03'] }),
          roster({ contractId: 'C77', memberId: 'M1', months: ['2026-05'] }),
        ],
      }),
      { asOf: '2026-05-15', tables: TABLES },
    );
    expect(brief(results)).toEqual([
      ['M1', 'A1001', 'attributed', 'step-1'],
      ['M2', 'A1001', 'not-attributed', 'ineligible'],
      ['M2', 'H1234', 'attributed', 'roster'],
      ['M3', 'H1234', 'not-attributed', 'not-on-roster-this-month'],
    ]);
    const maRow = results.find((r) => r.memberId === 'M2' && r.contractId === 'H1234');
    expect(maRow).toMatchObject({
      attribution: 'payer-roster',
      performanceYear: 2026,
      home: { tin: OUTSIDE_TIN, npi: OUTSIDE_PCP, ccn: null },
      roster: { asOf: '2026-04-02', months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'] },
    });
    expect(results.find((r) => r.memberId === 'M2' && r.contractId === 'A1001')?.failedScreens).toEqual([
      'medicare-advantage-month',
    ]);
  });

  it('reads the highest contract version and the year’s methodology', () => {
    // Version 2 makes the MSSP contract prospective for 2026: the window becomes Oct 2024 – Sep 2025.
    const prospective = { ...MSSP, version: 2, years: [{ year: 2026, assignment: 'prospective' as const }] };
    const claims = [acoVisit('c1', 'M1', '2025-03-10'), outsideVisit('c2', 'M1', '2026-02-01', 300)];
    const members = [member('M1')];
    const retro = attributeContracts(input({ contracts: [MSSP], members, claims }), {
      asOf: '2026-05-15',
      tables: TABLES,
    });
    expect(brief(retro)).toEqual([['M1', 'A1001', 'not-attributed', 'pre-step-not-met']]);
    const prosp = attributeContracts(input({ contracts: [MSSP, prospective], members, claims }), {
      asOf: '2026-05-15',
      tables: TABLES,
    });
    expect(brief(prosp)).toEqual([['M1', 'A1001', 'attributed', 'step-1']]);
  });

  it('lets the caller set the windows', () => {
    const claims = [acoVisit('c1', 'M1', '2025-11-10')];
    const windowsFor = () => ({
      assignment: { from: '2025-06-01', through: '2026-05-31' },
      expanded: { from: '2024-06-01', through: '2026-05-31' },
      exclusion: null,
    });
    const results = attributeContracts(input({ contracts: [MSSP], members: [member('M1')], claims }), {
      asOf: '2026-05-15',
      tables: TABLES,
      windowsFor,
    });
    expect(results[0]).toMatchObject({ status: 'attributed', basis: { window: { from: '2025-06-01' } } });
  });

  it('makes the tenant’s other claims contracts compete as other ACOs', () => {
    const second = contract({ contractId: 'A2002', participantTins: [OTHER_ACO_TIN] });
    const otherVisit = visit({
      claimId: 'c2',
      memberId: 'M1',
      tin: OTHER_ACO_TIN,
      npi: OTHER_ACO_PCP,
      specialty: '08',
      date: '2026-03-01',
      allowed: 150,
    });
    const results = attributeContracts(
      input({
        contracts: [MSSP, second],
        members: [member('M1')],
        claims: [acoVisit('c1', 'M1', '2026-02-01'), otherVisit],
      }),
      { asOf: '2026-05-15', tables: TABLES },
    );
    expect(brief(results)).toEqual([
      ['M1', 'A1001', 'not-attributed', 'plurality-elsewhere'],
      ['M1', 'A2002', 'attributed', 'step-1'],
    ]);
    expect(results[0]?.competitors.map((c) => [c.kind, c.id])).toEqual([
      ['other-aco', 'A2002'],
      ['this-aco', 'A1001'],
    ]);
  });

  it('excludes a TIN that two other ACOs list, rather than crediting whichever was read last', () => {
    const second = contract({ contractId: 'A2002', participantTins: [OTHER_ACO_TIN] });
    const third = contract({ contractId: 'A3003', participantTins: [OTHER_ACO_TIN, '333333332'] });
    const otherVisit = visit({
      claimId: 'c2',
      memberId: 'M1',
      tin: OTHER_ACO_TIN,
      npi: OTHER_ACO_PCP,
      specialty: '08',
      date: '2026-03-01',
      allowed: 150,
    });
    const results = attributeContracts(
      input({
        contracts: [MSSP, second, third],
        members: [member('M1')],
        claims: [acoVisit('c1', 'M1', '2026-02-01'), otherVisit],
      }),
      { asOf: '2026-05-15', tables: TABLES },
    );
    // A1001's 100.00 stands alone once the 150.00 through the shared TIN counts for nobody; A2002 and A3003 have
    // no service of their own left, so they fail the pre-step.
    expect(brief(results)).toEqual([
      ['M1', 'A1001', 'attributed', 'step-1'],
      ['M1', 'A2002', 'not-attributed', 'pre-step-not-met'],
      ['M1', 'A3003', 'not-attributed', 'pre-step-not-met'],
    ]);
    expect(results.map((r) => r.excludedMultiAcoTins)).toEqual([[OTHER_ACO_TIN], [OTHER_ACO_TIN], [OTHER_ACO_TIN]]);
    expect(results[0]?.competitors.map((c) => [c.kind, c.id, c.primaryCareCents])).toEqual([
      ['this-aco', 'A1001', 10000],
    ]);
  });

  it('adds the tenant’s claims contracts to the other ACOs the caller names for a TIN', () => {
    const second = contract({ contractId: 'A2002', participantTins: [OTHER_ACO_TIN] });
    const otherVisit = visit({
      claimId: 'c2',
      memberId: 'M1',
      tin: OTHER_ACO_TIN,
      npi: OTHER_ACO_PCP,
      specialty: '08',
      date: '2026-03-01',
      allowed: 150,
    });
    const [result] = attributeContracts(
      input({
        contracts: [MSSP, second],
        members: [member('M1')],
        claims: [acoVisit('c1', 'M1', '2026-02-01'), otherVisit],
      }),
      { asOf: '2026-05-15', tables: TABLES, otherAcoTins: new Map([[OTHER_ACO_TIN, new Set(['EXT9'])]]) },
    );
    expect(result).toMatchObject({
      contractId: 'A1001',
      status: 'attributed',
      step: 'step-1',
      excludedMultiAcoTins: [OTHER_ACO_TIN],
    });
  });
});

describe('attributionChurn', () => {
  const members = ['M1', 'M2', 'M3', 'M4', 'M5'].map((id) => member(id));
  const rosters = [
    roster({ contractId: 'H1234', memberId: 'M3', asOf: '2026-01-05', months: ['2026-01', '2026-02', '2026-03'] }),
    roster({ contractId: 'H1234', memberId: 'M4', asOf: '2026-01-05', months: ['2026-01', '2026-02', '2026-03'] }),
  ];
  const januaryClaims = [acoVisit('c1', 'M1', '2026-01-10'), acoVisit('c2', 'M2', '2026-01-12')];
  const laterClaims = [
    outsideVisit('c3', 'M1', '2026-03-20', 250), // M1's outside PCP now has more
    acoVisit('c4', 'M5', '2026-04-02'), // M5's first ACO visit
  ];
  const laterRosters = [
    roster({ contractId: 'H1234', memberId: 'M4', asOf: '2026-04-01', months: ['2026-04', '2026-05', '2026-06'] }),
    roster({ contractId: 'H1234', memberId: 'M5', asOf: '2026-04-01', months: ['2026-04', '2026-05', '2026-06'] }),
  ];
  const before = attributeContracts(input({ members, claims: januaryClaims, rosters }), {
    asOf: '2026-02-15',
    tables: TABLES,
  });
  const after = attributeContracts(
    input({ members, claims: [...januaryClaims, ...laterClaims], rosters: [...rosters, ...laterRosters] }),
    { asOf: '2026-05-15', tables: TABLES },
  );

  it('lists who joined and who left each contract, with the reason', () => {
    expect(attributionChurn(before, after).map((c) => [c.contractId, c.memberId, c.change, c.reason])).toEqual([
      ['A1001', 'M1', 'left', 'plurality-elsewhere'],
      ['A1001', 'M5', 'joined', 'step-1'],
      ['H1234', 'M3', 'left', 'not-on-roster-this-month'],
      ['H1234', 'M5', 'joined', 'roster'],
    ]);
  });

  it('keeps both sides of a change', () => {
    const m1 = attributionChurn(before, after).find((c) => c.memberId === 'M1');
    expect(m1).toEqual({
      contractId: 'A1001',
      memberId: 'M1',
      change: 'left',
      reason: 'plurality-elsewhere',
      before: { status: 'attributed', step: 'step-1', reason: null, failedScreens: [] },
      after: { status: 'not-attributed', step: null, reason: 'plurality-elsewhere', failedScreens: [] },
    });
  });

  it('says when the later run has no answer for someone', () => {
    const gone = attributionChurn(
      before,
      after.filter((r) => r.contractId !== 'H1234'),
    );
    expect(gone.filter((c) => c.contractId === 'H1234').map((c) => [c.memberId, c.change, c.reason])).toEqual([
      ['M3', 'left', 'no-longer-evaluated'],
      ['M4', 'left', 'no-longer-evaluated'],
    ]);
  });

  it('reports no change between identical runs', () => {
    expect(attributionChurn(after, after)).toEqual([]);
  });
});
