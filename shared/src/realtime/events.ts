import type { PatientPanel } from '../http/patient-panel.js';
import type { Lease, ViewChanged, ViewRef, ViewSubscribe, ViewSync } from '../views/index.js';
import type { Ack } from './ack.js';
import type { CareAlert } from './alerts.js';
import type {
  ExportRecord,
  HeartbeatReply,
  LeaseClaim,
  LeaseReassign,
  LeaseRelease,
  PatientPanelRequest,
  PresenceUpdate,
  Role,
  SessionReady,
  WorklistCommand,
  WorklistRecorded,
} from './commands.js';

/** Client → server commands, `noun:verb` in the imperative. Every payload is validated on arrival. */
export interface ClientToServerEvents {
  'view:subscribe': (request: ViewSubscribe, ack: (res: Ack<ViewSync>) => void) => void;
  'view:unsubscribe': (ref: ViewRef, ack: (res: Ack<null>) => void) => void;
  /** Keeps this screen present and renews every lease its user holds. */
  'session:heartbeat': (request: Record<string, never>, ack: (res: Ack<HeartbeatReply>) => void) => void;
  /** Says which page and patient this screen shows. */
  'presence:update': (request: PresenceUpdate, ack: (res: Ack<null>) => void) => void;
  /** Takes a patient: LEASE_HELD when someone else has them. */
  'lease:claim': (request: LeaseClaim, ack: (res: Ack<Lease>) => void) => void;
  'lease:release': (request: LeaseRelease, ack: (res: Ack<null>) => void) => void;
  /** Supervisors: gives a patient (and a new fencing token) to another coordinator. */
  'lease:reassign': (request: LeaseReassign, ack: (res: Ack<Lease>) => void) => void;
  /**
   * One patient's panel (gaps with evidence, HCCs, attribution, spend, outreach history), computed by the workers;
   * audited. NOT_FOUND for a member the tenant has no facts for, TIMEOUT when no worker answers in time.
   */
  'patient:panel': (request: PatientPanelRequest, ack: (res: Ack<PatientPanel>) => void) => void;
  /** Records an export of patient rows in the audit trail; the file is made only once this is acknowledged. */
  'export:record': (request: ExportRecord, ack: (res: Ack<null>) => void) => void;
  /** Records a worklist action under the caller's lease: LEASE_STALE when the lease is no longer theirs. */
  'worklist:record': (request: WorklistCommand, ack: (res: Ack<WorklistRecorded>) => void) => void;
}

/** Server → client events, in the past tense. */
export interface ServerToClientEvents {
  'view:changed': (change: ViewChanged) => void;
  'session:ready': (session: SessionReady) => void;
  /** A patient of this user's (or an unassigned one, to everyone on the queue) was admitted, seen in the ED or discharged. */
  'alert:raised': (alert: CareAlert) => void;
}

/** Between server instances (the Redis adapter, when several run). */
export type InterServerEvents = Record<string, never>;

/** What the gateway knows about a connected socket after the handshake. */
export interface SocketData {
  tenantId: string;
  userId: string;
  userName: string;
  role: Role;
}

/** Room name for one tenant's view. Tenant ids contain no colon (see TenantId). */
export function viewRoom(tenantId: string, viewId: string): string {
  return `t:${tenantId}:v:${viewId}`;
}
