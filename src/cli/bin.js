#!/usr/bin/env node
// gamegym is written in TypeScript. It runs the JavaScript that scripts/build.js compiled into
// node_modules/.cache/gamegym/ (npm's `prepare` builds it on install) while that build is current: every source
// still has the mtime it had when compiled (one stat per file and folder, about a millisecond). Else it builds
// first, and when it cannot (no esbuild, another process still building) tsx compiles the sources as they load.
// GAMEGYM_FROM_SOURCE=1 always runs the sources with tsx (stack traces then name the .ts files); with DEBUG=gamegym*
// a failed build says why.
import { build, currentStamp, entryOf } from '../../scripts/build.js';

function buildFailed(error) {
  if (process.env.DEBUG?.includes('gamegym')) process.stderr.write(`gamegym: build failed, running from source: ${error}\n`);
  return null;
}

const fromSource = process.env.GAMEGYM_FROM_SOURCE === '1';
const stamp = fromSource ? null : (currentStamp() ?? (await build().catch(buildFailed)));
if (stamp) {
  const { main } = await import(entryOf(stamp));
  await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('./main.ts');
  await main(process.argv);
}
