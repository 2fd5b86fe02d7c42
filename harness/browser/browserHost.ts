import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Containment } from '../schema/index.ts';
import { raceAgainstDeadline } from '../deadline.ts';
import { noted } from '../debug.ts';
import {
  bridgedProxies,
  loopbackProxies,
  type OnRefused,
  type ProxyEndpoint,
  type ProxyPool,
  type RefusedRequest,
} from '../network/refusingProxy.ts';
import { V8_HEAP_MB } from '../session/limits.ts';
import { chooseContainment, type ContainmentPlan, type ContainmentWanted } from './containment.ts';
import { ensureChromium } from './ensureChromium.ts';

const IN_NAMESPACE = fileURLToPath(new URL('./chromium-in-namespace.sh', import.meta.url));
const BRIDGE_SCRIPT = fileURLToPath(new URL('../network/namespaceBridge.js', import.meta.url));

/** Flags every gamegym Chromium starts with; each one is here for a measured reason. */
export function chromiumArgs(): string[] {
  const args = [
    // The browser-level network defences (the second layer under the namespace; the only one without it).
    // Every host name resolves nowhere, so no DNS query names a host the game chose; the proxy is an address.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    // WebRTC may only use the proxy: no STUN/UDP to any address, no host candidates, no mDNS.
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
    // No QUIC (WebTransport and HTTP/3 would bypass the proxy), no DNS prefetch, no speculative loads.
    '--disable-quic',
    '--dns-prefetch-disable',
    '--no-pings',
    // Chromium's own traffic: updates, accounts, safe browsing, metrics, crash reports, field trials.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--safebrowsing-disable-auto-update',
    '--disable-breakpad',
    '--metrics-recording-only',
    '--no-service-autorun',
    '--password-store=basic',
    '--use-mock-keychain',
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
    // Keyboard and wheel scrolling animate in real time when smooth: the frame would depend on the machine's speed.
    '--disable-smooth-scrolling',
    '--mute-audio',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-features=' +
      [
        'Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider,PaintHolding',
        // speculation rules, prefetch, prerender and preconnect: requests that would not pass the route
        'Prerender2,SpeculationRulesPrefetchFuture,PrefetchProxy,NoStatePrefetchHoldback,PreloadingHeuristicsMLModel,NetworkPrediction',
        'WebRtcHideLocalIpsWithMdns,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
        'LocalNetworkAccessChecks', // not needed behind the proxy, and its prompts would differ between layers
      ].join(','),
  ];
  // Chromium refuses to start as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * One Chromium for one worker. It launches on first use and again after the browser dies;
 * `close()` is the only way it ends, so every browser has exactly one owner.
 */
export interface BrowserHostOptions {
  /** how games are kept off the network; default GAMEGYM_CONTAINMENT, else auto (a namespace where one can be made) */
  containment?: ContainmentWanted;
  /** more Chromium flags (tests use a net log) */
  extraArgs?: string[];
}

export class BrowserHost {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  launches = 0;
  /** requests Chromium itself tried to make (the browser-wide proxy refused and recorded them) */
  readonly ownTraffic: RefusedRequest[] = [];
  private plan: ContainmentPlan | null = null;
  private proxies: ProxyPool | null = null;
  private ownProxy: ProxyEndpoint | null = null;

  constructor(private readonly options: BrowserHostOptions = {}) {}

  /** How this host's browsers are contained (decided at the first launch). */
  containment(): Containment {
    this.plan ??= chooseContainment(this.options.containment);
    return { kind: this.plan.kind, note: this.plan.note };
  }

  /**
   * A proxy for one browser context: whatever the context's pages, frames and workers try to send outside the
   * route ends there, is given to `onRefused` and refused. Close it with the context.
   */
  async openProxy(onRefused: OnRefused): Promise<ProxyEndpoint> {
    if (!this.proxies) throw new Error('openProxy before the browser was launched');
    return this.proxies.open(onRefused);
  }
  /** An inert flag on this browser's command line, so its processes can be found if it must be killed. */
  private readonly marker = `--gamegym-host=${randomUUID()}`;

  async get(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    await this.close();
    this.containment();
    const plan = this.plan!;
    const chromiumPath = ensureChromium().path;
    let where: Pick<LaunchOptions, 'executablePath' | 'env'> = { executablePath: chromiumPath };
    if (plan.kind === 'browser') {
      this.proxies = loopbackProxies();
    } else {
      const bridged = await bridgedProxies();
      this.proxies = bridged;
      where = {
        executablePath: IN_NAMESPACE,
        env: {
          ...process.env,
          GAMEGYM_UNSHARE: plan.unshare.join(' '),
          GAMEGYM_CHROMIUM_PATH: chromiumPath,
          GAMEGYM_NODE: process.execPath,
          GAMEGYM_BRIDGE_SCRIPT: BRIDGE_SCRIPT,
          GAMEGYM_BRIDGE_SOCKET: bridged.socketPath,
          GAMEGYM_BRIDGE_PORTS: bridged.ports,
        },
      };
    }
    // Chromium's own requests (and any context without a proxy of its own) go to a proxy that records and refuses.
    this.ownProxy = await this.proxies.open((request) => this.ownTraffic.push(request));
    const args = [
      ...chromiumArgs(),
      `--proxy-server=${this.ownProxy.server}`,
      '--proxy-bypass-list=<-loopback>',
      // In a user namespace Chromium is root inside it and will not start with its own sandbox on.
      ...(plan.kind === 'userns' && process.getuid?.() !== 0 ? ['--no-sandbox'] : []),
      ...(this.options.extraArgs ?? []),
      this.marker,
      // GAMEGYM_OWNER tags browsers with who started them (the test suite checks none of its own outlive it).
      ...(process.env.GAMEGYM_OWNER ? [`--gamegym-owner=${process.env.GAMEGYM_OWNER}`] : []),
    ];
    const browser = await chromium.launch({ ...where, headless: true, args, timeout: 30_000 });
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
    return (await this.processMemory()).renderers;
  }

  /**
   * Resident memory of this browser's processes, in MB: the renderers, and the others (the browser process itself,
   * GPU, network, storage and other utility processes), each named. The others hold game data too: an in-memory
   * context keeps its IndexedDB, blobs and caches in the browser process, beyond any renderer.
   */
  async processMemory(): Promise<{ renderers: ProcessMemory[]; others: NamedProcessMemory[] }> {
    if (!this.browser?.isConnected()) return { renderers: [], others: [] };
    // Finding the processes means reading every process on the machine (~17 ms of CPU measured): that is done
    // at most twice a second; in between only the known processes' sizes are read.
    if (performance.now() - this.lastFullScan > 500 || this.renderers.length === 0) this.findProcesses();
    const renderers = this.renderers.map((pid) => ({ pid, rssMb: readStat(pid)?.rssMb ?? -1 })).filter((r) => r.rssMb >= 0);
    const others = this.others.map((p) => ({ ...p, rssMb: readStat(p.pid)?.rssMb ?? -1 })).filter((p) => p.rssMb >= 0);
    this.renderers = renderers.map((r) => r.pid);
    this.others = others.map(({ pid, what }) => ({ pid, what }));
    return { renderers, others };
  }

  private lastFullScan = -Infinity;
  private renderers: number[] = [];
  private others: Array<{ pid: number; what: string }> = [];
  private rootPid: number | null = null;
  private readonly isRenderer = new Map<number, boolean>();
  /** what each non-renderer child is, by pid (null: not Chromium's, like the namespace bridge); per browser */
  private readonly helperNames = new Map<number, string | null>();

  private findProcesses(): void {
    this.lastFullScan = performance.now();
    const processes = listProcesses();
    if (this.rootPid === null || !processes.some((p) => p.pid === this.rootPid)) {
      this.rootPid = processes.find((p) => hasFlag(commandLine(p.pid), this.marker))?.pid ?? null;
      // A new browser: pids named before may have been reused.
      this.helperNames.clear();
    }
    const children = new Map<number, ProcessStat[]>();
    for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    const found: number[] = [];
    const others: Array<{ pid: number; what: string }> = this.rootPid === null ? [] : [{ pid: this.rootPid, what: 'the browser process' }];
    const walk = (pid: number): void => {
      for (const child of children.get(pid) ?? []) {
        if (!this.isRenderer.has(child.pid)) this.isRenderer.set(child.pid, hasFlag(commandLine(child.pid), '--type=renderer'));
        if (this.isRenderer.get(child.pid)) found.push(child.pid);
        else {
          if (!this.helperNames.has(child.pid)) this.helperNames.set(child.pid, helperName(commandLine(child.pid)));
          const what = this.helperNames.get(child.pid);
          if (what) others.push({ pid: child.pid, what });
        }
        walk(child.pid);
      }
    };
    if (this.rootPid !== null) walk(this.rootPid);
    this.renderers = found;
    this.others = others;
  }

  private memoryKill: { at: number; rssMb: number; what: string; launch: number } | null = null;

  /** Records that a process of this browser (by default a renderer: "the page") was killed for its memory. */
  noteMemoryKill(rssMb: number, what = 'the page'): void {
    this.memoryKill = { at: performance.now(), rssMb, what, launch: this.launches };
  }

  /**
   * The memory kill of the last few seconds on this browser, if any: a page crash, or the browser dying, right
   * after one is an oom. A kill on an earlier browser never explains what happens on this one.
   */
  recentMemoryKill(withinMs = 3000): { rssMb: number; what: string } | null {
    const kill = this.memoryKill;
    return kill && kill.launch === this.launches && performance.now() - kill.at < withinMs ? kill : null;
  }

  /**
   * Ends the browser at once because one of its processes other than a renderer went over the memory limit: the
   * memory belongs to the browser process or a service, not to a renderer that could be killed alone. Every process
   * of the browser is killed (a polite close would wait on the bloated process); the next `get()` starts a new one.
   */
  killForMemory(what: string, rssMb: number): void {
    this.noteMemoryKill(rssMb, what);
    const pids = [...this.renderers, ...this.others.map((p) => p.pid)];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  /** Last resort when a page will not close: end the whole browser; the next `get()` starts a new one. */
  async restart(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) {
      // A browser that will not close politely within 5 s is killed, with every process it started.
      await raceAgainstDeadline(browser.close().catch(noted('closing the browser', undefined)), 5000, {
        onTimeout: () => killProcessesWith(this.marker),
      });
    }
    this.ownProxy?.close();
    this.ownProxy = null;
    await this.proxies?.close();
    this.proxies = null;
  }
}

export interface ProcessMemory {
  pid: number;
  rssMb: number;
}

export interface NamedProcessMemory extends ProcessMemory {
  /** what the process is, for a reason a reader understands: "the browser process", "the GPU process", ... */
  what: string;
}

/** What a non-renderer child of the browser is, from its Chromium --type flag; null when it is not Chromium's. */
function helperName(cmdline: string): string | null {
  const type = / --type=(\S+)/.exec(` ${cmdline}`)?.[1];
  if (!type) return null;
  if (type === 'gpu-process') return 'the GPU process';
  const service = / --utility-sub-type=(\S+)/.exec(` ${cmdline}`)?.[1];
  if (type === 'utility' && service) return `the ${service} utility process`;
  return `the browser's ${type} process`;
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
    return null; // the process has ended
  }
}

/** A process's command line, arguments space-separated (Chromium rewrites its own into one string). */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return ''; // the process has ended
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
