// The API's own statistics: agreement shares with a Wilson interval (paired differences use src/eval/compare's
// seeded bootstrap, as `gamegym compare-runs` does).

const Z_975 = 1.959963984540054;

/** Wilson 95 % interval of a share: good at small n and at shares near 0 or 1, unlike the normal approximation. */
export function wilson(successes: number, n: number): { share: number | null; low: number | null; high: number | null } {
  if (n === 0) return { share: null, low: null, high: null };
  const p = successes / n;
  const z2 = Z_975 * Z_975;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z_975 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
