// Finds a Chromium for the harness; installs Debian's `chromium` when running as root with apt; else says what to do.
import { ensureChromium } from '../harness/browser/ensureChromium.ts';

try {
  const found = ensureChromium();
  process.stderr.write(`[setup] Chromium: ${found.path} (${found.source})\n`);
} catch (error) {
  process.stderr.write(`[setup] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
