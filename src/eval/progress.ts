import cliProgress from 'cli-progress';
import type { ItemRow } from '../store/index.ts';
import type { EvalEvent } from './runEval.ts';

export interface ProgressOutput {
  onEvent(event: EvalEvent): void;
  stop(): void;
}

const label = (item: ItemRow) => `${item.model} ${item.taskId}#${item.sample}`;

/** A progress bar on a terminal, plain lines otherwise (logs, CI, pipes). */
export function progressOutput(stream: NodeJS.WriteStream = process.stderr): ProgressOutput {
  return stream.isTTY ? progressBar(stream) : progressLines(stream);
}

function progressBar(stream: NodeJS.WriteStream): ProgressOutput {
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
          bar.update({ current: `${event.stage} ${label(event.item)}` });
          break;
        case 'done':
          bar.increment({ current: `${label(event.item)}: ${event.outcome} ${event.overall.toFixed(1)}` });
          break;
        case 'failed':
          failed++;
          bar.increment({ failed, current: `${label(event.item)} failed` });
          break;
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function progressLines(stream: NodeJS.WriteStream): ProgressOutput {
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
          line(`[${++count}/${total}] ${label(event.item)}: ${event.outcome}, overall ${event.overall.toFixed(1)}`);
          break;
        case 'failed':
          line(`[${++count}/${total}] ${label(event.item)}: failed: ${event.error}`);
          break;
      }
    },
    stop() {},
  };
}
