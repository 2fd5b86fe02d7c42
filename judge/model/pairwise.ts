import { PairwiseReply, type PairwiseResult, type PairwiseSide } from '../schema/index.ts';
import { callForJson } from './callForJson.ts';
import { judgeName, resolveConfig, type ModelJudgeConfig } from './config.ts';
import { composeSheet, sheetFacts, sheetTiles } from './contactSheet.ts';
import { gameCode, type ModelJudgeInput } from './judgeWithModel.ts';
import { buildPairwiseMessages, type PairwiseGame } from './prompt.ts';
import { MODEL_GATE } from './scoring.ts';
import { NO_TOKENS, priceUsage, sumUsage } from './usage.ts';

const KEYS = ['correctness', 'aesthetics', 'dynamics', 'overall'] as const;
type Sides = Record<(typeof KEYS)[number], PairwiseSide>;

function all(side: PairwiseSide): Sides {
  return { correctness: side, aesthetics: side, dynamics: side, overall: side };
}

/**
 * Which of two games of the same task is better. Asked twice, once in each order, because models favour
 * a position; a side wins a dimension only when both orders pick it, any disagreement is a tie. A game
 * that did not run loses to one that did without a request; a failed order makes the result a tie with
 * the error recorded.
 */
export async function judgePairwise(a: ModelJudgeInput, b: ModelJudgeInput, options: ModelJudgeConfig): Promise<PairwiseResult> {
  if (a.task && b.task && a.task.id !== b.task.id) {
    throw new Error(`pairwise judging compares two games of one task, got "${a.task.id}" and "${b.task.id}"`);
  }
  const config = resolveConfig(options);
  const judge = judgeName(config.model);
  const ran = (g: ModelJudgeInput) => MODEL_GATE[g.trace.status] > 0 && g.trace.played.frames.length > 0;
  const noCall = priceUsage(NO_TOKENS, config.model, config.pricing);
  if (!ran(a) || !ran(b)) {
    const winner: PairwiseSide = ran(a) ? 'a' : ran(b) ? 'b' : 'tie';
    const why = `not sent to the model: ${[a, b].map((g, i) => `${i ? 'b' : 'a'} ${g.trace.status}`).join(', ')}`;
    return { judge, winner, dimensions: all(winner), orders: [], reasons: [why], usage: noCall, error: null };
  }

  const side = async (g: ModelJudgeInput): Promise<PairwiseGame> => {
    const tiles = sheetTiles(g.trace, config.maxFrames);
    const played = await composeSheet('played', g.dir, tiles, g.trace.viewport, { maxFrames: config.maxFrames, width: config.sheetWidth });
    return { trace: g.trace, code: await gameCode(g), tiles, played };
  };
  const [sideA, sideB] = await Promise.all([side(a), side(b)]);
  const task = a.task ?? b.task;
  const orders = await Promise.all(
    (['a', 'b'] as const).map(async (first) => {
      const [one, two] = first === 'a' ? [sideA, sideB] : [sideB, sideA];
      const result = await callForJson({
        config,
        kind: 'pairwise',
        schema: PairwiseReply,
        schemaName: 'game_comparison',
        messages: buildPairwiseMessages(task, one, two, config.maxCodeChars),
        images: 2,
      });
      const second = first === 'a' ? 'b' : 'a';
      const map = (p: 'first' | 'second' | 'tie'): PairwiseSide => (p === 'first' ? first : p === 'second' ? second : 'tie');
      const reply = result.value;
      return {
        first,
        dimensions: reply ? (Object.fromEntries(KEYS.map((k) => [k, map(reply[k].preferred)])) as Sides) : null,
        reasons: reply ? KEYS.map((k) => `${k}: ${map(reply[k].preferred)} (${reply[k].reason})`) : [],
        error: result.error,
        call: {
          ...result.facts,
          images: [one, two].flatMap((s, i) => (s.played ? [sheetFacts(s.played, i ? 'second' : 'first')] : [])),
          codeChars: one.code.length + two.code.length,
          codeTruncated: false,
        },
        usage: priceUsage(result.tokens, config.model, config.pricing),
      };
    }),
  );
  const usage = sumUsage(orders.map((o) => o.usage));
  const records = orders.map(({ usage: _, ...o }) => o);
  const failed = orders.find((o) => o.error);
  if (failed)
    return {
      judge,
      winner: 'tie',
      dimensions: all('tie'),
      orders: records,
      reasons: [`order ${failed.first} first failed: ${failed.error}`],
      usage,
      error: failed.error,
    };

  const [ab, ba] = [orders[0]!.dimensions!, orders[1]!.dimensions!];
  const dimensions = Object.fromEntries(KEYS.map((k) => [k, ab[k] === ba[k] ? ab[k] : 'tie'])) as Sides;
  const reasons = KEYS.map((k) =>
    ab[k] === ba[k] ? `${k}: ${ab[k]} in both orders` : `${k}: tie, the orders disagree (a first: ${ab[k]}, b first: ${ba[k]})`,
  );
  return { judge, winner: dimensions.overall, dimensions, orders: records, reasons, usage, error: null };
}
