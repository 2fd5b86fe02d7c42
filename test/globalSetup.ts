import { readdirSync, readFileSync } from 'node:fs';

/** Chromium processes on the machine now (pid list), by their command line. */
function chromiumProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (/chrom(e|ium)/i.test(cmd.split('\0')[0] ?? '') && cmd.includes('--gamegym-host=')) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

export default function setup() {
  const before = new Set(chromiumProcesses());
  return async () => {
    // Every browser, context and page has one owner that closes it: none may outlive the suite.
    let left: number[] = [];
    for (let i = 0; i < 20; i++) {
      left = chromiumProcesses().filter((pid) => !before.has(pid));
      if (left.length === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${left.length} gamegym Chromium processes were left behind after the suite: ${left.join(', ')}`);
  };
}
