import { formatP, type ModelComparison, type Rating, type Regression, type RunComparison, type WinRateCell } from '../eval/index.ts';
import type { Cells } from './report/cells.ts';
import { csv } from './report/csv.ts';
import { markdown } from './report/markdown.ts';
import { textTable } from './report/table.ts';

export const COMPARE_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

/** `--format`: also takes `md`, as `gamegym report` does. */
export function compareFormat(value: string): CompareFormat {
  const format = value === 'md' ? 'markdown' : value;
  if (!(COMPARE_FORMATS as readonly string[]).includes(format)) throw new Error(`--format must be one of ${COMPARE_FORMATS.join(', ')}`);
  return format as CompareFormat;
}

const num = (v: number | null, digits = 1) => (v === null ? '-' : v.toFixed(digits));
const signed = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(1)}`;
const plain = (v: number | string | null) => (v === null ? '' : String(v));

const METHOD =
  'difference = B - A per pair (same model, task and seed); 95% CI: percentile bootstrap over pairs (seeded: the same runs give the same interval); ' +
  'p: exact two-sided sign test, and Wilcoxon signed-rank (normal approximation, tie-corrected; rough under ~10 pairs)';

export interface RunComparisonView {
  comparison: RunComparison;
  regressions: Regression[];
  alertDrop: number;
}

/** Two runs compared: a terminal table, JSON, CSV (one row per model and dimension) or Markdown for a PR comment. */
export function formatRunComparison(view: RunComparisonView, format: CompareFormat): string {
  if (format === 'json') return `${JSON.stringify(view, null, 2)}\n`;
  const { comparison, regressions, alertDrop } = view;
  const flagged = new Set(regressions.map((r) => `${r.model}\u0000${r.dimension}`));
  const verdict = (model: string, d: RunComparison['models'][number]['dimensions'][number]) => {
    if (flagged.has(`${model}\u0000${d.dimension}`)) return 'REGRESSION';
    const { mean, low } = d.difference;
    return mean !== null && low !== null && low > 0 && mean > alertDrop ? 'improved' : '';
  };
  if (format === 'csv') {
    const header = [
      'model',
      'dimension',
      'pairs',
      'unpaired',
      'mean_a',
      'mean_b',
      'diff',
      'diff_low',
      'diff_high',
      'wins',
      'ties',
      'losses',
      'p_sign',
      'p_wilcoxon',
      'flag',
    ];
    const rows = comparison.models.flatMap((m) =>
      m.dimensions.map((d) =>
        [
          m.model,
          d.dimension,
          d.pairs,
          m.unpaired,
          d.meanA,
          d.meanB,
          d.difference.mean,
          d.difference.low,
          d.difference.high,
          d.wins,
          d.ties,
          d.losses,
          d.pSign,
          d.pWilcoxon,
          verdict(m.model, d),
        ].map(plain),
      ),
    );
    return csv({ header, rows });
  }
  const header = ['model', 'dimension', 'pairs', 'A', 'B', 'B - A (95% CI)', 'B better/same/worse', 'p sign', 'p Wilcoxon', 'flag'];
  const rows = comparison.models.flatMap((m) =>
    m.dimensions.map((d) => [
      m.model,
      d.dimension,
      String(d.pairs),
      num(d.meanA),
      num(d.meanB),
      d.difference.mean === null ? '-' : `${signed(d.difference.mean)} (${num(d.difference.low)} to ${num(d.difference.high)})`,
      `${d.wins}/${d.ties}/${d.losses}`,
      d.pairs === 0 ? '-' : formatP(d.pSign),
      d.pairs === 0 ? '-' : formatP(d.pWilcoxon),
      verdict(m.model, d),
    ]),
  );
  const notes = [
    ...comparison.models.flatMap((m) => [
      ...(m.unpaired > 0 ? [`${m.model}: ${m.unpaired} items without a finished counterpart in the other run (left out)`] : []),
      ...(m.taskChanged > 0 ? [`${m.model}: ${m.taskChanged} pairs are of a task whose definition changed between the runs`] : []),
    ]),
    ...(comparison.models.every((m) => m.pairs === 0)
      ? [
          'no pairs at all: the runs share no finished item of the same model, task and seed (compare runs made with the same --seed and tasks)',
        ]
      : []),
    METHOD,
    `regression: B - A below -${alertDrop} points with the whole 95% CI below 0 (--alert-drop)`,
  ];
  const cells: Cells = { header, rows, notes };
  const summary =
    regressions.length === 0
      ? `No regression of ${comparison.after} (B) against ${comparison.before} (A).`
      : `${regressions.length} regression${regressions.length === 1 ? '' : 's'} of ${comparison.after} (B) against ${comparison.before} (A): ${regressions.map((r) => `${r.model} ${r.dimension} ${signed(r.difference)}`).join(', ')}`;
  if (format === 'markdown')
    return `### gamegym: \`${comparison.after}\` against \`${comparison.before}\`\n\n**${summary}**\n\n${markdown(cells)}`;
  return `${summary}\n\n${textTable(cells)}`;
}

function ratingCells(ratings: Rating[], models: string[], winRates: WinRateCell[][]): Cells {
  const number = (model: string) => models.indexOf(model) + 1;
  const header = ['#', 'model', 'rating (95% CI)', 'battles', ...models.map((_, j) => `vs #${j + 1}`)];
  const rows = ratings.map((r) => {
    const i = models.indexOf(r.model);
    return [
      String(number(r.model)),
      r.model,
      `${r.rating.toFixed(0)} (${r.low === null ? '-' : r.low.toFixed(0)} to ${r.high === null ? '-' : r.high.toFixed(0)})`,
      String(r.battles),
      ...winRates[i]!.map((c, j) => (i === j ? '' : c.rate === null ? '-' : `${Math.round(c.rate * 100)}% of ${c.n}`)),
    ];
  });
  return { header, rows };
}

/** Every two models, overall only (CSV and JSON have every dimension). */
function pairCells(view: ModelComparison): Cells {
  const header = ['A', 'B', 'pairs', 'B - A (95% CI)', 'B better/same/worse', 'p sign', 'p Wilcoxon'];
  const rows = view.pairs.map(({ a, b, dimensions }) => {
    const d = dimensions.find((x) => x.dimension === 'overall')!;
    return [
      a,
      b,
      String(d.pairs),
      d.difference.mean === null ? '-' : `${signed(d.difference.mean)} (${num(d.difference.low)} to ${num(d.difference.high)})`,
      `${d.wins}/${d.ties}/${d.losses}`,
      d.pairs === 0 ? '-' : formatP(d.pSign),
      d.pairs === 0 ? '-' : formatP(d.pWilcoxon),
    ];
  });
  return { header, rows };
}

const RATING_NOTE =
  'rating: Bradley-Terry (MM fit, one virtual tie per pair of models), Elo-scaled: 400 points = 10:1 odds, the mean of the models is 1000; ' +
  '95% CI: percentile bootstrap over tasks (seeded). vs #j: share of battles won against model j (a tie counts half).';

/** The models of a run: ratings and win rates from the judge, and from votes when there are any. */
export function formatModelComparison(view: ModelComparison, format: CompareFormat): string {
  if (format === 'json') return `${JSON.stringify(view, null, 2)}\n`;
  const sources = [
    { name: 'judge', title: "judge's per-task order (higher overall wins, equal is a tie)", side: view.judge },
    ...(view.votes ? [{ name: 'votes', title: "people's votes (tie and both-bad are ties)", side: view.votes }] : []),
  ];
  if (format === 'csv') {
    const header = [
      'source',
      'model',
      'opponent',
      'dimension',
      'rating',
      'rating_low',
      'rating_high',
      'battles',
      'wins',
      'ties',
      'losses',
      'win_rate',
      'diff',
      'diff_low',
      'diff_high',
      'p_sign',
      'p_wilcoxon',
    ];
    const blank = (n: number) => Array.from({ length: n }, () => '');
    const rows = sources.flatMap(({ name, side }) =>
      side.ratings.flatMap((r) => {
        const i = view.models.indexOf(r.model);
        return [
          [name, r.model, '', '', ...[r.rating, r.low, r.high, r.battles].map(plain), ...blank(9)],
          ...view.models.flatMap((opponent, j) => {
            const c = side.winRates[i]![j]!;
            if (i === j || c.n === 0) return [];
            return [[name, r.model, opponent, '', '', '', '', ...[c.n, c.wins, c.ties, c.losses, c.rate].map(plain), ...blank(5)]];
          }),
        ];
      }),
    );
    // Paired differences: the row's model is b, the opponent a; wins are the pairs where b scored higher.
    for (const pair of view.pairs)
      for (const d of pair.dimensions)
        rows.push([
          'paired',
          pair.b,
          pair.a,
          d.dimension,
          '',
          '',
          '',
          ...[d.pairs, d.wins, d.ties, d.losses].map(plain),
          '',
          ...[d.difference.mean, d.difference.low, d.difference.high, d.pSign, d.pWilcoxon].map(plain),
        ]);
    return csv({ header, rows });
  }
  const blocks = sources.map(({ title, side }) => {
    const cells = ratingCells(side.ratings, view.models, side.winRates);
    const heading = `${title}: ${side.battles} battles`;
    return format === 'markdown' ? `#### ${heading}\n\n${markdown(cells)}` : `${heading}\n\n${textTable(cells)}`;
  });
  if (!view.votes) blocks.push(format === 'markdown' ? '_No votes in this run._\n' : 'no votes in this run\n');
  if (view.pairs.length > 0) {
    const cells = pairCells(view);
    const heading = 'paired by task and sample, overall: B - A';
    blocks.push(format === 'markdown' ? `#### ${heading}\n\n${markdown(cells)}` : `${heading}\n\n${textTable(cells)}`);
  }
  const head =
    format === 'markdown' ? `### gamegym: models of \`${view.runId}\`\n\n` : `run ${view.runId}: ${view.models.length} models\n\n`;
  return `${head}${blocks.join('\n')}\n${format === 'markdown' ? `_${RATING_NOTE}_` : RATING_NOTE}\n`;
}
