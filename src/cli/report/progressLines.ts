import { itemLabel, type ProgressReporter } from './reporter.ts';

/** One plain line per finished item, for logs, CI and pipes, where a redrawn bar would be noise. */
export function progressLines(stream: NodeJS.WritableStream): ProgressReporter {
  let total = 0;
  let count = 0;
  const line = (text: string) => stream.write(`${text}\n`);
  return {
    onEvent(event) {
      switch (event.kind) {
        case 'start':
          total = event.total;
          count = event.finished;
          line(`eval: ${total} items${event.finished > 0 ? `, ${event.finished} already done` : ''}`);
          break;
        case 'stage':
          break;
        case 'done':
          line(`[${++count}/${total}] ${itemLabel(event.item)}: ${event.outcome}, overall ${event.overall.toFixed(1)}`);
          break;
        case 'failed':
          line(`[${++count}/${total}] ${itemLabel(event.item)}: failed: ${event.error}`);
          break;
      }
    },
    stop() {},
  };
}
