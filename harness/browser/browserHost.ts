import { chromium, type Browser } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { V8_HEAP_MB } from '../session/limits.ts';
import { ensureChromium } from './ensureChromium.ts';

/** Flags every gamegym Chromium starts with; each one is here for a measured reason. */
export function chromiumArgs(): string[] {
  const args = [
    // This machine has no network: without these Chromium retries connections slowly at every start.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-default-apps',
    '--disable-domain-reliability',
    // WebGL games must render without a GPU: SwiftShader is Chromium's software GL.
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
    '--disable-gpu-compositing',
    // A JS heap bomb should die fast instead of growing for seconds; off-heap memory is watched separately.
    `--js-flags=--max-old-space-size=${V8_HEAP_MB}`,
    // Timers and rendering must not be throttled: the game runs on a virtual clock in a hidden headless page.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    '--disable-ipc-flooding-protection',
    '--disable-hang-monitor',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
    '--mute-audio',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-features=Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider,PaintHolding',
  ];
  // Chromium refuses to start as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * One Chromium for one worker. It launches on first use and again after the browser dies;
 * `close()` is the only way it ends, so every browser has exactly one owner.
 */
export class BrowserHost {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  launches = 0;
  /** An inert flag on this browser's command line, so its processes can be found if it must be killed. */
  private readonly marker = `--gamegym-host=${randomUUID()}`;

  async get(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    await this.close();
    const browser = await chromium.launch({
      executablePath: ensureChromium().path,
      headless: true,
      // GAMEGYM_OWNER tags browsers with who started them (the test suite checks none of its own outlive it).
      args: [...chromiumArgs(), this.marker, ...(process.env.GAMEGYM_OWNER ? [`--gamegym-owner=${process.env.GAMEGYM_OWNER}`] : [])],
      timeout: 30_000,
    });
    browser.on('disconnected', () => {
      if (this.browser === browser) {
        this.browser = null;
      }
    });
    this.browser = browser;
    this.launches++;
    this.rootPid = null;
    this.renderers = [];
    this.isRenderer.clear();
    return browser;
  }

  /**
   * Resident memory of each renderer process of this browser, in MB, read from /proc: asking the browser over CDP
   * stalls exactly when a renderer thrashes, which is when the answer matters.
   */
  async rendererMemory(): Promise<Array<{ pid: number; rssMb: number }>> {
    if (!this.browser?.isConnected()) return [];
    // Finding the renderers means reading every process on the machine (~17 ms of CPU measured): that is done
    // at most twice a second; in between only the known renderers' sizes are read.
    if (performance.now() - this.lastFullScan > 500 || this.renderers.length === 0) this.findRenderers();
    const rows = this.renderers.map((pid) => ({ pid, rssMb: readStat(pid)?.rssMb ?? -1 }));
    this.renderers = rows.filter((r) => r.rssMb >= 0).map((r) => r.pid);
    return rows.filter((r) => r.rssMb >= 0);
  }

  private lastFullScan = -Infinity;
  private renderers: number[] = [];
  private rootPid: number | null = null;
  private readonly isRenderer = new Map<number, boolean>();

  private findRenderers(): void {
    this.lastFullScan = performance.now();
    const processes = listProcesses();
    if (this.rootPid === null || !processes.some((p) => p.pid === this.rootPid)) {
      this.rootPid = processes.find((p) => hasFlag(commandLine(p.pid), this.marker))?.pid ?? null;
    }
    const children = new Map<number, ProcessStat[]>();
    for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    const found: number[] = [];
    const walk = (pid: number): void => {
      for (const child of children.get(pid) ?? []) {
        if (!this.isRenderer.has(child.pid)) this.isRenderer.set(child.pid, hasFlag(commandLine(child.pid), '--type=renderer'));
        if (this.isRenderer.get(child.pid)) found.push(child.pid);
        walk(child.pid);
      }
    };
    if (this.rootPid !== null) walk(this.rootPid);
    this.renderers = found;
  }

  private memoryKill: { at: number; rssMb: number } | null = null;

  /** Records that a renderer of this browser was killed for using too much memory. */
  noteMemoryKill(rssMb: number): void {
    this.memoryKill = { at: performance.now(), rssMb };
  }

  /** The memory kill of the last few seconds, if any: a page crash right after one is an oom. */
  recentMemoryKill(withinMs = 3000): { rssMb: number } | null {
    const kill = this.memoryKill;
    return kill && performance.now() - kill.at < withinMs ? kill : null;
  }

  /** Last resort when a page will not close: end the whole browser; the next `get()` starts a new one. */
  async restart(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (!browser) return;
    const closed = browser.close().catch(() => undefined);
    const timedOut = await Promise.race([closed.then(() => false), sleep(5000, undefined, { ref: false }).then(() => true)]);
    if (timedOut) killProcessesWith(this.marker);
  }
}

interface ProcessStat {
  pid: number;
  ppid: number;
  rssMb: number;
}

/** Every process on the machine with its parent and resident memory (one small read per process). */
function listProcesses(): ProcessStat[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .flatMap((pid) => readStat(Number(pid)) ?? []);
}

/** A process's parent and resident memory from /proc/<pid>/stat; null once it has ended. */
function readStat(pid: number): ProcessStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ... rss(24th field, pages)"; comm may hold spaces, so split after ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), rssMb: (Number(fields[21]) * PAGE_BYTES) / 2 ** 20 };
  } catch {
    return null;
  }
}

/** A process's command line, arguments space-separated (Chromium rewrites its own into one string). */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
const PAGE_BYTES = 4096;

function hasFlag(cmdline: string, flag: string): boolean {
  return ` ${cmdline} `.includes(` ${flag} `);
}

function killProcessesWith(flag: string): void {
  for (const p of listProcesses()) {
    if (!hasFlag(commandLine(p.pid), flag)) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
