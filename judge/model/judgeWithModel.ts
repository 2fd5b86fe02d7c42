import createDebug from 'debug';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GameTrace } from '../../harness/schema/index.ts';
import { ModelReply, type ModelVerdict, type JudgedTask } from '../schema/index.ts';
import { callForJson } from './callForJson.ts';
import { judgeName, resolveConfig, type ModelJudgeConfig } from './config.ts';
import { playedAndIdleSheets, sheetFacts, type ContactSheet } from './contactSheet.ts';
import { buildJudgeMessages, PROMPT_VERSION } from './prompt.ts';
import { type HudTracks, readHudTracks } from '../offline/hud.ts';
import { hudSummary } from '../offline/logic.ts';
import { checklistAnswers, checklistProblem, itemReasons, MODEL_GATE, scoreReply, ZERO } from './scoring.ts';
import { NO_TOKENS, priceUsage } from './usage.ts';

const debug = createDebug('gamegym:judge');

/** One played game as the model judge sees it. */
export interface ModelJudgeInput {
  trace: GameTrace;
  /** the trace folder (frame paths are relative to it) */
  dir: string;
  task?: JudgedTask;
  /** the game's HTML; default the trace folder's game.html (the harness writes it) */
  code?: string;
  /** the HUD of both runs, when the offline judge of the same game is reading it already (read here otherwise) */
  hud?: Promise<HudTracks> | undefined;
}

/** The game's code: as given, else the copy the harness kept in the trace folder, else none. */
export async function gameCode(input: ModelJudgeInput): Promise<string> {
  if (input.code !== undefined) return input.code;
  const path = join(input.dir, 'game.html');
  return readFile(path, 'utf8').catch((error: unknown) => {
    // A trace folder without game.html (built by hand, or by an older harness) is judged without code.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') debug('cannot read %s, judged without code: %O', path, error);
    return '';
  });
}

/**
 * Judges one game with one multimodal model in one request (plus one per rejected reply). Never throws for
 * anything the model or the endpoint does: a failure comes back as a verdict with `error` set and zero
 * scores that are not to be used. A game that never rendered is not sent at all: the gate makes it 0.
 */
export async function judgeWithModel(input: ModelJudgeInput, options: ModelJudgeConfig): Promise<ModelVerdict> {
  const config = resolveConfig(options);
  const judge = judgeName(config.model);
  const { trace } = input;
  const gate = MODEL_GATE[trace.status];
  const code = await gameCode(input);
  const notSent = {
    judge,
    scores: ZERO,
    subscores: {},
    usage: priceUsage(NO_TOKENS, config.model, config.pricing),
    details: {
      promptVersion: PROMPT_VERSION,
      responseFormat: 'none' as const,
      cache: 'none' as const,
      cacheKey: null,
      attempts: [],
      rejected: [],
      images: [],
      codeChars: code.length,
      codeTruncated: false,
      gate,
      reply: null,
    },
  };
  if (gate === 0 || trace.played.frames.length === 0) {
    const why = gate === 0 ? `the game did not run (${trace.status}: ${trace.played.reason})` : 'the run captured no frames';
    return {
      ...notSent,
      details: { ...notSent.details, gate: 0 },
      reasons: [`not sent to the model: ${why}; scores 0 by the execution gate`],
    };
  }

  const { tiles, played, idle } = await playedAndIdleSheets(trace, input.dir, { maxFrames: config.maxFrames, width: config.sheetWidth });
  const sheets = [played, idle].filter((s): s is ContactSheet => s !== null);
  const hud = hudSummary(await (input.hud ?? readHudTracks(trace, input.dir)));
  const prompt = buildJudgeMessages({ trace, task: input.task, code, tiles, played, idle, maxCodeChars: config.maxCodeChars, hud });
  const checklistCount = input.task?.checklist.length ?? 0;
  const result = await callForJson({
    config,
    kind: 'judge',
    schema: ModelReply,
    schemaName: 'game_judgement',
    refine: input.task ? (reply) => checklistProblem(reply, checklistCount) : undefined,
    messages: prompt.messages,
    images: sheets.length,
  });
  const details = {
    ...result.facts,
    images: sheets.map((sheet) => sheetFacts(sheet)),
    codeChars: prompt.codeChars,
    codeTruncated: prompt.codeTruncated,
    gate,
    reply: result.value,
  };
  const usage = priceUsage(result.tokens, config.model, config.pricing);
  if (!result.value)
    return { judge, scores: ZERO, subscores: {}, reasons: [result.error ?? 'no reply'], usage, error: result.error ?? 'no reply', details };

  const reply = result.value;
  const { scores, subscores } = scoreReply(reply, gate);
  const reasons = [
    reply.summary,
    ...(gate < 1 ? [`execution gate x${gate}: the harness stopped the game (${trace.status}: ${trace.played.reason})`] : []),
    ...(result.facts.cache === 'hit' ? ['reply from the judge cache (no request made)'] : []),
    ...itemReasons(reply),
  ];
  return {
    judge,
    scores,
    subscores,
    reasons,
    checklist: input.task ? checklistAnswers(reply, input.task.checklist) : [],
    usage,
    details,
  };
}
