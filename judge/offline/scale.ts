// Small pure maps from a measurement to a 0..1 grade, and the rounding that keeps verdicts byte-identical.
import * as ss from 'simple-statistics';

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** 0 at `low`, 1 at `high`, linear between. */
export function ramp(x: number, low: number, high: number): number {
  return clamp01((x - low) / (high - low));
}

/** 0 at or below `low`, 1 at or above `high`, linear in log10 between: pixel-change ratios span decades. */
export function logRamp(x: number, low: number, high: number): number {
  if (!(x > low)) return 0;
  return clamp01((Math.log10(x) - Math.log10(low)) / (Math.log10(high) - Math.log10(low)));
}

/** A trapezoid: 0 outside [a, d], 1 on [b, c], linear on the sides; for "neither too little nor too much". */
export function band(x: number, a: number, b: number, c: number, d: number): number {
  if (x <= a || x >= d) return 0;
  if (x < b) return (x - a) / (b - a);
  if (x <= c) return 1;
  return (d - x) / (d - c);
}

import { round1 } from '../scores.ts';

export { round1 };

/** A 0..1 grade as a 0..100 score with one decimal. */
export function toScore(grade: number): number {
  return round1(clamp01(grade) * 100);
}

/**
 * Weighted mean of named grades; names missing from `grades` are left out and the rest re-normalised, and grades
 * without a weight are ignored.
 */
export function weighted<K extends string>(grades: Partial<Record<string, number>>, weights: Record<K, number>): number {
  let sum = 0;
  let total = 0;
  for (const key of Object.keys(weights) as K[]) {
    const grade = grades[key];
    if (grade === undefined) continue;
    sum += grade * weights[key];
    total += weights[key];
  }
  return total > 0 ? sum / total : 0;
}

/** Median, 0 for no values (simple-statistics throws on an empty list). */
export function median(values: number[]): number {
  return values.length === 0 ? 0 : ss.median(values);
}

/** Mean, 0 for no values. */
export function mean(values: number[]): number {
  return values.length === 0 ? 0 : ss.mean(values);
}

export function percent(x: number): string {
  return `${round1(x * 100)}%`;
}
