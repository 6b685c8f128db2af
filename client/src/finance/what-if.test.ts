import { describe, expect, it } from 'vitest';
import { qualityGateSummary, standardLabel } from './quality-gate.js';
import { capitationContract, msspContract } from './test-fixtures.js';
import {
  canProjectTrend,
  clearsMsr,
  gapMeasures,
  gapStep,
  gapStepLabel,
  gapWhatIf,
  remainingMemberMonths,
  runRateIndex,
  trendCorridor,
  trendLabel,
  trendScenarios,
} from './what-if.js';

describe('the spend-trend what-if', () => {
  const contract = msspContract();
  const scenarios = trendScenarios(contract);

  it('offers the engine’s grid, lowest first, starting at the run rate', () => {
    expect(scenarios.map((s) => s.change)).toEqual([-0.05, -0.02, 0, 0.02, 0.05]);
    expect(runRateIndex(scenarios)).toBe(2);
    // The run rate is the projection itself.
    expect(scenarios[2]).toMatchObject({
      perCapitaCents: contract.projection.perCapitaCents,
      settlementCents: contract.settlement.expectedCents,
      deltaCents: 0,
    });
    expect(remainingMemberMonths(contract)).toBe(2210 - 1106);
    expect(canProjectTrend(contract)).toBe(true);
    expect(canProjectTrend(capitationContract())).toBe(false);
  });

  it('moves the gauge to the engine’s re-projection, and not at the run rate', () => {
    const lower = scenarios[0]!;
    expect(trendCorridor(contract, lower)).toEqual({
      perCapitaCents: 1_258_259,
      lowPerCapitaCents: 1_187_933,
      highPerCapitaCents: 1_328_585,
      benchmarkPerCapitaCents: contract.projection.benchmarkPerCapitaCents,
      msr: 0.02,
      mlr: 0.02,
    });
    expect(trendCorridor(contract, scenarios[2])).toBeNull();
    // 5 % lower: $25,344.37 more shared savings, by the engine's own settlement.
    expect(lower.deltaCents).toBe(2_534_437);
    expect(clearsMsr(contract, lower)).toBe(true);
    expect(clearsMsr(capitationContract(), capitationContract().whatIf.trend[0]!)).toBeNull();
  });

  it('says the step in words', () => {
    expect(trendLabel(0)).toBe('at the run rate');
    expect(trendLabel(-0.05)).toBe('−5% vs the run rate');
    expect(trendLabel(0.02)).toBe('+2% vs the run rate');
  });
});

describe('the close-gaps what-if', () => {
  const contract = msspContract();

  it('lists the measures with open gaps, named', () => {
    const options = gapMeasures(contract);
    expect(options.map((o) => [o.measureId, o.open])).toEqual([
      ['001', 10],
      ['134', 161],
      ['236', 38],
      ['112', 16],
      ['113', 41],
    ]);
    expect(options[2]?.label).toBe('Controlling high blood pressure (CMS165, quality ID 236) — 38 open');
    expect(gapMeasures(capitationContract())).toEqual([]);
  });

  it('picks the engine’s step: closing 25 CBP gaps raises the score to 68.8 and the settlement by $8,760.99', () => {
    const cbp = gapWhatIf(contract, '236');
    expect(cbp?.steps.map((s) => s.gaps)).toEqual([0, 10, 25, 38]);
    const step = gapStep(cbp, 25);
    expect(step).toMatchObject({ gaps: 25, heaScore: 68.8, standard: 'alternative', deltaCents: 876_099 });
    // Between two steps: the one below.
    expect(gapStep(cbp, 30)?.gaps).toBe(25);
    expect(gapStep(cbp, 0)?.deltaCents).toBe(0);
    expect(gapStep(undefined, 10)).toBeUndefined();
    expect(gapStepLabel(step!, 38)).toBe('25');
    expect(gapStepLabel(cbp!.steps[3]!, 38)).toBe('all 38');
    expect(gapStepLabel(cbp!.steps[0]!, 38)).toBe('none');
  });
});

describe('qualityGateSummary', () => {
  it('says which gate the settlement used and the estimate beside it, with what it rests on', () => {
    const summary = qualityGateSummary(msspContract());
    expect(summary.status).toBe('met');
    expect(summary.settlement).toBe('Met (HEA score 83.2), from the contract year');
    expect(summary.estimateStatus).toBe('alternative');
    expect(summary.estimate).toBe(
      'Alternative standard only — HEA score 60.2 (score over the 5 measures Benchline computes; without 321, 479, ' +
        '484; no 2026 40th-percentile threshold configured, so the score alone cannot meet the standard)',
    );
  });

  it('has no gate for contracts other than MSSP, and says why an MSSP one may have none', () => {
    expect(qualityGateSummary(capitationContract())).toMatchObject({
      status: 'none',
      settlement: 'No quality gate on this contract’s settlement',
      estimate: null,
    });
    expect(qualityGateSummary(msspContract({ quality: null })).settlement).toContain('lacks the terms');
    const noEstimate = msspContract({
      quality: { settlement: { standard: 'met', heaScore: null, source: 'assumed met' }, estimate: null },
    });
    expect(qualityGateSummary(noEstimate)).toMatchObject({
      settlement: 'Met, assumed met: the contract names no quality result',
      estimateStatus: 'none',
    });
    expect(standardLabel('not-met')).toBe('Not met');
  });
});
