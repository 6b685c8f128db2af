/**
 * The foundation slice as a user sees it: the spend page open in a real Chromium, a claim posted to the API,
 * the number on screen changing without a reload.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { aClaim } from '../support/claims.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const VIEWPORT = { viewport: { width: 1280, height: 800 } };

let stack: TestStack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/**
 * When the test fails, saves what the page showed then (`<name>-failed.png`, beside the passing run's screenshots);
 * a passing run removes a previous run's.
 */
function screenshotOnFailure(context: TestContext, target: Page, name: string): void {
  const path = `${ARTIFACTS}${name}-failed.png`;
  rmSync(path, { force: true });
  context.onTestFailed(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Best effort: a page that cannot be captured must not hide the failure itself.
    await target.screenshot({ path, fullPage: true, timeout: 10_000 }).catch(() => undefined);
  });
}

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  browser = await launchBrowser();
  ({ page } = await signedInPage(browser, stack, { role: 'leader', userId: 'lee', name: 'Lee Chen' }, VIEWPORT));
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('spend page', () => {
  it('shows a posted claim without a reload', async (context) => {
    screenshotOnFailure(context, page, 'spend-live-update');
    await page.goto(`${stack.url}/spend`);
    await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    const total = page.getByTestId('spend-total');
    await expect.poll(() => total.textContent()).toBe('$0');

    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    const response = await stack.post('/api/v1/claims', aClaim({ paidAmount: 1234.56 }));
    expect(response.status).toBe(202);

    await expect.poll(() => total.textContent(), { timeout: 10_000 }).toBe('$1,235');
    await expect
      .poll(() => page.getByTestId('spend-freshness').textContent())
      .toContain('claims paid through Mar 20, 2026');

    const second = await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-0002', paidAmount: 100 }));
    expect(second.status).toBe(202);
    await expect.poll(() => total.textContent(), { timeout: 10_000 }).toBe('$1,335');
    expect(navigations).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}spend-live-update.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});

describe('a screen that loses its connection', () => {
  it('catches up from the feed on reconnect, without a reload', async (context) => {
    const { page: screen } = await signedInPage(browser, stack, { role: 'coordinator' }, VIEWPORT);
    screenshotOnFailure(context, screen, 'spend-reconnect');
    screen.on('pageerror', (error) => pageErrors.push(error.message));
    // What the page asks the gateway, over either transport Socket.IO uses (long-polling first, then WebSocket).
    const subscriptions: string[] = [];
    const record = (payload: string | Buffer | null): void => {
      if (typeof payload === 'string' && payload.includes('view:subscribe') && payload.includes('"viewId":"spend"')) {
        subscriptions.push(payload);
      }
    };
    const answers: string[] = [];
    const hear = (payload: string | Buffer): void => {
      // The spend view's answers only: the page's other stores (freshness, …) subscribe too.
      if (typeof payload === 'string' && payload.includes('"mode"') && payload.includes('"viewId":"spend"')) {
        answers.push(payload);
      }
    };
    screen.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => record(payload));
      socket.on('framereceived', ({ payload }) => hear(payload));
    });
    screen.on('request', (request) => record(request.postData()));
    screen.on('response', (response) => {
      if (response.url().includes('/socket.io/')) {
        response.text().then(hear, () => undefined);
      }
    });
    await screen.goto(`${stack.url}/spend`);
    await screen.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    const total = screen.getByTestId('spend-total');
    // "Live" is the connection; the view is in once its snapshot has arrived (else there is nothing to catch up from).
    await expect.poll(() => answers.length).toBeGreaterThan(0);
    const before = await total.textContent();
    let navigations = 0;
    screen.on('framenavigated', () => (navigations += 1));

    await screen.context().setOffline(true);
    await screen.getByTestId('connection-status').filter({ hasNotText: 'Live' }).waitFor({ timeout: 30_000 });
    expect((await stack.post('/api/v1/claims', aClaim({ claimId: 'CLM-AWAY', paidAmount: 1000 }))).status).toBe(202);
    await stack.drained();
    await screen.context().setOffline(false);

    await expect.poll(() => total.textContent(), { timeout: 30_000 }).not.toBe(before);
    await screen.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    // The resubscription asked for what it missed since its version, and got it from the feed.
    expect(subscriptions.at(-1)).toContain('"since"');
    await expect.poll(() => answers.at(-1)).toContain('"mode":"changes"');
    expect(navigations).toBe(0);
    await screen.close();
  }, 90_000);
});
