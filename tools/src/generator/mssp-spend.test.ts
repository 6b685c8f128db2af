/**
 * The MSSP benchmark against the generated population's own spend: per-capita Parts A+B paid of the members the
 * generator's own MSSP contract assigns, computed here with the workers' engines (assignment, monthly enrolment
 * types, MSSP paid amounts — `msspSpendByType`), over an independent sample: a seed the profile's measurement
 * did not use, each enrolment type sampled on its own. About 30 s: spend is heavy-tailed, so a sample that says
 * anything per type is a few thousand members.
 */
import { loadAssignmentSpecialtyCodes, loadPrimaryCareServiceCodes } from '@benchline/workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { msspBenchmark } from './contracts.js';
import { createSyntheticAco } from './generator.js';
import { loadGeneratorReference } from './load-reference.js';
import {
  measureAssignedPerCapita,
  membersWithMonthsOf,
  msspSpendByType,
  type MeasuredPerCapita,
} from './mssp-spend.js';
import { DEFAULT_PROFILE } from './profile.js';
import { ENROLLMENT_TYPES, type EnrollmentType } from './types.js';

const reference = loadGeneratorReference();
const tables = { primaryCareCodes: loadPrimaryCareServiceCodes(), specialties: loadAssignmentSpecialtyCodes() };
const YEAR = 2025;

/**
 * Spend per person-year varies with a coefficient of variation of about 2 (about 1 for ESRD, where dialysis sets
 * a floor) — measured over the profile's calibration sample — so a per-capita mean over n person-years is good to
 * CV/√n. The sample's own standard error is not used for the band: with heavy tails it is smallest exactly when
 * the sample has missed the costliest members. 1.5% more for the error of the profile's own measurement.
 */
const CV: Readonly<Record<EnrollmentType, number>> = { esrd: 1, disabled: 2.05, agedDual: 2.05, agedNonDual: 2.05 };
const CALIBRATION_ERROR = 0.015;

let measured: Record<EnrollmentType, MeasuredPerCapita>;
beforeAll(() => {
  measured = measureAssignedPerCapita(
    YEAR,
    { seeds: [11], membersPerSeed: { esrd: 80, disabled: 400, agedDual: 400, agedNonDual: 1500 } },
    reference,
    tables,
  );
}, 180_000);

describe('the generated MSSP benchmark', () => {
  const benchmark = msspBenchmark(DEFAULT_PROFILE);
  const gross = 1 / (1 - DEFAULT_PROFILE.contracts.benchmarkSavingsRate); // 4.0% savings rate: 1.0417
  const relativeError = (type: EnrollmentType): number =>
    Math.hypot(CV[type] / Math.sqrt(measured[type].personYears), CALIBRATION_ERROR);
  /** log(benchmark ÷ actual) less log(1.0417): 0 when the benchmark sits exactly 4.0% savings above spend. */
  const offset = (type: EnrollmentType): number => Math.log(benchmark[type] / measured[type].perCapita / gross);

  it('sits 4.2% above actual per-capita spend for every enrolment type, within three standard errors', () => {
    for (const type of ENROLLMENT_TYPES) {
      const { perCapita, personYears } = measured[type];
      // Enough person-years for the band to mean something: about ±38% for ESRD, ±36% for disabled and
      // aged/dual, ±19% for aged/non-dual.
      expect(personYears, type).toBeGreaterThan(type === 'esrd' ? 50 : type === 'agedNonDual' ? 900 : 250);
      expect(
        Math.abs(offset(type)),
        `${type}: benchmark $${benchmark[type]} vs actual $${perCapita.toFixed(0)} over ${personYears.toFixed(0)} person-years`,
      ).toBeLessThan(3 * relativeError(type));
    }
  });

  it('sits 4.2% above actual spend across the four types together, within three standard errors (about ±14%)', () => {
    const weights = ENROLLMENT_TYPES.map((t) => relativeError(t) ** -2);
    const total = weights.reduce((a, b) => a + b, 0);
    const mean = ENROLLMENT_TYPES.reduce((sum, t, i) => sum + (weights[i] ?? 0) * offset(t), 0) / total;
    expect(3 / Math.sqrt(total)).toBeLessThan(0.16);
    expect(Math.abs(mean)).toBeLessThan(3 / Math.sqrt(total));
  });
});

describe('msspSpendByType', () => {
  it('counts only assigned members’ eligible months, and only the sampled type’s members when sampled', () => {
    const aco = createSyntheticAco({ members: 10_000, months: 24, seed: 5, endMonth: '2026-12' }, reference);
    const contract = aco.contracts[0];
    if (contract === undefined) {
      throw new Error('no contract');
    }
    const esrd = msspSpendByType(membersWithMonthsOf(aco, YEAR, 'esrd', 5), contract, aco.providers, YEAR, tables);
    expect(esrd.assignedBeneficiaries).toBeLessThanOrEqual(5);
    expect(esrd.memberMonths.esrd).toBeGreaterThan(0);
    expect(esrd.memberMonths.esrd).toBeLessThanOrEqual(5 * 12);
    expect(esrd.memberMonths.disabled + esrd.memberMonths.agedDual + esrd.memberMonths.agedNonDual).toBe(0);
    expect(esrd.perCapita.esrd).toBeCloseTo((esrd.paidCents.esrd / 100 / esrd.memberMonths.esrd) * 12, 6);
    expect(esrd.standardError.esrd).toBeGreaterThan(0);
    expect(esrd.perCapita.disabled).toBe(0);
  }, 60_000);
});
