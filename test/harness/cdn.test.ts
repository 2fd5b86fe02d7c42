import { describe, expect, it } from 'vitest';
import { resolveCdnUrl } from '../../harness/network/cdnLibraries.ts';

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
    ['https://cdnjs.cloudflare.com/ajax/libs/matter-js/0.19.0/matter.min.js', 'matter-js/build/matter.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/howler/2.2.3/howler.min.js', 'howler/dist/howler.min.js'],
    ['https://unpkg.com/kaboom@3000.0.1/dist/kaboom.mjs', 'kaboom/dist/kaboom.mjs'],
    ['https://unpkg.com/kaplay@3001/dist/kaplay.js', 'kaplay/dist/kaplay.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/gsap/3.12.2/gsap.min.js', 'gsap/dist/gsap.min.js'],
    ['https://cdnjs.cloudflare.com/ajax/libs/tone/14.8.49/Tone.js', 'tone14/build/Tone.js'],
    ['https://cdn.jsdelivr.net/gh/photonstorm/phaser@3.60.0/dist/phaser.js', 'phaser3/dist/phaser.js'],
  ])('%s is served from %s', (url, from) => {
    expect(resolveCdnUrl(url)?.from).toBe(from);
  });

  it('serves nothing for unknown hosts and libraries', () => {
    expect(resolveCdnUrl('https://example.com/phaser.min.js')).toBeNull();
    expect(resolveCdnUrl('https://cdn.jsdelivr.net/npm/left-pad@1.3.0/index.js')).toBeNull();
  });
});
