import cliProgress from 'cli-progress';
import { itemLabel, type ProgressReporter } from './reporter.ts';

/** A progress bar for a terminal: done/total, failures so far, and what is under way. */
export function progressBar(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {value}/{total} | failed {failed} | {current}', hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let failed = 0;
  let started = false;
  return {
    onEvent(event) {
      switch (event.kind) {
        case 'start':
          bar.start(event.total, event.finished, { failed, current: event.finished > 0 ? `resuming: ${event.finished} already done` : '' });
          started = true;
          break;
        case 'stage':
          bar.update({ current: `${event.stage} ${itemLabel(event.item)}` });
          break;
        case 'done':
          bar.increment({ current: `${itemLabel(event.item)}: ${event.outcome} ${event.overall.toFixed(1)}` });
          break;
        case 'failed':
          failed++;
          bar.increment({ failed, current: `${itemLabel(event.item)} failed` });
          break;
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
