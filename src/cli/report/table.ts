import type { Cells } from './cells.ts';

/** Columns padded to their widest cell, for a terminal. */
export function textTable({ header, rows, notes = [] }: Cells): string {
  const all = [header, ...rows].map((r) => r.map((c) => c.replace(/\n/g, ' ')));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const table = [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
  return [...table, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n') + '\n';
}
