/**
 * Synthetic identifiers in their real formats: MBIs (CMS's 11-character layout), NPIs with the Luhn check digit,
 * TINs and CCNs. Each is a seed-scrambled bijection of a counter, so identifiers never collide within a run and a
 * given (seed, index) always yields the same identifier. TINs use the never-issued EIN prefix 00, so they cannot
 * be a real taxpayer's.
 */
import { npiCheckDigit } from '@benchline/shared';
import { mixSeed } from './random.js';

/** MBI position alphabets: C = 1–9, A = letters without S L O I B Z, N = 0–9, AN = A or N. */
const MBI_NUMERIC = '0123456789';
const MBI_ALPHA = 'ACDEFGHJKMNPQRTUVWXY';
const MBI_ALPHANUMERIC = MBI_ALPHA + MBI_NUMERIC;
const MBI_POSITIONS: readonly string[] = [
  '123456789',
  MBI_ALPHA,
  MBI_ALPHANUMERIC,
  MBI_NUMERIC,
  MBI_ALPHA,
  MBI_ALPHANUMERIC,
  MBI_NUMERIC,
  MBI_ALPHA,
  MBI_ALPHA,
  MBI_NUMERIC,
  MBI_NUMERIC,
];
const MBI_SPACE = MBI_POSITIONS.reduce((n, alphabet) => n * BigInt(alphabet.length), 1n);
/** Coprime with MBI_SPACE (whose prime factors are 2, 3 and 5), so index → MBI is a bijection. */
const MBI_STRIDE = 1_000_000_007n;

/** The member's MBI: unique for every index under one seed. */
export function syntheticMbi(seed: number, memberIndex: number): string {
  const offset = BigInt(mixSeed(seed, 'mbi')) * 4_294_967_311n;
  let value = (BigInt(memberIndex) * MBI_STRIDE + offset) % MBI_SPACE;
  const chars: string[] = [];
  for (let position = MBI_POSITIONS.length - 1; position >= 0; position -= 1) {
    const alphabet = MBI_POSITIONS[position] ?? '';
    const radix = BigInt(alphabet.length);
    chars.push(alphabet[Number(value % radix)] ?? '');
    value /= radix;
  }
  return chars.reverse().join('');
}

/** An NPI: "1" + 8 scrambled digits + the Luhn check digit (over the 80840 prefix, as the standard defines). */
export function syntheticNpi(seed: number, providerIndex: number): string {
  const body = `1${scrambled(seed, 'npi', providerIndex, 100_000_000).toString().padStart(8, '0')}`;
  return `${body}${npiCheckDigit(body)}`;
}

/** A TIN with the never-issued EIN prefix 00. */
export function syntheticTin(seed: number, organizationIndex: number): string {
  return `00${scrambled(seed, 'tin', organizationIndex, 10_000_000).toString().padStart(7, '0')}`;
}

/**
 * A CCN: 2-digit state code + 4-digit facility number within the range CMS reserves for the facility type
 * (e.g. 0001–0879 short-term hospitals, 5000–6499 SNFs), or a 3rd-position letter for hospital units (T = IRF).
 */
export function syntheticCcn(stateCode: string, rangeStart: number, offset: number, unitLetter?: string): string {
  const number = String(rangeStart + offset).padStart(4, '0');
  return unitLetter === undefined ? `${stateCode}${number}` : `${stateCode}${unitLetter}${number.slice(1)}`;
}

/** index → (index · stride + offset) mod size: a bijection on [0, size) because the stride is coprime with size. */
function scrambled(seed: number, label: string, index: number, size: number): number {
  const stride = 7_368_787; // prime, and not 2 or 5, so coprime with powers of ten
  const offset = mixSeed(seed, label) % size;
  return Number((BigInt(index) * BigInt(stride) + BigInt(offset)) % BigInt(size));
}
