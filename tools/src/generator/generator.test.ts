import { createHash } from 'node:crypto';
import {
  ClaimEvent,
  ClinicalEvent,
  isValidNpi,
  MBI_PATTERN,
  MemberEvent,
  ProviderEvent,
  type ClaimEvent as ClaimEventType,
} from '@benchline/shared';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { createSyntheticAco, type GeneratorOptions, type MemberBundle, type SyntheticAco } from './generator.js';
import { loadGeneratorReference } from './load-reference.js';

const reference = loadGeneratorReference();
const OPTIONS: GeneratorOptions = { members: 150, months: 15, seed: 7, endMonth: '2025-06' };
const aco = createSyntheticAco(OPTIONS, reference);
const bundles = [...aco.members()];
const allClaims = bundles.flatMap((b) => b.claims);
const allClinical = bundles.flatMap((b) => b.clinical);

function digest(generated: SyntheticAco, count = generated.options.members): string {
  const hash = createHash('sha256');
  for (const provider of generated.providers) {
    hash.update(`${JSON.stringify(provider)}\n`);
  }
  for (let index = 0; index < count; index += 1) {
    const bundle = generated.member(index);
    for (const event of [bundle.member, ...bundle.claims, ...bundle.clinical]) {
      hash.update(`${JSON.stringify(event)}\n`);
    }
  }
  return hash.digest('hex');
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe('generated events', () => {
  it('all validate against their canonical schemas', () => {
    const checks = [
      [Compile(MemberEvent), bundles.map((b) => b.member)],
      [Compile(ProviderEvent), aco.providers],
      [Compile(ClaimEvent), allClaims],
      [Compile(ClinicalEvent), allClinical],
    ] as const;
    for (const [check, events] of checks) {
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        if (!check.Check(event)) {
          expect.fail(
            `${JSON.stringify(event).slice(0, 300)}\n${JSON.stringify([...check.Errors(event)].slice(0, 3))}`,
          );
        }
      }
    }
  });

  it('use valid MBIs and Luhn-valid NPIs everywhere', () => {
    const mbi = new RegExp(MBI_PATTERN);
    expect(bundles.every((b) => mbi.test(b.member.memberId))).toBe(true);
    expect(new Set(bundles.map((b) => b.member.memberId)).size).toBe(bundles.length);
    const npis = [
      ...aco.providers.map((p) => p.npi),
      ...allClaims
        .flatMap((c) => [c.billingNpi, ...c.lines.map((l) => l.renderingNpi)])
        .filter((n): n is string => n !== undefined),
    ];
    const invalid = npis.filter((npi) => !isValidNpi(npi));
    expect(invalid).toEqual([]);
    expect(new Set(aco.providers.map((p) => p.npi)).size).toBe(aco.providers.length);
  });

  it('give each claim id one event per version, versions rising with the paid date', () => {
    const byClaim = new Map<string, ClaimEventType[]>();
    for (const claim of allClaims) {
      const list = byClaim.get(claim.claimId) ?? [];
      list.push(claim);
      byClaim.set(claim.claimId, list);
    }
    let adjusted = 0;
    let cancelled = 0;
    for (const [claimId, versions] of byClaim) {
      const numbers = versions.map((v) => v.version);
      expect(new Set(numbers).size, claimId).toBe(numbers.length);
      const sorted = [...versions].sort((a, b) => a.version - b.version);
      expect(sorted[0]?.version).toBe(1);
      expect(sorted[0]?.adjustment).toBe('original');
      for (let k = 1; k < sorted.length; k += 1) {
        expect((sorted[k]?.paidDate ?? '') >= (sorted[k - 1]?.paidDate ?? ''), claimId).toBe(true);
        expect(sorted[k]?.adjustment).not.toBe('original');
      }
      if (sorted.some((v) => v.adjustment === 'adjustment')) {
        adjusted += 1;
      }
      const cancel = sorted.find((v) => v.adjustment === 'cancel');
      if (cancel !== undefined) {
        cancelled += 1;
        expect(cancel.paidAmount).toBe(0);
        expect(cancel).toBe(sorted.at(-1));
      }
    }
    // "A few percent" of claims are adjusted or cancelled (only those paid by the as-of date are visible).
    expect(adjusted / byClaim.size).toBeGreaterThan(0.01);
    expect(adjusted / byClaim.size).toBeLessThan(0.05);
    expect(cancelled / byClaim.size).toBeGreaterThan(0.002);
    expect(cancelled / byClaim.size).toBeLessThan(0.02);
  });

  it('pay no claim before day 14 after service nor after the as-of date, and sum lines into the header', () => {
    for (const claim of allClaims) {
      expect(claim.paidDate >= addDays(claim.throughDate, 14), claim.claimId).toBe(true);
      expect(claim.paidDate <= aco.window.asOf, claim.claimId).toBe(true);
      expect(claim.fromDate <= claim.throughDate).toBe(true);
      const lineCents = claim.lines.reduce((sum, line) => sum + Math.round(line.paidAmount * 100), 0);
      expect(Math.round(claim.paidAmount * 100)).toBe(lineCents);
      for (const line of claim.lines) {
        expect(line.paidAmount).toBeLessThanOrEqual(line.allowedAmount);
      }
    }
  });

  it('shape claims by type: institutional with bill type and CCN, professional with rendering provider and place', () => {
    const institutional = new Set(['inpatient', 'outpatient', 'snf', 'hha', 'hospice']);
    const seenTypes = new Set(allClaims.map((c) => c.claimType));
    for (const type of ['inpatient', 'outpatient', 'snf', 'hha', 'hospice', 'professional', 'dme']) {
      expect(seenTypes.has(type as ClaimEventType['claimType']), type).toBe(true);
    }
    for (const claim of allClaims) {
      expect(claim.diagnoses.length).toBeGreaterThan(0);
      expect(claim.diagnoses.every((code) => !code.includes('.'))).toBe(true);
      expect(claim.billingTin).toBeDefined();
      if (institutional.has(claim.claimType)) {
        expect(claim.typeOfBill, claim.claimId).toBeDefined();
        expect(claim.facilityCcn, claim.claimId).toBeDefined();
        expect(claim.lines.every((l) => l.revenueCode !== undefined)).toBe(true);
      } else {
        expect(
          claim.lines.every(
            (l) => l.hcpcs !== undefined && l.placeOfService !== undefined && l.renderingNpi !== undefined,
          ),
        ).toBe(true);
      }
    }
  });

  it('keep a meaningful share of primary care outside the ACO (leakage)', () => {
    const participantTins = new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin));
    const visits = allClaims.filter(
      (c) => c.version === 1 && c.lines.some((l) => /^992(0[2-5]|1[1-5])$/.test(l.hcpcs ?? '')),
    );
    const outside = visits.filter((c) => !participantTins.has(c.billingTin ?? '')).length / visits.length;
    expect(outside).toBeGreaterThan(0.12);
    expect(outside).toBeLessThan(0.45);
  });

  it('build a participant list with PCPs, NPPs and specialists, and outside providers with CCNs', () => {
    const participants = aco.providers.filter((p) => p.participant && p.entity === 'individual');
    const specialties = new Set(participants.map((p) => p.specialtyCode));
    for (const code of ['08', '11', '50', '97', '06']) {
      expect(specialties.has(code), code).toBe(true);
    }
    // Every PCP and NPP specialty comes from the MSSP assignment list, and several step-2 specialties take part.
    const roles = new Set([
      ...reference.primaryCarePhysicianSpecialties,
      ...reference.nonPhysicianPractitionerSpecialties,
    ]);
    const primaryCareCodes = ['01', '08', '11', '37', '38', '50', '89', '97'];
    const primaryCare = aco.providers.filter(
      (p) => p.entity === 'individual' && primaryCareCodes.includes(p.specialtyCode),
    );
    expect(primaryCare.length).toBeGreaterThan(50);
    expect(primaryCare.every((p) => roles.has(p.specialtyCode))).toBe(true);
    expect(reference.step2SpecialistSpecialties.filter((code) => specialties.has(code)).length).toBeGreaterThanOrEqual(
      6,
    );
    expect(new Set(participants.map((p) => p.tin)).size).toBeGreaterThanOrEqual(10);
    const outside = aco.providers.filter((p) => !p.participant);
    expect(
      outside.filter((p) => p.entity === 'individual' && ['01', '08', '11', '38'].includes(p.specialtyCode)).length,
    ).toBeGreaterThan(10);
    expect(outside.filter((p) => p.ccn !== undefined).length).toBeGreaterThanOrEqual(20);
  });

  it('list members as of the as-of date, with coverage months inside the window', () => {
    for (const { member } of bundles) {
      expect(member.asOf).toBe(aco.window.asOf);
      for (const month of member.enrollment) {
        expect(month.month >= aco.window.startMonth && month.month <= aco.window.endMonth).toBe(true);
      }
      if (member.deathDate !== undefined) {
        expect(member.deathDate <= aco.window.asOf).toBe(true);
        expect(member.enrollment.at(-1)?.month).toBe(member.deathDate.slice(0, 7));
      }
    }
  });

  it('emit clinical events from EHRs and labs, available by the as-of date', () => {
    expect(new Set(allClinical.map((e) => e.source))).toEqual(new Set(['ehr', 'lab']));
    expect(allClinical.every((e) => e.effectiveDate <= aco.window.asOf)).toBe(true);
    const ids = allClinical.map((e) => e.clinicalId);
    expect(new Set(ids).size).toBe(ids.length);
    const codes = reference.clinicalCodes;
    const bp = allClinical.filter((e) => e.code.code === codes.systolicBloodPressure);
    expect(bp.length).toBeGreaterThan(0);
    expect(bp.every((e) => e.value !== undefined && 'quantity' in e.value && e.value.unit === 'mm[Hg]')).toBe(true);
    expect(allClinical.some((e) => codes.hba1cLoinc.includes(e.code.code))).toBe(true);
    expect(allClinical.some((e) => codes.mammography.includes(e.code.code))).toBe(true);
  });
});

describe('determinism', () => {
  const small: GeneratorOptions = { members: 40, months: 12, seed: 11, endMonth: '2025-03' };

  it('gives the same bytes for the same options', () => {
    expect(digest(createSyntheticAco(small, reference))).toBe(digest(createSyntheticAco({ ...small }, reference)));
  });

  it('gives different data for a different seed', () => {
    expect(digest(createSyntheticAco(small, reference))).not.toBe(
      digest(createSyntheticAco({ ...small, seed: 12 }, reference)),
    );
  });

  it('leaves existing members and providers unchanged when members are added', () => {
    const more = createSyntheticAco({ ...small, members: 75 }, reference);
    expect(digest(more, small.members)).toBe(digest(createSyntheticAco(small, reference)));
  });

  it('generates members independently of the order they are asked for', () => {
    const generated = createSyntheticAco(small, reference);
    const forward: MemberBundle[] = [generated.member(3), generated.member(9)];
    const backward = [generated.member(9), generated.member(3)].reverse();
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  it('rejects options out of range', () => {
    expect(() => createSyntheticAco({ ...small, members: 0 }, reference)).toThrow(RangeError);
    expect(() => createSyntheticAco({ ...small, months: 1.5 }, reference)).toThrow(RangeError);
    expect(() => createSyntheticAco({ ...small, endMonth: '2025-13' }, reference)).toThrow(/YYYY-MM/);
    expect(() => createSyntheticAco(small, reference).member(40)).toThrow(RangeError);
  });
});
