import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** Processes whose command line carries this suite's owner tag (every Chromium a test launched has it). */
function suiteBrowsers(tag: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(tag)) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

export default function setup() {
  // Test workers inherit this; BrowserHost puts it on each Chromium's command line.
  process.env.GAMEGYM_OWNER = `suite-${randomUUID()}`;
  const tag = `--gamegym-owner=${process.env.GAMEGYM_OWNER}`;
  return async () => {
    // Every browser, context and page has one owner that closes it: none may outlive the suite.
    let left: number[] = [];
    for (let i = 0; i < 20; i++) {
      left = suiteBrowsers(tag);
      if (left.length === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${left.length} Chromium processes of this suite were left behind: ${left.join(', ')}`);
  };
}
