import { describe, expect, it } from 'vitest';
import { demoAco } from '../../../tools/src/demo/demo-data.js';
import { loadEcqmValueSets, readReferenceText } from '../reference/index.js';
import { loadCmsHccTables } from '../reference/index.js';
import { loadMeasureTerminology } from './measures/index.js';
import type { MemberResult, MemberResultConfig } from './member-result.js';
import { computeMemberResult, contributions, diffResults } from './member-result.js';

const config: MemberResultConfig = {
  today: '2026-06-15',
  paymentYear: 2026,
  period: { start: '2026-01-01', end: '2026-12-31' },
  riskTables: loadCmsHccTables(),
  terminology: loadMeasureTerminology(readReferenceText, loadEcqmValueSets()),
};

const aco = demoAco({ members: 40, months: 18, seed: 17, endMonth: '2026-06' });
const results = [...aco.members()].map((bundle) =>
  computeMemberResult(
    { memberId: bundle.member.memberId, records: [bundle.member], claims: bundle.claims, clinical: bundle.clinical },
    config,
  ),
);

describe('computeMemberResult', () => {
  it('scores, measures and lists the gaps of every generated member', () => {
    expect(results.every((r) => r.risk !== null && 'rawScore' in r.risk)).toBe(true);
    expect(results.every((r) => Object.keys(r.quality).length === 5)).toBe(true);
    const open = results.flatMap((r) => r.gaps.filter((g) => g.state === 'open'));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((g) => g.priority > 0 && g.explanation.length > 0)).toBe(true);
    expect(results.flatMap((r) => r.gaps.filter((g) => g.state !== 'open')).every((g) => g.priority === 0)).toBe(true);
  });

  it('answers a member with no roster record with an empty result, not a guess', () => {
    const bundle = aco.member(0);
    expect(
      computeMemberResult({ memberId: 'unknown', records: [], claims: bundle.claims, clinical: [] }, config),
    ).toEqual({
      memberId: 'unknown',
      risk: null,
      quality: {},
      gaps: [],
    });
  });
});

describe('contributions and diffResults', () => {
  const someone = results.find((r) => r.gaps.some((g) => g.state === 'open')) as MemberResult;

  it('add up a member: one member, one outcome per measure, risk by segment in thousandths', () => {
    const counters = contributions(someone);
    expect(counters.get('members')).toBe(1);
    const outcomes = [...counters].filter(([key]) => key.startsWith('quality:'));
    expect(outcomes.reduce((sum, [, n]) => sum + n, 0)).toBe(5);
    const risk = someone.risk as { segment: string; rawScore: number };
    expect(counters.get(`risk:${risk.segment}:raw-milli`)).toBe(Math.round(risk.rawScore * 1000));
  });

  it('changes nothing between equal results, and everything from nothing', () => {
    expect(diffResults(someone, structuredClone(someone))).toEqual({
      counters: new Map(),
      upsertOpenGaps: [],
      removeOpenGaps: [],
    });
    const fromNothing = diffResults(null, someone);
    expect(fromNothing.counters).toEqual(contributions(someone));
    expect(fromNothing.upsertOpenGaps.map((g) => g.gapId).sort()).toEqual(
      someone.gaps
        .filter((g) => g.state === 'open')
        .map((g) => g.gapId)
        .sort(),
    );
  });

  it('moves a closed gap between counters and out of the queue', () => {
    const gap = someone.gaps.find((g) => g.state === 'open')!;
    const closed: MemberResult = {
      ...someone,
      gaps: someone.gaps.map((g) => (g.gapId === gap.gapId ? { ...g, state: 'closed-confirmed', priority: 0 } : g)),
    };
    const delta = diffResults(someone, closed);
    expect(delta.counters).toEqual(
      new Map([
        [`gaps:${gap.kind}:open`, -1],
        [`gaps:${gap.kind}:closed-confirmed`, 1],
      ]),
    );
    expect(delta.removeOpenGaps).toEqual([gap.gapId]);
    expect(delta.upsertOpenGaps).toEqual([]);
  });
});
