import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type LaunchOptions, type Page } from 'playwright-core';
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
/**
 * The features Playwright's own --disable-features turns off (playwright-core 1.65's chromiumSwitches): ours replaces
 * that flag, so they are repeated. Without them, HTTP pages may be upgraded to HTTPS and routes behave differently.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
  'LensOverlay,ThirdPartyStoragePartitioning,AvoidCorsURLLoaderRestartOnRedirect,NetworkTimeServiceQuerying',
  'AimEnabled,PreconnectToSearch',
].join(',');

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
    // Chromium reads only the last --disable-features: this one must also carry Playwright's own list.
    '--disable-features=' +
      [
        PLAYWRIGHT_DISABLED_FEATURES,
        'Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider,PaintHolding',
        // Each new context gets the omnibox popup's WebUI preloaded in a renderer of its own, which headless never
        // shows: ~500 ms of renderer and ~130 ms of browser CPU per context, a third of a game's cost (measured).
        'WebUIOmniboxPopup,WebUIOmniboxAimPopup',
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
   * A fresh context for one session with a proxy of its own: whatever the context's pages, frames and workers try
   * to send outside the route ends at that proxy, is given to `onRefused` and refused. The caller closes the
   * context, then the proxy.
   *
   * Opening a page costs a renderer process, most of a session's setup (~130 ms on an idle machine, several times
   * that on a busy one). So when the first session of a game ends, the next game's contexts are made ahead, each
   * with its blank page and proxy, while the rest of the game plays and is written. A spare goes to one session
   * only; its page has loaded nothing, and anything its proxy refused before is handed to that session.
   */
  async openContext(options: SessionContextOptions, onRefused: OnRefused): Promise<SessionContext> {
    const browser = await this.get();
    const made = (await this.takeSpare(browser, options)) ?? (await this.makeContext(browser, options, false));
    made.proxy.attach(onRefused);
    this.live++;
    this.together = Math.max(this.together, this.live);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      made.proxy.close();
      this.live--;
      // The first session of a game to end (the idle twin, as a rule) has the next game's contexts made while the
      // other one finishes and the game is written: made any earlier, they would slow this game's own setup, load
      // and play on a machine its two sessions keep busy (measured).
      this.makeSpares(browser, options);
    };
    // A fresh context's page is opened when asked, after the caller's routes and init scripts are in place.
    const page = () => (made.page ? Promise.resolve(made.page) : made.context.newPage());
    return { context: made.context, page, proxy: { ...made.proxy, close } };
  }

  /** sessions holding a context of this host now, and the most there have been at once */
  private live = 0;
  private together = 0;
  /** contexts made ahead, each with its page, and the options they were made with */
  private spares: Array<{ browser: Browser; key: string; made: Promise<MadeContext | null> }> = [];

  /** A spare made with these options on this browser, if one is (or is being) made and is still usable. */
  private async takeSpare(browser: Browser, options: SessionContextOptions): Promise<MadeContext | null> {
    const key = JSON.stringify(options);
    // Spares made for other options (or an earlier browser) would only hold their place: they go.
    for (const stale of this.spares.filter((s) => s.browser !== browser || s.key !== key)) {
      this.spares.splice(this.spares.indexOf(stale), 1);
      void stale.made.then((made) => made && discard(made));
    }
    for (let spare = this.spares.shift(); spare; spare = this.spares.shift()) {
      const made = await spare.made;
      if (made && usable(made, browser)) return made;
      if (made) void discard(made);
    }
    return null;
  }

  /** Starts making spare contexts: one for each session that ran at once (the played run and its idle twin). */
  private makeSpares(browser: Browser, options: SessionContextOptions): void {
    while (this.browser === browser && browser.isConnected() && this.spares.length < Math.min(this.together, MAX_SPARES)) {
      const made = this.makeContext(browser, options, true).catch(noted('making a spare context', null));
      this.spares.push({ browser, key: JSON.stringify(options), made });
    }
  }

  /** A context with its own proxy, and (for a spare) its blank page; nothing is left open when it fails. */
  private async makeContext(browser: Browser, options: SessionContextOptions, withPage: boolean): Promise<MadeContext> {
    if (!this.proxies) throw new Error('a context before the browser was launched');
    const proxy = await this.proxies.open();
    let context: BrowserContext | null = null;
    try {
      // Loopback goes to the proxy too: Chromium skips it by default.
      context = await browser.newContext({ ...options, proxy: { server: proxy.server, bypass: '<-loopback>' } });
      const page = withPage ? await context.newPage() : null;
      page?.once('crash', () => crashed.add(page));
      return { context, page, proxy };
    } catch (error) {
      await context?.close().catch(noted('closing a context whose page did not open', undefined));
      proxy.close();
      throw error;
    }
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
    // The browser's processes are looked for at most twice a second (and whenever no renderer is known yet); in
    // between only the known processes' sizes are read.
    if (performance.now() - this.lastScan > 500 || this.renderers.length === 0) this.findProcesses();
    const renderers = this.renderers.map((pid) => ({ pid, rssMb: readStat(pid)?.rssMb ?? -1 })).filter((r) => r.rssMb >= 0);
    const others = this.others.map((p) => ({ ...p, rssMb: readStat(p.pid)?.rssMb ?? -1 })).filter((p) => p.rssMb >= 0);
    this.renderers = renderers.map((r) => r.pid);
    this.others = others.map(({ pid, what }) => ({ pid, what }));
    return { renderers, others };
  }

  private lastScan = -Infinity;
  private renderers: number[] = [];
  private others: Array<{ pid: number; what: string }> = [];
  private rootPid: number | null = null;
  /**
   * The parent of every process on the machine, by pid, as last read. Reading every process's stat cost 5-15 ms of
   * CPU per scan with ~200 processes (measured), synchronously: on a loaded machine that held up the event loop the
   * sessions' CDP traffic runs on for 15-130 ms at a time, ~90 ms a game. A scan now lists /proc and reads only the
   * processes new since the last one. A pid's parent does not change while it lives (bar re-parenting to init when
   * its parent dies, which brings nothing into this browser's tree).
   */
  private readonly parents = new Map<number, number>();
  private readonly isRenderer = new Map<number, boolean>();
  /** what each non-renderer child is, by pid (null: not Chromium's, like the namespace bridge); per browser */
  private readonly helperNames = new Map<number, string | null>();

  private findProcesses(): void {
    const now = performance.now();
    // A pid that ended is forgotten at the next scan; after a long pause one may have ended and been reused (pids
    // wrap), so the whole table is read again.
    if (now - this.lastScan > PARENTS_FRESH_MS) {
      this.parents.clear();
      this.isRenderer.clear();
      this.helperNames.clear();
    }
    this.lastScan = now;
    const listed = new Set(listPids());
    for (const pid of this.parents.keys()) {
      if (listed.has(pid)) continue;
      this.parents.delete(pid);
      this.isRenderer.delete(pid);
      this.helperNames.delete(pid);
    }
    for (const pid of listed) {
      if (this.parents.has(pid)) continue;
      const stat = readStat(pid);
      if (stat) this.parents.set(pid, stat.ppid);
    }
    if (this.rootPid === null || !listed.has(this.rootPid)) {
      // Playwright starts the browser as a child of this process (the namespace wrapper execs into it): those few
      // are asked first, every process only if need be.
      const isRoot = (pid: number) => hasFlag(commandLine(pid), this.marker);
      const mine = [...this.parents].filter(([, ppid]) => ppid === process.pid).map(([pid]) => pid);
      this.rootPid = mine.find(isRoot) ?? [...this.parents.keys()].find(isRoot) ?? null;
      // A new browser: pids named before may have been reused.
      this.helperNames.clear();
    }
    const children = new Map<number, number[]>();
    for (const [pid, ppid] of this.parents) {
      const siblings = children.get(ppid);
      if (siblings) siblings.push(pid);
      else children.set(ppid, [pid]);
    }
    const found: number[] = [];
    const others: Array<{ pid: number; what: string }> = this.rootPid === null ? [] : [{ pid: this.rootPid, what: 'the browser process' }];
    const walk = (pid: number): void => {
      for (const child of children.get(pid) ?? []) {
        if (!this.isRenderer.has(child)) {
          const line = commandLine(child);
          const renderer = hasFlag(line, '--type=renderer');
          // A renderer forked by the zygote shows the zygote's command line until it renames itself: only a settled
          // answer is kept, so one caught in between is looked at again at the next scan.
          if (renderer || !hasFlag(line, '--type=zygote')) this.isRenderer.set(child, renderer);
        }
        if (this.isRenderer.get(child)) found.push(child);
        else {
          if (!this.helperNames.has(child)) this.helperNames.set(child, helperName(commandLine(child)));
          const what = this.helperNames.get(child);
          if (what) others.push({ pid: child, what });
        }
        walk(child);
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
    // Spares go with their browser; their proxies are closed here (a spare still being made closes its own).
    for (const spare of this.spares.splice(0)) void spare.made.then((made) => made?.proxy.close());
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

/** The options a session's context is made with; its proxy is the host's to give. */
export type SessionContextOptions = Omit<BrowserContextOptions, 'proxy'>;

/** A context for one session and the proxy its traffic outside the route ends at. */
export interface SessionContext {
  context: BrowserContext;
  /** the context's page, to be asked for once: made ahead with a spare context, else opened when asked */
  page(): Promise<Page>;
  proxy: ProxyEndpoint;
}

/** A context as made: its page is there when it was made ahead. */
interface MadeContext {
  context: BrowserContext;
  page: Page | null;
  proxy: ProxyEndpoint;
}

/** Spare contexts kept per browser: a game runs its played run and its idle twin at once. */
const MAX_SPARES = 2;

/** Pages whose renderer died while they waited as spares. */
const crashed = new WeakSet<Page>();

/** A spare can be handed out while its browser, context and page are all still there and its renderer never died. */
function usable(spare: MadeContext, browser: Browser): boolean {
  const { page } = spare;
  return browser.isConnected() && page !== null && !page.isClosed() && !crashed.has(page) && spare.context.pages().length === 1;
}

async function discard(spare: MadeContext): Promise<void> {
  await spare.context.close().catch(noted('closing an unusable spare context', undefined));
  spare.proxy.close();
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

/** How long the table of parents is trusted without a scan: far less than pids take to wrap on a busy machine. */
const PARENTS_FRESH_MS = 2000;

/** The pid of every process on the machine (one directory listing). */
function listPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/** Every process on the machine with its parent and resident memory (one small read per process). */
function listProcesses(): ProcessStat[] {
  return listPids().flatMap((pid) => readStat(pid) ?? []);
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
