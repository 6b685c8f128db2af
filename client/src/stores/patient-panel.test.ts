import type { PatientPanel } from '@benchline/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { usePatientPanelStore } from './patient-panel.js';

const send = vi.hoisted(() => vi.fn<(event: string, request: unknown, timeoutMs?: number) => Promise<unknown>>());
vi.mock('../services/commands.js', () => ({ commands: { send } }));

const panelOf = (memberId: string, asOf = '2026-11-27'): PatientPanel =>
  ({ memberId, asOf }) as unknown as PatientPanel;

describe('usePatientPanelStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    send.mockReset();
  });

  it('loads a patient, and keeps the panel on screen when a refresh fails', async () => {
    send.mockResolvedValueOnce({ ok: true, data: panelOf('M1') });
    const store = usePatientPanelStore();
    await store.open('M1');
    expect(store.status).toBe('ready');
    expect(store.panel?.memberId).toBe('M1');
    send.mockResolvedValueOnce({ ok: false, error: { code: 'TIMEOUT' } });
    await store.refresh();
    expect(store.panel?.memberId).toBe('M1');
    expect(store.errorCode).toBe('TIMEOUT');
  });

  it('shows the error in place of a first load that fails', async () => {
    send.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_FOUND' } });
    const store = usePatientPanelStore();
    await store.open('M9');
    expect(store.status).toBe('error');
    expect(store.errorCode).toBe('NOT_FOUND');
  });

  it('folds refreshes asked for during a load into one more request', async () => {
    let release: () => void = () => undefined;
    send.mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve({ ok: true, data: panelOf('M1', 'first') }))),
    );
    send.mockResolvedValue({ ok: true, data: panelOf('M1', 'second') });
    const store = usePatientPanelStore();
    const opening = store.open('M1');
    void store.refresh();
    void store.refresh();
    release();
    await opening;
    expect(send).toHaveBeenCalledTimes(2);
    expect(store.panel?.asOf).toBe('second');
  });

  it('drops an answer for a patient no longer shown', async () => {
    let release: () => void = () => undefined;
    send.mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve({ ok: true, data: panelOf('M1') }))),
    );
    send.mockResolvedValue({ ok: true, data: panelOf('M2') });
    const store = usePatientPanelStore();
    const first = store.open('M1');
    await store.open('M2');
    release();
    await first;
    expect(store.panel?.memberId).toBe('M2');
  });
});
