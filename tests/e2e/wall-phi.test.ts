/**
 * The wall hangs in a lobby: nothing on it, and nothing sent to it, may identify a patient. A generated population
 * is seeded; the wall is opened in Chromium as a wall device (its link, `/wall#device=<token>`); while it watches,
 * the latest month's claims and a few new members (names, birth dates) arrive and a coordinator claims one of
 * them. Every Socket.IO payload the page receives, every API answer it reads, its text (hidden panels included)
 * and every attribute value are searched for each member's id, name and birth date — and so is everything a wall
 * socket of the test's own receives: the `wall` and `freshness` snapshots and every change to them.
 */
import type { CanonicalEvent, MemberEvent, ViewChanged } from '@benchline/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { launchBrowser } from '../support/browser.js';
import type { TestClient } from '../support/connect-client.js';
import { findForbidden, type Forbidden } from '../support/phi-scan.js';
import { startStack, type TestStack } from '../support/start-stack.js';

/** Claims paid in this month, and the last few members whole, are held back and posted while the wall is open. */
const LATE_MONTH = '2026-06';
const NEW_MEMBERS = 5;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const clients: TestClient[] = [];
const pageErrors: string[] = [];
/** Every Socket.IO payload and API answer the page received. */
const received: string[] = [];

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  browser = await launchBrowser();
});
afterAll(async () => {
  clients.splice(0).forEach((client) => client.close());
  await browser?.close();
  await stack?.close();
});

/** What identifies each member: id, given and family name (alone and together), birth date. */
function forbiddenOf(members: readonly MemberEvent[], otherText: string): Forbidden[] {
  // A single name that is also a word of what the wall is there to show (a contract's name, say) is not evidence
  // of a patient on its own; the patient's full name still is.
  const otherWords = new Set(otherText.match(/[A-Za-z]+/g) ?? []);
  const list: Forbidden[] = [];
  for (const member of members) {
    list.push({ value: member.memberId, what: 'a member id' });
    if (member.birthDate !== undefined) {
      list.push({ value: member.birthDate, what: 'a birth date' });
    }
    for (const [what, name] of [
      ['a given name', member.givenName],
      ['a family name', member.familyName],
    ] as const) {
      if (name !== undefined && !otherWords.has(name)) {
        list.push({ value: name, what });
      }
    }
    if (member.givenName !== undefined && member.familyName !== undefined) {
      list.push({ value: `${member.givenName} ${member.familyName}`, what: 'a full name' });
      list.push({ value: `${member.familyName}, ${member.givenName}`, what: 'a full name' });
    }
  }
  return list;
}

/** The page's text (hidden panels too), its title and address, and every attribute value of every element. */
async function pageTexts(target: Page): Promise<string[]> {
  return target.evaluate(() => {
    const texts = [document.title, location.href, document.body.innerText, document.documentElement.textContent ?? ''];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        texts.push(attribute.value);
      }
    }
    return texts;
  });
}

describe('the wall and patient data', () => {
  it('shows and receives no member id, name or birth date, seeded or arriving live', async () => {
    const aco = demoAco({ members: 200, months: 6, seed: 31, endMonth: LATE_MONTH });
    const events = [...demoEvents(aco)];
    const members = events.filter((e): e is MemberEvent => e.kind === 'member');
    const newMemberIds = new Set(members.slice(-NEW_MEMBERS).map((m) => m.memberId));
    const isLate = (event: CanonicalEvent): boolean =>
      ('memberId' in event && newMemberIds.has(event.memberId)) ||
      (event.kind === 'claim' && event.paidDate.startsWith(LATE_MONTH));
    const late = events.filter(isLate);
    const target = { baseUrl: stack.url, apiKey: stack.apiKey };
    expect(
      (
        await postBulkEvents(
          events.filter((e) => !isLate(e)),
          target,
        )
      ).rejected,
    ).toBe(0);
    await stack.drained({ timeoutMs: 60_000 });

    const otherText = JSON.stringify(aco.contracts);
    const forbidden = forbiddenOf(members, otherText);
    expect(forbidden.filter((f) => f.what === 'a member id')).toHaveLength(members.length);
    expect(forbidden.filter((f) => f.what === 'a birth date').length).toBe(members.length);
    expect(forbidden.filter((f) => f.what === 'a full name').length).toBe(members.length * 2);
    expect(forbidden.filter((f) => f.what === 'a given name' || f.what === 'a family name').length).toBeGreaterThan(
      members.length * 1.5,
    );

    // The test's own wall socket: snapshots of both views a wall may watch, and every change after.
    const probe = await stack.connect({ userId: 'wall-probe', name: 'Probe', role: 'wall' });
    clients.push(probe);
    const snapshots = [await probe.subscribe('wall'), await probe.subscribe('freshness')];
    expect(snapshots[0]?.snapshot).toMatchObject({ members: expect.any(Number) as number });

    // The wall as a lobby display opens it: the device's link.
    const { token } = await stack.app.identity.createDevice(stack.tenantId, 'Lobby');
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        received.push(typeof payload === 'string' ? payload : payload.toString('utf8'));
      });
    });
    page.on('response', (response) => {
      const url = response.url();
      if (url.includes('/socket.io/') || url.includes('/api/')) {
        response.text().then(
          (text) => received.push(text),
          () => undefined,
        );
      }
    });
    await page.goto(`${stack.url}/wall#device=${token}`);
    const landed = page
      .locator('[data-testid="wall-live"], [data-testid="sign-in-form"], [data-testid="wall-signed-out"]')
      .first();
    await landed.waitFor({ timeout: 20_000 });
    if ((await landed.getAttribute('data-testid')) !== 'wall-live') {
      // The client's device sign-in is not there: the device's session, as that sign-in would set it.
      const session = await stack.signIn({ role: 'wall', name: 'Lobby' });
      await context.addCookies([
        { name: 'benchline_session', value: session.cookie.split('=')[1] ?? '', url: stack.url },
      ]);
      await page.goto(`${stack.url}/wall`);
    }
    const live = page.getByTestId('wall-live');
    await live.filter({ hasText: 'LIVE' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('wall-freshness').textContent()).toContain('claims paid through May');

    // Live: the late claims and the new members arrive in batches while a coordinator works one of them.
    const coordinator = await stack.connect({ userId: 'user-ana', name: 'Ana' });
    clients.push(coordinator);
    const [newMember] = members.slice(-NEW_MEMBERS);
    const batches = 4;
    for (let batch = 0; batch < batches; batch += 1) {
      const part = late.filter((_, index) => index % batches === batch);
      expect((await postBulkEvents(part, target)).rejected).toBe(0);
      if (batch === 1 && newMember !== undefined) {
        expect(await coordinator.ask('lease:claim', { memberId: newMember.memberId })).toMatchObject({ ok: true });
        await coordinator.ask('presence:update', { page: 'patient', memberId: newMember.memberId });
      }
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    await stack.drained({ timeoutMs: 60_000 });
    await expect
      .poll(() => probe.changesOf('wall').at(-1)?.change.freshness.claimsPaidThrough ?? '', { timeout: 15_000 })
      .toMatch(/^2026-06/);
    await expect
      .poll(() => page.getByTestId('wall-freshness').textContent(), { timeout: 15_000 })
      .toContain('claims paid through Jun');
    // A few more seconds of whatever else the feed brings.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await live.textContent()).toContain('LIVE');

    // What the page received and shows.
    const frames = [...received];
    expect(frames.some((frame) => frame.includes('"viewId":"wall"'))).toBe(true);
    expect(findForbidden(frames, forbidden, 'payload')).toEqual([]);
    for (const field of ['"memberId"', '"givenName"', '"familyName"', '"birthDate"']) {
      expect(frames.filter((frame) => frame.includes(field))).toEqual([]);
    }
    const views = new Set(frames.flatMap((frame) => [...frame.matchAll(/"viewId":"([a-z]+)"/g)].map((m) => m[1])));
    expect([...views].filter((view) => view !== 'wall' && view !== 'freshness')).toEqual([]);
    const texts = await pageTexts(page);
    expect(texts.join(' ')).toContain('LIVE');
    expect(findForbidden(texts, forbidden, 'page text')).toEqual([]);

    // What the test's own wall socket received.
    const changes: ViewChanged[] = probe.changes;
    expect(probe.changesOf('wall').length).toBeGreaterThan(0);
    expect(changes.filter((change) => change.viewId !== 'wall' && change.viewId !== 'freshness')).toEqual([]);
    const socketTexts = [...snapshots, ...changes].map((payload) => JSON.stringify(payload));
    expect(findForbidden(socketTexts, forbidden, 'wall socket payload')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
