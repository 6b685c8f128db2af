/**
 * Transitions of care as coordinators and the wall see them, in a real Chromium: Alice, typing in the queue's search
 * box, gets a notice when her patient is admitted (and one when an unassigned patient comes to the ED) — announced
 * politely, counted in the tab's title, her typing undisturbed; she dismisses one, and when the discharge home
 * arrives opens the patient from its notice (which clears that patient's notices), whose panel lists the stay and
 * its transitional-care checklist, and its HCCs — diabetes coded at a 2024 stay, chased under the two-year
 * recapture lookback with that claim. The queue says the row's subject in words. The wall's "Transitions" panel shows
 * today's counts as the server's wall view has them ("<11" for small ones), and no alert, no patient.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClaimEvent, WorklistEvent } from '@benchline/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VALID_CLAIM, VALID_MEMBER } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { adtMessage, postHl7 as postHl7To } from '../support/adt-messages.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import type { TestClient } from '../support/connect-client.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const ASSIGNED = VALID_MEMBER.memberId; // MBI 1EG4-TE5-MK73
const UNASSIGNED = '2EG4TE5MK74';
const patients = (count: number | null): string => (count === null ? '<11' : count.toLocaleString('en-US'));

let stack: TestStack;
let browser: Browser;
let device: TestClient | undefined;
const pageErrors: string[] = [];

const message = (...args: Parameters<typeof adtMessage>): string =>
  adtMessage(args[0], args[1], args[2], { controlPrefix: 'E2E', ...args[3] });

async function postHl7(body: string): Promise<void> {
  expect(await postHl7To(stack.url, stack.apiKey, body)).toContain('MSA|AA|');
}

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
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
  // Diabetes with a complication coded at a 2024 stay and not since: a recapture gap under the default two-year
  // lookback, shown on the patient's panel with the year-before-last claim.
  const coded2024: ClaimEvent = {
    ...VALID_CLAIM,
    claimId: 'HCC-2024',
    version: 1,
    adjustment: 'original',
    fromDate: '2024-09-10',
    throughDate: '2024-09-12',
    paidDate: '2024-10-01',
    diagnoses: ['E1122'],
    lines: VALID_CLAIM.lines.map((line) => ({ ...line, fromDate: '2024-09-10', throughDate: '2024-09-12' })),
  };
  expect((await stack.post('/api/v1/claims', coded2024)).status).toBe(202);
  await stack.drained();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  device?.close();
  await browser?.close();
  await stack?.close();
});

const notice = (page: Page, type: string) => page.locator(`[data-testid="care-alert"][data-type="${type}"]`);

describe('transitions of care', () => {
  it('alerts the coordinator without taking her keyboard, and opens the patient with the stay and its TCM', async () => {
    const { page } = await signedInPage(
      browser,
      stack,
      { userId: 'alice', name: 'Alice Ng', role: 'coordinator' },
      { viewport: { width: 1366, height: 860 } },
    );
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${stack.url}/queue`);
    await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
    expect(await page.title()).toBe('Benchline');
    const search = page.getByTestId('filter-q');
    await search.click();
    await page.keyboard.type('note for');

    await postHl7(message('A01', '1EG4-TE5-MK73', 'VA1'));
    const admitted = notice(page, 'admission');
    await admitted.waitFor();
    expect(await admitted.getByTestId('care-alert-type').textContent()).toBe('Admitted');
    expect(await admitted.textContent()).toMatch(/Admitted to GENHOSP since \d{4}-\d{2}-\d{2}/);
    expect(await admitted.textContent()).toContain(`Patient ${ASSIGNED}`);
    await expect.poll(() => page.title()).toBe('(1) Benchline');
    // In the polite live region, and the typing goes on where it was.
    expect(await page.locator('[role="status"][aria-live="polite"] [data-testid="care-alert"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-q');
    await page.keyboard.type(' later');
    expect(await search.inputValue()).toBe('note for later');
    await search.fill('');

    // An unassigned patient's ED visit reaches everyone on the queue; dismissing it takes it off the count.
    await postHl7(message('A04', '2EG4-TE5-MK74', 'VE1', { patientClass: 'E' }));
    const ed = notice(page, 'ed-visit');
    await ed.waitFor();
    expect(await ed.getByTestId('care-alert-type').textContent()).toBe('ED visit');
    await expect.poll(() => page.title()).toBe('(2) Benchline');
    await ed.getByRole('button', { name: `Dismiss ED visit, patient ${UNASSIGNED}` }).click();
    await ed.waitFor({ state: 'detached' });
    await expect.poll(() => page.title()).toBe('(1) Benchline');

    // The discharge home: the TCM notice, with the contact deadline, opens the patient.
    await postHl7(message('A03', '1EG4-TE5-MK73', 'VA1', { disposition: '01' }));
    const discharged = notice(page, 'discharge');
    await discharged.waitFor();
    expect(await discharged.getByTestId('care-alert-type').textContent()).toBe('Discharged — TCM');
    expect(await discharged.textContent()).toMatch(/Due (today|[A-Z][a-z]{2} \d{1,2}, \d{4})/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}care-alerts.png` });
    await discharged.getByRole('button', { name: `Open patient ${ASSIGNED}` }).click();
    await page.waitForURL(`**/patients/${ASSIGNED}`);
    // Opening the patient answers all of their notices (the panel shows every stay).
    await discharged.waitFor({ state: 'detached' });
    await admitted.waitFor({ state: 'detached' });
    await expect.poll(() => page.title()).toBe('Benchline');

    const stay = page.getByTestId('panel-stay').first();
    await stay.waitFor({ timeout: 15_000 });
    expect(await stay.textContent()).toContain('Inpatient stay at GENHOSP');
    expect(await stay.textContent()).toContain('Discharged');
    const tcm = stay.getByTestId('stay-tcm');
    await expect
      .poll(() => tcm.textContent(), { timeout: 10_000 })
      .toContain('Interactive contact within 2 business days');
    expect(await tcm.textContent()).toContain('Face-to-face visit within 7 days (99496) or 14 days (99495)');
    expect(await tcm.textContent()).toContain('Not billed yet');
    await page.screenshot({ path: `${ARTIFACTS}care-patient-stays.png`, fullPage: true });

    // HCCs: the 2024 coding, chased under the two-year lookback, with its claim.
    const hccs = page.locator('section[aria-labelledby="hcc-title"]');
    expect(await hccs.textContent()).toContain('recapture chases chronic HCCs of 2024 or 2025 not yet coded in 2026');
    const diabetes = hccs.locator('article.hcc', { hasText: 'V28 HCC 37' });
    expect(await diabetes.textContent()).toContain('Open — not yet coded this year');
    expect(await diabetes.locator('.evidence li').allTextContents()).toEqual([
      expect.stringMatching(
        /^\s*Year before last: 2024 coding \(inpatient\) ICD-10-CM E1122 on 2024-09-1[02], claim HCC-2024\s*$/,
      ),
    ]);

    // The queue's care-transition row says its subject in words.
    await page.goto(`${stack.url}/queue?kind=care-transition&q=${ASSIGNED}`);
    await page.getByTestId('gap-detail').waitFor();
    expect(await page.getByTestId('gap-detail').textContent()).toContain('Care transition · Transitional care (TCM)');
    expect(pageErrors).toEqual([]);
  });

  it("shows today's transitions on the wall as the server counts them, and no alert or patient", async () => {
    device = await stack.connect({ userId: 'wall-probe', name: 'Probe', role: 'wall' });
    const truth = (await device.subscribe('wall')).snapshot.transitions;
    const { token } = await stack.app.identity.createDevice(stack.tenantId, 'Lobby wall');
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${stack.url}/wall#device=${token}`);
    await page.getByTestId('wall-live').filter({ hasText: 'LIVE' }).waitFor();
    await page.getByTestId('wall-tab-transitions').click();
    expect(await page.getByTestId('wall').getAttribute('data-panel')).toBe('transitions');
    const count = (id: string) => page.getByTestId(`wall-transitions-${id}`).getByTestId('transition-count');
    await expect.poll(() => count('admissions').textContent()).toBe(patients(truth.admissions));
    expect(await count('ed-visits').textContent()).toBe(patients(truth.edVisits));
    expect(await count('discharges').textContent()).toBe(patients(truth.discharges));
    expect(await count('readmissions').textContent()).toBe(patients(truth.readmissions));
    expect(await page.getByTestId('tcm-counts').textContent()).toBe(
      `${patients(truth.tcm.completed)} of ${patients(truth.tcm.decided)} completed in time`,
    );
    expect(await page.getByTestId('tcm-pending').textContent()).toBe(`${patients(truth.tcm.pending)} still pending`);
    await page.screenshot({ path: `${ARTIFACTS}wall-1080p-transitions.png` });

    expect(await page.getByTestId('care-alerts').count()).toBe(0);
    expect(await page.title()).toBe('Benchline');
    const text = (await page.evaluate(() => document.documentElement.textContent)) ?? '';
    for (const id of [ASSIGNED, UNASSIGNED, 'GENHOSP']) {
      expect(text.includes(id), `${id} on the wall`).toBe(false);
    }
    expect(pageErrors).toEqual([]);
  });
});
