import type { AuditRecordView } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { auditStartAfter, compareAuditIds, describePatients, filterAudit, keyState, mergeAudit } from './audit.js';

const record = (id: string, overrides: Partial<AuditRecordView> = {}): AuditRecordView => ({
  id,
  time: '2026-11-27T10:00:00.000Z',
  actor: 'user:ana',
  action: 'patient-panel-read',
  resource: 'Patient/M1',
  patients: 'M1',
  count: '1',
  subject: '',
  purpose: 'HOPERAT',
  request: 'req-1',
  outcome: 'success',
  ...overrides,
});

describe('mergeAudit', () => {
  it('puts a page (oldest first) on top, newest first', () => {
    const shown = mergeAudit([], [record('1-0'), record('2-0')]);
    expect(mergeAudit(shown, [record('3-0'), record('3-1')]).map((r) => r.id)).toEqual(['3-1', '3-0', '2-0', '1-0']);
  });

  it('adds nothing twice when pages overlap, and keeps at most max', () => {
    const shown = mergeAudit([], [record('1-0'), record('2-0')]);
    expect(mergeAudit(shown, [record('2-0'), record('10-0')]).map((r) => r.id)).toEqual(['10-0', '2-0', '1-0']);
    const many = Array.from({ length: 30 }, (_, i) => record(`${i + 1}-0`));
    const bounded = mergeAudit(shown, many, 10);
    expect(bounded).toHaveLength(10);
    expect(bounded[0]?.id).toBe('30-0');
  });

  it('compares stream ids by time, then sequence (not as text)', () => {
    expect(compareAuditIds('10-0', '9-5')).toBeGreaterThan(0);
    expect(compareAuditIds('9-10', '9-9')).toBeGreaterThan(0);
    expect(compareAuditIds('9-1', '9-1')).toBe(0);
  });
});

describe('filterAudit', () => {
  const records = [
    record('1-0'),
    record('2-0', { actor: 'user:ben', action: 'gap-queue-read', patients: 'population', resource: 'GapQueue' }),
    record('3-0', { actor: 'device:abc', action: 'sign-in', patients: '', resource: 'Session' }),
  ];

  it('matches every word in the actor, the action, the resource or the patients, ignoring case', () => {
    expect(filterAudit(records, '').map((r) => r.id)).toEqual(['1-0', '2-0', '3-0']);
    expect(filterAudit(records, 'USER:').map((r) => r.id)).toEqual(['1-0', '2-0']);
    expect(filterAudit(records, 'ana panel').map((r) => r.id)).toEqual(['1-0']);
    expect(filterAudit(records, 'sign-in device').map((r) => r.id)).toEqual(['3-0']);
    expect(filterAudit(records, 'M1').map((r) => r.id)).toEqual(['1-0']);
  });
});

describe('describePatients and keyState', () => {
  it('names a few patients, the population with its size, or none', () => {
    expect(describePatients({ patients: 'M1,M2', count: '2' })).toBe('M1, M2');
    expect(describePatients({ patients: 'M1,M2,M3,M4,M5', count: '5' })).toBe('M1, M2, M3 and 2 more');
    expect(describePatients({ patients: 'population', count: '1200' })).toBe('population (1,200)');
    expect(describePatients({ patients: '', count: '0' })).toBe('—');
  });

  it('says whether a key works, is in its grace period or has expired', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(keyState({ expiresAt: null }, now)).toBe('active');
    expect(keyState({ expiresAt: '2026-11-27T11:00:00Z' }, now)).toMatch(/^expires 2026-11-27/);
    expect(keyState({ expiresAt: '2026-11-27T09:00:00Z' }, now)).toBe('expired');
  });

  it('starts the live trail a day back', () => {
    expect(auditStartAfter(Date.parse('2026-11-27T10:00:00Z'))).toBe(`${Date.parse('2026-11-26T10:00:00Z')}-0`);
  });
});
