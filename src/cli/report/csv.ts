import type { Cells } from './cells.ts';

/** RFC 4180 CSV: cells with a comma, quote or line break are quoted. */
export function csv({ header, rows }: Cells): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
