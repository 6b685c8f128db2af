/**
 * The population pages as an ACO leader sees them, in a real Chromium: /quality shows every measure's rate exactly as
 * the roll-up counters in Redis give it, and — when a claim with the screening a denominator patient was missing
 * arrives — the rate and numerator move without a reload; /attribution shows each contract's attributed lives by
 * step, and /contracts puts them beside the finance view's numbers.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GapQueueRow } from '@benchline/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { aClaim } from '../support/claims.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const MEASURE_IDS = ['CMS122', 'CMS125', 'CMS130', 'CMS165', 'CMS2'] as const;
/** A screening claim that puts a patient in each measure's numerator (CPT: colonoscopy, screening mammography). */
const SCREENING: Partial<Record<string, string>> = { CMS130: '45378', CMS125: '77067' };
const STEPS = ['voluntary-alignment', 'step-1', 'step-2', 'step-3', 'roster'];

let stack: TestStack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function counters(): Promise<Record<string, number>> {
  const hash = await stack.redis.hgetall(stack.keys.rollups(stack.tenantId));
  return Object.fromEntries(Object.entries(hash).map(([key, value]) => [key, Number(value)]));
}

/** The page's words for a rate: met ÷ (met + not met) to one decimal, "—" with nobody eligible. */
function rateText(c: Record<string, number>, measureId: string): string {
  const met = c[`quality:${measureId}:met`] ?? 0;
  const eligible = met + (c[`quality:${measureId}:not-met`] ?? 0);
  return eligible === 0 ? '—' : `${((100 * met) / eligible).toFixed(1)}%`;
}

async function openGap(): Promise<GapQueueRow> {
  for (const subject of Object.keys(SCREENING)) {
    const response = await stack.request(
      await stack.signIn({ role: 'coordinator' }),
      `/api/v1/gaps?kind=measure&subject=${subject}&limit=1`,
    );
    const [row] = ((await response.json()) as { rows: GapQueueRow[] }).rows;
    if (row !== undefined) {
      return row;
    }
  }
  throw new Error('no open screening gap in the demo population');
}

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  const aco = demoAco({ members: 120, months: 12, seed: 31, endMonth: '2026-10' });
  const tally = await postBulkEvents(demoEvents(aco), {
    baseUrl: stack.url,
    apiKey: stack.apiKey,
    linesPerRequest: 1000,
  });
  expect(tally.rejected).toBe(0);
  await stack.drained({ timeoutMs: 30_000 });
  browser = await launchBrowser();
  ({ page } = await signedInPage(
    browser,
    stack,
    { role: 'quality', userId: 'qin', name: 'Qin Park' },
    { viewport: { width: 1366, height: 900 } },
  ));
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('quality, attribution and contracts pages', () => {
  it('show the roll-up counters live and move when a closing claim arrives, without a reload', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const before = await counters();
    expect(before.members).toBeGreaterThan(0);

    await page.goto(`${stack.url}/quality`);
    await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    for (const measureId of MEASURE_IDS) {
      await expect
        .poll(() => page.getByTestId(`measure-${measureId}`).getByTestId('measure-rate').textContent())
        .toBe(rateText(before, measureId));
    }
    await expect.poll(() => page.getByTestId('quality-sources').textContent()).toContain('claims paid through');

    // The practice table drills to the queue filtered by measure and TIN.
    const gap = await openGap();
    await page.getByTestId('provider-measure').selectOption(gap.subject);
    const tinLink = page.getByTestId('by-tin').locator('tbody a').first();
    await tinLink.waitFor();
    expect(await tinLink.getAttribute('href')).toMatch(
      new RegExp(`^/queue\\?kind=measure&subject=${gap.subject}&tin=`),
    );
    // Patients to goal follows the target the reader types (here 90 %: ⌈0.9 × eligible⌉ − met).
    await page.getByTestId('target-rate').fill('90');
    const eligible = (before[`quality:${gap.subject}:met`] ?? 0) + (before[`quality:${gap.subject}:not-met`] ?? 0);
    const toGoal = Math.max(0, Math.ceil(0.9 * eligible - 1e-9) - (before[`quality:${gap.subject}:met`] ?? 0));
    await expect
      .poll(() => page.getByTestId(`measure-${gap.subject}`).getByTestId('measure-to-goal').textContent())
      .toMatch(new RegExp(`^\\s*${toGoal}\\s`));
    await page.screenshot({ path: `${ARTIFACTS}quality.png`, fullPage: true });

    // A screening claim for a patient in the denominator with the gap open puts them in the numerator.
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    const code = SCREENING[gap.subject]!;
    const claim = aClaim({
      claimId: 'CLM-QUALITY-E2E',
      memberId: gap.memberId,
      fromDate: '2026-11-02',
      throughDate: '2026-11-02',
      paidDate: '2026-11-20',
      diagnoses: ['Z1211'],
      lines: [{ ...aClaim().lines[0]!, hcpcs: code, fromDate: '2026-11-02', throughDate: '2026-11-02' }],
    });
    expect((await stack.post('/api/v1/claims', claim)).status).toBe(202);
    await stack.drained({ timeoutMs: 20_000 });
    const after = await counters();
    const met = (c: Record<string, number>) => c[`quality:${gap.subject}:met`] ?? 0;
    expect(met(after)).toBe(met(before) + 1);
    const row = page.getByTestId(`measure-${gap.subject}`);
    await expect.poll(() => row.getByTestId('measure-met').textContent(), { timeout: 10_000 }).toBe(String(met(after)));
    expect(await row.getByTestId('measure-rate').textContent()).toBe(rateText(after, gap.subject));
    expect(navigations).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}quality-after-claim.png`, fullPage: true });

    // Attribution: each contract's attributed lives are the sum of its attributed-step counters.
    const lives = new Map<string, number>();
    for (const [key, value] of Object.entries(after)) {
      const [kind, contractId, step] = key.split(':');
      if (kind === 'attribution' && contractId !== undefined && STEPS.includes(step ?? '')) {
        lives.set(contractId, (lives.get(contractId) ?? 0) + value);
      }
    }
    expect(lives.size).toBeGreaterThan(0);
    await page.goto(`${stack.url}/attribution`);
    for (const [contractId, total] of lives) {
      await expect
        .poll(() => page.getByTestId(`attribution-${contractId}`).getByTestId('attributed-total').textContent())
        .toBe(total.toLocaleString('en-US'));
    }
    await page.getByTestId('at-risk').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}attribution.png`, fullPage: true });

    // Contracts: the finance view's contracts with the same attributed lives beside them.
    await page.goto(`${stack.url}/contracts`);
    await page.getByTestId('contracts-table').waitFor();
    for (const [contractId, total] of lives) {
      const lifeCell = page.getByTestId(`contract-row-${contractId}`).getByTestId('contract-lives');
      await expect.poll(() => lifeCell.textContent().then((t) => t?.trim())).toBe(total.toLocaleString('en-US'));
    }
    expect(await page.getByTestId('contracts-ffs-total').textContent()).toMatch(/^\$/);
    await page.screenshot({ path: `${ARTIFACTS}contracts.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
