import { isValidNpi, MBI_PATTERN, NPI_PATTERN, TIN_PATTERN } from '@benchline/shared';
import { describe, expect, it } from 'vitest';
import { syntheticCcn, syntheticMbi, syntheticNpi, syntheticTin } from './identifiers.js';

describe('synthetic identifiers', () => {
  it('gives every member a distinct MBI of the CMS format', () => {
    const pattern = new RegExp(MBI_PATTERN);
    const mbis = new Set<string>();
    for (let index = 0; index < 50_000; index += 1) {
      const mbi = syntheticMbi(7, index);
      expect(pattern.test(mbi), mbi).toBe(true);
      mbis.add(mbi);
    }
    expect(mbis.size).toBe(50_000);
    expect(syntheticMbi(7, 12)).toBe(syntheticMbi(7, 12));
    expect(syntheticMbi(8, 12)).not.toBe(syntheticMbi(7, 12));
  });

  it('gives providers distinct NPIs whose last digit is the Luhn check digit', () => {
    const pattern = new RegExp(NPI_PATTERN);
    const npis = new Set<string>();
    for (let index = 0; index < 20_000; index += 1) {
      const npi = syntheticNpi(7, index);
      expect(pattern.test(npi)).toBe(true);
      expect(isValidNpi(npi), npi).toBe(true);
      npis.add(npi);
    }
    expect(npis.size).toBe(20_000);
  });

  it('makes TINs that cannot be real (EIN prefix 00) and CCNs in a facility range', () => {
    const tin = syntheticTin(7, 3);
    expect(new RegExp(TIN_PATTERN).test(tin)).toBe(true);
    expect(tin.startsWith('00')).toBe(true);
    expect(syntheticCcn('36', 5000, 17)).toBe('365017');
    expect(syntheticCcn('36', 1, 16, 'T')).toBe('36T017');
  });
});
