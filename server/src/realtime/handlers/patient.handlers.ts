/**
 * Reads of patient data that are not live views. patient:panel — one patient's panel for the coordinator who opened them, computed by the workers. The read is
 * in the audit trail (user, patient, purpose, outcome) before the panel is sent, and a failed read is recorded too;
 * a read that cannot be audited is not served.
 */
import type { Ack, PatientPanel } from '@benchline/shared';
import { ExportRecord, PatientPanelRequest } from '@benchline/shared';
import type { FastifyBaseLogger } from 'fastify';
import { Compile } from 'typebox/compile';
import { HttpError } from '../../http/errors.js';
import type { AuditTrail } from '../../plugins/app/audit.js';
import { outcomeOfStatus } from '../../plugins/app/audit.js';
import type { PatientPanels } from '../../plugins/app/patient-panels.js';
import type { BenchlineSocket } from '../socket-types.js';
import { commandArgs, failure, invalid } from './acks.js';

const isPatientPanelRequest = Compile(PatientPanelRequest);

/** HL7 PurposeOfUse: care management — a coordinator working with one patient. */
const PURPOSE = 'CAREMGT';

export function registerPatientHandlers(
  socket: BenchlineSocket,
  deps: { patientPanels: PatientPanels; auditTrail: AuditTrail; logger: FastifyBaseLogger },
): void {
  const { tenantId, userId } = socket.data;

  socket.on('patient:panel', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<PatientPanel>>(args);
    if (ack === null) {
      return;
    }
    if (!isPatientPanelRequest.Check(raw)) {
      return ack(invalid(isPatientPanelRequest.Errors(raw)));
    }
    const audit = (outcome: string) =>
      deps.auditTrail.append(tenantId, {
        actor: `user:${userId}`,
        action: 'patient-panel-read',
        resource: 'PatientPanel',
        subject: raw.memberId,
        // A member the tenant has no facts for was never read.
        patients: { memberIds: outcome === 'not-found' ? [] : [raw.memberId] },
        outcome,
        purpose: PURPOSE,
        request: `socket:${socket.id}`,
      });
    let panel: string;
    try {
      panel = await deps.patientPanels.read(tenantId, raw.memberId);
    } catch (error) {
      const status = error instanceof HttpError ? error.statusCode : 500;
      // The failed read is answered either way; a trail that cannot take its record is reported, not hidden.
      await audit(outcomeOfStatus(status)).catch((auditError: unknown) =>
        deps.logger.error({ err: (auditError as Error).message, tenantId }, 'failed panel read could not be audited'),
      );
      return ack(failure(error));
    }
    try {
      await audit('success');
    } catch {
      return ack({
        ok: false,
        error: { code: 'SERVICE_UNAVAILABLE', message: 'the audit trail cannot be written; the panel was not sent' },
      });
    }
    ack({ ok: true, data: JSON.parse(panel) as PatientPanel });
  });
}

const isExportRecord = Compile(ExportRecord);

/** export:record — an export of patient rows goes into the audit trail before the file exists. */
export function registerExportHandlers(socket: BenchlineSocket, deps: { auditTrail: AuditTrail }): void {
  const { tenantId, userId } = socket.data;
  socket.on('export:record', async (...args: unknown[]) => {
    const { payload: raw, ack } = commandArgs<Ack<null>>(args);
    if (ack === null) {
      return;
    }
    if (!isExportRecord.Check(raw)) {
      return ack(invalid(isExportRecord.Errors(raw)));
    }
    const memberIds = [...new Set(raw.memberIds)].sort();
    try {
      await deps.auditTrail.append(tenantId, {
        actor: `user:${userId}`,
        action: 'export-csv',
        resource: `View/${raw.view}`,
        subject: new URLSearchParams(Object.entries(raw.filters).sort()).toString(),
        patients: { memberIds },
        outcome: 'success',
        purpose: 'HOPERAT',
        request: `socket:${socket.id}`,
      });
      ack({ ok: true, data: null });
    } catch {
      ack({
        ok: false,
        error: { code: 'SERVICE_UNAVAILABLE', message: 'the audit trail cannot be written; no export' },
      });
    }
  });
}
