/**
 * The finance view's storage: the tenant's roll-up cells read as one consistent cut (with the paid-through date,
 * the measure counters the quality estimate reads and the current snapshot), and a new snapshot written with its
 * version and change record in one Lua step that refuses when the view moved on since it was read — so two writers
 * can never put an older projection over a newer one. The change record is the difference from the snapshot read
 * (`financeChangeBetween`): it applies on exactly the version the step checks.
 */
import type { FinanceChange, FinanceSnapshot } from '@benchline/shared';
import type { KeySpace } from '@benchline/shared/backend';
import type { FeedBounds } from '@benchline/shared/backend';
import { APPEND_FEED_LUA, defineLuaScript, feedBoundsArg, runLuaScript } from '@benchline/shared/backend';
import type { Redis } from 'ioredis';
import type { MeasureCounts } from '../domain/finance-view.js';
import { measureCountsFromCounters, QUALITY_COUNTER_FIELDS } from '../domain/finance-view.js';
import type { RollUps, RollUpTable } from '../domain/finance/rollups.js';
import { fromHashFields, ROLL_UP_TABLES } from '../domain/finance/rollups.js';

const WRITE_FINANCE_VIEW = defineLuaScript(
  'write-finance-view',
  `${APPEND_FEED_LUA}
-- KEYS: snapshot, view version, feed seq, feed
-- ARGV: the view version the snapshot was computed against, snapshot json, change json, feed bounds
-- Returns -1 when the view moved on (compute again), else the new version.
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then
  return -1
end
redis.call('SET', KEYS[1], ARGV[2])
return appendFeedWithin(ARGV[4], KEYS[2], KEYS[3], KEYS[4], 'finance', ARGV[3])
`,
);

export interface FinanceCut {
  rollUps: RollUps;
  /** The latest paid date of any claim received, or null. */
  paidThrough: string | null;
  /** The tenant's measure counts from its roll-up counters, read in the same cut. */
  measureCounts: Record<string, MeasureCounts>;
  /** The stored snapshot and the view version it is at (0 and null before the first). */
  version: number;
  snapshot: FinanceSnapshot | null;
}

export interface FinanceStore {
  read(tenantId: string): Promise<FinanceCut>;
  /**
   * Writes the snapshot as the next version, with the change from the one at `expectedVersion`, unless the view is
   * no longer at that version.
   */
  write(
    tenantId: string,
    expectedVersion: number,
    snapshot: FinanceSnapshot,
    change: FinanceChange,
  ): Promise<'written' | 'conflict'>;
}

export function createFinanceStore(redis: Redis, keys: KeySpace, options: FeedBounds): FinanceStore {
  return {
    async read(tenantId) {
      const multi = redis.multi();
      for (const table of ROLL_UP_TABLES) {
        multi.hgetall(keys.finance(tenantId, table));
      }
      multi.hget(keys.spendMeta(tenantId), 'paidThrough');
      multi.hmget(keys.rollups(tenantId), ...QUALITY_COUNTER_FIELDS);
      multi.get(keys.viewVersion(tenantId, 'finance'));
      multi.get(keys.financeView(tenantId));
      const replies = await multi.exec();
      if (replies === null) {
        throw new Error('the finance read was aborted');
      }
      const values = replies.map(([error, value]) => {
        if (error !== null) {
          throw error;
        }
        return value;
      });
      const fields: Partial<Record<RollUpTable, Record<string, number>>> = {};
      ROLL_UP_TABLES.forEach((table, i) => {
        const hash = values[i] as Record<string, string>;
        fields[table] = Object.fromEntries(Object.entries(hash).map(([field, value]) => [field, Number(value)]));
      });
      const [paidThrough, counters, version, snapshot] = values.slice(ROLL_UP_TABLES.length) as [
        string | null,
        (string | null)[],
        string | null,
        string | null,
      ];
      const counter = new Map(QUALITY_COUNTER_FIELDS.map((field, i) => [field, Number(counters[i] ?? 0)]));
      return {
        rollUps: fromHashFields(fields),
        paidThrough: paidThrough ?? null,
        measureCounts: measureCountsFromCounters((field) => counter.get(field)),
        version: Number(version ?? 0),
        snapshot: snapshot === null || snapshot === undefined ? null : (JSON.parse(snapshot) as FinanceSnapshot),
      };
    },

    async write(tenantId, expectedVersion, snapshot, change) {
      const reply = Number(
        await runLuaScript(
          redis,
          WRITE_FINANCE_VIEW,
          [
            keys.financeView(tenantId),
            keys.viewVersion(tenantId, 'finance'),
            keys.feedSeq(tenantId),
            keys.feed(tenantId),
          ],
          [expectedVersion, JSON.stringify(snapshot), JSON.stringify(change), feedBoundsArg(options)],
        ),
      );
      return reply < 0 ? 'conflict' : 'written';
    },
  };
}
