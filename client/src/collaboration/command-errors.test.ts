import { describe, expect, it } from 'vitest';
import { describeCommandError } from './command-errors.js';

describe('describeCommandError', () => {
  it('tells a coordinator who lost the patient to claim again', () => {
    expect(describeCommandError({ code: 'LEASE_STALE' })).toBe('You no longer hold this patient — claim again.');
  });
  it('names who holds a patient, as the server says', () => {
    expect(describeCommandError({ code: 'LEASE_HELD', message: 'Ben Okafor is working this patient' })).toBe(
      'Ben Okafor is working this patient',
    );
  });
  it('reassures that the entry is kept when the connection fails', () => {
    expect(describeCommandError({ code: 'TIMEOUT' })).toContain('Your entry is kept');
  });
});
