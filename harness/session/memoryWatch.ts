import type { BrowserHost } from '../browser/browserHost.ts';

/**
 * Polls the browser's processes while a session runs. A renderer over the limit is killed:
 * off-heap bombs (typed arrays, canvases) are not bounded by V8's heap flags, so only the process size tells.
 * The browser's other processes are watched too: an in-memory context keeps the game's IndexedDB, blobs and caches
 * in the browser process (or a service), where no renderer kill frees them, so one of those over the limit ends
 * the whole browser. Either kill is noted on the host; the session whose page then crashes or closes reads it back
 * to call that an oom. Several sessions may share a browser, so the peak is of any renderer of that browser during
 * the session (the browser process's own size is not the game's alone, so it is not in the peak).
 */
export function watchMemory(host: BrowserHost, limitMb: number, everyMs = 100) {
  let peak = 0;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const { renderers, others } = await host.processMemory();
      for (const { pid, rssMb } of renderers) {
        peak = Math.max(peak, rssMb);
        if (rssMb > limitMb) killRenderer(host, pid, rssMb);
      }
      const bloated = others.find((p) => p.rssMb > limitMb);
      if (bloated) host.killForMemory(bloated.what, bloated.rssMb);
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

function killRenderer(host: BrowserHost, pid: number, rssMb: number): void {
  host.noteMemoryKill(rssMb);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
