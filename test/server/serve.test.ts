import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../eval/support.ts';

// `gamegym serve` as a process: what it refuses before it starts anything. The server itself is tested through
// startServer (api.test.ts); the UI's end-to-end tests run the whole command.
const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('gamegym serve', () => {
  it('refuses a database that does not exist, and creates none', () => {
    const dir = tempDir('gamegym-serve-');
    try {
      const db = join(dir, 'missing.db');
      const result = run(['serve', '--db', db, '--port', '0']);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`no results database at ${db}`);
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not a number', () => {
    const result = run(['serve', '--port', 'http']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/--port must be a whole number/);
  });
});
