import type { Command } from 'commander';
import { join } from 'node:path';
import { loadTask } from '../tasks/index.ts';
import { loadGameFile } from '../../harness/index.ts';
import { judgeSpecs } from '../../judge/index.ts';
import { judgePairwise, loadPricing, parseJudgeArg } from '../../judge/model/index.ts';
import type { PairwiseResult } from '../schema/index.ts';
import { addJudgeOptions, judgeTransport, type JudgeFlags } from './judgeOptions.ts';
import { defaultTraceDir, loadPlayScript, playOnce, wholeNumber } from './options.ts';
import { DEFAULT_DURATION_MS } from '../../harness/index.ts';

interface CompareOptions extends JudgeFlags {
  task?: string;
  script?: string;
  seed: number;
  duration: number;
  out?: string;
  json?: boolean;
}

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description('pairwise: play two games of one task and ask a model judge which is better, in both orders (disagreement is a tie)')
    .argument('<a.html>', 'the first game')
    .argument('<b.html>', 'the second game')
    .option('--task <id or file>', 'the task both games were built for: a builtin task id or a task file')
    .option('--script <file.json>', "play script (default: the task's script, else the exploration script)")
    .option('--seed <n>', 'seed for Math.random and crypto, the same for both games', wholeNumber('--seed'), 1)
    .option('--duration <ms>', 'virtual ms of game time', wholeNumber('--duration', 100), DEFAULT_DURATION_MS)
    .option('--out <dir>', 'folder for both trace folders (default: gamegym-runs/compare-<a>-<b>-<seed>)')
    .option('--json', 'print the pairwise result as JSON');
  addJudgeOptions(command).action(async (aPath: string, bPath: string, options: CompareOptions) => {
    const specs = judgeSpecs(options.judge);
    if (specs.length !== 1) throw new Error('compare needs exactly one model judge: --judge openai:<model>');
    const model = parseJudgeArg(specs[0]!);
    if (model.kind !== 'openai') throw new Error('compare needs a model judge: --judge openai:<model>');
    const [a, b] = await Promise.all([loadGameFile(aPath), loadGameFile(bPath)]);
    const task = options.task ? (await loadTask(options.task)).task : undefined;
    const script = options.script ? await loadPlayScript(options.script) : task?.script;
    const root = options.out ?? defaultTraceDir(`compare-${a.name}-${b.name}`.replace(/\.html?/gi, ''), options.seed);
    const extra = { script, viewport: task?.viewport };
    const runA = await playOnce(a, { ...options, out: join(root, 'a') }, extra);
    const runB = await playOnce(b, { ...options, out: join(root, 'b') }, extra);
    const result = await judgePairwise(
      { ...runA, task },
      { ...runB, task },
      {
        model: model.model,
        transport: judgeTransport(options),
        noCache: !options.cache,
        pricing: options.pricing ? await loadPricing(options.pricing) : undefined,
      },
    );
    process.stdout.write(
      options.json ? `${JSON.stringify({ ...result, a: runA.dir, b: runB.dir }, null, 2)}\n` : summarize(a.name, b.name, result),
    );
  });
}

function summarize(a: string, b: string, result: PairwiseResult): string {
  const name = (side: string) => (side === 'a' ? a : side === 'b' ? b : 'tie');
  const lines = [
    `${a} vs ${b}: ${result.winner === 'tie' ? 'a tie' : `${name(result.winner)} is better`} (${result.judge})`,
    ...Object.entries(result.dimensions).map(([dimension, side]) => `  ${dimension}: ${name(side)}`),
    ...result.reasons.map((r) => `  - ${r}`),
    ...(result.error ? [`  judge error: ${result.error}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
