import cliProgress from 'cli-progress';
import { itemLabel, modelStoppedLine, type ProgressReporter } from './reporter.ts';

/** A progress bar for a terminal: done/total, failures so far, and what is under way. */
export function progressBar(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {value}/{total} | failed {failed} | {current}', hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let failed = 0;
  let started = false;
  // A redrawn bar has no room for a long line: model stops are written out when the bar ends.
  const stops: string[] = [];
  let ended = false;
  return {
    onEvent(event) {
      // After an interrupt the bar is gone: only what must still be said is written.
      if (ended) {
        if (event.kind === 'model-stopped') stream.write(`${modelStoppedLine(event.model, event.reason)}\n`);
        return;
      }
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
        case 'interrupted':
          break;
        case 'model-stopped':
          stops.push(modelStoppedLine(event.model, event.reason));
          bar.update({ current: `${event.model} stopped (why: below)` });
          break;
      }
    },
    stop() {
      if (ended) return;
      ended = true;
      if (started) bar.stop();
      for (const line of stops) stream.write(`${line}\n`);
    },
  };
}
