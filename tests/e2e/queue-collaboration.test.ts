/**
 * Coordinators working the queue together, in two real browsers: Ana and Ben open the queue on the same patient;
 * Ana claims them and Ben sees it live; Ana logs an outreach attempt and the row's status changes on both screens
 * without a reload (her selection stays on the gap as it re-ranks); Ana opens the patient, whose panel shows the
 * attempt and Ben sees her there; then a claim with an annual wellness visit arrives and closes the patient's AWV gap —
 * it leaves both queues and the panel shows the claim as the evidence.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GapQueueRow, Role } from '@benchline/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { aClaim } from '../support/claims.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

let stack: TestStack;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  const aco = demoAco({ members: 12, months: 12, seed: 31, endMonth: '2026-10' });
  const tally = await postBulkEvents(demoEvents(aco), {
    baseUrl: stack.url,
    apiKey: stack.apiKey,
    linesPerRequest: 1000,
  });
  expect(tally.rejected).toBe(0);
  await stack.drained({ timeoutMs: 20_000 });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openQueue(user: string, name: string, memberId: string, role: Role = 'coordinator'): Promise<Page> {
  const { page } = await signedInPage(
    browser,
    stack,
    { userId: user, name, role },
    { viewport: { width: 1366, height: 860 } },
  );
  page.on('pageerror', (error) => pageErrors.push(`${user}: ${error.message}`));
  await page.goto(`${stack.url}/queue?${new URLSearchParams({ q: memberId }).toString()}`);
  await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
  await page.getByTestId('current-user').filter({ hasText: name }).waitFor();
  return page;
}

describe('the queue and the patient panel, worked by two coordinators', () => {
  it('shows claims, outreach and a closing claim on both screens as they happen', async () => {
    const response = await stack.request(
      await stack.signIn({ role: 'coordinator' }),
      '/api/v1/gaps?subject=AWV&limit=1',
    );
    const [awv] = ((await response.json()) as { rows: GapQueueRow[] }).rows;
    expect(awv).toBeDefined();
    const { memberId, gapId } = awv!;

    const ana = await openQueue('ana', 'Ana Ruiz', memberId);
    const ben = await openQueue('ben', 'Ben Okafor', memberId);
    const rowOn = (page: Page) => page.locator(`[data-testid="queue-row"][data-gap-id="${gapId}"]`);
    await rowOn(ana).waitFor();
    await rowOn(ben).waitFor();
    await expect.poll(() => ben.getByTestId('queue-others').textContent()).toContain('Also on the queue');
    await expect.poll(() => ana.getByTestId('queue-freshness').textContent()).toContain('claims paid through');

    let navigations = 0;
    ben.on('framenavigated', () => (navigations += 1));

    // Ana claims the patient from the keyboard; Ben sees who is working them.
    await rowOn(ana).click();
    await ana.keyboard.press('c');
    await expect
      .poll(() => ana.getByTestId('queue-notice').textContent())
      .toContain(`You are working patient ${memberId}`);
    await expect.poll(() => rowOn(ben).getByTestId('lease-badge').textContent()).toContain('Ana Ruiz');
    await expect
      .poll(() => ben.getByTestId('gap-detail').getByTestId('lease-badge').textContent())
      .toContain('Ana Ruiz is working this patient');

    // Esc closes a dialog without recording anything.
    await ana.getByRole('button', { name: 'Close…' }).click();
    await ana.getByTestId('action-dialog').getByLabel('Reason').waitFor();
    await ana.keyboard.press('Escape');
    await ana.getByTestId('action-dialog').getByLabel('Reason').waitFor({ state: 'detached' });

    // Ana logs an unanswered call with a next attempt; the row turns "Attempted" on both screens.
    await ana.getByTestId('log-outreach').click();
    const dialog = ana.getByTestId('action-dialog');
    await dialog.getByLabel('Outcome').selectOption('no-answer');
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await dialog
      .getByLabel('Next attempt')
      .fill(`${nextWeek.getFullYear()}-${pad(nextWeek.getMonth() + 1)}-${pad(nextWeek.getDate())}`);
    await dialog.getByLabel('Note').fill('Left no message; try mornings');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => ana.getByTestId('queue-notice').textContent()).toContain('Outreach attempt logged');
    for (const page of [ana, ben]) {
      await expect
        .poll(() => rowOn(page).getByTestId('status-badge').textContent(), { timeout: 10_000 })
        .toContain('Attempted');
    }
    // Re-ranked behind the gaps to work now, and still the one Ana has selected.
    await expect.poll(() => ana.getByTestId('detail-priority').textContent()).toContain('Waiting · next attempt');
    expect(await rowOn(ana).getAttribute('aria-selected')).toBe('true');
    mkdirSync(ARTIFACTS, { recursive: true });
    await ana.screenshot({ path: `${ARTIFACTS}queue-ana.png` });

    // Ana opens the patient (Enter); the panel has the attempt, and Ben sees her looking at the patient.
    await ana.getByTestId('queue-list').focus();
    await ana.keyboard.press('Enter');
    await ana.waitForURL(`**/patients/${memberId}`);
    await expect.poll(() => ana.getByTestId('panel-lease').textContent()).toContain('You are working this patient');
    await ana.getByTestId('panel-gap').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => ana.getByTestId('panel-history').textContent()).toMatch(/no answer/i);
    await expect
      .poll(() =>
        ben
          .locator(`[data-member-id="${memberId}"] [data-testid="presence-avatars"]`)
          .first()
          .getAttribute('aria-label'),
      )
      .toContain('Ana Ruiz');
    await ben.screenshot({ path: `${ARTIFACTS}queue-ben.png` });

    // A claim for an annual wellness visit closes the gap: it leaves both queues and the panel shows the evidence.
    const claim = aClaim({
      claimId: 'CLM-AWV-E2E',
      memberId,
      fromDate: '2026-11-02',
      throughDate: '2026-11-02',
      paidDate: '2026-11-20',
      lines: [{ ...aClaim().lines[0]!, hcpcs: 'G0439', fromDate: '2026-11-02', throughDate: '2026-11-02' }],
    });
    expect((await stack.post('/api/v1/claims', claim)).status).toBe(202);
    await expect.poll(() => rowOn(ben).count(), { timeout: 15_000 }).toBe(0);
    await expect
      .poll(() => ana.locator(`[data-testid="panel-gap"][data-gap-id="${gapId}"]`).count(), { timeout: 15_000 })
      .toBe(0);
    await expect
      .poll(() => ana.locator(`[data-testid="panel-other-gap"][data-gap-id="${gapId}"]`).textContent())
      .toContain('G0439');
    await ana.screenshot({ path: `${ARTIFACTS}patient-panel.png`, fullPage: true });

    expect(navigations).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("lets a supervisor give a coordinator's patient to another, fencing the first out", async () => {
    const response = await stack.request(
      await stack.signIn({ role: 'coordinator' }),
      '/api/v1/gaps?subject=CMS2&limit=1',
    );
    const [gap] = ((await response.json()) as { rows: GapQueueRow[] }).rows;
    expect(gap).toBeDefined();
    const { memberId, gapId } = gap!;
    const ana = await openQueue('ana', 'Ana Ruiz', memberId);
    const ben = await openQueue('ben', 'Ben Okafor', memberId);
    const sue = await openQueue('sue', 'Sue Park', memberId, 'quality');
    const rowOn = (page: Page) => page.locator(`[data-testid="queue-row"][data-gap-id="${gapId}"]`);
    for (const page of [ana, ben, sue]) {
      await rowOn(page).click();
    }
    await ana.keyboard.press('c');
    await expect
      .poll(() => sue.getByTestId('gap-detail').getByTestId('lease-badge').textContent())
      .toContain('Ana Ruiz is working this patient');
    // Coordinators cannot reassign; the supervisor can, to anyone online.
    expect(await ben.getByTestId('reassign').count()).toBe(0);
    await sue.getByTestId('reassign').getByLabel('Give this patient to').selectOption({ label: 'Ben Okafor' });
    await sue.getByTestId('reassign').getByRole('button', { name: 'Reassign' }).click();
    await expect.poll(() => sue.getByTestId('queue-notice').textContent()).toContain("is now Ben Okafor's");
    await expect
      .poll(() => ben.getByTestId('gap-detail').getByTestId('lease-badge').textContent())
      .toContain('You are working this patient');
    await expect.poll(() => ana.getByTestId('lost-leases').textContent(), { timeout: 10_000 }).toContain(memberId);
    await sue.screenshot({ path: `${ARTIFACTS}queue-supervisor.png` });
    expect(pageErrors).toEqual([]);
  });
});
