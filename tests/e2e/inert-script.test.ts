/**
 * Script in user-supplied text stays text, in a real Chromium: a member whose names are markup, a coordinator whose
 * display name is markup and who logs an outreach note of markup — `<img src=x onerror=…>` and `<script>…</script>`,
 * each setting `window.__pwned` — are shown on the queue and the patient page exactly as typed, as text: no element
 * is made from them, no handler runs (`window.__pwned` stays undefined), and the page raises no error.
 *
 * The page's Content-Security-Policy (script-src 'self') would also stop an injected handler from running, so the
 * test does not rest on `__pwned` alone: it looks for the elements the markup would have made.
 */
import type { GapQueueRow } from '@benchline/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAco, demoEvents } from '../../tools/src/demo/demo-data.js';
import { postBulkEvents } from '../../tools/src/demo/post-events.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import type { TestClient } from '../support/connect-client.js';
import { startStack, type TestStack } from '../support/start-stack.js';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
/** A display name and a note that are nothing but markup. */
const MALLORY_NAME = `${IMG}${SCRIPT}`;
const NOTE = `Called twice. ${IMG} ${SCRIPT} — left a message.`;
const VIEWER_NAME = `Vic ${SCRIPT}`;

let stack: TestStack;
let browser: Browser;
let mallory: TestClient;
let memberId: string;
let gapId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack({ clientDist: inject('clientDist') });
  const tally = await postBulkEvents(demoEvents(demoAco({ members: 12, months: 12, seed: 31, endMonth: '2026-10' })), {
    baseUrl: stack.url,
    apiKey: stack.apiKey,
    linesPerRequest: 1000,
  });
  expect(tally.rejected).toBe(0);
  await stack.drained({ timeoutMs: 20_000 });
  const rows = await stack.request(await stack.signIn({ role: 'coordinator' }), '/api/v1/gaps?limit=1');
  const [row] = ((await rows.json()) as { rows: GapQueueRow[] }).rows;
  expect(row).toBeDefined();
  ({ memberId, gapId } = row!);

  // The member's names are markup (names are data: they are accepted, and stored as sent).
  const member = await stack.post('/api/v1/members', {
    kind: 'member',
    memberId,
    asOf: '2026-10-31',
    recordId: 'hostile-names',
    givenName: IMG,
    familyName: SCRIPT,
  });
  expect(member.status).toBe(202);

  // A coordinator whose name is markup takes the patient and logs a note of markup, and keeps the patient.
  mallory = await stack.connect({ userId: 'mallory', name: MALLORY_NAME, role: 'coordinator' });
  const lease = await mallory.ask('lease:claim', { memberId });
  expect(lease.ok).toBe(true);
  const recorded = await mallory.ask('worklist:record', {
    commandId: 'hostile-note-1',
    memberId,
    token: lease.ok ? lease.data.token : 0,
    at: new Date().toISOString(),
    action: { type: 'outreach', gapId, channel: 'phone', outcome: 'voicemail', note: NOTE },
  });
  expect(recorded).toMatchObject({ ok: true, data: { status: 'accepted' } });
  await stack.drained({ timeoutMs: 20_000 });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  mallory?.close();
  await browser?.close();
  await stack?.close();
});

async function openAs(name: string, path: string): Promise<Page> {
  const { page } = await signedInPage(
    browser,
    stack,
    { userId: 'vic', name, role: 'coordinator' },
    { viewport: { width: 1366, height: 900 } },
  );
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${stack.url}${path}`);
  expect(new URL(page.url()).pathname).not.toBe('/sign-in');
  await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor();
  return page;
}

/** What the markup would have made, had it been parsed: none of it may exist. */
async function injected(page: Page): Promise<{ pwned: unknown; images: number; scripts: number; handlers: number }> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__pwned')).length,
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
  }));
}

describe('user-supplied markup', () => {
  it('is shown as text on the queue: the holder’s name on the row and in the detail, the viewer’s own name', async () => {
    const page = await openAs(VIEWER_NAME, `/queue?${new URLSearchParams({ q: memberId }).toString()}`);
    const row = page.locator(`[data-testid="queue-row"][data-gap-id="${gapId}"]`);
    await row.waitFor();
    await expect.poll(() => row.getByTestId('lease-badge').textContent()).toContain(MALLORY_NAME);
    await row.click();
    await expect
      .poll(() => page.getByTestId('gap-detail').getByTestId('lease-badge').textContent())
      .toContain(`${MALLORY_NAME} is working this patient`);
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(VIEWER_NAME);
    expect(await injected(page)).toEqual({ pwned: undefined, images: 0, scripts: 0, handlers: 0 });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('is shown as text on the patient page: the outreach note and who holds the patient', async () => {
    const page = await openAs(VIEWER_NAME, `/patients/${memberId}`);
    await expect
      .poll(() => page.getByTestId('panel-history').textContent(), { timeout: 15_000 })
      .toContain(`“${NOTE}”`);
    await expect
      .poll(() => page.getByTestId('panel-lease').textContent())
      .toContain(`${MALLORY_NAME} is working this patient`);
    // Literally the characters typed, in one text node each — not markup the browser re-read.
    const note = page.getByTestId('panel-history').locator('.note').first();
    expect(await note.evaluate((el) => [el.childElementCount, el.textContent])).toEqual([0, `“${NOTE}”`]);
    expect(await page.getByTestId('panel-member').textContent()).toBe(memberId);
    expect(await injected(page)).toEqual({ pwned: undefined, images: 0, scripts: 0, handlers: 0 });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
