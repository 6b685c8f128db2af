import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './config.js';

describe('loadServerConfig', () => {
  it('takes defaults and parses ingest keys per tenant', () => {
    const config = loadServerConfig({ BENCHLINE_API_KEYS: 'demo:0123456789abcdef, acme:fedcba9876543210xx' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: 'bl',
    });
    expect(config.apiKeys).toEqual([
      { tenantId: 'demo', key: '0123456789abcdef' },
      { tenantId: 'acme', key: 'fedcba9876543210xx' },
    ]);
  });

  it('stops on the first bad setting, naming it', () => {
    expect(() => loadServerConfig({ BENCHLINE_PORT: 'eighty' })).toThrow('invalid server configuration at /port');
    expect(() => loadServerConfig({ BENCHLINE_API_KEYS: 'demo:short' })).toThrow('/apiKeys/0/key');
    expect(() => loadServerConfig({ BENCHLINE_API_KEYS: 'Not A Tenant:0123456789abcdef' })).toThrow(
      '/apiKeys/0/tenantId',
    );
    expect(() => loadServerConfig({ REDIS_URL: 'http://localhost' })).toThrow('/redisUrl');
    expect(() => loadServerConfig({ BENCHLINE_PANEL_TIMEOUT_MS: 'soon' })).toThrow('/panelTimeoutMs');
  });

  it('reads per-view coalescing ticks and collaboration timings, and refuses unknown views', () => {
    const config = loadServerConfig({
      BENCHLINE_FANOUT_VIEW_TICKS: 'finance:1000, gaps:50',
      BENCHLINE_LEASE_TTL_MS: '15000',
    });
    expect(config.fanoutViewTickMs).toEqual({ finance: 1000, gaps: 50 });
    expect(config.leaseTtlMs).toBe(15_000);
    expect(loadServerConfig({}).leaseTtlMs).toBeUndefined();
    expect(() => loadServerConfig({ BENCHLINE_FANOUT_VIEW_TICKS: 'lobby:10' })).toThrow('/fanoutViewTickMs');
    expect(() => loadServerConfig({ BENCHLINE_FANOUT_VIEW_TICKS: 'gaps:fast' })).toThrow('/fanoutViewTickMs/gaps');
    // A dead client's patient must be free within 30 s.
    expect(() => loadServerConfig({ BENCHLINE_LEASE_TTL_MS: '60000' })).toThrow('/leaseTtlMs');
  });

  it('reads how long a patient panel waits for the workers', () => {
    expect(loadServerConfig({}).panelTimeoutMs).toBeUndefined();
    expect(loadServerConfig({ BENCHLINE_PANEL_TIMEOUT_MS: '2500' }).panelTimeoutMs).toBe(2500);
  });
});
