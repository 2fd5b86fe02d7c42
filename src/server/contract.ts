import { z } from 'zod';

// The web API's contract: every route, every response and request body as a zod schema with its TS type, and (from
// paths.ts) the pure path mapping the static export and the UI share. Nothing here imports node modules, so the
// same file runs in the browser; the UI imports types from here and values from paths.ts (no zod in its bundle).

export * from './paths.ts';

// --- shared pieces ---

const MeanCI = z.object({
  n: z.number().int(),
  mean: z.number().nullable(),
  /** 95 % CI; null with fewer than two values */
  low: z.number().nullable(),
  high: z.number().nullable(),
});

export const Scores = z.object({ overall: z.number(), correctness: z.number(), aesthetics: z.number(), dynamics: z.number() });
export type Scores = z.infer<typeof Scores>;

export type ScoreKey = 'overall' | 'correctness' | 'aesthetics' | 'dynamics';

const ItemState = z.enum(['pending', 'generated', 'played', 'done', 'failed', 'interrupted']);

export const ErrorBody = z.object({ error: z.object({ status: z.number().int(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

// --- GET /api/runs ---

export const RunSummary = z.object({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** the run's config, summarised; null fields when the stored config is not one this gamegym reads */
  config: z.object({
    models: z.array(z.string()),
    tasks: z.number().int().nullable(),
    /** the task selector as given */
    taskSelector: z.string().nullable(),
    judge: z.string().nullable(),
    samples: z.number().int().nullable(),
    seed: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
  }),
  /** items by state, and in all */
  items: z.object({ total: z.number().int(), done: z.number().int(), failed: z.number().int(), unfinished: z.number().int() }),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunsResponse = z.object({ runs: z.array(RunSummary) });
export type RunsResponse = z.infer<typeof RunsResponse>;

// --- GET /api/runs/:run ---

/** One model's line: the same numbers as `gamegym report --format json`'s leaderboard. */
export const LeaderboardRow = z.object({
  model: z.string(),
  items: z.number().int(),
  finished: z.number().int(),
  unfinished: z.number().int(),
  interrupted: z.number().int(),
  games: z.number().int(),
  stopped: z.string().nullable(),
  noGame: z.string().nullable(),
  scores: z.object({ overall: MeanCI, correctness: MeanCI, aesthetics: MeanCI, dynamics: MeanCI }),
  /** share of finished items whose game ran; null when none finished */
  ran: z.number().nullable(),
  outcomes: z.record(z.string(), z.number().int()),
  judgeErrors: z.number().int(),
  secondsPerItem: z.object({ generate: z.number().nullable(), play: z.number().nullable(), judge: z.number().nullable() }),
  tokens: z.object({ prompt: z.number().int(), completion: z.number().int(), costUsd: z.number().nullable() }),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

/** Models x genres: the mean overall of each model's finished items per genre. */
export const GenreBreakdown = z.object({
  genres: z.array(z.string()),
  rows: z.array(z.object({ model: z.string(), cells: z.record(z.string(), MeanCI) })),
});
export type GenreBreakdown = z.infer<typeof GenreBreakdown>;

/**
 * How often a judge's overall order matches people's votes: of the voted pairs (votes 'tie' and 'both-bad'
 * left out) where the judge scored both games, the share where it scored the chosen game higher (a judge tie
 * counts as not matching). `judge`: 'combined' (the final scores) or a judge's name ('offline', 'openai:<model>').
 */
export const JudgeAgreement = z.object({
  judge: z.string(),
  /** pairs counted */
  n: z.number().int(),
  agree: z.number().int(),
  /** null when n = 0 */
  share: z.number().nullable(),
  /** Wilson 95 % interval */
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type JudgeAgreement = z.infer<typeof JudgeAgreement>;

export const RunResponse = z.object({
  run: RunSummary,
  leaderboard: z.array(LeaderboardRow),
  genres: GenreBreakdown,
  agreement: z.object({
    /** every vote of the run, tie and both-bad included */
    votes: z.number().int(),
    judges: z.array(JudgeAgreement),
  }),
});
export type RunResponse = z.infer<typeof RunResponse>;

// --- GET /api/runs/:run/items ---

export const ItemSummary = z.object({
  id: z.number().int(),
  model: z.string(),
  taskId: z.string(),
  title: z.string(),
  genre: z.string(),
  sample: z.number().int(),
  state: ItemState,
  /** the run status, 'no-code', or null before the verdict */
  outcome: z.string().nullable(),
  scores: Scores.nullable(),
  /** the animated clip; null when there is none */
  clipUrl: z.string().nullable(),
});
export type ItemSummary = z.infer<typeof ItemSummary>;

export const RunItemsResponse = z.object({ run: z.string(), items: z.array(ItemSummary) });
export type RunItemsResponse = z.infer<typeof RunItemsResponse>;

// --- GET /api/history ---

export const HistoryResponse = z.object({
  /** oldest first */
  runs: z.array(z.object({ id: z.string(), createdAt: z.string() })),
  /** per model, one point per run it took part in */
  models: z.array(z.object({ model: z.string(), points: z.array(z.object({ run: z.string(), overall: MeanCI })) })),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

// --- GET /api/items/:item ---

export const FrameView = z.object({
  url: z.string(),
  /** virtual ms since the game started */
  t: z.number(),
  /** inputs replayed since the previous frame */
  inputs: z.array(z.string()),
  afterInput: z.boolean(),
});
export type FrameView = z.infer<typeof FrameView>;

export const LogLine = z.object({ t: z.number(), kind: z.string(), level: z.string().optional(), text: z.string() });
export type LogLine = z.infer<typeof LogLine>;

export const RunLog = z.object({
  status: z.string(),
  reason: z.string(),
  /** uncaught errors, rejections, console errors */
  errors: z.array(LogLine),
  dialogs: z.array(LogLine),
  /** every log line (console, navigation attempts...) */
  log: z.array(LogLine),
  blocked: z.array(z.object({ t: z.number(), url: z.string(), resourceType: z.string() })),
});
export type RunLog = z.infer<typeof RunLog>;

export const RubricItemView = z.object({ dimension: z.string(), item: z.string(), score: z.number(), reason: z.string() });
export type RubricItemView = z.infer<typeof RubricItemView>;

const ChecklistView = z.object({ item: z.string(), pass: z.boolean(), evidence: z.string() });

/** The offline judge's logic evidence and task checks: id, the checklist item (1-based) it speaks for, outcome, evidence. */
const CheckView = z.object({
  id: z.string(),
  item: z.number().int().nullable(),
  outcome: z.enum(['pass', 'fail', 'unknown']),
  evidence: z.string(),
});

export const JudgeView = z.object({
  judge: z.string(),
  scores: Scores,
  subscores: z.record(z.string(), z.record(z.string(), z.number())),
  reasons: z.array(z.string()),
  /** a model judge's rubric items (0-25 each); empty for the offline judge */
  rubric: z.array(RubricItemView),
  checklist: z.array(ChecklistView),
  /** the offline judge's logic evidence and task checks; empty for model judges and older verdicts */
  checks: z.array(CheckView),
  summary: z.string().nullable(),
  error: z.string().nullable(),
});
export type JudgeView = z.infer<typeof JudgeView>;

export const TaskView = z.object({
  id: z.string(),
  title: z.string(),
  genre: z.string(),
  requirement: z.string(),
  controls: z.array(z.string()),
  checklist: z.array(z.string()),
});
export type TaskView = z.infer<typeof TaskView>;

export const ItemResponse = z.object({
  id: z.number().int(),
  run: z.string(),
  model: z.string(),
  sample: z.number().int(),
  task: TaskView,
  state: ItemState,
  outcome: z.string().nullable(),
  /** why the item failed (endpoint, harness, judge) */
  error: z.string().nullable(),
  generationError: z.string().nullable(),
  scores: Scores.nullable(),
  frames: z.object({ played: z.array(FrameView), idle: z.array(FrameView) }),
  clipUrl: z.string().nullable(),
  /** null when there is no trace.json */
  played: RunLog.nullable(),
  idle: RunLog.nullable(),
  /** the final verdict: combined scores, reasons, flags, and every judge's own */
  verdict: z
    .object({
      status: z.string(),
      scores: Scores,
      subscores: z.record(z.string(), z.record(z.string(), z.number())),
      reasons: z.array(z.string()),
      flags: z.array(z.string()),
      combination: z.string(),
      judges: z.array(JudgeView),
    })
    .nullable(),
  /** the generated game as text; null when the reply held none */
  code: z.string().nullable(),
  /** null when there is no game to play */
  playUrl: z.string().nullable(),
});
export type ItemResponse = z.infer<typeof ItemResponse>;

// --- GET /api/tasks/:task?run= ---

export const TaskResponse = z.object({
  run: z.string(),
  task: TaskView,
  items: z.array(
    ItemSummary.extend({
      frames: z.object({ played: z.array(FrameView), idle: z.array(FrameView) }),
    }),
  ),
});
export type TaskResponse = z.infer<typeof TaskResponse>;

// --- GET /api/compare ---

export const CompareQuery = z.union([
  z.object({ run: z.string().min(1), against: z.string().min(1) }).strict(),
  z.object({ run: z.string().min(1), a: z.string().min(1), b: z.string().min(1) }).strict(),
]);
export type CompareQuery = z.infer<typeof CompareQuery>;

export const ComparePair = z.object({
  taskId: z.string(),
  title: z.string(),
  sample: z.number().int(),
  /** item ids of side a and side b */
  a: z.number().int(),
  b: z.number().int(),
  scoresA: Scores,
  scoresB: Scores,
  /** a - b: positive when side a scored higher */
  diff: Scores,
});
export type ComparePair = z.infer<typeof ComparePair>;

export const DiffSummary = z.object({
  /** mean of a - b; null without pairs */
  mean: z.number().nullable(),
  /** 95 % bootstrap CI of the mean (seeded: the same data gives the same interval) */
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** pairs where a scored higher, where both are within 0.5 points, where b scored higher */
  wins: z.number().int(),
  ties: z.number().int(),
  losses: z.number().int(),
});
export type DiffSummary = z.infer<typeof DiffSummary>;

export const CompareResponse = z.object({
  mode: z.enum(['runs', 'models']),
  /**
   * The two sides. Two runs: a = `run`, b = `against` (the baseline), paired per model, task and sample; two
   * models: a and b are the models of `run`, paired per task and sample.
   */
  a: z.object({ run: z.string(), model: z.string().nullable() }),
  b: z.object({ run: z.string(), model: z.string().nullable() }),
  /** pairs: same task and sample (and, for two runs, the same model) with a verdict on both sides */
  n: z.number().int(),
  summary: z.object({ overall: DiffSummary, correctness: DiffSummary, aesthetics: DiffSummary, dynamics: DiffSummary }),
  /** largest |overall difference| first */
  pairs: z.array(ComparePair.extend({ model: z.string() })),
});
export type CompareResponse = z.infer<typeof CompareResponse>;

// --- arena ---

export const ArenaSide = z.object({
  item: z.number().int(),
  frames: z.array(FrameView),
  clipUrl: z.string().nullable(),
});
export type ArenaSide = z.infer<typeof ArenaSide>;

/** Two games of one task by different models, in random order, without model names; null when the run has no such pair. */
export const ArenaPairResponse = z.object({
  run: z.string(),
  pair: z.object({ task: TaskView, left: ArenaSide, right: ArenaSide }).nullable(),
});
export type ArenaPairResponse = z.infer<typeof ArenaPairResponse>;

export const VoteChoice = z.enum(['a', 'b', 'tie', 'both-bad']);
export type VoteChoice = z.infer<typeof VoteChoice>;

/** A vote on a pair as shown: `left` and `right` are item ids; 'a' means the left game is better, 'b' the right. */
export const VoteRequest = z
  .object({
    run: z.string().min(1).max(200),
    task: z.string().min(1).max(200),
    left: z.number().int().positive(),
    right: z.number().int().positive(),
    choice: VoteChoice,
  })
  .strict()
  .refine((v) => v.left !== v.right, { message: 'left and right must be different items' });
export type VoteRequest = z.infer<typeof VoteRequest>;

export const VoteResponse = z.object({ id: z.number().int(), createdAt: z.string() });
export type VoteResponse = z.infer<typeof VoteResponse>;
