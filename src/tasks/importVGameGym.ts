import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { z } from 'zod';
import { Task, type TaskInput } from '../schema/index.ts';
import { adaptRequirement, deriveChecklist, inferControls, inferGenre, inferTitle } from './describeRequirement.ts';
import { fieldPath } from './taskFile.ts';

/** Default output folder for imported tasks (kept out of git: they are data made from a downloaded set). */
export const IMPORTED_TASKS_DIR = fileURLToPath(new URL('../../games/imported/vgamegym/', import.meta.url));

/** The fields of a V-GameGym record (pygame_seeds_2500_filtered.jsonl) the importer reads; others are ignored. */
const VGameGymRecord = z.object({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  requirement: z.string().min(20),
  code: z.string().optional(),
  metadata: z
    .object({
      cluster_id: z.union([z.number().int(), z.string().min(1)]).optional(),
      quality_score: z.number().optional(),
      game_type: z.string().optional(),
      original_repo: z.string().optional(),
      file_name: z.string().optional(),
    })
    .optional(),
});
type VGameGymRecord = z.infer<typeof VGameGymRecord>;

interface ImportedTask {
  line: number;
  task: Task;
  /** absolute path written */
  file: string;
}

interface SkippedLine {
  line: number;
  reason: string;
}

export interface ImportReport {
  imported: ImportedTask[];
  skipped: SkippedLine[];
}

/** A V-GameGym record as a browser task: requirement adapted, genre and controls inferred, cluster as group. */
function recordToTask(record: VGameGymRecord): Task {
  const slug = record.id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const clusterId = record.metadata?.cluster_id;
  const input: TaskInput = {
    id: `vgg-${slug}`,
    title: inferTitle(record.requirement),
    genre: inferGenre(record.requirement),
    requirement: adaptRequirement(record.requirement),
    controls: inferControls(record.requirement),
    checklist: deriveChecklist(record.requirement),
    ...(clusterId === undefined ? {} : { group: `cluster-${clusterId}` }),
    source: 'vgamegym',
  };
  return Task.parse(input);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${fieldPath(i.path) || 'record'}: ${i.message}`).join('; ');
}

/**
 * Turns each line of a V-GameGym JSONL file into a task file in `outDir` (`vgg-<id>.yaml`). Malformed lines,
 * records missing fields and repeated ids are skipped with their line number and reason; none is fatal.
 */
export async function importVGameGym(jsonlPath: string, outDir: string = IMPORTED_TASKS_DIR): Promise<ImportReport> {
  const text = await readFile(jsonlPath, 'utf8');
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });
  const report: ImportReport = { imported: [], skipped: [] };
  const ids = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === '') continue;
    const skip = (reason: string) => report.skipped.push({ line, reason });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      skip(`not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const record = VGameGymRecord.safeParse(json);
    if (!record.success) {
      skip(`not a V-GameGym record: ${describeIssues(record.error)}`);
      continue;
    }
    let task: Task;
    try {
      task = recordToTask(record.data);
    } catch (error) {
      skip(error instanceof z.ZodError ? `cannot make a task: ${describeIssues(error)}` : String(error));
      continue;
    }
    const earlier = ids.get(task.id);
    if (earlier !== undefined) {
      skip(`id ${record.data.id} repeats line ${earlier}`);
      continue;
    }
    ids.set(task.id, line);
    const file = join(out, `${task.id}.yaml`);
    await writeFile(file, taskYaml(task, record.data));
    report.imported.push({ line, task, file });
  }
  return report;
}

function taskYaml(task: Task, record: VGameGymRecord): string {
  const m = record.metadata;
  const origin = [
    `V-GameGym record ${record.id}`,
    m?.original_repo && `from ${m.original_repo}`,
    m?.quality_score !== undefined && `quality ${m.quality_score}`,
  ]
    .filter(Boolean)
    .join(', ');
  // No script: imported tasks are played with the default exploration script.
  return `# Imported by gamegym tasks import-vgamegym: ${origin}.\n${stringify(task, { lineWidth: 110 })}`;
}
