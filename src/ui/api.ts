// The UI's only way to the results: the server's JSON API (`gamegym serve`), or, in a static export (`gamegym
// export` writes config.js setting window.__GAMEGYM_STATIC__), the data files the export wrote: one classic script
// per API path (fetch does not work on file://, a script tag does). Paths and file names come from the contract,
// shared with the server and the export, so both sides agree on every URL: values from paths.ts (no imports, so
// no zod in the bundle), types from contract.ts.
import { apiPath, canonicalApiPath, STATIC_DATA_GLOBAL, STATIC_FLAG_GLOBAL, staticDataPath, staticFileUrl } from '../server/paths.ts';
import type {
  ArenaPairResponse,
  CompareResponse,
  HistoryResponse,
  ItemResponse,
  RunItemsResponse,
  RunResponse,
  RunsResponse,
  TaskResponse,
  VoteRequest,
  VoteResponse,
} from '../server/contract.ts';

type Globals = Record<string, unknown>;
const globals = window as unknown as Globals;

/** True in a static export: no fetch, no votes, no live play. */
export function isStatic(): boolean {
  return globals[STATIC_FLAG_GLOBAL] === true;
}

/** Loads a classic script next to index.html; rejects when it is missing. */
export function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      reject(new Error(`could not load ${src}`));
    };
    document.head.append(script);
  });
}

/** An API error with the server's message (never a stack trace: the server sends none). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(message, response.status);
}

function staticData(): Record<string, unknown> {
  const data = globals[STATIC_DATA_GLOBAL];
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

async function get<T>(path: string): Promise<T> {
  if (isStatic()) {
    const key = canonicalApiPath(path);
    if (!(key in staticData())) {
      try {
        await loadScript(`./${staticDataPath(path)}`);
      } catch {
        throw new ApiError('this page is not part of the exported site', 404);
      }
    }
    if (!(key in staticData())) throw new ApiError('this page is not part of the exported site', 404);
    return staticData()[key] as T;
  }
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

export const api = {
  runs: () => get<RunsResponse>(apiPath.runs()),
  run: (run: string) => get<RunResponse>(apiPath.run(run)),
  runItems: (run: string) => get<RunItemsResponse>(apiPath.runItems(run)),
  history: () => get<HistoryResponse>(apiPath.history()),
  item: (item: number) => get<ItemResponse>(apiPath.item(item)),
  /** run '' : the newest run */
  task: (task: string, run: string) => get<TaskResponse>(apiPath.task(task, run)),
  compareRuns: (run: string, against: string) => get<CompareResponse>(apiPath.compareRuns(run, against)),
  compareModels: (run: string, a: string, b: string) => get<CompareResponse>(apiPath.compareModels(run, a, b)),
  /** run '' : the newest run; never cached by the browser, each call is a new random pair */
  arenaPair: async (run: string): Promise<ArenaPairResponse> => {
    const response = await fetch(apiPath.arenaPair(run), { cache: 'no-store', headers: { accept: 'application/json' } });
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as ArenaPairResponse;
  },
  vote: async (vote: VoteRequest): Promise<VoteResponse> => {
    const response = await fetch(apiPath.votes(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(vote),
    });
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as VoteResponse;
  },
};

/** A frame's or clip's URL as this page can load it: the server's `/files/...`, or the export's relative copy. */
export function assetUrl(url: string): string {
  return isStatic() ? `./${staticFileUrl(url)}` : url;
}
