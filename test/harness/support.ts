import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GameInput } from '../../harness/index.ts';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A fixture game by its path under test/fixtures/. */
export function fixtureGame(path: string): GameInput {
  return { name: path, html: readFileSync(join(fixtures, path), 'utf8') };
}

/** A fresh temporary folder for trace output, inside the suite's own one that test/globalSetup.ts removes at the end. */
export function tempDir(prefix = 'gamegym-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
