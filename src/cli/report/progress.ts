import { progressBar } from './progressBar.ts';
import { progressLines } from './progressLines.ts';
import type { ProgressReporter } from './reporter.ts';

/** A progress bar on a terminal, plain lines otherwise (logs, CI, pipes). */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? progressBar(stream) : progressLines(stream);
}
