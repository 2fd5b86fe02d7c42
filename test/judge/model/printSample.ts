// Prints one full judge request (images elided) and the verdict it produced, for judge/model/README.md:
//   npx tsx test/judge/model/printSample.ts
// The game is played for real in Chromium; the "model" is the test's fake server with a scripted reply.
import { judgeOffline } from '../../../judge/index.ts';
import { combineWithOffline, judgeWithModel } from '../../../judge/model/index.ts';
import type { ModelReply } from '../../../src/schema/index.ts';
import { completion, elideImages, startJudgeServer, transportTo } from '../../support/judgeServer.ts';
import { paddleGame, playGames, tempDir } from './support.ts';

const item = (score: number, reason: string) => ({ reason, score });
const reply: ModelReply = {
  correctness: {
    functionality: item(15, 'ball, paddle and score are all there (tiles 1-7), but the score never counts anything'),
    gameLogic: item(8, 'the ball bounces off every wall, the paddle never matters: no hits, no misses, Score 0 throughout'),
    codeQuality: item(18, 'short and readable single loop; state in a few globals'),
    technical: item(19, 'requestAnimationFrame loop and key state map used correctly'),
  },
  aesthetics: {
    visualCompleteness: item(18, 'every element drawn whole on a clean background'),
    uiDesign: item(11, 'plain flat shapes, small unstyled score text'),
    functionDisplay: item(16, 'the frames show the paddle, the moving ball and the score'),
    overallQuality: item(11, 'functional but bare'),
  },
  dynamics: {
    animation: item(18, 'the ball moves steadily between tiles'),
    interaction: item(20, 'paddle is right of its idle twin after ArrowRight (tile 1) and left after ArrowLeft (tile 3)'),
    gameFlow: item(6, 'no start, no goal, no game over: the ball just bounces forever'),
    dynamicQuality: item(10, 'responsive but nothing is at stake'),
  },
  checklist: [
    { item: 1, pass: true, evidence: 'blue paddle at the bottom in every tile' },
    { item: 2, pass: true, evidence: 'the ball moves in the idle twin too' },
    { item: 3, pass: true, evidence: '"Score 0" at the top left in every tile' },
    { item: 4, pass: true, evidence: 'paddle moved against its idle twin in tiles 1 and 3' },
  ],
  summary: 'A moving ball and a responsive paddle, but no game yet: the paddle never matters and the score never changes.',
};

const games = await playGames({ paddle: paddleGame('#f80') });
const server = await startJudgeServer(() => completion(JSON.stringify(reply), { usage: { prompt_tokens: 2512, completion_tokens: 641 } }));
try {
  const verdict = await judgeWithModel(games.paddle!, {
    model: 'Qwen/Qwen2.5-VL-7B-Instruct',
    transport: transportTo(server.baseURL),
    cacheDir: tempDir(),
    pricing: { 'Qwen/Qwen2.5-VL-7B-Instruct': { input: 0.2, output: 0.6 } },
  });
  console.log('### Request\n\n```json\n' + JSON.stringify(elideImages(server.requests[0]!.body), null, 2) + '\n```\n');
  console.log('### Verdict\n\n```json\n' + JSON.stringify(verdict, null, 2) + '\n```\n');
  // The final verdict beside the real offline judge; the judges' own verdicts are shortened here (shown above).
  const game = games.paddle!;
  const final = combineWithOffline(await judgeOffline(game), [verdict], game.trace.status);
  const judges = final.judges.map((j) => ({ judge: j.judge, scores: j.scores, '...': '(as above)' }));
  console.log('### Combined with the offline judge\n\n```json\n' + JSON.stringify({ ...final, judges }, null, 2) + '\n```');
  if (server.problems.length) throw new Error(server.problems.join('\n'));
} finally {
  await server.close();
}
