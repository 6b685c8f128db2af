/**
 * Debian's Chromium driven by playwright-core (browser downloads cannot work here). The executable comes from
 * BENCHLINE_CHROMIUM or /usr/bin/chromium; when neither exists the test fails saying how to install it. And pages
 * that start signed in.
 */
import { existsSync } from 'node:fs';
import { SESSION_COOKIE } from '@benchline/server';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { TestIdentity, TestSession, TestStack } from './start-stack.js';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.BENCHLINE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}. Install Debian's: sudo apt-get install -y chromium (or set BENCHLINE_CHROMIUM).`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export { SESSION_COOKIE };

/**
 * A page in a browser context of its own that is already signed in: the session is made on the server (as a sign-in
 * would make it, see TestStack.signIn) and its cookie put in the context, so the test starts on the page it wants.
 * One test (sign-in.test.ts) goes through the real sign-in form instead.
 */
export async function signedInPage(
  browser: Browser,
  stack: Pick<TestStack, 'url' | 'signIn'>,
  identity: TestIdentity,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; session: TestSession }> {
  const session = await stack.signIn(identity);
  const context = await browser.newContext(options);
  await context.addCookies([
    { name: SESSION_COOKIE, value: session.cookie.slice(session.cookie.indexOf('=') + 1), url: stack.url },
  ]);
  return { page: await context.newPage(), session };
}
