/**
 * The patient panel as a request/reply job, like `$evaluate-measure`: the server checks the member exists, queues
 * one job and waits; a worker computes the panel from the member's facts and leaves it under a short-lived key
 * (`keys.patientPanel(tenant, jobId)`) for the server to take. The job and its return value carry ids and counts
 * only — BullMQ keeps both in clear text — while the panel, which lists the patient's diagnoses and services, lives
 * only under its expiring key.
 */
import { Type, type Static } from 'typebox';
import { MemberId } from '../events/common.js';
import { TenantId } from '../tenant.js';

export const PATIENT_PANEL_QUEUE = 'patient-panel';
export const PATIENT_PANEL_JOB = 'patient-panel';

/** How long a finished panel waits for the server to take it (it normally takes it at once). */
export const PATIENT_PANEL_TTL_SECONDS = 60;

export const PatientPanelJob = Type.Object({ tenantId: TenantId, memberId: MemberId }, { additionalProperties: false });
export type PatientPanelJob = Static<typeof PatientPanelJob>;

/** What the job returns (counts only): the panel itself is under `keys.patientPanel(tenant, jobId)`. */
export interface PatientPanelReply {
  gaps: number;
  openGaps: number;
  hccs: number;
  contracts: number;
}
