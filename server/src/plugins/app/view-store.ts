/**
 * Reads a live view's current snapshot and version in one MULTI, so the pair is consistent with the Lua step
 * that writes them. Decorated as `fastify.viewStore`.
 */
import type {
  FinanceSnapshot,
  GapQueueRow,
  GapsSnapshot,
  RollupsSnapshot,
  SpendMonth,
  SpendSnapshot,
  ViewId,
  ViewState,
} from '@benchline/shared';
import { compareGapRows, emptyFinanceSnapshot } from '@benchline/shared';
import fp from 'fastify-plugin';
import { serviceUnavailable } from '../../http/errors.js';

export interface ViewStore {
  read(tenantId: string, viewId: ViewId): Promise<ViewState>;
}

declare module 'fastify' {
  interface FastifyInstance {
    viewStore: ViewStore;
  }
}

export default fp(
  async (app) => {
    const { redis, keys } = app;

    /** Runs reads in one MULTI, so they see one moment; Redis trouble is a 503. */
    const together = async (build: (multi: ReturnType<typeof redis.multi>) => unknown): Promise<unknown[]> => {
      let results: [Error | null, unknown][] | null;
      try {
        const multi = redis.multi();
        build(multi);
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
            const [paid, count, meta, version] = (await together((m) =>
              m
                .hgetall(keys.spendPaid(tenantId))
                .hgetall(keys.spendCount(tenantId))
                .hgetall(keys.spendMeta(tenantId))
                .get(keys.viewVersion(tenantId, 'spend')),
            )) as [Record<string, string>, Record<string, string>, Record<string, string>, string | null];
            const months: Record<string, SpendMonth> = {};
            for (const [month, cents] of Object.entries(paid)) {
              months[month] = { paidCents: Number(cents), claims: Number(count[month] ?? 0) };
            }
            const snapshot: SpendSnapshot = {
              months,
              paidThrough: meta.paidThrough ?? null,
              updatedAt: meta.updatedAt ?? null,
            };
            return { viewId, version: Number(version ?? 0), snapshot };
          }
          case 'rollups': {
            const [counters, meta, version] = (await together((m) =>
              m
                .hgetall(keys.rollups(tenantId))
                .hgetall(keys.rollupsMeta(tenantId))
                .get(keys.viewVersion(tenantId, 'rollups')),
            )) as [Record<string, string>, Record<string, string>, string | null];
            const snapshot: RollupsSnapshot = {
              counters: Object.fromEntries(
                Object.entries(counters)
                  .map(([key, value]) => [key, Number(value)] as const)
                  .filter(([, value]) => value !== 0),
              ),
              updatedAt: meta.updatedAt ?? null,
            };
            return { viewId, version: Number(version ?? 0), snapshot };
          }
          case 'gaps': {
            const [rows, version] = (await together((m) =>
              m.hvals(keys.openGapRows(tenantId)).get(keys.viewVersion(tenantId, 'gaps')),
            )) as [string[], string | null];
            const snapshot: GapsSnapshot = {
              rows: rows.map((row) => JSON.parse(row) as GapQueueRow).sort(compareGapRows),
            };
            return { viewId, version: Number(version ?? 0), snapshot };
          }
          case 'finance': {
            const [raw, version] = (await together((m) =>
              m.get(keys.financeView(tenantId)).get(keys.viewVersion(tenantId, 'finance')),
            )) as [string | null, string | null];
            const snapshot = raw === null ? emptyFinanceSnapshot() : (JSON.parse(raw) as FinanceSnapshot);
            return { viewId, version: Number(version ?? 0), snapshot };
          }
        }
      },
    };
    app.decorate('viewStore', viewStore);
  },
  { name: 'view-store', dependencies: ['redis', 'keys'] },
);
