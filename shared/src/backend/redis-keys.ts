/**
 * The only place Redis keys are spelled. Every key of a tenant carries the tenant hash tag `{aco:<id>}`, so all
 * of a tenant's keys hash to one slot and its atomic steps (Lua scripts, MULTI) also work on Redis Cluster.
 * The prefix separates deployments and lets each test run in its own key space.
 */
import type { ViewId } from '../views/index.js';

export type KeySpace = ReturnType<typeof createKeySpace>;

export function createKeySpace(prefix = 'bl') {
  const tenant = (tenantId: string): string => `${prefix}:{aco:${tenantId}}`;
  return {
    prefix,
    /** BullMQ's own prefix; its keys stay inside our namespace so cleanup and isolation cover them too. */
    bullPrefix: `${prefix}:bull`,
    /** Append-only event store (a stream): every accepted event, in arrival order, for replay. */
    events: (tenantId: string) => `${tenant(tenantId)}:events`,
    /** Idempotency index: event key (kind + natural id + version) → "<stream id>|<content hash>". */
    eventIndex: (tenantId: string) => `${tenant(tenantId)}:events:index`,
    /** FHIR Patient logical id → member id (MBI), learnt from Patient resources, to resolve references. */
    fhirPatients: (tenantId: string) => `${tenant(tenantId)}:fhir:patients`,
    /**
     * The CCLF MBI crosswalk learnt from CCLF9: MBI → "<current MBI>|<first MBI>|<epoch>|<chain length>" (see the
     * server's cclf/mbi-crosswalk).
     */
    cclfMbiCrosswalk: (tenantId: string) => `${tenant(tenantId)}:cclf:mbi`,
    /** CCLF deliveries imported (by `benchline import --watch`): delivery identity → summary JSON. */
    cclfDeliveries: (tenantId: string) => `${tenant(tenantId)}:cclf:deliveries`,
    /**
     * The ADT patient crosswalk: a feed's patient identifier (`<assigning authority>|<id>`, PID-3) → member id, learnt
     * from messages that also carry the MBI and from people linking parked messages.
     */
    adtPatients: (tenantId: string) => `${tenant(tenantId)}:adt:patients`,
    /** ADT messages no member matched, parked for review: park id → JSON (see the server's ingest/hl7/review-list). */
    adtReview: (tenantId: string) => `${tenant(tenantId)}:adt:review`,
    /** The parked ADT messages' ids by when they were parked (ms), for listing and the bound. */
    adtReviewOrder: (tenantId: string) => `${tenant(tenantId)}:adt:review:order`,
    /** Each claim's current contribution to spend: claim id → encoded contribution (see spend-store). */
    spendClaims: (tenantId: string) => `${tenant(tenantId)}:spend:claims`,
    /** Spend roll-up: month → paid cents. */
    spendPaid: (tenantId: string) => `${tenant(tenantId)}:spend:paid`,
    /** Spend roll-up: month → number of contributing claims. */
    spendCount: (tenantId: string) => `${tenant(tenantId)}:spend:count`,
    /** Per-source freshness besides claims: clinicalThrough, enrollmentAsOf, rosterAsOf (latest dates). */
    freshness: (tenantId: string) => `${tenant(tenantId)}:freshness`,
    /** Spend freshness: paidThrough, updatedAt. */
    spendMeta: (tenantId: string) => `${tenant(tenantId)}:spend:meta`,
    /** The feed sequence at a view's latest change: its version. */
    viewVersion: (tenantId: string, viewId: ViewId) => `${tenant(tenantId)}:view:${viewId}:version`,
    /** The tenant's change-feed sequence (INCR). */
    feedSeq: (tenantId: string) => `${tenant(tenantId)}:feed:seq`,
    /** The tenant's change feed (a stream), tailed by every server instance. */
    feed: (tenantId: string) => `${tenant(tenantId)}:feed`,
    /**
     * A member's facts: for each claim, clinical event, member record and roster row, the latest version's place in
     * the event store ("<ordinal>|<stream id>"), and `_v`, a counter bumped on every change (for compare-and-set).
     */
    memberFacts: (tenantId: string, memberId: string) => `${tenant(tenantId)}:member:${memberId}:facts`,
    /** A member's last computed result (JSON, with the facts version it was computed from). */
    memberResult: (tenantId: string, memberId: string) => `${tenant(tenantId)}:member:${memberId}:result`,
    /** Members whose facts changed since their result was last committed, in shards (see RECOMPUTE_SHARDS). */
    dirtyMembers: (tenantId: string, shard: number) => `${tenant(tenantId)}:members:dirty:${shard}`,
    /** Every member id the tenant has facts for. */
    members: (tenantId: string) => `${tenant(tenantId)}:members`,
    /** Tenant-wide facts: the participant list (providers) and contracts, as member facts are kept. */
    tenantFacts: (tenantId: string) => `${tenant(tenantId)}:facts`,
    /**
     * The pub/sub channel care-transition alerts travel on (shared/realtime/alerts): every tenant's, one channel,
     * so a server instance subscribes once. Not a key: nothing is stored under it.
     */
    careAlerts: () => `${prefix}:alerts`,
    /** Population roll-ups: counter → value (measure outcomes, risk by segment, gaps by kind and state). */
    rollups: (tenantId: string) => `${tenant(tenantId)}:rollups`,
    /** Roll-up freshness: updatedAt. */
    rollupsMeta: (tenantId: string) => `${tenant(tenantId)}:rollups:meta`,
    /**
     * Finance roll-up cells, one hash per table (spend, triangle, memberSpend, months, …): field
     * `<cell key>#<value name>` → integer sum (see workers/src/domain/finance/rollups).
     */
    finance: (tenantId: string, table: string) => `${tenant(tenantId)}:finance:${table}`,
    /** The finance view's snapshot (JSON), recomputed whole from the finance cells by the tenant roll-up job. */
    financeView: (tenantId: string) => `${tenant(tenantId)}:view:finance:snapshot`,
    /** How long the tenant's last finance view evaluation took (ms): the next one waits in proportion. */
    financeViewCost: (tenantId: string) => `${tenant(tenantId)}:view:finance:cost`,
    /** The open-gap queue: gap id scored by priority. */
    openGaps: (tenantId: string) => `${tenant(tenantId)}:gaps:open`,
    /**
     * The open-gap queue's filter indexes, one sorted set per (field, value) — `kind`, `subject`, `tin`, `npi` —
     * scored like the queue; the commit script names them from this prefix, and lists them in `openGapIndexes`.
     */
    openGapIndexPrefix: (tenantId: string) => `${tenant(tenantId)}:gaps:open:by:`,
    openGapIndex: (tenantId: string, field: string, value: string) =>
      `${tenant(tenantId)}:gaps:open:by:${field}:${value}`,
    openGapIndexes: (tenantId: string) => `${tenant(tenantId)}:gaps:open:indexes`,
    /** The open gaps' rows (JSON) by gap id. */
    openGapRows: (tenantId: string) => `${tenant(tenantId)}:gaps:rows`,
    /** Leases: member id → the lease (JSON, see shared/views/collaboration Lease). */
    leases: (tenantId: string) => `${tenant(tenantId)}:leases`,
    /** Leases by expiry: member id scored by expiresAt (ms), for the sweep. */
    leaseExpiry: (tenantId: string) => `${tenant(tenantId)}:leases:expiry`,
    /** The tenant's fencing-token counter (INCR): every lease granted takes the next value. */
    leaseTokens: (tenantId: string) => `${tenant(tenantId)}:leases:token`,
    /** Presence: session id → the open screen (JSON, see PresenceEntry). */
    presence: (tenantId: string) => `${tenant(tenantId)}:presence`,
    /** Presence by expiry: session id scored by when its heartbeat lapses (ms), for the sweep. */
    presenceExpiry: (tenantId: string) => `${tenant(tenantId)}:presence:expiry`,
    /** Every tenant that has sent events, for deployment-wide jobs (the daily refresh). Outside any tenant slot. */
    tenants: () => `${prefix}:tenants`,
    /** Tenants with collaboration state, so every server instance can sweep them without a SCAN. */
    collaborationTenants: () => `${prefix}:collaboration:tenants`,
    /** The audit trail (a stream): every read of patient data — who, what, which patients, when, outcome. */
    audit: (tenantId: string) => `${tenant(tenantId)}:audit`,
    /**
     * Identity, outside any tenant slot (a sign-in names no tenant): users by login name, sessions, ingest API keys
     * and wall-device tokens by the SHA-256 of the secret (the secret itself is never stored), and the login
     * throttle's counters.
     */
    userByLogin: (login: string) => `${prefix}:auth:user:${login}`,
    session: (tokenHash: string) => `${prefix}:auth:session:${tokenHash}`,
    apiKey: (keyHash: string) => `${prefix}:auth:api-key:${keyHash}`,
    device: (tokenHash: string) => `${prefix}:auth:device:${tokenHash}`,
    loginThrottle: (scope: 'login' | 'address', value: string) => `${prefix}:auth:throttle:${scope}:${value}`,
    /** A tenant's users (user id → login), API keys (key id → record JSON) and wall devices (id → record JSON). */
    tenantUsers: (tenantId: string) => `${tenant(tenantId)}:auth:users`,
    tenantApiKeys: (tenantId: string) => `${tenant(tenantId)}:auth:api-keys`,
    tenantDevices: (tenantId: string) => `${tenant(tenantId)}:auth:devices`,
    /**
     * A user's credential epoch: bumped when the user is replaced (new password or role) or removed; a session
     * started under an earlier epoch is over.
     */
    userEpoch: (tenantId: string, userId: string) => `${tenant(tenantId)}:auth:user-epoch:${userId}`,
    /** A finished `$evaluate-measure` job's MeasureReport (JSON), kept briefly for the server to take. */
    evaluation: (tenantId: string, jobId: string) => `${tenant(tenantId)}:evaluation:${jobId}`,
    /** A finished patient-panel job's panel (JSON), kept briefly for the server to take. */
    patientPanel: (tenantId: string, jobId: string) => `${tenant(tenantId)}:panel:${jobId}`,
    /** The demo's own bookkeeping (which synthetic ACO was seeded, how far its live feed has run). */
    demo: (tenantId: string) => `${tenant(tenantId)}:demo`,
    /** Everything under this prefix, for a test's cleanup. */
    all: () => `${prefix}:*`,
  };
}
