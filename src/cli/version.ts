import { readFileSync } from 'node:fs';

/**
 * gamegym's version, as package.json says (`gamegym --version`). Read by hand, not with zod: `--version` and
 * `--help` load no library at all.
 */
export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}
