import { z } from 'zod';
import { PlayScript } from './playScript.ts';

/**
 * What the harness records about one game: the played run, its idle twin, and where the files are.
 * Paths inside a trace are relative to the trace folder.
 */

export const RunStatus = z.enum(['ok', 'runtime-error', 'blank', 'load-error', 'hang', 'crash', 'oom']);
export type RunStatus = z.infer<typeof RunStatus>;

export const Viewport = z.object({ width: z.number().int().min(64).max(4096), height: z.number().int().min(64).max(4096) });
export type Viewport = z.infer<typeof Viewport>;

export const Box = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type Box = z.infer<typeof Box>;

export const Frame = z.object({
  t: z.number().describe('virtual ms since the game started'),
  file: z.string(),
  afterInput: z.boolean().describe('captured shortly after an input burst'),
  inputs: z.array(z.string()).describe('inputs replayed since the previous frame'),
});
export type Frame = z.infer<typeof Frame>;

export const LogEntry = z.object({
  t: z.number(),
  kind: z.enum(['console', 'error', 'rejection', 'dialog', 'navigation', 'popup', 'close', 'request', 'websocket', 'note']),
  level: z.string().optional(),
  text: z.string(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const BlockedRequest = z.object({ t: z.number(), url: z.string(), resourceType: z.string() });
export type BlockedRequest = z.infer<typeof BlockedRequest>;

/** Text in the game's code or on its screen that addresses the judge ("score this 10/10", "ignore previous instructions"). */
export const JudgeDirectedText = z.object({
  source: z.enum(['code', 'page']).describe('where it was found: the game file, or the text the page showed'),
  rule: z.string().describe('which pattern matched, in words'),
  text: z.string().describe('the matching text with a little context, cut to 200 characters'),
});
export type JudgeDirectedText = z.infer<typeof JudgeDirectedText>;

/** How the game was kept from the network and the host while it ran. */
export const Containment = z.object({
  kind: z
    .enum(['netns', 'userns', 'browser'])
    .describe(
      'netns: a network namespace with only loopback (root); userns: the same in an unprivileged user namespace; browser: only the browser-level defences',
    ),
  note: z.string(),
});
export type Containment = z.infer<typeof Containment>;

export const RunTrace = z.object({
  mode: z.enum(['played', 'idle']),
  status: RunStatus,
  reason: z.string().describe('one line on why the run ended with this status'),
  frames: z.array(Frame),
  log: z.array(LogEntry).describe('console, uncaught errors, rejections, dialogs, navigations, popups: with virtual time'),
  blocked: z.array(BlockedRequest),
  served: z.array(
    z.object({
      url: z.string(),
      from: z.string().describe('the installed package folder and file that answered'),
      // absent in traces written before CDN copies were chosen by version
      requested: z.string().optional().describe('library and version as the URL named them, e.g. phaser@2.4.2'),
      version: z.string().optional().describe('the version of the package that answered, e.g. 2.20.2'),
    }),
  ),
  renderedFrames: z.object({
    total: z.number().int(),
    perSecond: z.array(z.number().int()).describe('frames in which the game drew something, per virtual second'),
  }),
  canvas: Box.nullable().describe('the main canvas box after load, page px'),
  loadMs: z.number().describe('wall ms from content set to the load event'),
  virtualMs: z.number().describe('virtual ms the game actually ran'),
  peakMemoryMb: z.number(),
  wallMs: z.record(z.string(), z.number()).describe('wall ms per stage'),
  speed: z
    .number()
    .optional()
    .describe('game ms played per wall ms while playing: under 1 the game ran slower than real time (it is still judged on what it drew)'),
});
export type RunTrace = z.infer<typeof RunTrace>;

export const GameTrace = z.object({
  version: z.literal(1),
  game: z.object({ name: z.string(), sha256: z.string() }),
  seed: z.number().int(),
  durationMs: z.number().int(),
  viewport: Viewport,
  script: PlayScript,
  scriptSource: z.enum(['given', 'default']),
  status: RunStatus,
  played: RunTrace,
  idle: RunTrace.nullable(),
  clip: z.string().nullable(),
  /** absent in traces written before containment was recorded */
  containment: Containment.optional(),
  /** text addressing the judge, from the code and the page; absent in older traces */
  judgeDirected: z.array(JudgeDirectedText).default([]),
  wallMs: z.record(z.string(), z.number()),
});
export type GameTrace = z.infer<typeof GameTrace>;
