/**
 * The wall screen as a lobby display sees it: a generated ACO posted through the API, /wall open in a real
 * Chromium as a `wall` device signed in by its wall link (`/wall#device=<token>`, the token gone from the address
 * bar at once) — full screen, LIVE, the tiles showing the server's wall view — and, when the latest month's claims
 * arrive, the spend moving without a reload. Every Socket.IO frame the page receives is recorded: none (and none of
 * the page's text) carries a member id or a member's name, and none is of a view a wall may not watch; the gateway
 * refuses such a subscription from a wall device.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CanonicalEvent, WallSnapshot } from '@benchline/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { launchBrowser } from '../support/browser.js';
import type { TestClient } from '../support/connect-client.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
/** Claims paid in this month are held back and posted while the wall is open. */
const LATE_MONTH = '2026-06';

// The page's formats (client/src/format.ts, client/src/wall/format.ts), restated so the test checks the words.
const compact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  minimumFractionDigits: 0,
  maximumFractionDigits: 1,
});
const money = (cents: number): string => compact.format(cents / 100);
const patients = (count: number | null): string => (count === null ? '<11' : count.toLocaleString('en-US'));

let stack: TestStack;
let browser: Browser;
let page: Page;
let device: TestClient | undefined;
const pageErrors: string[] = [];
/** Every Socket.IO payload the page received, over WebSocket frames or long-polling responses. */
const received: string[] = [];

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      received.push(typeof payload === 'string' ? payload : payload.toString('utf8'));
    });
  });
  page.on('response', (response) => {
    if (response.url().includes('/socket.io/')) {
      response.text().then(
        (text) => received.push(text),
        () => undefined,
      );
    }
  });
});
afterAll(async () => {
  device?.close();
  await browser?.close();
  await stack?.close();
});

describe('wall screen', () => {
  it('shows the live wall to a wall device, moves with new claims, and never carries a patient', async () => {
    const aco = demoAco({ members: 300, months: 6, seed: 7, endMonth: LATE_MONTH });
    const events = [...demoEvents(aco)];
    const isLate = (event: CanonicalEvent): boolean => event.kind === 'claim' && event.paidDate.startsWith(LATE_MONTH);
    const late = events.filter(isLate);
    expect(late.length).toBeGreaterThan(0);
    const target = { baseUrl: stack.url, apiKey: stack.apiKey };
    expect(
      (
        await postBulkEvents(
          events.filter((event) => !isLate(event)),
          target,
        )
      ).rejected,
    ).toBe(0);
    await stack.drained({ timeoutMs: 30_000 });

    // What identifies a patient in what was posted.
    const memberIds = new Set<string>();
    const names = new Set<string>();
    for (const event of events) {
      if ('memberId' in event && typeof event.memberId === 'string') {
        memberIds.add(event.memberId);
      }
      if (event.kind === 'member' && event.givenName !== undefined && event.familyName !== undefined) {
        names.add(`${event.givenName} ${event.familyName}`);
      }
    }
    expect(memberIds.size).toBeGreaterThan(100);
    expect(names.size).toBeGreaterThan(100);

    // A wall device of the test's own: the server's wall view, and the refusal of anything else.
    device = await stack.connect({ userId: 'wall-probe', name: 'Probe', role: 'wall' });
    const truth = (await device.subscribe('wall')).snapshot;
    expect(truth.members).toBeGreaterThan(10);
    const refused = await device.ask('view:subscribe', { viewId: 'gaps' });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    const mssp = aco.contracts.find((c) => c.program === 'mssp');
    const msspBefore = truth.contracts.find((c) => c.contractId === mssp?.contractId);
    expect(msspBefore).toBeDefined();

    // The display opens its wall link (as an admin issues it): the device token signs it in and leaves the address
    // bar. Rotating every 5 s (the shortest allowed) so the test sees a panel change.
    const { token } = await stack.app.identity.createDevice(stack.tenantId, 'Lobby wall');
    await page.goto(`${stack.url}/wall?rotate=5#device=${token}`);
    const live = page.getByTestId('wall-live');
    await live.filter({ hasText: 'LIVE' }).waitFor();
    expect(await page.locator('nav.topbar').count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('');
    expect(new URL(page.url()).search).toBe('?rotate=5');
    expect(await page.evaluate(() => window.location.href)).not.toContain(token);
    const [cookie] = (await page.context().cookies(stack.url)).filter((c) => c.name === 'benchline_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    await expect.poll(() => page.getByTestId('wall-members').textContent()).toBe(patients(truth.members));
    expect(await page.getByTestId('wall-open-gaps').textContent()).toBe(patients(truth.openGaps));
    const tile = page.getByTestId(`wall-contract-${mssp?.contractId}`);
    const spend = tile.getByTestId('contract-spend');
    expect(await spend.textContent()).toBe(money(msspBefore?.spendToDateCents ?? 0));
    expect(await tile.getByTestId('contract-benchmark').textContent()).toBe(
      money(msspBefore?.benchmarkToDateCents ?? 0),
    );
    expect(await tile.getByTestId('contract-savings').textContent()).toMatch(/projected (savings|loss)|benchmark/);
    for (const measure of truth.measures) {
      const row = page.getByTestId(`wall-measure-${measure.measureId}`);
      expect(await row.getByTestId('measure-counts').textContent()).toBe(
        `${patients(measure.met)} of ${patients(measure.eligible)} patients`,
      );
    }
    expect(await page.getByTestId('wall-freshness').textContent()).toContain('claims paid through May');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}wall-1080p-headline.png` });

    // The indicator shows the rotation; the next panel comes up by itself.
    expect(await page.getByTestId('wall').getAttribute('data-panel')).toBe('headline');
    expect(await page.getByTestId('wall-tab-headline').getAttribute('aria-current')).toBe('true');
    await expect.poll(() => page.getByTestId('wall').getAttribute('data-panel'), { timeout: 10_000 }).toBe('measures');
    expect(await page.getByTestId('wall-tab-measures').getAttribute('aria-current')).toBe('true');
    await page.screenshot({ path: `${ARTIFACTS}wall-1080p-measures.png` });

    // New claims: the spend moves, without a reload.
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    const shownBefore = await spend.textContent();
    expect((await postBulkEvents(late, target)).rejected).toBe(0);
    await stack.drained({ timeoutMs: 30_000 });
    const latest = async (): Promise<WallSnapshot | undefined> => device?.changesOf('wall').at(-1)?.change;
    await expect
      .poll(async () => (await latest())?.freshness.claimsPaidThrough ?? '', { timeout: 10_000 })
      .toMatch(/^2026-06/);
    // The freshness moves when the claims are applied, the spend when the finance view has been recomputed after
    // their members: a wall change may carry the one a moment before the other.
    const msspNow = async () => (await latest())?.contracts.find((c) => c.contractId === mssp?.contractId);
    await expect
      .poll(async () => (await msspNow())?.spendToDateCents, { timeout: 10_000 })
      .not.toBe(msspBefore?.spendToDateCents);
    const after = await msspNow();
    await expect.poll(() => spend.textContent(), { timeout: 10_000 }).toBe(money(after?.spendToDateCents ?? 0));
    expect(money(after?.spendToDateCents ?? 0)).not.toBe(shownBefore);
    await expect
      .poll(() => page.getByTestId('wall-freshness').textContent(), { timeout: 10_000 })
      .toContain('claims paid through Jun');
    expect(await live.textContent()).toContain('LIVE');
    expect(navigations).toBe(0);

    // Choosing a panel shows it and pauses the rotation while the pointer is on the wall.
    await page.getByTestId('wall-tab-spend').click();
    expect(await page.getByTestId('wall').getAttribute('data-panel')).toBe('spend');
    await page.getByTestId('wall-paused').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}wall-1080p-spend.png` });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.screenshot({ path: `${ARTIFACTS}wall-4k-spend.png` });
    await page.getByTestId('wall-tab-headline').click();
    await page.screenshot({ path: `${ARTIFACTS}wall-4k-headline.png` });

    // No patient anywhere: not in a frame the page received, not in its text (hidden panels included).
    const frames = received.join('\n');
    expect(frames).toContain('"viewId":"wall"');
    const text = (await page.evaluate(() => document.documentElement.textContent)) ?? '';
    for (const id of memberIds) {
      expect(frames.includes(id), `member id ${id} in a frame`).toBe(false);
      expect(text.includes(id), `member id ${id} on the page`).toBe(false);
    }
    for (const name of names) {
      expect(frames.includes(name), `name ${name} in a frame`).toBe(false);
      expect(text.includes(name), `name ${name} on the page`).toBe(false);
    }
    for (const field of ['"memberId"', '"givenName"', '"familyName"', '"birthDate"']) {
      expect(frames).not.toContain(field);
    }
    // Only the views a wall may watch ever reached the page.
    const views = new Set([...frames.matchAll(/"viewId":"([a-z]+)"/g)].map((match) => match[1]));
    expect([...views].filter((view) => view !== 'wall' && view !== 'freshness')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('says STALE since the moment the connection dropped, and is LIVE again by itself', async () => {
    const live = page.getByTestId('wall-live');
    await live.filter({ hasText: 'LIVE' }).waitFor();
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    await page.context().setOffline(true);
    await live.filter({ hasText: /^\W*STALE since \d\d:\d\d$/ }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${ARTIFACTS}wall-4k-stale.png` });
    await page.context().setOffline(false);
    await live.filter({ hasText: 'LIVE' }).waitFor({ timeout: 30_000 });
    expect(navigations).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
