// Numbers as the leaderboard prints them; null (nothing measured) is a dash, never a zero.

export const DASH = '–';

export function fixed(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

export function percent(share: number | null | undefined, digits = 0): string {
  return share === null || share === undefined ? DASH : `${(share * 100).toFixed(digits)}%`;
}

export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return value < 10 ? `${value.toFixed(1)} s` : `${Math.round(value)} s`;
}

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return value < 0.01 && value > 0 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

export function integer(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : Math.round(value).toLocaleString('en-US');
}

export function ci(low: number | null | undefined, high: number | null | undefined, digits = 1): string {
  return low === null || low === undefined || high === null || high === undefined
    ? 'n/a'
    : `${low.toFixed(digits)}–${high.toFixed(digits)}`;
}

/** Virtual ms as the filmstrips label frames: `1.25 s`. */
export function virtualTime(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').slice(0, 16);
}
