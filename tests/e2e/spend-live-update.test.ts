/**
 * The foundation slice as a user sees it: the spend page open in a real Chromium, a claim posted to the API,
 * the number on screen changing without a reload.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { aClaim } from '../support/claims.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

let stack: TestStack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('spend page', () => {
  it('shows a posted claim without a reload', async () => {
    await page.goto(`${stack.url}/spend?tenant=${stack.tenantId}`);
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
