/**
 * The `$evaluate-measure` processor over in-memory stores: an individual report for one member, a summary over
 * the tenant read page by page, the report left for the server (the job returns counts only), malformed jobs
 * refused — and the server's list of measures kept equal to the engine's.
 */
import type { MemberEvent } from '@benchline/shared';
import type { EvaluateMeasureJob } from '@benchline/shared/backend';
import { EVALUABLE_MEASURE_IDS } from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { EvaluationStore } from '../adapters/evaluation-store.js';
import { DEV_CASES } from '../domain/measures/__fixtures__/dev-cases.js';
import { terminology } from '../domain/measures/__fixtures__/test-terminology.js';
import { MEASURE_IDS } from '../domain/measures/index.js';
import type { MeasureReport } from '../domain/measures/measure-report.js';
import type { MemberFacts } from '../domain/member-result.js';
import { createEvaluateMeasureProcessor } from './evaluate-measure.job.js';

const TENANT = 'aco-1';
const NOW = new Date('2027-01-15T10:00:00.000Z');

/** Stores holding the CMS130 development cases, each patient as a member (records, clinical events). */
function harness() {
  const cases = DEV_CASES.filter((c) => c.measureId === 'CMS130');
  const members = new Map<string, MemberFacts>();
  for (const c of cases) {
    members.set(c.patientId, {
      memberId: c.patientId,
      // The fixture's merged profile stands for the member records the facts store would return.
      records: [],
      claims: c.facts.claims,
      clinical: c.facts.clinical,
      rosters: [],
      worklist: [],
      adt: [],
    });
  }
  const profiles = new Map(cases.map((c) => [c.patientId, c.facts.profile]));
  const saved = new Map<string, unknown>();
  const pages: string[][] = [];
  const evaluations: EvaluationStore = {
    async *memberIds(_tenantId, pageSize = 500) {
      const ids = [...members.keys()];
      for (let i = 0; i < ids.length; i += pageSize) {
        pages.push(ids.slice(i, i + pageSize));
        yield ids.slice(i, i + pageSize);
      }
    },
    async saveReport(tenantId, jobId, report) {
      saved.set(`${tenantId}/${jobId}`, report);
    },
  };
  const processor = createEvaluateMeasureProcessor({
    facts: {
      async load(_tenantId, memberId) {
        const facts = members.get(memberId) ?? {
          memberId,
          records: [],
          claims: [],
          clinical: [],
          rosters: [],
          worklist: [],
          adt: [],
        };
        const profile = profiles.get(memberId);
        // One member record carrying the fixture's merged profile, so mergeMemberRecords gives it back.
        const records: MemberEvent[] = [];
        if (profile !== null && profile !== undefined) {
          const { months, asOf, memberId: _memberId, ...scalars } = profile;
          records.push({ kind: 'member', memberId, asOf, ...scalars, enrollment: months, source: 'fhir' });
        }
        return { facts: { ...facts, records }, version: 1 };
      },
    },
    evaluations,
    terminology,
    pageSize: 4,
    now: () => NOW,
  });
  const run = (id: string, data: unknown) => processor({ id, data } as Job<EvaluateMeasureJob>);
  return { cases, saved, pages, run };
}

function counts(report: MeasureReport): Record<string, number | undefined> {
  return Object.fromEntries((report.group[0]?.population ?? []).map((p) => [p.id, p.count]));
}

describe('evaluate-measure job', () => {
  it('keeps the server’s measure list equal to the engine’s', () => {
    expect([...EVALUABLE_MEASURE_IDS]).toEqual([...MEASURE_IDS]);
  });

  it('evaluates one member and leaves an individual report under the job id, returning counts only', async () => {
    const { cases, saved, run } = harness();
    const c = cases.find((d) => d.file.includes('NUMERPass-Colonoscopy9YearsPrior'))!;
    const reply = await run('41', {
      tenantId: TENANT,
      measureId: 'CMS130',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      reportType: 'individual',
      subject: { memberId: c.patientId, reference: 'Patient/fhir-7' },
    });
    expect(reply).toEqual({ members: 1 });
    const report = saved.get(`${TENANT}/41`) as MeasureReport;
    expect(report).toMatchObject({
      type: 'individual',
      status: 'complete',
      subject: { reference: 'Patient/fhir-7' },
      date: NOW.toISOString(),
    });
    expect(counts(report)).toEqual({
      'initial-population': 1,
      denominator: 1,
      'denominator-exclusion': 0,
      numerator: 1,
    });
    // The clinical events came from FHIR: the evidence names the resources.
    expect(report.evaluatedResource?.map((r) => r.reference)).toEqual([
      'Encounter/6a104bac-adc7-4659-bf8a-e73c7f8980cb',
      'Procedure/13761ccd-540a-4ec6-a41a-9d0430d8a25c',
    ]);
  });

  it('summarises every member of the tenant, page by page', async () => {
    const { cases, saved, pages, run } = harness();
    const reply = await run('42', {
      tenantId: TENANT,
      measureId: 'CMS130',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      reportType: 'summary',
    });
    expect(reply).toEqual({ members: cases.length });
    expect(pages.length).toBe(Math.ceil(cases.length / 4));
    const report = saved.get(`${TENANT}/42`) as MeasureReport;
    expect(report.type).toBe('summary');
    expect(report).not.toHaveProperty('subject');
    const expected = {
      'initial-population': cases.filter((c) => c.expected.initialPopulation).length,
      denominator: cases.filter((c) => c.expected.denominator).length,
      'denominator-exclusion': cases.filter((c) => c.expected.denominatorExclusion).length,
      numerator: cases.filter((c) => c.expected.numerator).length,
    };
    expect(counts(report)).toEqual(expected);
  });

  it('summarises one member when a summary is asked for a subject', async () => {
    const { cases, saved, run } = harness();
    const c = cases[0]!;
    await run('43', {
      tenantId: TENANT,
      measureId: 'CMS130',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      reportType: 'summary',
      subject: { memberId: c.patientId, reference: `Patient/${c.patientId}` },
    });
    const report = saved.get(`${TENANT}/43`) as MeasureReport;
    expect(report).toMatchObject({ type: 'summary', subject: { reference: `Patient/${c.patientId}` } });
    expect(counts(report)['initial-population']).toBe(Number(c.expected.initialPopulation));
  });

  it('refuses malformed jobs without retrying them', async () => {
    const { run } = harness();
    const valid = { tenantId: TENANT, measureId: 'CMS130', periodStart: '2026-01-01', periodEnd: '2026-12-31' };
    for (const data of [
      { ...valid, reportType: 'individual' }, // no subject
      { ...valid, reportType: 'summary', measureId: 'CMS999' },
      { ...valid, reportType: 'summary', periodEnd: '2025-12-31' },
      { ...valid, reportType: 'summary', patientName: 'Betty Bertha' },
      { ...valid, reportType: 'summary', periodStart: '2026-02-30' },
    ]) {
      await expect(run('44', data), JSON.stringify(data)).rejects.toBeInstanceOf(UnrecoverableError);
    }
  });
});
