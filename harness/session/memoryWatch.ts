import type { BrowserHost } from '../browser/browserHost.ts';

/**
 * Polls the browser's renderer processes while a session runs. A renderer over the limit is killed:
 * off-heap bombs (typed arrays, canvases) are not bounded by V8's heap flags, so only the process size tells.
 * The kill is noted on the host; the session whose page then crashes reads it back to call the crash an oom.
 * Several sessions may share a browser, so the peak is of any renderer of that browser during the session.
 */
export function watchMemory(host: BrowserHost, limitMb: number, everyMs = 100) {
  let peak = 0;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      for (const { pid, rssMb } of await host.rendererMemory()) {
        peak = Math.max(peak, rssMb);
        if (rssMb > limitMb) {
          host.noteMemoryKill(rssMb);
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }
    } catch {
      /* the browser is going away; the session notices on its own */
    } finally {
      busy = false;
    }
  }, everyMs);
  timer.unref();
  return {
    peakMb: () => peak,
    stop: () => clearInterval(timer),
  };
}
