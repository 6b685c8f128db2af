import type { GapQueueRow } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import type { CommandTransport } from '../services/commands.js';
import { exportQueue } from './export.js';
import { aRow } from './row-fixture.js';

function transport(reply: { ok: true; data: null } | { ok: false; error: { code: 'SERVICE_UNAVAILABLE' } }) {
  const sent: unknown[] = [];
  const fake: CommandTransport = {
    send: async (event: string, request: unknown) => {
      sent.push({ event, request });
      return reply;
    },
  };
  return { fake, sent };
}

describe('exportQueue', () => {
  const rows: GapQueueRow[] = [
    aRow({ gapId: 'g1', memberId: 'M1' }),
    aRow({ gapId: 'g2', memberId: 'M1' }),
    aRow({ gapId: 'g3', memberId: 'M2' }),
  ];

  it('records who and which patients before making the file', async () => {
    const { fake, sent } = transport({ ok: true, data: null });
    const result = await exportQueue(fake, rows, { status: 'new' });
    expect(sent).toEqual([
      {
        event: 'export:record',
        request: { view: 'gaps', filters: { status: 'new' }, memberIds: ['M1', 'M2'], rows: 3 },
      },
    ]);
    expect(result.ok && result.csv.split('\n').filter((line) => line !== '')).toHaveLength(4);
  });

  it('makes no file when the export cannot be recorded', async () => {
    const { fake } = transport({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(await exportQueue(fake, rows, {})).toEqual({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
  });
});
