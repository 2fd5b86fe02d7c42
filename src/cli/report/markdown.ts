import type { Cells } from './cells.ts';

/** A GitHub-flavoured Markdown table; pipes and line breaks in cells would break its rows. */
export function markdown({ header, rows, notes = [] }: Cells): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  const table = [line(header), line(header.map(() => '---')), ...rows.map(line)];
  return [...table, ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${n}`)] : [])].join('\n') + '\n';
}
