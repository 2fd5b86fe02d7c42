import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  // One temporary folder for the whole suite, removed at the end: every tmpdir() of the test workers and of the
  // processes they start (the CLI, Chromium and Playwright's profiles) lands in it, so nothing is left in /tmp.
  const suiteTmp = mkdtempSync(join(tmpdir(), 'gamegym-suite-'));
  const outerTmp = process.env.TMPDIR;
  process.env.TMPDIR = suiteTmp;
  return async () => {
    // Every browser, context and page has one owner that closes it: none may outlive the suite.
    let left: number[] = [];
    for (let i = 0; i < 20; i++) {
      left = suiteBrowsers(tag);
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Kept when browsers are left behind: they may still write there, and it shows what they were doing.
    if (left.length > 0) throw new Error(`${left.length} Chromium processes of this suite were left behind: ${left.join(', ')}`);
    rmSync(suiteTmp, { recursive: true, force: true });
    if (outerTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outerTmp;
  };
}
