/**
 * The generated organisation's contracts and the MA plan's roster: valid canonical events (the ingest's own
 * validation), deterministic for a seed, the MSSP agreement over the participant list with a benchmark calibrated
 * to the generator's own spend (checked against generated spend in mssp-spend.test.ts), the MA roster listing only
 * participant patients' MA months, and a live feed that keeps the roster current without ever sending a contract
 * again.
 */
import type { CanonicalEvent, ContractEvent, RosterEvent } from '@benchline/shared';
import { validateEvent } from '@benchline/shared';
import { eventKeyOf } from '@benchline/shared/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoMonth } from './calendar.js';
import { agreementYears, maCapitationPmpm, msspBenchmark } from './contracts.js';
import { createSyntheticAco, type GeneratorOptions, type SyntheticAco } from './generator.js';
import { createLiveFeed } from './live-feed.js';
import { loadGeneratorReference } from './load-reference.js';
import { statusOf } from './population.js';
import { DEFAULT_PROFILE } from './profile.js';
import { ENROLLMENT_TYPES } from './types.js';

const reference = loadGeneratorReference();
const OPTIONS: GeneratorOptions = { members: 4000, months: 24, seed: 7, endMonth: '2026-06' };
const aco = createSyntheticAco(OPTIONS, reference);

function contractsOf(generated: SyntheticAco): { mssp: ContractEvent; ma: ContractEvent } {
  const mssp = generated.contracts.find((c) => c.program === 'mssp');
  const ma = generated.contracts.find((c) => c.program === 'medicare-advantage');
  if (mssp === undefined || ma === undefined) {
    throw new Error('missing contract');
  }
  return { mssp, ma };
}

/** Members with a Medicare Advantage month up to the month after the window (the only ones a roster can list). */
function maMemberIndices(generated: SyntheticAco): number[] {
  const last = parseIsoMonth(generated.window.endMonth) + 1;
  return Array.from({ length: generated.options.members }, (_, index) => index).filter((index) =>
    generated.timeline(index).context.life.months.some((m) => m.medicareAdvantage && m.month <= last),
  );
}

const { mssp, ma } = contractsOf(aco);
let maIndices: number[] = [];
let rosters: RosterEvent[] = [];
beforeAll(() => {
  maIndices = maMemberIndices(aco);
  rosters = maIndices.flatMap((index) => [...aco.member(index).rosters]);
}, 60_000);

describe('generated contracts', () => {
  it('validate as canonical events, as ingest validates them, and so do the roster rows', () => {
    expect(rosters.length).toBeGreaterThan(3);
    for (const event of [...aco.contracts, ...rosters] as CanonicalEvent[]) {
      const result = validateEvent(JSON.parse(JSON.stringify(event)));
      expect(result.ok ? [] : result.issues, `${event.kind} ${JSON.stringify(event).slice(0, 200)}`).toEqual([]);
    }
  });

  it('are the same for the same seed and differ for another', () => {
    const again = createSyntheticAco(OPTIONS, reference);
    expect(again.contracts).toEqual(aco.contracts);
    expect(maIndices.flatMap((index) => again.member(index).rosters)).toEqual(rosters);
    const other = contractsOf(createSyntheticAco({ ...OPTIONS, seed: 8 }, reference));
    expect(other.mssp.participantTins).not.toEqual(mssp.participantTins);
    expect(other.mssp.years.map((y) => y.benchmark)).toEqual(mssp.years.map((y) => y.benchmark));
  });

  it('hold an MSSP agreement over the participant TINs for the window’s performance year', () => {
    const participantTins = [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort();
    expect(mssp).toMatchObject({
      payer: 'CMS',
      apmCategory: '3B',
      attribution: 'mssp-claims',
      benchmarkType: 'mssp-per-capita',
      participantTins,
      // The window starts 2024-07: a five-year agreement 2024–2028 covering performance year 2026.
      effectiveFrom: '2024-01-01',
      effectiveTo: '2028-12-31',
    });
    expect(agreementYears(aco.world)).toEqual({ first: 2024, last: 2028 });
    expect(mssp.contractId).toMatch(/^A[0-9]{4}$/);
    // APP Plus for PY2026 (reference §1.8).
    expect(mssp.measureSet).toEqual(['001', '134', '236', '112', '113', '321', '479', '484']);
    expect(mssp.years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027, 2028]);
    for (const year of mssp.years) {
      expect(year).toMatchObject({
        track: 'BASIC',
        level: 'E',
        assignment: 'retrospective',
        msrMlr: '2',
        completion: { runOutMonths: 3, method: 'chain-ladder' },
        quality: { assumedScore: 83.2, standard: 'met' },
      });
      const benchmark = year.benchmark?.perCapita;
      expect(benchmark).toEqual(msspBenchmark(DEFAULT_PROFILE));
      const expected = DEFAULT_PROFILE.contracts.assignedPerCapita;
      for (const type of ENROLLMENT_TYPES) {
        // Expected spend sits at the PUF's pooled savings rate (4.0%) below the benchmark.
        expect(1 - expected[type] / (benchmark?.[type] ?? 0)).toBeCloseTo(0.04, 5);
      }
    }
  });

  it('hold an MA plan’s global capitation attributed by the plan’s roster', () => {
    expect(ma).toMatchObject({
      program: 'medicare-advantage',
      apmCategory: '4',
      attribution: 'payer-roster',
      benchmarkType: 'capitation',
      effectiveFrom: mssp.effectiveFrom,
      effectiveTo: mssp.effectiveTo,
    });
    expect(ma.contractId).toMatch(/^H[0-9]{4}-[0-9]{3}$/);
    for (const year of ma.years) {
      const pmpm = year.benchmark?.capitationPmpm ?? 0;
      expect(pmpm).toBe(maCapitationPmpm(DEFAULT_PROFILE));
      expect(pmpm).toBeGreaterThan(700);
      expect(pmpm).toBeLessThan(1300);
    }
  });

  it('list on the MA roster only participant patients, in their MA months, through the month after the roster', () => {
    const participantTins = new Set(mssp.participantTins);
    const members = new Map(maIndices.map((index) => [aco.member(index).member.memberId, index]));
    for (const row of rosters) {
      expect(row.contractId).toBe(ma.contractId);
      expect(participantTins.has(row.attributedTin ?? '')).toBe(true);
      expect(row.asOf <= aco.window.asOf).toBe(true);
      const rosterMonth = parseIsoMonth(row.asOf.slice(0, 7));
      const life = aco.timeline(members.get(row.memberId) ?? -1).context.life;
      expect(row.months.length).toBeGreaterThan(0);
      for (const month of row.months) {
        expect(statusOf(life, parseIsoMonth(month))?.medicareAdvantage).toBe(true);
        expect(month >= ma.effectiveFrom.slice(0, 7) && parseIsoMonth(month) <= rosterMonth + 1).toBe(true);
      }
      // The member is still in the plan in the roster's month or the next (else the plan would not list them).
      expect(row.months.some((m) => parseIsoMonth(m) >= rosterMonth)).toBe(true);
    }
    // The June 2026 file (delivered Monday 1 June) lists members enrolled in July as well.
    const june = rosters.filter((r) => r.asOf === '2026-06-01');
    expect(june.length).toBeGreaterThan(0);
    expect(june.some((r) => r.months.includes('2026-07'))).toBe(true);
  });
});

describe('the live feed and the contracts', () => {
  // A smaller ACO whose feed is cheap to run; seed chosen so some member is on the MA plan's roster.
  const options: GeneratorOptions = { members: 1500, months: 6, seed: 6, endMonth: '2026-03' };

  it('sends no contract, and the plan’s monthly roster rows end where a longer batch run does', () => {
    const batch = createSyntheticAco(options, reference);
    const feed = createLiveFeed(batch);
    const items = feed.next('2026-05-31');
    expect(items.some((i) => i.event.kind === 'contract')).toBe(false);
    const rows = items.flatMap((i) => (i.event.kind === 'roster' ? [{ on: i.availableOn, row: i.event }] : []));
    expect(rows.length).toBeGreaterThan(0);
    // Delivered on the first business day of April and May, as of that day.
    expect(new Set(rows.map((r) => r.on))).toEqual(new Set(['2026-04-01', '2026-05-01']));
    expect(rows.every((r) => r.row.asOf === r.on)).toBe(true);

    const longer = createSyntheticAco({ ...options, months: options.months + 2, endMonth: '2026-05' }, reference);
    expect(longer.contracts).toEqual(batch.contracts);
    const latestFromFeed = new Map<string, string>();
    for (const { row } of rows) {
      latestFromFeed.set(row.memberId, eventKeyOf(row));
    }
    const fromLonger = new Map<string, string>();
    for (let index = 0; index < options.members; index += 1) {
      for (const row of longer.member(index).rosters) {
        if (row.asOf > batch.window.asOf) {
          fromLonger.set(row.memberId, eventKeyOf(row));
        }
      }
    }
    expect(latestFromFeed).toEqual(fromLonger);
  }, 60_000);
});
