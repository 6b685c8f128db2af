/**
 * The patient-panel processor over in-memory stores: the panel computed against the tenant's contracts is left
 * for the server under the job's id, the job returns counts and nothing about the patient, and a malformed job is
 * refused without a retry.
 */
import type { PatientPanel } from '@benchline/shared';
import type { PatientPanelJob } from '@benchline/shared/backend';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { TEST_ENGINE_CONFIG } from '../domain/__fixtures__/engine-config.js';
import { VALID_CONTRACT } from '../../../shared/src/validation/__fixtures__/valid-events.js';
import { demoAco } from '../../../tools/src/demo/demo-data.js';
import type { MemberFacts } from '../domain/member-result.js';
import { computeMemberResult } from '../domain/member-result.js';
import { tenantContextOf } from '../domain/tenant-context.js';
import { createPatientPanelProcessor } from './patient-panel.job.js';

const TENANT = 'aco-1';
const config = TEST_ENGINE_CONFIG;
const aco = demoAco({ members: 6, months: 18, seed: 5, endMonth: '2026-06' });
const contract = {
  ...VALID_CONTRACT,
  effectiveFrom: '2025-01-01',
  participantTins: [...new Set(aco.providers.filter((p) => p.participant).map((p) => p.tin))].sort(),
};
const members = new Map<string, MemberFacts>(
  [...aco.members()].map((bundle) => [
    bundle.member.memberId,
    {
      memberId: bundle.member.memberId,
      records: [bundle.member],
      claims: bundle.claims,
      clinical: bundle.clinical,
      rosters: [],
      worklist: [],
      adt: [],
    },
  ]),
);

function harness() {
  const saved = new Map<string, PatientPanel>();
  let tenantLoads = 0;
  const processor = createPatientPanelProcessor({
    facts: {
      async load(_tenantId, memberId) {
        return {
          facts: members.get(memberId) ?? {
            memberId,
            records: [],
            claims: [],
            clinical: [],
            rosters: [],
            worklist: [],
            adt: [],
          },
          version: 1,
        };
      },
      async tenantVersion() {
        return 7;
      },
      async loadTenant() {
        tenantLoads += 1;
        return { facts: { contracts: [contract], providers: aco.providers }, version: 7 };
      },
    },
    panels: {
      async save(tenantId, jobId, panel) {
        saved.set(`${tenantId}/${jobId}`, panel as PatientPanel);
      },
    },
    engineConfig: () => config,
  });
  return { processor, saved, tenantLoads: () => tenantLoads };
}

const job = (data: unknown, id: string | null = 'job-1'): Job<PatientPanelJob> =>
  ({ id: id ?? undefined, data }) as unknown as Job<PatientPanelJob>;

describe('the patient-panel processor', () => {
  it("leaves the member's panel under the job id and returns counts only", async () => {
    const { processor, saved, tenantLoads } = harness();
    const [memberId, facts] = [...members][0]!;
    const reply = await processor(job({ tenantId: TENANT, memberId }));
    const panel = saved.get(`${TENANT}/job-1`);
    expect(panel?.memberId).toBe(memberId);
    const tenant = tenantContextOf(
      { contracts: [contract], providers: aco.providers },
      { year: 2026, tables: config.assignmentTables },
    );
    const result = computeMemberResult(facts, tenant, config);
    expect(panel?.gaps.map((gap) => gap.gapId).sort()).toEqual(result.gaps.map((gap) => gap.gapId));
    expect(panel?.attribution.map((row) => row.contractId)).toEqual([contract.contractId]);
    expect(reply).toEqual({
      gaps: result.gaps.length,
      openGaps: result.gaps.filter((gap) => gap.state === 'open').length,
      hccs: panel?.hccs.length,
      contracts: 1,
    });
    expect(JSON.stringify(reply)).not.toContain(memberId);
    // A second panel against the same tenant version reuses the derived context.
    await processor(job({ tenantId: TENANT, memberId: [...members.keys()][1] }, 'job-2'));
    expect(tenantLoads()).toBe(1);
  });

  it('refuses malformed jobs without retrying them', async () => {
    const { processor, saved } = harness();
    for (const bad of [
      { tenantId: TENANT },
      { tenantId: 'Not A Tenant', memberId: 'M1' },
      { tenantId: TENANT, memberId: 'M1', name: 'Ruth' },
    ]) {
      await expect(processor(job(bad))).rejects.toBeInstanceOf(UnrecoverableError);
    }
    await expect(processor(job({ tenantId: TENANT, memberId: 'M1' }, null))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(saved.size).toBe(0);
  });
});
