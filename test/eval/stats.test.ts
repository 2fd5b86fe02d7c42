import { describe, expect, it } from 'vitest';
import { meanWithCI, tQuantile975 } from '../../src/eval/index.ts';

describe('mean with a 95% confidence interval', () => {
  it('uses Student t quantiles, tabled and expanded', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    // published values past the table
    expect(tQuantile975(40)).toBeCloseTo(2.021, 3);
    expect(tQuantile975(60)).toBeCloseTo(2.0, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 3);
    expect(tQuantile975(1e6)).toBeCloseTo(1.96, 3);
  });

  it('gives mean +- t * s / sqrt(n)', () => {
    const ci = meanWithCI([10, 20, 30, 40, 50]);
    // s = 15.811, se = 7.071, t(4) = 2.776: half-width 19.63
    expect(ci.mean).toBe(30);
    expect(ci.low).toBeCloseTo(10.37, 2);
    expect(ci.high).toBeCloseTo(49.63, 2);
  });

  it('has no interval for one value and no mean for none, and stays within the score range', () => {
    expect(meanWithCI([42])).toEqual({ n: 1, mean: 42, low: null, high: null });
    expect(meanWithCI([])).toEqual({ n: 0, mean: null, low: null, high: null });
    const wide = meanWithCI([0, 100]);
    expect([wide.low, wide.high]).toEqual([0, 100]);
  });
});
