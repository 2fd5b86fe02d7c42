import type { Command } from 'commander';
import {
  BUILTIN_TASKS_DIR,
  displayPath,
  formatProblem,
  importVGameGym,
  IMPORTED_TASKS_DIR,
  loadTask,
  loadTaskFiles,
  SELECTOR_HELP,
  selectTasks,
  validateTasks,
  type LoadedTask,
} from '../tasks/index.ts';
import { stepStarts } from '../schema/index.ts';

interface ListOptions {
  dir?: string[];
  json?: boolean;
}

export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description('the task set: list, show, validate, import');

  tasks
    .command('list')
    .description('list tasks (default: the builtin set)')
    .argument('[selector]', SELECTOR_HELP, 'all')
    .option('--dir <paths...>', 'task folders or files instead of the builtin set')
    .option('--json', 'print the tasks as JSON')
    .action(async (selector: string, options: ListOptions) => {
      const loaded = await loadOrReport(options.dir ?? [BUILTIN_TASKS_DIR]);
      const chosen = selectTasks(loaded, selector);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(chosen.map(asJson), null, 2)}\n`);
        return;
      }
      process.stdout.write(listTable(chosen));
    });

  tasks
    .command('show')
    .description('show one task in full')
    .argument('<id-or-file>', 'a builtin task id, or the path of a task file')
    .option('--json', 'print the task as JSON')
    .action(async (idOrPath: string, options: { json?: boolean }) => {
      const loaded = await loadTask(idOrPath);
      process.stdout.write(options.json ? `${JSON.stringify(asJson(loaded), null, 2)}\n` : describeTask(loaded));
    });

  tasks
    .command('validate')
    .description('check task files: schema, unique ids, reference games, checklist phrasing, play scripts')
    .argument('[paths...]', 'task folders or files (default: the builtin set)')
    .option('--strict', 'warnings fail too')
    .action(async (paths: string[], options: { strict?: boolean }) => {
      const { tasks: loaded, problems: loadProblems } = await loadTaskFiles(paths.length > 0 ? paths : [BUILTIN_TASKS_DIR]);
      const problems = [...loadProblems, ...validateTasks(loaded)];
      for (const p of problems) process.stdout.write(`${p.level}: ${formatProblem(p)}\n`);
      const errors = problems.filter((p) => p.level === 'error').length;
      const warnings = problems.length - errors;
      const files = new Set(loadProblems.map((p) => p.file)).size;
      const genres = new Set(loaded.map((t) => t.task.genre)).size;
      const references = loaded.filter((t) => t.referenceHtml).length;
      process.stdout.write(
        `${count(loaded.length, 'task')} valid${files ? `, ${count(files, 'file')} invalid` : ''}; ${count(errors, 'error')}, ` +
          `${count(warnings, 'warning')}; ${count(genres, 'genre')}, ${count(references, 'reference game')}\n`,
      );
      if (errors > 0 || (options.strict && warnings > 0)) process.exitCode = 1;
    });

  tasks
    .command('import-vgamegym')
    .description('turn V-GameGym records (JSONL) into browser task files; malformed lines are reported and skipped')
    .argument('<file.jsonl>', 'V-GameGym records, one JSON object per line')
    .option('--out <dir>', `folder for the task files (default: ${displayPath(IMPORTED_TASKS_DIR)})`)
    .action(async (file: string, options: { out?: string }) => {
      const report = await importVGameGym(file, options.out ?? IMPORTED_TASKS_DIR);
      for (const s of report.skipped) process.stdout.write(`line ${s.line}: skipped: ${s.reason}\n`);
      const groups = new Set(report.imported.map((i) => i.task.group).filter(Boolean)).size;
      const out = displayPath(options.out ?? IMPORTED_TASKS_DIR);
      process.stdout.write(
        `${report.imported.length} imported, ${report.skipped.length} skipped; ${count(groups, 'group')}; written to ${out}\n`,
      );
    });
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Loads task files; files that fail are reported on stderr and left out. */
async function loadOrReport(paths: string[]): Promise<LoadedTask[]> {
  const { tasks, problems } = await loadTaskFiles(paths);
  for (const p of problems) process.stderr.write(`skipped: ${formatProblem(p)}\n`);
  return tasks;
}

function asJson(loaded: LoadedTask) {
  return { ...loaded.task, file: loaded.file, referencePath: loaded.referencePath };
}

function listTable(tasks: LoadedTask[]): string {
  const rows = tasks.map((t) => [t.task.id, t.task.genre, t.task.group ?? '', t.referenceHtml ? 'ref' : '', t.task.title]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), 0));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => (c < 4 ? cell.padEnd(widths[c]!) : cell))
      .join('  ')
      .replace(/\s+$/, ''),
  );
  const genres = new Set(tasks.map((t) => t.task.genre)).size;
  const references = tasks.filter((t) => t.referenceHtml).length;
  return `${lines.join('\n')}\n${count(tasks.length, 'task')}, ${count(genres, 'genre')}, ${references} with reference games\n`;
}

function describeTask({ task, file, referencePath }: LoadedTask): string {
  const out = [
    `${task.id}: ${task.title}`,
    `  genre ${task.genre}${task.group ? `, group ${task.group}` : ''}, source ${task.source}, viewport ${task.viewport.width}x${task.viewport.height}`,
    `  file ${displayPath(file)}`,
    `  reference ${referencePath ? displayPath(referencePath) : '(none)'}`,
    '',
    task.requirement,
    '',
    'Controls:',
    ...task.controls.map((c) => `  - ${c}`),
    'Checklist:',
    ...task.checklist.map((c, i) => `  ${i + 1}. ${c}`),
  ];
  if (task.script) {
    const starts = stepStarts(task.script.steps);
    out.push(
      `Play script: ${task.script.steps.length} steps, ${starts[0] ?? 0}-${starts.at(-1) ?? 0} ms${task.script.name ? ` (${task.script.name})` : ''}`,
    );
  } else out.push('Play script: the default exploration script');
  return `${out.join('\n')}\n`;
}
