import { describe, expect, it } from 'vitest';
import { resolveIdentity } from './identity.js';

describe('resolveIdentity', () => {
  it('takes the user, name and role from the URL', () => {
    expect(resolveIdentity('?user=ana&name=Ana%20Ruiz&role=quality', null)).toEqual({
      userId: 'ana',
      name: 'Ana Ruiz',
      role: 'quality',
    });
  });

  it('defaults the name to the user id and the role to coordinator', () => {
    expect(resolveIdentity('?user=ben&role=wizard', null)).toEqual({ userId: 'ben', name: 'ben', role: 'coordinator' });
  });

  it('falls back to the remembered identity, and ignores one that is not valid', () => {
    const remembered = JSON.stringify({ userId: 'ana', name: 'Ana Ruiz', role: 'coordinator' });
    expect(resolveIdentity('?tenant=demo', remembered)?.userId).toBe('ana');
    expect(resolveIdentity('', '{not json')).toBeNull();
    expect(resolveIdentity('', JSON.stringify({ userId: '-' }))).toBeNull();
  });

  it('refuses user ids the worklist could not record, such as the unassigned marker', () => {
    expect(resolveIdentity('?user=-', null)).toBeNull();
    expect(resolveIdentity('?user=a%20b', null)).toBeNull();
  });
});
