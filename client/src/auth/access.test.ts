import { describe, expect, it } from 'vitest';
import { accessDecision, canOpen, homeFor, safeNext, signInPath } from './access.js';

const coordinator = { kind: 'user', role: 'coordinator' } as const;
const admin = { kind: 'user', role: 'admin' } as const;
const wall = { kind: 'device', role: 'wall' } as const;

describe('accessDecision', () => {
  it('sends someone without a session to sign in, coming back to the page afterwards', () => {
    expect(accessDecision(null, 'people', '/patients/M1?tab=spend')).toEqual({
      allow: false,
      redirect: '/sign-in?next=%2Fpatients%2FM1%3Ftab%3Dspend',
    });
    expect(accessDecision(null, 'public', '/sign-in')).toEqual({ allow: true });
  });

  it('shows a wall display without a session its notice, not a sign-in form', () => {
    expect(accessDecision(null, 'wall', '/wall', true)).toEqual({ allow: false, redirect: '/wall/signed-out' });
    expect(accessDecision(null, 'wall', '/wall', false)).toEqual({ allow: false, redirect: '/sign-in?next=%2Fwall' });
  });

  it('keeps a wall device on the wall', () => {
    expect(accessDecision(wall, 'wall', '/wall')).toEqual({ allow: true });
    for (const access of ['people', 'admins'] as const) {
      expect(accessDecision(wall, access, '/queue')).toEqual({ allow: false, redirect: '/wall' });
    }
  });

  it('opens the admin page to admins only', () => {
    expect(accessDecision(admin, 'admins', '/admin')).toEqual({ allow: true });
    expect(accessDecision(coordinator, 'admins', '/admin')).toEqual({
      allow: false,
      redirect: '/not-allowed?page=%2Fadmin',
    });
    expect(accessDecision(coordinator, 'people', '/queue')).toEqual({ allow: true });
    expect(accessDecision(coordinator, 'wall', '/wall')).toEqual({ allow: true });
  });

  it('says which links a role sees', () => {
    expect(canOpen('admin', 'admins')).toBe(true);
    expect(canOpen('leader', 'admins')).toBe(false);
    expect(canOpen('wall', 'people')).toBe(false);
    expect(canOpen(null, 'people')).toBe(false);
  });
});

describe('safeNext', () => {
  it('goes back to a page of this site only', () => {
    expect(safeNext('/finance?year=2026')).toBe('/finance?year=2026');
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'finance',
      '',
      undefined,
      ['/a'],
    ]) {
      expect(safeNext(bad)).toBe('/queue');
    }
  });

  it('never goes back to the sign-in page', () => {
    expect(safeNext('/sign-in')).toBe('/queue');
    expect(safeNext('/sign-in?next=%2Fadmin')).toBe('/queue');
  });
});

describe('signInPath and homeFor', () => {
  it('names where to come back to, and that the session ended', () => {
    expect(signInPath('/queue')).toBe('/sign-in');
    expect(signInPath('/admin', true)).toBe('/sign-in?next=%2Fadmin&ended=1');
  });

  it('sends a device to the wall and a person to the queue', () => {
    expect(homeFor(wall)).toBe('/wall');
    expect(homeFor(admin)).toBe('/queue');
  });
});
