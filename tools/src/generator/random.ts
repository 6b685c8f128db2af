/**
 * Seeded randomness for the generator: a 32-bit hash to derive independent sub-seeds (seed → member → stream →
 * month) and a small sfc32 generator with the distributions the model draws from. No Math.random anywhere: the
 * same seed gives the same numbers on every platform, and each stream's draws are independent of every other's,
 * so adding a member, a month or a new kind of draw never shifts the numbers an existing stream produces.
 */

/** A stream label (a string constant) hashed to 32 bits with FNV-1a. */
export function labelHash(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i += 1) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's 32-bit finaliser: every input bit flips about half the output bits. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines numbers and labels into one 32-bit seed; order matters, so (member 1, month 2) ≠ (member 2, month 1). */
export function mixSeed(...parts: readonly (number | string)[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    const value = typeof part === 'string' ? labelHash(part) : part >>> 0;
    // Numbers wider than 32 bits (none are expected) fold their high half in rather than being truncated away.
    const high = typeof part === 'number' ? Math.floor(part / 0x1_0000_0000) >>> 0 : 0;
    hash = fmix32(hash ^ fmix32(value + Math.imul(high, 0x27d4eb2d)));
    hash = (Math.imul(hash, 5) + 0xe6546b64) >>> 0;
  }
  return fmix32(hash);
}

/** A cumulative-weight table for repeated weighted picks. */
export class WeightedTable<T> {
  private readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, weight]) => weight > 0);
    if (kept.length === 0) {
      throw new Error('A weighted table needs at least one positive weight');
    }
    this.items = kept.map(([item]) => item);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, weight], i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  get size(): number {
    return this.items.length;
  }

  pick(random: Random): T {
    const target = random.float() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return this.items[low] as T;
  }
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes PractRand to 2^40+. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for one stream, seeded from the given parts (see mixSeed). */
  static of(...parts: readonly (number | string)[]): Random {
    return new Random(mixSeed(...parts));
  }

  constructor(seed: number) {
    this.a = mixSeed(seed, 1);
    this.b = mixSeed(seed, 2);
    this.c = mixSeed(seed, 3);
    this.d = 1;
    for (let i = 0; i < 12; i += 1) {
      this.uint32();
    }
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error('Cannot pick from an empty list');
    }
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Standard normal (Box–Muller; one draw per call keeps each stream's position easy to reason about). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1], so the log is finite
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given mean (not median) and log-scale sigma. */
  lognormalMean(mean: number, sigma: number): number {
    return mean * Math.exp(sigma * this.normal() - (sigma * sigma) / 2);
  }

  /** Lognormal with the given median and log-scale sigma. */
  lognormalMedian(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson count with mean lambda: Knuth's product method for small means, a rounded normal above 30. */
  poisson(lambda: number): number {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 30) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    }
    const limit = Math.exp(-lambda);
    let count = 0;
    let product = this.float();
    while (product > limit) {
      count += 1;
      product *= this.float();
    }
    return count;
  }
}
