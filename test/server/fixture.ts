import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalProcess, tempDir, tinyGame, writeTasks } from '../eval/support.ts';

// A results database made the way users make one: real `gamegym eval` runs of small games with the offline judge.
// Run r1: the tasks' reference games and a replay model (two models of one run); run r2: the reference games again
// (two runs). The replay model's t-two game is `t2Game` (the live-play test gives one that tries the network).

export interface Fixture {
  dir: string;
  dbPath: string;
  /** the replay model's spec */
  replay: string;
}

export async function buildFixture(t2Game: string): Promise<Fixture> {
  const dir = tempDir('gamegym-server-');
  const tasks = writeTasks(dir, ['t-one', 't-two'], { 't-one': tinyGame('#0f0'), 't-two': tinyGame('#00f') });
  const replays = join(dir, 'replays');
  mkdirSync(replays);
  writeFileSync(join(replays, 't-one.html'), tinyGame('#f0f'));
  writeFileSync(join(replays, 't-two.html'), t2Game);
  const dbPath = join(dir, 'gamegym.db');
  const replay = `replay:${replays}`;
  const common = ['--tasks', tasks, '--duration', '800', '--db', dbPath, '--workers', '2'];
  for (const args of [
    ['--model', 'reference', '--model', replay, '--run-id', 'r1'],
    ['--model', 'reference', '--run-id', 'r2'],
  ]) {
    const { exited } = evalProcess([...common, ...args]);
    const result = await exited;
    if (result.code !== 0) throw new Error(`gamegym eval failed:\n${result.output}`);
  }
  return { dir, dbPath, replay };
}
