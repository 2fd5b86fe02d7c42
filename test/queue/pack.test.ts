import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packFolder } from '../../src/queue/index.ts';
import { unpackInto } from '../../src/queue/pack.ts';
import { tempDir } from '../eval/support.ts';

/** A packed buffer made by hand, with whatever header a hostile or broken sender would put in it. */
function handPacked(header: unknown, body: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return gzipSync(Buffer.concat([length, json, body]));
}

describe('packed trace folders', () => {
  it('come back byte for byte, sub-folders and dot files included, replacing what the folder held', async () => {
    const source = tempDir('gamegym-pack-');
    mkdirSync(join(source, 'frames'));
    writeFileSync(join(source, 'trace.json'), '{"status":"ok"}');
    writeFileSync(join(source, '.gamegym-trace'), '');
    writeFileSync(join(source, 'frames', 'played-001000.png'), Buffer.from([0, 1, 2, 255]));
    const packed = await packFolder(source);
    expect(packed.sha256).toMatch(/^[0-9a-f]{64}$/);

    const target = join(tempDir('gamegym-pack-'), 'trace');
    mkdirSync(target);
    writeFileSync(join(target, 'stale.png'), 'from an earlier play');
    await unpackInto(packed.bytes, target);
    expect(readFileSync(join(target, 'trace.json'), 'utf8')).toBe('{"status":"ok"}');
    expect([...readFileSync(join(target, 'frames', 'played-001000.png'))]).toEqual([0, 1, 2, 255]);
    expect(readFileSync(join(target, '.gamegym-trace'), 'utf8')).toBe('');
    expect(() => readFileSync(join(target, 'stale.png'))).toThrow();
  });

  it('refuse paths that would write outside the folder, and sizes that do not add up', async () => {
    const target = join(tempDir('gamegym-pack-'), 'trace');
    for (const path of ['../evil', 'frames/../../evil', '/etc/evil', './x', 'a//b'])
      await expect(unpackInto(handPacked([{ path, size: 1 }], Buffer.from('x')), target), path).rejects.toThrow(/plain relative path/);
    await expect(unpackInto(handPacked([{ path: 'a', size: 5 }], Buffer.from('x')), target)).rejects.toThrow(/header says/);
  });
});
