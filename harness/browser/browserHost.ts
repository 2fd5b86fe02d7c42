import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { readFile, readdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
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
    '--js-flags=--max-old-space-size=768',
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
  private cdp: CDPSession | null = null;
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
      args: [...chromiumArgs(), this.marker],
      timeout: 30_000,
    });
    browser.on('disconnected', () => {
      if (this.browser === browser) {
        this.browser = null;
        this.cdp = null;
      }
    });
    this.browser = browser;
    this.launches++;
    return browser;
  }

  /** Resident memory of each renderer process of this browser, in MB. */
  async rendererMemory(): Promise<Array<{ pid: number; rssMb: number }>> {
    const browser = this.browser;
    if (!browser?.isConnected()) return [];
    this.cdp ??= await browser.newBrowserCDPSession();
    const info = (await this.cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: Array<{ type: string; id: number }>;
    };
    const renderers = info.processInfo.filter((p) => p.type === 'renderer');
    const rows = await Promise.all(renderers.map(async (p) => ({ pid: p.id, rssMb: await rssMb(p.id) })));
    return rows.filter((r) => r.rssMb > 0);
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
    this.cdp = null;
    if (!browser) return;
    const closed = browser.close().catch(() => undefined);
    const timedOut = await Promise.race([closed.then(() => false), delay(5000).then(() => true)]);
    if (timedOut) await killProcessesWith(this.marker);
  }
}

async function rssMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function killProcessesWith(flag: string): Promise<void> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.split('\0').includes(flag)) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
