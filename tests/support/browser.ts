/**
 * Debian's Chromium driven by playwright-core (browser downloads cannot work here). The executable comes from
 * BENCHLINE_CHROMIUM or /usr/bin/chromium; when neither exists the test fails saying how to install it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
