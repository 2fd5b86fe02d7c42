// The harness: plays a game in headless Chromium on a virtual clock, offline, and records what happened.
export { DEFAULT_DURATION_MS, DEFAULT_VIEWPORT, STOPPED_STATUSES, isStopped, LAST_INPUT_MARGIN_MS } from './defaults.ts';
export { runGame, type GameInput, type GameRun, type HarnessOptions } from './runGame.ts';
export { Harness } from './pool.ts';
export { BrowserHost } from './browser/browserHost.ts';
export { findChromium } from './browser/findChromium.ts';
export { ensureChromium } from './browser/ensureChromium.ts';
export { loadGameFile } from './loadGame.ts';
export { defaultScript } from './play/defaultScript.ts';
export { DEFAULT_LIMITS, type Limits } from './session/limits.ts';
export { resolveCdnUrl } from './network/cdnLibraries.ts';
export { judgeDirectedEvidence, findJudgeDirectedText } from './record/judgeDirected.ts';
