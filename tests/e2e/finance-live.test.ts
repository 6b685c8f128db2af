/**
 * The Spend vs benchmark page as an ACO leader sees it: a generated ACO with its MSSP agreement posted through the
 * API, the finance page open in a real Chromium showing the engine's numbers for the contract, and — when the
 * claims paid in the latest month arrive — the numbers and the "claims paid through" line moving without a reload.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CanonicalEvent, FinanceSnapshot } from '@benchline/shared';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
/** Claims paid in this month are held back and posted while the page is open. */
const LATE_MONTH = '2026-06';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const dollars = (cents: number): string => usd.format(cents / 100);

let stack: TestStack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function financeSnapshot(): Promise<FinanceSnapshot> {
  const json = await stack.redis.get(stack.keys.financeView(stack.tenantId));
  if (json === null) {
    throw new Error('no finance view written');
  }
  return JSON.parse(json) as FinanceSnapshot;
}

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  browser = await launchBrowser();
  ({ page } = await signedInPage(
    browser,
    stack,
    { role: 'leader', userId: 'lee', name: 'Lee Chen' },
    { viewport: { width: 1366, height: 900 } },
  ));
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('spend vs benchmark page', () => {
  it('shows the MSSP contract against its benchmark and updates as claims arrive, without a reload', async () => {
    const aco = demoAco({ members: 300, months: 6, seed: 7, endMonth: LATE_MONTH });
    const events = [...demoEvents(aco)];
    const isLate = (event: CanonicalEvent): boolean => event.kind === 'claim' && event.paidDate.startsWith(LATE_MONTH);
    const early = events.filter((event) => !isLate(event));
    const late = events.filter(isLate);
    expect(late.length).toBeGreaterThan(0);
    const target = { baseUrl: stack.url, apiKey: stack.apiKey };
    expect((await postBulkEvents(early, target)).rejected).toBe(0);
    await stack.drained({ timeoutMs: 30_000 });

    const mssp = aco.contracts.find((c) => c.program === 'mssp');
    expect(mssp).toBeDefined();
    const before = (await financeSnapshot()).contracts.find((c) => c.contractId === mssp?.contractId);
    expect(before?.toDate.benchmarkCents).not.toBeNull();

    await page.goto(`${stack.url}/finance`);
    await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    // MSSP first, with the engine's numbers.
    const sections = page.locator('section[data-testid^="contract-"]');
    await expect.poll(() => sections.first().getAttribute('data-testid')).toBe(`contract-${mssp?.contractId}`);
    const section = page.getByTestId(`contract-${mssp?.contractId}`);
    const completed = section.getByTestId('completed-to-date');
    await expect.poll(() => completed.textContent()).toBe(dollars(before?.toDate.completedCents ?? 0));
    expect(await section.getByTestId('benchmark-to-date').textContent()).toBe(
      dollars(before?.toDate.benchmarkCents ?? 0),
    );
    expect(await page.getByTestId('finance-freshness').textContent()).toContain('claims paid through May 2026');
    expect(await section.getByTestId('explanation').locator('li').count()).toBe(before?.explanation.length);
    expect(await section.getByTestId('assumptions').locator('tbody tr').count()).toBe(before?.assumptions.length);
    await page.getByTestId('two-worlds').waitFor();

    // The what-if moves the projection on the page, and only there.
    const whatIf = section.getByTestId('what-if-per-capita');
    const atRunRate = await whatIf.textContent();
    expect(atRunRate).toBe(dollars(before?.projection.perCapitaCents ?? 0));
    await section.getByTestId('trend-slider').fill('5');
    await expect.poll(() => whatIf.textContent()).not.toBe(atRunRate);
    expect(await section.getByTestId('projected-per-capita').textContent()).toBe(atRunRate);

    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    expect((await postBulkEvents(late, target)).rejected).toBe(0);
    await stack.drained({ timeoutMs: 30_000 });
    const after = (await financeSnapshot()).contracts.find((c) => c.contractId === mssp?.contractId);
    expect(after?.toDate.completedCents).not.toBe(before?.toDate.completedCents);

    await expect
      .poll(() => page.getByTestId('finance-freshness').textContent(), { timeout: 10_000 })
      .toContain('claims paid through Jun 2026');
    await expect
      .poll(() => completed.textContent(), { timeout: 10_000 })
      .toBe(dollars(after?.toDate.completedCents ?? 0));
    expect(await section.getByTestId('settlement-expected').textContent()).not.toBe('');
    expect(navigations).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}finance-live.png`, fullPage: true });
    await section.screenshot({ path: `${ARTIFACTS}finance-live-mssp.png` });
    expect(pageErrors).toEqual([]);
  });
});
