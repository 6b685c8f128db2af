/**
 * Leases and presence as app services (`fastify.leases`, `fastify.presence`), and the sweep that frees what
 * lapsed. Every instance sweeps every tenant with collaboration state: the scripts are atomic and idempotent, so
 * instances racing each other is harmless, and a lease whose server died is still freed by the others.
 */
import { DEFAULT_FEED_RETENTION_MS } from '@benchline/shared/backend';
import fp from 'fastify-plugin';
import { createLeaseStore, type LeaseStore } from '../../collaboration/lease-store.js';
import { createPresenceStore, type PresenceStore } from '../../collaboration/presence-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    leases: LeaseStore;
    presence: PresenceStore;
    collaborationSettings: CollaborationSettings;
  }
}

export interface CollaborationSettings {
  leaseTtlMs: number;
  presenceTtlMs: number;
  sweepMs: number;
}

/** A lease outlives four missed heartbeats; a dead client's patient is free within 20 s. */
export const DEFAULT_LEASE_TTL_MS = 20_000;
export const DEFAULT_PRESENCE_TTL_MS = 20_000;
export const DEFAULT_SWEEP_MS = 1000;
/** The workers' default feed bound, for the gateway's own records. */
export const DEFAULT_FEED_MAX_LEN = 100_000;

export interface CollaborationOptions {
  leaseTtlMs?: number | undefined;
  presenceTtlMs?: number | undefined;
  sweepMs?: number | undefined;
  feedMaxLen?: number | undefined;
  feedRetentionMs?: number | undefined;
}

export default fp<CollaborationOptions>(
  async (app, options) => {
    const { redis, keys } = app;
    const settings: CollaborationSettings = {
      leaseTtlMs: options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
      presenceTtlMs: options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS,
      sweepMs: options.sweepMs ?? DEFAULT_SWEEP_MS,
    };
    const feed = {
      feedMaxLen: options.feedMaxLen ?? DEFAULT_FEED_MAX_LEN,
      feedRetentionMs: options.feedRetentionMs ?? DEFAULT_FEED_RETENTION_MS,
    };
    const leases = createLeaseStore(redis, keys, { ttlMs: settings.leaseTtlMs, ...feed });
    const presence = createPresenceStore(redis, keys, { ttlMs: settings.presenceTtlMs, ...feed });

    let sweeping = false;
    const sweep = async (): Promise<void> => {
      if (sweeping) {
        return;
      }
      sweeping = true;
      try {
        for (const tenantId of await redis.smembers(keys.collaborationTenants())) {
          await leases.sweep(tenantId);
          await presence.sweep(tenantId);
        }
      } catch (error) {
        app.log.warn({ err: (error as Error).message }, 'collaboration sweep failed; retrying next tick');
      } finally {
        sweeping = false;
      }
    };
    const timer = setInterval(() => void sweep(), settings.sweepMs);
    timer.unref();

    app.decorate('leases', leases);
    app.decorate('presence', presence);
    app.decorate('collaborationSettings', settings);
    app.addHook('onClose', () => clearInterval(timer));
  },
  { name: 'collaboration', dependencies: ['redis', 'keys'] },
);
