import { itemLabel, modelStoppedLine, type ProgressReporter } from './reporter.ts';

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
          // The model's stop was said once, in full; its items need not repeat it.
          line(
            `[${++count}/${total}] ${itemLabel(event.item)}: ${event.modelStopped === 'not tried' ? 'not tried' : 'failed'}: ${event.modelStopped ? `${event.item.model} stopped` : event.error}`,
          );
          break;
        case 'interrupted':
          line(`interrupted: ${itemLabel(event.item)} (${event.stage})`);
          break;
        case 'model-stopped':
          line(modelStoppedLine(event.model, event.reason));
          break;
      }
    },
    stop() {},
  };
}
