import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SANDBOX_SOURCE = readFileSync(fileURLToPath(new URL('../page/sandbox.js', import.meta.url)), 'utf8');

export interface SandboxConfig {
  seed: number;
  /** epoch ms at which the game starts: virtual time 0 */
  start: number;
  /** name of the harness binding the sandbox reports through */
  binding: string;
  /** name of the hidden window property holding the sandbox's counters */
  key: string;
}

/**
 * The game's HTML with the sandbox script first, so it runs before any of the game's code.
 * It goes right after a doctype: anything before one would switch the page to quirks mode.
 */
export function withSandbox(html: string, config: SandboxConfig): string {
  const script = `<script>${SANDBOX_SOURCE.replace('__GAMEGYM_CONFIG__', JSON.stringify(config))}</script>`;
  const doctype = /^\s*(?:<!--[\s\S]*?-->\s*)*<!doctype[^>]*>/i.exec(html);
  if (!doctype) return script + html;
  return html.slice(0, doctype[0].length) + script + html.slice(doctype[0].length);
}
