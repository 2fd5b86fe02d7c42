import type { Task } from '../schema/index.ts';

export const SELECTOR_HELP = 'comma list of: task ids, globs (arcade-*), genre:<genre>, group:<group>, source:<source>, has:reference, all';

/** Anything carrying a task (LoadedTask, EvalTask, ...), with its reference game when known. */
interface HasTask {
  task: Task;
  referenceHtml?: string | null;
}

function globPattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function termMatcher(term: string): (item: HasTask) => boolean {
  if (term === 'all') return () => true;
  if (term === 'has:reference') return (item) => typeof item.referenceHtml === 'string';
  const prefixed = /^(genre|group|source):(.+)$/.exec(term);
  if (prefixed) {
    const [, field, value] = prefixed as unknown as [string, 'genre' | 'group' | 'source', string];
    return ({ task }) => task[field] === value;
  }
  if (/[*?]/.test(term)) {
    const pattern = globPattern(term);
    return ({ task }) => pattern.test(task.id);
  }
  return ({ task }) => task.id === term;
}

/**
 * The tasks a selector names, each once, in the order of `tasks`. Every term must match at least one task,
 * so a typo is an error rather than a silently smaller run.
 */
export function selectTasks<T extends HasTask>(tasks: T[], selector: string): T[] {
  const terms = selector
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (terms.length === 0) throw new Error(`empty task selector; use ${SELECTOR_HELP}`);
  const chosen = new Set<T>();
  for (const term of terms) {
    const matches = termMatcher(term);
    const hits = tasks.filter(matches);
    if (hits.length === 0) throw new Error(`task selector "${term}" matches no task (${SELECTOR_HELP})`);
    for (const hit of hits) chosen.add(hit);
  }
  return tasks.filter((t) => chosen.has(t));
}
