/**
 * Signing in as people do, in a real Chromium, with users made in the server's identity store: a wrong password is
 * refused on the form (and never reaches the URL); the right one lands on the queue with a live socket; a
 * coordinator cannot open the admin page; an admin, signed in on the way to /admin, watches the audit trail as it is
 * written — a coordinator opening a patient shows up there without a reload — and adds a wall display whose link
 * signs the display in, then revokes it and the display says it is not signed in; signing out goes back to the
 * sign-in page and closes the socket; and after too many wrong passwords the form says how long to wait.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GapQueueRow } from '@benchline/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { launchBrowser, SESSION_COOKIE } from '../support/browser.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const VIEWPORT = { viewport: { width: 1366, height: 900 } };

const CORA = { userId: 'cora', login: 'cora', name: 'Cora Diaz', password: 'correct horse battery staple' };
const ADA = { userId: 'ada', login: 'ada', name: 'Ada Byron', password: 'an admin passphrase, 2026' };

let stack: TestStack;
let browser: Browser;
/** Cora's tab, kept from test to test (they run in order). */
let cora: Page;
let admin: Page;
let coraSocketRequests = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  const aco = demoAco({ members: 12, months: 12, seed: 31, endMonth: '2026-10' });
  const tally = await postBulkEvents(demoEvents(aco), { baseUrl: stack.url, apiKey: stack.apiKey });
  expect(tally.rejected).toBe(0);
  for (const user of [
    { ...CORA, role: 'coordinator' as const },
    { ...ADA, role: 'admin' as const },
  ]) {
    await stack.app.identity.putUser({ tenantId: stack.tenantId, ...user });
  }
  await stack.drained({ timeoutMs: 20_000 });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(who: string): Promise<Page> {
  const page = await (await browser.newContext(VIEWPORT)).newPage();
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  return page;
}

/** Fills the sign-in form and submits it, resolving with the server's answer to the sign-in. */
async function submitSignIn(page: Page, login: string, password: string): Promise<number> {
  await page.getByLabel('Login name').fill(login);
  await page.getByLabel('Password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return response.status();
}

/** The gateway's sockets for a user, on the server (the `io` decoration's type is the server's own). */
function socketsOf(userId: string): number {
  const { io } = stack.app as unknown as { io: { sockets: { sockets: Map<string, { data: { userId?: string } }> } } };
  return [...io.sockets.sockets.values()].filter((socket) => socket.data.userId === userId).length;
}

describe('signing in', () => {
  it('refuses a wrong password on the form, and lands on the queue with the right one', async () => {
    cora = await newPage('cora');
    cora.on('request', (request) => {
      if (request.url().includes('/socket.io/')) {
        coraSocketRequests += 1;
      }
    });
    await cora.goto(`${stack.url}/queue`);
    await cora.waitForURL(`${stack.url}/sign-in`);
    await cora.getByRole('heading', { name: 'Sign in to Benchline' }).waitFor();
    expect(await cora.locator('nav.topbar').count()).toBe(0);

    expect(await submitSignIn(cora, CORA.login, 'not the password')).toBe(401);
    const alert = cora.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('The login name or password is wrong.');
    expect(await cora.getByLabel('Password').getAttribute('aria-describedby')).toBe('sign-in-error');
    expect(await cora.getByLabel('Password').inputValue()).toBe('');
    // Neither the password nor anything else went into the URL, and no socket was opened without a session.
    expect(cora.url()).toBe(`${stack.url}/sign-in`);
    expect(coraSocketRequests).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await cora.screenshot({ path: `${ARTIFACTS}sign-in-refused.png` });

    expect(await submitSignIn(cora, CORA.login, CORA.password)).toBe(200);
    await cora.waitForURL(`${stack.url}/queue`);
    await cora.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    await cora.getByTestId('current-user').filter({ hasText: 'Cora Diaz' }).waitFor();
    expect(await cora.getByTestId('current-user').textContent()).toContain('coordinator');
    expect(await cora.getByTestId('tenant').textContent()).toBe(stack.tenantId);
    await cora.getByTestId('queue-row').first().waitFor();
    expect(socketsOf(CORA.userId)).toBe(1);
    // The session lives in an httpOnly, SameSite=Strict cookie: no script on the page can read it.
    const cookie = (await cora.context().cookies(stack.url)).find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(await cora.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
    expect(pageErrors).toEqual([]);
  });

  it('keeps a coordinator off the admin page (and the server refuses the admin API)', async () => {
    expect(await cora.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await cora.goto(`${stack.url}/admin`);
    await cora.waitForURL((url) => url.pathname === '/not-allowed' && url.searchParams.get('page') === '/admin');
    await cora.getByTestId('not-allowed').waitFor();
    expect(await cora.getByTestId('audit-table').count()).toBe(0);
    expect((await cora.request.get(`${stack.url}/api/v1/admin/audit`)).status()).toBe(403);
    expect(pageErrors).toEqual([]);
  });

  it('shows an admin the audit trail as it is written: a patient opened elsewhere appears without a reload', async () => {
    const response = await stack.request(await stack.signIn({ role: 'coordinator' }), '/api/v1/gaps?limit=1');
    const [gap] = ((await response.json()) as { rows: GapQueueRow[] }).rows;
    expect(gap).toBeDefined();
    const memberId = gap!.memberId;

    // The admin was on the way to /admin: signed in, that is where they land.
    admin = await newPage('ada');
    await admin.goto(`${stack.url}/admin`);
    await admin.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === '/admin');
    expect(await submitSignIn(admin, ADA.login, ADA.password)).toBe(200);
    await admin.waitForURL(`${stack.url}/admin`);
    await admin.getByTestId('admin').waitFor();
    await admin.getByRole('link', { name: 'Admin' }).waitFor();
    const rows = admin.getByTestId('audit-row');
    const row = (actor: string, action: string) =>
      admin.locator(`[data-testid="audit-row"][data-actor="${actor}"][data-action="${action}"]`);
    await row('user:cora', 'sign-in').first().waitFor();
    await row('user:ada', 'sign-in').first().waitFor();
    await expect.poll(() => admin.getByTestId('user-row').count()).toBe(2);
    expect(await admin.getByTestId('users-table').textContent()).toContain('Cora Diaz');
    expect(await admin.getByRole('link', { name: 'Export audit trail' }).getAttribute('href')).toBe(
      '/api/v1/admin/audit/export',
    );
    let navigations = 0;
    admin.on('framenavigated', () => (navigations += 1));

    await cora.goto(`${stack.url}/patients/${memberId}`);
    await cora.getByTestId('panel-gap').first().waitFor({ timeout: 15_000 });
    const read = row('user:cora', 'patient-panel-read');
    await expect.poll(() => read.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await read.first().textContent()).toContain(memberId);
    // Newest on top: the read is above Cora's sign-in.
    const actions = await rows.evaluateAll((elements) =>
      elements.map((e) => `${e.getAttribute('data-actor')} ${e.getAttribute('data-action')}`),
    );
    expect(actions.indexOf('user:cora patient-panel-read')).toBeLessThan(actions.indexOf('user:cora sign-in'));

    await admin.getByLabel('Filter by actor or action').fill('cora panel');
    await expect
      .poll(async () => new Set(await rows.evaluateAll((elements) => elements.map((e) => e.dataset.action))))
      .toEqual(new Set(['patient-panel-read']));
    await admin.screenshot({ path: `${ARTIFACTS}admin-audit.png`, fullPage: true });
    await admin.getByLabel('Filter by actor or action').fill('');
    expect(navigations).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('adds a wall display whose link signs it in, and revokes it: the display says it is not signed in', async () => {
    await admin.getByLabel("New display's name").fill('Lobby wall');
    await admin.getByRole('button', { name: 'Add display' }).click();
    const issued = admin.getByTestId('issued-secret');
    await issued.waitFor();
    const link = await admin.getByTestId('issued-secret-value').inputValue();
    expect(link.startsWith(`${stack.url}/wall#device=wall_`)).toBe(true);
    await admin.getByTestId('device-row').filter({ hasText: 'Lobby wall' }).waitFor();
    // Shown once: dismissed, it is gone from the page.
    await admin.getByTestId('dismiss-secret').click();
    await issued.waitFor({ state: 'detached' });
    expect(await admin.content()).not.toContain(link.split('#device=')[1]);

    const wall = await newPage('wall');
    await wall.goto(link);
    await wall.getByTestId('wall-live').filter({ hasText: 'LIVE' }).waitFor();
    expect(new URL(wall.url()).hash).toBe('');
    expect(wall.url()).toBe(`${stack.url}/wall`);

    const device = admin.getByTestId('device-row').filter({ hasText: 'Lobby wall' });
    await device.getByRole('button', { name: 'Revoke Lobby wall' }).click();
    await device.getByRole('button', { name: 'Confirm revoking Lobby wall' }).click();
    await device.waitFor({ state: 'detached' });
    // The gateway re-checks sessions every 15 s: the display drops to its notice — no numbers, no sign-in form.
    await wall.getByTestId('wall-signed-out').waitFor({ timeout: 30_000 });
    expect(await wall.getByRole('heading').textContent()).toBe('This display is not signed in');
    expect(await wall.getByTestId('wall').count()).toBe(0);
    expect(await wall.locator('form, input').count()).toBe(0);
    await wall.screenshot({ path: `${ARTIFACTS}wall-signed-out.png` });
    await expect.poll(() => row('device-revoke')).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);

    function row(action: string): Promise<number> {
      return admin.locator(`[data-testid="audit-row"][data-actor="user:ada"][data-action="${action}"]`).count();
    }
  }, 60_000);

  it('signs out: back to the sign-in page, the socket closed, the session over', async () => {
    expect(socketsOf(CORA.userId)).toBe(1);
    await cora.getByRole('button', { name: 'Sign out' }).click();
    await cora.waitForURL(`${stack.url}/sign-in`);
    await cora.getByLabel('Login name').waitFor();
    // Gone on the server at once, not at the gateway's next session sweep (Playwright cannot be asked: it does not
    // always see a WebSocket close when the page that held it is replaced).
    await expect.poll(() => socketsOf(CORA.userId), { timeout: 3000 }).toBe(0);
    expect((await cora.context().cookies(stack.url)).some((c) => c.name === SESSION_COOKIE)).toBe(false);

    // Nothing to come back to: the queue asks for a sign-in again, and no socket opens meanwhile.
    const requestsBefore = coraSocketRequests;
    await cora.goto(`${stack.url}/queue`);
    await cora.waitForURL(`${stack.url}/sign-in`);
    await cora.getByLabel('Login name').waitFor();
    expect(coraSocketRequests).toBe(requestsBefore);
    expect(socketsOf(CORA.userId)).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('says how long to wait after too many wrong passwords', async () => {
    const page = await newPage('guesser');
    await page.goto(`${stack.url}/sign-in`);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(await submitSignIn(page, 'mallory', `guess ${attempt}`)).toBe(401);
    }
    expect(await submitSignIn(page, 'mallory', 'guess 6')).toBe(429);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Too many failed sign-ins\. Try again in \d+ (seconds|minutes)\.$/);
    expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign in' }).textContent()).toMatch(/wait \d+ s/);
    await page.screenshot({ path: `${ARTIFACTS}sign-in-throttled.png` });
    expect(pageErrors).toEqual([]);
  });
});
