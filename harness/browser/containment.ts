import { execFileSync } from 'node:child_process';
import type { Containment } from '../schema/index.ts';

/** How Chromium is started: in a namespace (and with which `unshare` flags), or as it is. */
export interface ContainmentPlan extends Containment {
  /** `unshare` flags that make the namespace; empty for the browser-only layer */
  unshare: string[];
}

const NAMESPACES: Array<{ kind: 'netns' | 'userns'; unshare: string[]; note: string }> = [
  { kind: 'netns', unshare: ['--net'], note: 'Chromium runs in a network namespace that holds only loopback' },
  {
    kind: 'userns',
    unshare: ['--user', '--map-root-user', '--net'],
    note: 'Chromium runs in an unprivileged user and network namespace that holds only loopback',
  },
];

export type ContainmentWanted = 'auto' | 'namespace' | 'browser';
let probed: ContainmentPlan | null = null;

/**
 * Decides once per process how games are kept off the network. The first namespace this machine lets us make wins
 * (tried by making one and raising its loopback, as the launch will); without one, the browser-level defences are
 * all there is, and that is said once on stderr. GAMEGYM_CONTAINMENT=browser asks for the browser-level layer only;
 * GAMEGYM_CONTAINMENT=namespace refuses to run without a namespace.
 */
export function chooseContainment(
  wanted: string = process.env.GAMEGYM_CONTAINMENT || 'auto',
  warn: (line: string) => void = (l) => process.stderr.write(`[gamegym] ${l}\n`),
): ContainmentPlan {
  if (!['auto', 'namespace', 'browser'].includes(wanted)) {
    throw new Error(`GAMEGYM_CONTAINMENT must be auto, namespace or browser, not "${wanted}"`);
  }
  if (wanted === 'browser') return { kind: 'browser', unshare: [], note: 'asked for the browser-level defences only (no namespace)' };
  if (probed && (probed.kind !== 'browser' || wanted === 'auto')) return probed;
  const failures: string[] = [];
  for (const candidate of NAMESPACES) {
    const failure = tryNamespace(candidate.unshare);
    if (failure === null) {
      probed = { ...candidate };
      return probed;
    }
    failures.push(`unshare ${candidate.unshare.join(' ')}: ${failure}`);
  }
  const why = failures.join('; ');
  if (wanted === 'namespace') throw new Error(`GAMEGYM_CONTAINMENT=namespace, but no network namespace can be made here (${why})`);
  if (!probed)
    warn(
      `no network namespace can be made on this machine (${why}); games run with the browser-level defences only. ` +
        'Run as root, or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), and install util-linux and iproute2.',
    );
  probed = { kind: 'browser', unshare: [], note: `only the browser-level defences: no network namespace could be made (${why})` };
  return probed;
}

/** null when `unshare <flags>` can make a namespace and raise its loopback; else why not. */
function tryNamespace(flags: string[]): string | null {
  try {
    execFileSync('unshare', [...flags, '--', 'ip', 'link', 'set', 'lo', 'up'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return (stderr || (error instanceof Error ? error.message : String(error))).split('\n')[0]!.slice(0, 160);
  }
}
