import { describe, expect, it } from 'vitest';
import { labelHash, mixSeed, Random, WeightedTable } from './random.js';

describe('Random', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const draw = (seed: number): number[] => {
      const random = new Random(seed);
      return Array.from({ length: 5 }, () => random.uint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps streams apart: the parts and their order both matter', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(7, labelHash('life'), 3)).not.toBe(mixSeed(7, labelHash('year'), 3));
    expect(mixSeed(7, 'life')).toBe(mixSeed(7, labelHash('life')));
  });

  it('draws uniform floats in [0, 1) with the right mean and spread', () => {
    const random = Random.of(1, 'uniform');
    const values = Array.from({ length: 200_000 }, () => random.float());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws normals, lognormals with the asked-for mean, and Poisson counts', () => {
    const random = Random.of(2, 'distributions');
    const n = 100_000;
    const normals = Array.from({ length: n }, () => random.normal());
    const normalMean = normals.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(normalMean)).toBeLessThan(0.02);
    expect(normals.reduce((a, b) => a + b * b, 0) / n).toBeCloseTo(1, 1);
    const lognormalMean =
      Array.from({ length: n }, () => random.lognormalMean(12_302, 0.8)).reduce((a, b) => a + b, 0) / n;
    expect(lognormalMean / 12_302).toBeCloseTo(1, 1);
    for (const lambda of [0.02, 2.5, 45]) {
      const mean = Array.from({ length: n }, () => random.poisson(lambda)).reduce((a, b) => a + b, 0) / n;
      expect(mean / lambda).toBeGreaterThan(0.95);
      expect(mean / lambda).toBeLessThan(1.05);
    }
  });

  it('picks from a weighted table in proportion to the weights', () => {
    const table = new WeightedTable([
      ['a', 1],
      ['b', 3],
      ['never', 0],
    ] as const);
    const random = Random.of(3, 'weights');
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i += 1) {
      counts[table.pick(random)] += 1;
    }
    expect(counts.never).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
    expect(() => new WeightedTable([['x', 0]])).toThrow(/positive weight/);
  });
});
