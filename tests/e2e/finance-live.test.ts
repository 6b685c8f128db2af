/**
 * The Spend vs benchmark page as an ACO leader sees it: a generated ACO with its MSSP agreement posted through the
 * API, the finance page open in a real Chromium showing the engine's numbers for the contract — spend against the
 * benchmark by enrolment type, PMPM by category and month with the immature months marked, the quality gate and
 * the what-ifs (the engine's own, picked from the grid the view carries), high-cost members linking to their
 * patients, leakage — and — when the claims paid in the latest month arrive — the numbers and the "claims paid
 * through" line moving without a reload; the Contracts page shows the quality gate.
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
/** As the page says money that can go either way: "+$1,234", "−$56", "$0". */
const signed = (cents: number | null): string => {
  if (cents === null) {
    return '—';
  }
  const whole = Math.round(cents / 100);
  return whole === 0 ? '$0' : `${whole > 0 ? '+' : '−'}${usd.format(Math.abs(whole))}`;
};
const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

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

    // Spend against the benchmark by enrolment type, and weighted: the view's numbers.
    if (before === undefined) {
      throw new Error('no MSSP contract in the finance view');
    }
    const byType = section.getByTestId('by-type-table');
    const aged = byType.getByTestId('by-type-agedNonDual');
    expect(await aged.getByTestId('type-spend').textContent()).toBe(
      dollars(before.toDate.byType.agedNonDual.truncatedCents),
    );
    expect(await aged.getByTestId('type-benchmark').textContent()).toBe(
      dollars(before.toDate.byType.agedNonDual.benchmarkCents ?? 0),
    );
    const weighted = byType.getByTestId('by-type-weighted');
    expect(await weighted.getByTestId('type-spend').textContent()).toBe(dollars(before.toDate.truncatedCents));
    expect(await weighted.getByTestId('type-benchmark').textContent()).toBe(dollars(before.toDate.benchmarkCents ?? 0));

    // PMPM by category and month: a row per category with spend, a cell per month, the immature ones marked.
    const categories = section.getByTestId('category-table');
    expect(await categories.locator('tbody tr').count()).toBe(before.categories.rows.length);
    const professional = before.categories.rows.find((r) => r.category === 'professional');
    const months = before.months.map((m) => m.memberMonths);
    const firstMonth = before.categories.months[0] ?? '';
    expect(
      await categories.getByTestId('category-professional').locator(`td[data-month="${firstMonth}"]`).textContent(),
    ).toContain(dollars(Math.round((professional?.completedCents[0] ?? 0) / (months[0] ?? 1))));
    expect(await categories.locator('td.provisional').count()).toBeGreaterThan(0);

    // High-cost members, most first, each a link to the patient; leakage to date.
    const top = before.highCostMembers[0];
    expect(top).toBeDefined();
    const highCost = section.getByTestId('high-cost-table');
    expect(await highCost.locator('tbody tr').count()).toBe(before.highCostMembers.length);
    const topRow = highCost.locator('tbody tr').first();
    expect(await topRow.getByTestId('high-cost-link').getAttribute('href')).toBe(`/patients/${top?.memberId}`);
    expect(await topRow.getByTestId('high-cost-paid').textContent()).toBe(dollars(top?.paidCents ?? 0));
    expect(await section.getByTestId('leakage-share').textContent()).toBe(percent(before.leakage?.share ?? NaN));

    // The quality gate: the one the settlement uses, and the engine's estimate from the live rates.
    expect(await section.getByTestId('gate-settlement').textContent()).toContain('from the contract year');
    const estimate = before.quality?.estimate;
    expect(estimate).toBeTruthy();
    expect(await section.getByTestId('gate-estimate').textContent()).toContain(
      `HEA score ${estimate?.heaScore.toFixed(1)}`,
    );
    expect(await section.getByTestId('quality-measures').locator('tbody tr').count()).toBe(estimate?.measures.length);

    // The spend-trend what-if: the engine's re-projection at 5 % below the run rate, on the page only.
    const whatIf = section.getByTestId('what-if-per-capita');
    const atRunRate = await whatIf.textContent();
    expect(atRunRate).toBe(dollars(before.projection.perCapitaCents ?? 0));
    const lower = before.whatIf.trend.find((t) => t.change === -0.05);
    await section.getByTestId('trend-slider').fill('0');
    await expect.poll(() => section.getByTestId('trend-label').textContent()).toBe('−5% vs the run rate');
    expect(await whatIf.textContent()).toBe(dollars(lower?.perCapitaCents ?? 0));
    expect(await section.getByTestId('what-if-settlement').textContent()).toBe(signed(lower?.settlementCents ?? null));
    expect(await section.getByTestId('what-if-delta').textContent()).toBe(signed(lower?.deltaCents ?? null));
    expect(await section.getByTestId('projected-per-capita').textContent()).toBe(atRunRate);

    // The close-gaps what-if: every open gap of the measure with the most, as the engine settles it.
    const gaps = [...before.whatIf.closeGaps].sort((a, b) => b.open - a.open)[0];
    const all = gaps?.steps.at(-1);
    expect(all?.gaps).toBe(gaps?.open);
    const gapPanel = section.getByTestId('gap-what-if');
    await gapPanel.getByTestId('gap-measure').selectOption(gaps?.measureId ?? '');
    await gapPanel.getByRole('radio', { name: `all ${(gaps?.open ?? 0).toLocaleString('en-US')}` }).check();
    await expect.poll(() => gapPanel.getByTestId('gap-score').textContent()).toBe(all?.heaScore.toFixed(1));
    expect(await gapPanel.getByTestId('gap-settlement').textContent()).toBe(signed(all?.settlementCents ?? null));
    expect(await gapPanel.getByTestId('gap-delta').textContent()).toBe(signed(all?.deltaCents ?? null));

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
    // The new sections moved with it: the weighted spend and the top high-cost member's dollars.
    await expect
      .poll(() => section.getByTestId('by-type-weighted').getByTestId('type-spend').textContent(), { timeout: 10_000 })
      .toBe(dollars(after?.toDate.truncatedCents ?? 0));
    await expect
      .poll(() => highCost.locator('tbody tr').first().getByTestId('high-cost-paid').textContent(), {
        timeout: 10_000,
      })
      .toBe(dollars(after?.highCostMembers[0]?.paidCents ?? 0));
    expect(navigations).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}finance-live.png`, fullPage: true });
    await section.screenshot({ path: `${ARTIFACTS}finance-live-mssp.png` });

    // A high-cost member opens their patient page.
    await highCost.locator('tbody tr').first().getByTestId('high-cost-link').click();
    await page.waitForURL(`${stack.url}/patients/${after?.highCostMembers[0]?.memberId}`);

    // The Contracts page: the quality gate beside each contract.
    await page.goto(`${stack.url}/contracts`);
    const gate = page.getByTestId(`contract-row-${mssp?.contractId}`).getByTestId('contract-quality-gate');
    await expect.poll(() => gate.getByTestId('gate-settlement').textContent()).toContain('from the contract year');
    expect(await gate.getAttribute('data-status')).toBe(after?.quality?.settlement.standard);
    expect(await gate.getByTestId('gate-estimate').textContent()).toContain(
      `HEA score ${after?.quality?.estimate?.heaScore.toFixed(1)}`,
    );
    await page.screenshot({ path: `${ARTIFACTS}finance-contracts-gate.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
