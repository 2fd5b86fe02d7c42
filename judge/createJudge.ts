import type { GameTrace } from '../harness/schema/index.ts';
import type { JudgeVerdict, Pricing, JudgedTask, Verdict } from './schema/index.ts';
import { combineVerdicts } from './combine.ts';
import { judgeWithModel, parseJudgeArg, type ChatTransport, type ModelJudgeConfig } from './model/index.ts';
import { judgeOffline, readHudTracks } from './offline/index.ts';

/** What a judge gets: the trace of one played game, its folder, the task it was built for, and its code. */
interface JudgeInput {
  trace: GameTrace;
  /** absolute trace folder */
  dir: string;
  task?: JudgedTask;
  /** the game's HTML (model judges read it; default: game.html in the trace folder) */
  code?: string;
}

/** Scores one played game. It throws only when it is itself broken. */
export interface Judge {
  /** "offline", or "offline+openai:<model>[+openai:<model>...]" */
  readonly name: string;
  judge(input: JudgeInput): Promise<Verdict>;
}

/** Settings every model judge of one `--judge` list shares. */
export interface JudgeSettings {
  /**
   * How model judges reach their endpoint (src/llm's `openaiTransport` in gamegym): required when the list
   * names an `openai:<model>` judge, unused by the offline judge.
   */
  transport?: ChatTransport;
  cacheDir?: string;
  noCache?: boolean;
  pricing?: Pricing;
}

export const JUDGE_HELP =
  'offline (scores from the frames and the trace), or openai:<model> (a vision model judge, blended with the ' +
  'offline one); repeat it or give a comma list for an ensemble of model judges';

/** The judge specs of a `--judge` value list: comma lists split, duplicates and "offline" (always on) dropped. */
export function judgeSpecs(values: string | string[]): string[] {
  const specs = [values]
    .flat()
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set(specs.filter((s) => s !== 'offline'))];
}

/**
 * The judge a `--judge` list names. The offline judge always runs; each `openai:<model>` judges the same game
 * too, and `combineVerdicts` blends them (several models: an ensemble, with their disagreement reported).
 * A model judge that fails leaves the offline verdict, with the failure recorded. Throws for an unknown judge,
 * or a model judge without `settings.transport`.
 */
export function createJudge(values: string | string[], settings: JudgeSettings = {}): Judge {
  const { transport, ...shared } = settings;
  const models: ModelJudgeConfig[] = judgeSpecs(values).map((spec) => {
    const parsed = parseJudgeArg(spec);
    if (parsed.kind !== 'openai') throw new Error(`unknown judge "${spec}": use offline or openai:<model>`);
    if (!transport) throw new Error(`judge "${spec}" needs a transport to its endpoint (settings.transport), and none was given`);
    return { ...shared, model: parsed.model, transport };
  });
  return {
    name: ['offline', ...models.map((m) => `openai:${m.model}`)].join('+'),
    async judge({ trace, dir, task, code }) {
      // The HUD is read once for every judge of the game: the OCR is the dearest part of each judge's reading.
      const hud = models.length > 0 ? readHudTracks(trace, dir) : undefined;
      const judges: Array<Promise<JudgeVerdict>> = [
        judgeOffline({ trace, dir, task, hud }),
        ...models.map((config) => judgeWithModel({ trace, dir, task, code, hud }, config)),
      ];
      // `?? []`: a trace built in code without the schema may lack the field (trace.json files get [] on parse).
      return combineVerdicts(trace.status, await Promise.all(judges), trace.judgeDirected ?? []);
    },
  };
}
