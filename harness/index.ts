// The harness: plays a game in headless Chromium on a virtual clock, offline, and records what happened.
// Only what other folders use; anything else is imported from its own file.
export { DEFAULT_DURATION_MS } from './defaults.ts';
export { runGame, type GameInput, type GameRun, type HarnessOptions } from './runGame.ts';
export { Harness } from './pool.ts';
export { BrowserHost } from './browser/browserHost.ts';
export { loadGameFile } from './loadGame.ts';
export type { Limits } from './session/limits.ts';
export { judgeDirectedEvidence } from './record/judgeDirected.ts';
