import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ItemResponse } from './contract.ts';
import { HttpError } from './errors.ts';
import { traceFile } from './files.ts';
import { apiPath, EXPORT_MARKER, STATIC_FLAG_GLOBAL, staticDataPath, staticDataScript } from './paths.ts';
import type { ResultsApi } from './resultsApi.ts';

interface ExportOptions {
  api: ResultsApi;
  /** the built UI's folder (index.html, assets/) */
  uiDir: string;
  out: string;
  /** the runs to export; empty: every run */
  runs: string[];
}

interface ExportSummary {
  runs: string[];
  dataFiles: number;
  mediaFiles: number;
}

/**
 * Writes a static copy of the UI and of every GET answer it can reach for the chosen runs: the UI, config.js
 * (static mode: no fetch, no votes, no live play), one data script per API path (file:// allows no fetch; a script
 * tag works) and every frame and clip copied under files/. `out` must be new, empty, or an earlier export (it
 * holds the marker file): anything else is refused before a byte is written.
 */
export async function exportSite({ api, uiDir, out, runs: wanted }: ExportOptions): Promise<ExportSummary> {
  prepareOut(out);
  const all = api.runs().runs;
  for (const id of wanted) if (!all.some((r) => r.id === id)) throw new HttpError(404, `no run "${id}"`);
  const chosen = new Set(wanted.length > 0 ? wanted : all.map((r) => r.id));
  const runs = all.filter((r) => chosen.has(r.id));

  cpSync(uiDir, out, { recursive: true });
  const page = join(out, 'index.html');
  writeFileSync(page, withConfigScript(readFileSync(page, 'utf8')));
  writeFileSync(join(out, 'config.js'), `window.${STATIC_FLAG_GLOBAL} = true;\n`);

  let dataFiles = 0;
  const write = (path: string, json: unknown) => {
    const file = join(out, staticDataPath(path));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, staticDataScript(path, json));
    dataFiles++;
  };
  write(apiPath.runs(), { runs });
  const history = api.history();
  write(apiPath.history(), {
    runs: history.runs.filter((r) => chosen.has(r.id)),
    models: history.models.map((m) => ({ ...m, points: m.points.filter((p) => chosen.has(p.run)) })).filter((m) => m.points.length > 0),
  });

  let mediaFiles = 0;
  for (const [index, run] of runs.entries()) {
    write(apiPath.run(run.id), api.run(run.id));
    const { items } = api.runItems(run.id);
    write(apiPath.runItems(run.id), { run: run.id, items });
    for (const task of new Set(items.map((i) => i.taskId))) {
      const answer = await api.task(task, run.id);
      write(apiPath.task(task, run.id), answer);
      // the newest exported run answers pages that name no run, as the server's newest run does
      if (index === 0) write(apiPath.task(task, ''), answer);
    }
    const models = [...new Set(items.map((i) => i.model))];
    for (const a of models)
      for (const b of models) if (a !== b) write(apiPath.compareModels(run.id, a, b), api.compare({ run: run.id, a, b }));
    for (const other of runs)
      if (other.id !== run.id) write(apiPath.compareRuns(run.id, other.id), api.compare({ run: run.id, against: other.id }));
    for (const item of items) {
      const answer = await api.item(item.id);
      // no live play from a static host: the CSP that makes it safe needs the server's headers
      write(apiPath.item(item.id), { ...answer, playUrl: null } satisfies ItemResponse);
      mediaFiles += copyMedia(api, answer, out);
    }
  }
  writeFileSync(join(out, EXPORT_MARKER), `${JSON.stringify({ format: 1, createdAt: new Date().toISOString(), runs: [...chosen] })}\n`);
  return { runs: runs.map((r) => r.id), dataFiles, mediaFiles };
}

/**
 * Throws unless `out` may take an export: it does not exist, is empty, or is an earlier export. Checks only (the
 * CLI asks before it spends time building the UI); exportSite checks again as it starts.
 */
export function checkExportFolder(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new Error(`${out} is not a folder`);
  const entries = readdirSync(out);
  if (entries.length > 0 && !entries.includes(EXPORT_MARKER))
    throw new Error(`${out} is not empty and is not an earlier gamegym export (no ${EXPORT_MARKER}): choose a new or empty folder`);
}

/** Makes `out` ready: creates it, or empties an earlier export; refuses any other folder with files in it. */
function prepareOut(out: string): void {
  checkExportFolder(out);
  if (!existsSync(out)) {
    mkdirSync(out, { recursive: true });
    return;
  }
  // empty, or an earlier export: everything in it was written by an export, so all of it goes
  for (const entry of readdirSync(out)) rmSync(join(out, entry), { recursive: true, force: true });
}

/** The page loads config.js before the bundle, so the UI knows it is static before it asks for anything. */
function withConfigScript(html: string): string {
  if (html.includes('config.js')) return html;
  const tag = '<script src="./config.js"></script>';
  const at = html.search(/<script\b/i);
  return at < 0 ? html.replace(/<\/head>/i, `${tag}</head>`) : `${html.slice(0, at)}${tag}\n${html.slice(at)}`;
}

/** Copies an item's frames and clip to files/<item>/<path in its trace folder>, each checked to be inside it. */
function copyMedia(api: ResultsApi, item: ItemResponse, out: string): number {
  const dir = api.traceDirOf(item.id);
  if (!dir) return 0;
  const urls = [...item.frames.played, ...item.frames.idle].map((f) => f.url);
  if (item.clipUrl) urls.push(item.clipUrl);
  let copied = 0;
  for (const url of new Set(urls)) {
    const rel = url
      .replace(/^\/files\/\d+\//, '')
      .split('/')
      .map(decodeURIComponent)
      .join('/');
    const source = traceFile(dir, rel);
    if (!source) continue; // listed in trace.json but not on disk (or not a picture): the page shows it missing
    const target = join(out, 'files', String(item.id), rel);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    copied++;
  }
  return copied;
}
