#!/usr/bin/env node
// Makes sure the browser tests have a Chromium: Debian's package (playwright's own browser download cannot
// work on machines without internet access). Installs it when running as root with apt-get; otherwise says how.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const executable = process.env.BENCHLINE_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(executable)) {
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
if (isRoot && hasApt) {
  console.log('Installing Debian chromium for the browser tests…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (existsSync(executable)) {
    process.exit(0);
  }
}
console.error(
  [
    `The browser tests need Chromium at ${executable}.`,
    '  Debian/Ubuntu: sudo apt-get install -y chromium',
    '  elsewhere: install Chromium and set BENCHLINE_CHROMIUM=/path/to/chromium',
  ].join('\n'),
);
process.exit(1);
