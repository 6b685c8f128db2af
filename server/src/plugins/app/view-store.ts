/**
 * Reads a live view's current snapshot and version in one MULTI, so the pair is consistent with the Lua step
 * that writes them. Decorated as `fastify.viewStore`.
 */
import type {
  FinanceSnapshot,
  GapQueueRow,
  GapsSnapshot,
  Lease,
  LeasesSnapshot,
  PresenceEntry,
  PresenceSnapshot,
  SourceFreshness,
  RollupsSnapshot,
  SpendMonth,
  SpendSnapshot,
  ViewId,
  ViewState,
} from '@benchline/shared';
import { compareFeedIds, compareGapRows, emptyFinanceSnapshot } from '@benchline/shared';
import fp from 'fastify-plugin';
import { serviceUnavailable } from '../../http/errors.js';
import { projectWall } from '../../realtime/wall-projection.js';

/** XREVRANGE … COUNT 1: the feed's last entry, if any. */
type FeedTail = [string, string[]][];
/** The feed position a snapshot was read at ('0-0' before the first change). */
const feedIdOf = (tail: FeedTail): string => tail[0]?.[0] ?? '0-0';

/** A stored lease as the view shows it: without its session and expiry, which only the server needs. */
function publicLease(raw: string): Lease {
  const { memberId, holder, holderName, token, claimedAt } = JSON.parse(raw) as Lease;
  return { memberId, holder, holderName, token, claimedAt };
}

/**
 * The freshness hash as the view shows it. Claims' paid-through date is in the hash since the freshness view
 * existed; before that only the spend roll-up had it, so the later of the two is taken.
 */
export function freshnessOf(dates: Record<string, string>, spendPaidThrough: string | null): SourceFreshness {
  const claims = [dates.claimsPaidThrough, spendPaidThrough].filter((d): d is string => typeof d === 'string').sort();
  return {
    claimsPaidThrough: claims.at(-1) ?? null,
    clinicalThrough: dates.clinicalThrough ?? null,
    enrollmentAsOf: dates.enrollmentAsOf ?? null,
    rosterAsOf: dates.rosterAsOf ?? null,
  };
}

export interface ViewStore {
  read(tenantId: string, viewId: ViewId): Promise<ViewState>;
}

declare module 'fastify' {
  interface FastifyInstance {
    viewStore: ViewStore;
  }
}

export interface ViewStoreOptions {
  /** The IANA zone the wall's "today" is in (BENCHLINE_HL7_TIME_ZONE, the hospitals'); UTC without one. */
  timeZone?: string | undefined;
}

/** Today's date (YYYY-MM-DD) in a time zone; UTC without one. */
export function localDay(now: Date, timeZone: string | undefined): string {
  if (timeZone === undefined) {
    return now.toISOString().slice(0, 10);
  }
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export default fp<ViewStoreOptions>(
  async (app, options) => {
    const { redis, keys } = app;

    /**
     * Runs reads in one MULTI, so they see one moment, and ends it with the feed's last entry id (the snapshot's
     * `feedId`, the last element); Redis trouble is a 503.
     */
    const together = async (
      tenantId: string,
      build: (multi: ReturnType<typeof redis.multi>) => unknown,
    ): Promise<unknown[]> => {
      let results: [Error | null, unknown][] | null;
      try {
        const multi = redis.multi();
        build(multi);
        multi.xrevrange(keys.feed(tenantId), '+', '-', 'COUNT', 1);
        results = await multi.exec();
      } catch {
        throw serviceUnavailable();
      }
      return (results ?? []).map(([error, value]) => {
        if (error) {
          throw serviceUnavailable();
        }
        return value;
      });
    };

    const viewStore: ViewStore = {
      async read(tenantId, viewId) {
        switch (viewId) {
          case 'spend': {
            const [paid, count, meta, version, tail] = (await together(tenantId, (m) =>
              m
                .hgetall(keys.spendPaid(tenantId))
                .hgetall(keys.spendCount(tenantId))
                .hgetall(keys.spendMeta(tenantId))
                .get(keys.viewVersion(tenantId, 'spend')),
            )) as [Record<string, string>, Record<string, string>, Record<string, string>, string | null, FeedTail];
            const months: Record<string, SpendMonth> = {};
            for (const [month, cents] of Object.entries(paid)) {
              months[month] = { paidCents: Number(cents), claims: Number(count[month] ?? 0) };
            }
            const snapshot: SpendSnapshot = {
              months,
              paidThrough: meta.paidThrough ?? null,
              updatedAt: meta.updatedAt ?? null,
            };
            return { viewId, version: Number(version ?? 0), snapshot, feedId: feedIdOf(tail) };
          }
          case 'rollups': {
            const [counters, meta, version, tail] = (await together(tenantId, (m) =>
              m
                .hgetall(keys.rollups(tenantId))
                .hgetall(keys.rollupsMeta(tenantId))
                .get(keys.viewVersion(tenantId, 'rollups')),
            )) as [Record<string, string>, Record<string, string>, string | null, FeedTail];
            const snapshot: RollupsSnapshot = {
              counters: Object.fromEntries(
                Object.entries(counters)
                  .map(([key, value]) => [key, Number(value)] as const)
                  .filter(([, value]) => value !== 0),
              ),
              updatedAt: meta.updatedAt ?? null,
            };
            return { viewId, version: Number(version ?? 0), snapshot, feedId: feedIdOf(tail) };
          }
          case 'gaps': {
            const [rows, version, tail] = (await together(tenantId, (m) =>
              m.hvals(keys.openGapRows(tenantId)).get(keys.viewVersion(tenantId, 'gaps')),
            )) as [string[], string | null, FeedTail];
            const snapshot: GapsSnapshot = {
              rows: rows.map((row) => JSON.parse(row) as GapQueueRow).sort(compareGapRows),
            };
            return { viewId, version: Number(version ?? 0), snapshot, feedId: feedIdOf(tail) };
          }
          case 'leases': {
            const [leases, version, tail] = (await together(tenantId, (m) =>
              m.hvals(keys.leases(tenantId)).get(keys.viewVersion(tenantId, 'leases')),
            )) as [string[], string | null, FeedTail];
            const snapshot: LeasesSnapshot = {
              leases: leases.map(publicLease).sort((a, b) => a.memberId.localeCompare(b.memberId)),
            };
            return { viewId, version: Number(version ?? 0), snapshot, feedId: feedIdOf(tail) };
          }
          case 'presence': {
            const [sessions, version, tail] = (await together(tenantId, (m) =>
              m.hvals(keys.presence(tenantId)).get(keys.viewVersion(tenantId, 'presence')),
            )) as [string[], string | null, FeedTail];
            const snapshot: PresenceSnapshot = {
              sessions: sessions
                .map((raw) => JSON.parse(raw) as PresenceEntry)
                .sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
            };
            return { viewId, version: Number(version ?? 0), snapshot, feedId: feedIdOf(tail) };
          }
          case 'freshness': {
            const [dates, paidThrough, version, tail] = (await together(tenantId, (m) =>
              m
                .hgetall(keys.freshness(tenantId))
                .hget(keys.spendMeta(tenantId), 'paidThrough')
                .get(keys.viewVersion(tenantId, 'freshness')),
            )) as [Record<string, string>, string | null, string | null, FeedTail];
            return {
              viewId,
              version: Number(version ?? 0),
              snapshot: freshnessOf(dates, paidThrough),
              feedId: feedIdOf(tail),
            };
          }
          case 'wall': {
            // Eventually consistent across its sources (each read is a consistent cut of its own view): the wall
            // follows whichever changed last, and its next change carries the rest.
            const [rollups, spend, finance, freshness] = await Promise.all([
              viewStore.read(tenantId, 'rollups'),
              viewStore.read(tenantId, 'spend'),
              viewStore.read(tenantId, 'finance'),
              viewStore.read(tenantId, 'freshness'),
            ]);
            const parts = [rollups, spend, finance, freshness];
            return {
              viewId,
              version: Math.max(...parts.map((part) => part.version)),
              snapshot: projectWall({
                today: localDay(new Date(), options.timeZone),
                rollups: rollups.snapshot as RollupsSnapshot,
                spend: spend.snapshot as SpendSnapshot,
                finance: finance.snapshot as FinanceSnapshot,
                freshness: freshness.snapshot as SourceFreshness,
              }),
              feedId:
                parts
                  .map((part) => part.feedId)
                  .sort(compareFeedIds)
                  .at(-1) ?? '0-0',
            };
          }
          case 'finance': {
            const [raw, version, tail] = (await together(tenantId, (m) =>
              m.get(keys.financeView(tenantId)).get(keys.viewVersion(tenantId, 'finance')),
            )) as [string | null, string | null, FeedTail];
            const snapshot = raw === null ? emptyFinanceSnapshot() : (JSON.parse(raw) as FinanceSnapshot);
            return { viewId, version: Number(version ?? 0), snapshot, feedId: feedIdOf(tail) };
          }
        }
      },
    };
    app.decorate('viewStore', viewStore);
  },
  { name: 'view-store', dependencies: ['redis', 'keys'] },
);
