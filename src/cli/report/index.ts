// How the CLI shows an eval: progress as it runs (a bar on a terminal, plain lines otherwise) and a run's report
// as a table, CSV, Markdown or JSON. The engine (src/eval) only emits events and returns data.
export { formatReport, REPORT_FORMATS, type ReportFormat } from './formatReport.ts';
export { progressReporter } from './progress.ts';
export { progressLines } from './progressLines.ts';
