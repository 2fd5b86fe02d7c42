import type { Cells } from './cells.ts';

/** A GitHub-flavoured Markdown table; pipes and line breaks in cells would break its rows. */
export function markdown({ header, rows }: Cells): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
