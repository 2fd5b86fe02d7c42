import { describe, expect, it } from 'vitest';
import { answerCdnUrl, resolveCdnUrl } from '../../harness/network/cdnLibraries.ts';

describe('CDN copies of game libraries', () => {
  it.each([
    ['https://cdn.jsdelivr.net/npm/phaser@3.60.0/dist/phaser.min.js', 'phaser3/dist/phaser.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/phaser/3.55.2/phaser.min.js', 'phaser3/dist/phaser.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/three.js/r128/three.min.js', 'three-r128/build/three.min.js'],
    ['https://unpkg.com/three@0.160.0/build/three.module.js', 'three/build/three.module.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/p5.js/1.9.0/p5.min.js', 'p5-v1/lib/p5.min.js'],
    ['https://cdn.jsdelivr.net/npm/p5@2.0.0/lib/p5.min.js', 'p5/lib/p5.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/pixi.js/7.2.4/pixi.min.js', 'pixi7/dist/pixi.min.js'],
    ['https://unpkg.com/pixi.js@8.0.0/dist/pixi.min.js', 'pixi.js/dist/pixi.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/pixi.js/6.5.2/browser/pixi.min.js', 'pixi6/dist/browser/pixi.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/p5.js/0.10.2/p5.min.js', 'p5-v0/lib/p5.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/matter-js/0.19.0/matter.min.js', 'matter-js/build/matter.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/howler/2.2.3/howler.min.js', 'howler/dist/howler.min.js'],
    ['https://unpkg.com/kaboom@3000.0.1/dist/kaboom.mjs', 'kaboom/dist/kaboom.mjs'],
    ['https://unpkg.com/kaplay@3001/dist/kaplay.js', 'kaplay/dist/kaplay.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/gsap/3.12.2/gsap.min.js', 'gsap/dist/gsap.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/tone/14.8.49/Tone.js', 'tone14/build/Tone.js'],
    ['https://cdn.jsdelivr.net/gh/photonstorm/phaser@3.60.0/dist/phaser.js', 'phaser3/dist/phaser.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/phaser/2.4.2/phaser.min.js', 'phaser2/build/phaser.min.js'],
    ['https://cdn.jsdelivr.net/npm/phaser-ce@2.20.0/build/phaser.min.js', 'phaser2/build/phaser.min.js'],
    ['https://cdn.jsdelivr.net/npm/phaser@4.0.0/dist/phaser.min.js', 'phaser/dist/phaser.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/three.js/r75/three.min.js', 'three-r84/build/three.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/three.js/r84/three.min.js', 'three-r84/build/three.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/three.js/r99/three.min.js', 'three-r124/build/three.min.js'],
    ['https://unpkg.com/three@0.124.0/build/three.min.js', 'three-r124/build/three.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/three.js/r134/three.min.js', 'three-r128/build/three.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/matter-js/0.14.2/matter.min.js', 'matter-js/build/matter.min.js'],
  ])('%s is served from %s', (url, from) => {
    expect(resolveCdnUrl(url)?.from).toBe(from);
  });

  it('serves nothing for unknown hosts and libraries', () => {
    expect(resolveCdnUrl('https://example.com/phaser.min.js')).toBeNull();
    expect(resolveCdnUrl('https://cdn.jsdelivr.net/npm/left-pad@1.3.0/index.js')).toBeNull();
  });

  it('records the version the URL asked for and the version that answers', () => {
    expect(resolveCdnUrl('https://cdnjs.cloudflare.com/ajax/libs/phaser/2.4.2/phaser.min.js')).toMatchObject({
      requested: 'phaser@2.4.2',
      version: '2.20.2',
    });
    expect(resolveCdnUrl('https://cdnjs.cloudflare.com/ajax/libs/three.js/r75/three.min.js')).toMatchObject({
      requested: 'three.js@r75',
      version: '0.84.0',
    });
  });

  it('prefers the exact version when a copy of it is installed, else the next newer copy of the same line', () => {
    expect(resolveCdnUrl('https://unpkg.com/three@0.84.0/build/three.js')?.version).toBe('0.84.0');
    expect(resolveCdnUrl('https://unpkg.com/three@0.85.0/build/three.js')?.version).toBe('0.124.0');
    expect(resolveCdnUrl('https://unpkg.com/three@0.128.0/build/three.js')?.version).toBe('0.128.0');
    // Newer than every copy of its line: the newest of the line, never the next line.
    expect(resolveCdnUrl('https://unpkg.com/phaser@3.99.0/dist/phaser.min.js')?.from).toBe('phaser3/dist/phaser.min.js');
  });

  it.each([
    ['https://cdn.jsdelivr.net/npm/phaser/dist/phaser.min.js', 'phaser/dist/phaser.min.js'],
    ['https://cdn.jsdelivr.net/npm/phaser@latest/dist/phaser.min.js', 'phaser/dist/phaser.min.js'],
    ['https://unpkg.com/three/build/three.module.js', 'three/build/three.module.js'],
    ['https://esm.sh/three', 'three/build/three.module.js'],
  ])('%s (no version) is served the newest copy, %s', (url, from) => {
    expect(resolveCdnUrl(url)?.from).toBe(from);
  });

  it.each([
    ['https://cdnjs.cloudflare.com/ajax/libs/phaser/5.0.0/phaser.min.js', 'no offline copy of phaser 5.x'],
    ['https://unpkg.com/pixi.js@5.3.3/dist/pixi.min.js', 'no offline copy of pixi.js 5.x'],
    ['https://unpkg.com/kaboom@2000.2.10/dist/kaboom.js', 'no offline copy of kaboom 2000.x'],
    ['https://unpkg.com/three@1.0.0/build/three.min.js', 'no offline copy of three 1.x'],
  ])('%s is refused, not swapped for another major', (url, reason) => {
    expect(answerCdnUrl(url)).toEqual({ kind: 'no-copy', reason });
    expect(resolveCdnUrl(url)).toBeNull();
  });

  it('a file the chosen copy lacks is not fetched from another version', () => {
    // three.min.js left the package in r160: the page would get a 404 from the real CDN too.
    expect(resolveCdnUrl('https://unpkg.com/three@0.170.0/build/three.min.js')).toBeNull();
  });
});
