import type { ResultsStore, VoteRow } from '../store/index.ts';
import type { JudgeAgreement } from './contract.ts';
import type { RunSnapshot } from './runSnapshot.ts';
import { wilson } from './stats.ts';

/** The final scores a vote is checked against when no single judge is named. */
const COMBINED = 'combined';

/**
 * How often each judge's overall order matches people's votes in a run. Votes 'tie' and 'both-bad' say nothing about
 * order and are left out; a pair counts for a judge when the judge scored both games without an error, and matches
 * when the judge scored the chosen game strictly higher (a judge tie does not match). 'combined' is the final score.
 */
export function judgeAgreement(store: ResultsStore, snapshot: RunSnapshot, votes: VoteRow[]): JudgeAgreement[] {
  const overallByJudge = new Map<number, Map<string, number>>();
  const judgesOf = (itemId: number): Map<string, number> => {
    let scores = overallByJudge.get(itemId);
    if (!scores) {
      scores = new Map();
      const combined = snapshot.byId.get(itemId)?.scores ?? null;
      if (combined) scores.set(COMBINED, combined.overall);
      for (const judge of store.verdictOf(itemId)?.judges ?? []) if (!judge.error) scores.set(judge.judge, judge.scores.overall);
      overallByJudge.set(itemId, scores);
    }
    return scores;
  };
  const tally = new Map<string, { n: number; agree: number }>([[COMBINED, { n: 0, agree: 0 }]]);
  for (const vote of votes) {
    if (vote.choice !== 'a' && vote.choice !== 'b') continue;
    const a = judgesOf(vote.itemA);
    const b = judgesOf(vote.itemB);
    for (const [judge, scoreA] of a) {
      const scoreB = b.get(judge);
      if (scoreB === undefined) continue;
      const t = tally.get(judge) ?? { n: 0, agree: 0 };
      tally.set(judge, t);
      t.n++;
      if (vote.choice === 'a' ? scoreA > scoreB : scoreB > scoreA) t.agree++;
    }
  }
  const names = [COMBINED, ...[...tally.keys()].filter((k) => k !== COMBINED).sort()];
  return names.map((judge) => {
    const { n, agree } = tally.get(judge)!;
    return { judge, n, agree, ...wilson(agree, n) };
  });
}
