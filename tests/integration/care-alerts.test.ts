/**
 * Care-transition alerts end to end (server and workers in this process, real Redis, a key prefix of its own): an
 * HL7 admission of a patient assigned to one coordinator reaches that coordinator's screen live and not another
 * coordinator's; an unassigned patient's ED visit reaches everyone on the queue; the discharge that follows raises
 * the transitional-care alert, with its 2-business-day contact deadline, and swaps the queue's admission row for
 * the TCM row; a duplicate message raises nothing new; every delivery is in the audit trail.
 */
import type { CareAlert, WorklistEvent } from '@benchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_MEMBER } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { createFactsStore } from '../../workers/src/adapters/facts-store.js';
import { deriveStays } from '../../workers/src/domain/adt.js';
import { addBusinessDays, DEFAULT_BUSINESS_CALENDAR } from '../../workers/src/domain/business-days.js';
import { adtMessage, postHl7 as postHl7To } from '../support/adt-messages.js';
import { eventually } from '../support/eventually.js';
import { startStack, type TestStack } from '../support/start-stack.js';
import type { TestClient } from '../support/connect-client.js';

const ASSIGNED = VALID_MEMBER.memberId; // MBI 1EG4-TE5-MK73
const UNASSIGNED = '2EG4TE5MK74';

let stack: TestStack;
let firstAdmission = '';
let alice: TestClient;
let bob: TestClient;
const received = { alice: [] as CareAlert[], bob: [] as CareAlert[] };

const message = (...args: Parameters<typeof adtMessage>): string =>
  adtMessage(args[0], args[1], args[2], { controlPrefix: 'ALERT', ...args[3] });
const postHl7 = (body: string): Promise<string> => postHl7To(stack.url, stack.apiKey, body);

beforeAll(async () => {
  stack = await startStack();
  for (const memberId of [ASSIGNED, UNASSIGNED]) {
    expect((await stack.post('/api/v1/members', { ...VALID_MEMBER, memberId })).status).toBe(202);
  }
  const assign: WorklistEvent = {
    kind: 'worklist',
    actionId: 'assign-alice',
    memberId: ASSIGNED,
    at: new Date().toISOString(),
    by: 'lead',
    action: { type: 'assign', assignee: 'alice' },
  };
  expect((await stack.post('/api/v1/events', assign)).status).toBe(202);
  await stack.drained();
  alice = await stack.connect({ userId: 'alice', name: 'Alice' });
  bob = await stack.connect({ userId: 'bob', name: 'Bob' });
  alice.socket.on('alert:raised', (alert) => received.alice.push(alert));
  bob.socket.on('alert:raised', (alert) => received.bob.push(alert));
  await Promise.all([alice.subscribe('gaps'), bob.subscribe('gaps')]);
});
afterAll(async () => {
  alice?.close();
  bob?.close();
  await stack?.close();
});

describe('care-transition alerts', () => {
  it("reach the assigned coordinator's screen when their patient is admitted, and nobody else's", async () => {
    firstAdmission = message('A01', '1EG4-TE5-MK73', 'VA1');
    expect(await postHl7(firstAdmission)).toContain('MSA|AA|');
    await eventually(() => {
      expect(received.alice).toEqual([
        expect.objectContaining({
          memberId: ASSIGNED,
          type: 'admission',
          coordinator: 'alice',
          readmission: false,
          title: expect.stringMatching(/^Admitted to GENHOSP since \d{4}-\d{2}-\d{2}$/) as string,
        }),
      ]);
    });
    // Pub/sub keeps a channel's order: once an alert published after this one reached Bob, this one never will.
    expect(await postHl7(message('A04', '2EG4-TE5-MK74', 'VE1', { patientClass: 'E' }))).toContain('MSA|AA|');
    await eventually(() => {
      expect(received.bob.map((a) => [a.memberId, a.type])).toEqual([[UNASSIGNED, 'ed-visit']]);
    });
    // An unassigned patient's alert goes to everyone on the queue, Alice included.
    await eventually(() => {
      expect(received.alice.map((a) => a.type)).toEqual(['admission', 'ed-visit']);
    });
  });

  it('raises the transitional-care alert on discharge home, with the contact deadline, and swaps the queue rows', async () => {
    expect(await postHl7(message('A03', '1EG4-TE5-MK73', 'VA1', { disposition: '01' }))).toContain('MSA|AA|');
    const today = new Date().toISOString().slice(0, 10);
    const contactDue = addBusinessDays(today, 2, DEFAULT_BUSINESS_CALENDAR);
    await eventually(() => {
      expect(received.alice.at(-1)).toMatchObject({
        memberId: ASSIGNED,
        type: 'discharge',
        dueDate: contactDue,
        detail: expect.stringContaining(`contact the patient by ${contactDue} (2 business days)`) as string,
      });
    });
    await stack.drained();
    // PV1-44 and PV1-45 read as sent: admitted 90 minutes before the discharge.
    const { facts } = await createFactsStore(stack.redis, stack.keys).load(stack.tenantId, ASSIGNED);
    const [stay] = deriveStays(facts.adt);
    expect(Date.parse(stay!.dischargeAt!) - Date.parse(stay!.admitAt!)).toBeGreaterThanOrEqual(89 * 60_000);
    const queue = await bob.subscribe('gaps');
    const rows = queue.snapshot.rows.filter((row) => row.memberId === ASSIGNED && row.kind === 'care-transition');
    expect(rows.map((row) => row.subject)).toEqual(['TCM']);
    // Above every other gap of the queue.
    const top = [...queue.snapshot.rows].sort((a, b) => b.priority - a.priority)[0];
    expect(top?.kind).toBe('care-transition');
  });

  it('raises nothing for a message sent again, and audits every delivery', async () => {
    const before = received.alice.length;
    // The same message again: a duplicate (AA, nothing changed).
    expect(await postHl7(firstAdmission)).toContain('MSA|AA|');
    // A new, later alert marks the point by which a wrongly raised duplicate would have arrived.
    expect(await postHl7(message('A04', '2EG4-TE5-MK74', 'VE2', { patientClass: 'E' }))).toContain('MSA|AA|');
    await eventually(() => {
      expect(received.alice.slice(before).map((a) => a.type)).toEqual(['ed-visit']);
    });
    const audit = (await stack.redis.xrange(stack.keys.audit(stack.tenantId), '-', '+')) as [string, string[]][];
    const sent = audit
      .map(([, fields]) => Object.fromEntries(fields.flatMap((v, i) => (i % 2 === 0 ? [[v, fields[i + 1]]] : []))))
      .filter((record) => record.action === 'alert-sent');
    expect(sent.filter((r) => r.patients === ASSIGNED).map((r) => r.subject)).toEqual([
      `t:${stack.tenantId}:u:alice`,
      `t:${stack.tenantId}:u:alice`,
    ]);
    expect(sent.filter((r) => r.patients === UNASSIGNED)).toHaveLength(2);
  });
});
