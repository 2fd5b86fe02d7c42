import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { Task } from '../schema/index.ts';

/** One thing wrong with a task file: the file, the field path (like `checklist[2]`), its line when known. */
export interface TaskProblem {
  file: string;
  field: string;
  message: string;
  line?: number;
  level: 'error' | 'warning';
}

/** A task file that cannot be used, with every problem found in it. */
export class TaskFileError extends Error {
  readonly file: string;
  readonly problems: TaskProblem[];
  constructor(file: string, problems: TaskProblem[]) {
    super(`task file ${file} is not valid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'TaskFileError';
    this.file = file;
    this.problems = problems;
  }
}

/** `file:line field: message`, the shape editors and terminals link to. */
export function formatProblem(p: TaskProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where} ${p.field || '(file)'}: ${p.message}`;
}

/** `steps[3].key` from a zod issue path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/**
 * Parses and validates one task file's text (YAML, or JSON which is YAML too). Throws TaskFileError naming
 * the file, each bad field and, for YAML, its line.
 */
export function parseTaskText(file: string, text: string): Task {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    throw new TaskFileError(
      file,
      doc.errors.map((e) => ({
        file,
        field: '',
        message: `not valid YAML/JSON: ${e.message.split('\n')[0]}`,
        line: lineOf(e.pos[0]),
        level: 'error',
      })),
    );
  }
  const parsed = Task.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  throw new TaskFileError(
    file,
    parsed.error.issues.map((issue) => {
      const node = nearestNode(doc, issue.path);
      return { file, field: fieldPath(issue.path), message: issueMessage(issue), line: lineOf(node?.range?.[0]), level: 'error' as const };
    }),
  );
}

function issueMessage(issue: z.core.$ZodIssue): string {
  // prettifyError's wording, without its own path line (we print the path ourselves).
  const pretty = z.prettifyError(new z.ZodError([{ ...issue, path: [] }]));
  return pretty.replace(/^✖\s*/, '').split('\n')[0] ?? issue.message;
}

/** The YAML node at a path, or at its longest existing prefix (a missing field points at its parent). */
function nearestNode(
  doc: ReturnType<typeof parseDocument>,
  path: ReadonlyArray<PropertyKey>,
): { range?: [number, number, number] | null } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).filter((k): k is string | number => typeof k !== 'symbol');
    const node = n === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node)) return node;
  }
  return undefined;
}
