/**
 * This screen's session with the gateway: who the server says we are (from `session:ready`), the heartbeat that
 * keeps the screen present and its leases alive, the patients this screen holds (and those it lost — lapsed,
 * reassigned, dropped with the connection, or refused as stale on a write), where the screen is (presence), and the
 * commands that act on patients: claim, release, and worklist actions under the lease's fencing token.
 *
 * Commands go through services/commands.ts; the socket's own events reach this store via composables/use-session.ts.
 */
import type {
  Ack,
  GapQueueRow,
  Lease,
  Role,
  SessionReady,
  WorklistAction,
  WorklistCommand,
  WorklistRecorded,
} from '@benchline/shared';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { HeldLease, LostLease, LostReason } from '../collaboration/held-leases.js';
import { reconcileHeartbeat, reconcileLeasesView } from '../collaboration/held-leases.js';
import { exportQueue, type QueueExport } from '../queue/export.js';
import { commands, newCommandId } from '../services/commands.js';

/** A worklist command whose acknowledgement is lost is sent again, as the same command, this many times in all. */
const RECORD_ATTEMPTS = 3;

export const useSessionStore = defineStore('session', () => {
  const sessionId = ref<string | null>(null);
  const userId = ref<string | null>(null);
  const userName = ref<string | null>(null);
  const role = ref<Role | null>(null);
  const heartbeatMs = ref<number | null>(null);
  const held = shallowRef<HeldLease[]>([]);
  const lost = shallowRef<LostLease[]>([]);
  const page = ref<string | null>(null);
  const memberId = ref<string | null>(null);
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  const ready = computed(() => sessionId.value !== null);
  const heldByMember = computed(() => new Map(held.value.map((entry) => [entry.lease.memberId, entry.lease])));
  const lostByMember = computed(() => new Map(lost.value.map((entry) => [entry.memberId, entry])));

  function holds(member: string): boolean {
    return heldByMember.value.has(member);
  }

  function markLost(entries: readonly LostLease[]): void {
    if (entries.length === 0) {
      return;
    }
    const members = new Set(entries.map((entry) => entry.memberId));
    held.value = held.value.filter((entry) => !members.has(entry.lease.memberId));
    lost.value = [...lost.value.filter((entry) => !members.has(entry.memberId)), ...entries];
  }

  function loseOne(member: string, reason: LostReason, holderName: string | null = null, now = Date.now()): void {
    markLost([{ memberId: member, reason, holderName, atMs: now }]);
  }

  function dismissLost(member: string): void {
    lost.value = lost.value.filter((entry) => entry.memberId !== member);
  }

  async function heartbeat(now = Date.now()): Promise<void> {
    const reply = await commands.send('session:heartbeat', {});
    if (reply.ok) {
      const result = reconcileHeartbeat(held.value, reply.data.leases, now, Date.now());
      held.value = result.held;
      markLost(result.lost);
    }
  }

  function stopHeartbeat(): void {
    clearInterval(heartbeatTimer);
    heartbeatTimer = undefined;
  }

  async function sendPresence(): Promise<void> {
    if (ready.value) {
      await commands.send('presence:update', { page: page.value, memberId: memberId.value });
    }
  }

  /** The gateway accepted this screen (first connection or a reconnect): start beating, say where we are. */
  function onReady(session: SessionReady): void {
    sessionId.value = session.sessionId;
    userId.value = session.userId;
    userName.value = session.userName;
    role.value = session.role;
    heartbeatMs.value = session.heartbeatMs;
    stopHeartbeat();
    heartbeatTimer = setInterval(() => void heartbeat(), session.heartbeatMs);
    void sendPresence();
  }

  /** The gateway releases a socket's leases when it goes: every patient this screen held is lost. */
  function onDisconnect(now = Date.now()): void {
    stopHeartbeat();
    sessionId.value = null;
    markLost(
      held.value.map((entry) => ({
        memberId: entry.lease.memberId,
        reason: 'disconnected' as const,
        holderName: null,
        atMs: now,
      })),
    );
  }

  /** Checks held leases against the live leases view (a supervisor's reassignment shows there first). */
  function noteLeasesView(view: ReadonlyMap<string, Lease>, now = Date.now()): void {
    if (userId.value === null || held.value.length === 0) {
      return;
    }
    const result = reconcileLeasesView(held.value, view, userId.value, now);
    if (result.lost.length > 0 || result.held.some((entry, i) => entry.lease !== held.value[i]?.lease)) {
      held.value = result.held;
      markLost(result.lost);
    }
  }

  async function setWhereabouts(nextPage: string | null, nextMember: string | null): Promise<void> {
    page.value = nextPage;
    memberId.value = nextMember;
    await sendPresence();
  }

  async function claim(member: string): Promise<Ack<Lease>> {
    const reply = await commands.send('lease:claim', { memberId: member });
    if (reply.ok) {
      held.value = [
        ...held.value.filter((entry) => entry.lease.memberId !== member),
        { lease: reply.data, claimedAtMs: Date.now() },
      ];
      dismissLost(member);
    }
    return reply;
  }

  async function release(member: string): Promise<Ack<null>> {
    const lease = heldByMember.value.get(member);
    if (lease === undefined) {
      return { ok: true, data: null };
    }
    held.value = held.value.filter((entry) => entry.lease.memberId !== member);
    // LEASE_STALE here means it was already gone: either way this screen no longer holds the patient.
    return commands.send('lease:release', { memberId: member, token: lease.token });
  }

  /**
   * Records a worklist action under this screen's lease on the patient. A lost acknowledgement is retried as the same
   * command (same id and time), which the server takes as a duplicate; LEASE_STALE marks the patient lost.
   */
  async function record(member: string, action: WorklistAction): Promise<Ack<WorklistRecorded>> {
    const lease = heldByMember.value.get(member);
    if (lease === undefined) {
      return { ok: false, error: { code: 'LEASE_STALE', message: 'you do not hold this patient' } };
    }
    const command: WorklistCommand = {
      commandId: newCommandId(),
      memberId: member,
      token: lease.token,
      at: new Date().toISOString(),
      action,
    };
    let reply: Ack<WorklistRecorded> = { ok: false, error: { code: 'TIMEOUT' } };
    for (let attempt = 0; attempt < RECORD_ATTEMPTS; attempt += 1) {
      reply = await commands.send('worklist:record', command);
      if (reply.ok || reply.error.code !== 'TIMEOUT') {
        break;
      }
    }
    if (!reply.ok && reply.error.code === 'LEASE_STALE') {
      loseOne(member, 'stale');
    }
    return reply;
  }

  /** Supervisors: gives a patient someone holds to another coordinator (a new fencing token fences the holder out). */
  function reassign(member: string, toUserId: string, toUserName: string): Promise<Ack<Lease>> {
    return commands.send('lease:reassign', { memberId: member, toUserId, toUserName });
  }

  /** Exports queue rows as CSV, made only once the export is in the audit trail (queue/export.ts). */
  function exportRows(rows: readonly GapQueueRow[], filters: Readonly<Record<string, string>>): Promise<QueueExport> {
    return exportQueue(commands, rows, filters);
  }

  return {
    exportRows,
    reassign,
    sessionId,
    userId,
    userName,
    role,
    heartbeatMs,
    held,
    lost,
    page,
    memberId,
    ready,
    heldByMember,
    lostByMember,
    holds,
    dismissLost,
    heartbeat,
    onReady,
    onDisconnect,
    noteLeasesView,
    setWhereabouts,
    claim,
    release,
    record,
  };
});

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot));
}
