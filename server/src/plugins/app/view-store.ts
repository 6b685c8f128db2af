/**
 * Reads a live view's current snapshot and version in one MULTI, so the pair is consistent with the Lua step
 * that writes them. Decorated as `fastify.viewStore`.
 */
import type { SpendMonth, SpendSnapshot, ViewId, ViewState } from '@benchline/shared';
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
    const viewStore: ViewStore = {
      async read(tenantId, viewId) {
        // One view today; the switch is where the next ones go.
        switch (viewId) {
          case 'spend': {
            let results: [Error | null, unknown][] | null;
            try {
              results = await redis
                .multi()
                .hgetall(keys.spendPaid(tenantId))
                .hgetall(keys.spendCount(tenantId))
                .hgetall(keys.spendMeta(tenantId))
                .get(keys.viewVersion(tenantId, 'spend'))
                .exec();
            } catch {
              throw serviceUnavailable();
            }
            const [paid, count, meta, version] = (results ?? []).map(([error, value]) => {
              if (error) {
                throw serviceUnavailable();
              }
              return value;
            }) as [Record<string, string>, Record<string, string>, Record<string, string>, string | null];
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
        }
      },
    };
    app.decorate('viewStore', viewStore);
  },
  { name: 'view-store', dependencies: ['redis', 'keys'] },
);
