import { createHash } from 'node:crypto';
import type { Task } from '../schema/index.ts';

/** Artifacts (generated code, trace folders, judge cache) live beside the database, under this folder. */
export const ARTIFACTS_FOLDER = 'gamegym-artifacts';

/** The hash a task version is stored under. */
export function taskSha256(task: Task): string {
  return createHash('sha256').update(JSON.stringify(task)).digest('hex');
}

/** A model's folder name: readable, and unique per spec (replay paths get a hash of the spec). */
export function modelFolder(spec: string): string {
  const readable = safeName(
    spec.startsWith('replay:') ? `replay-${spec.slice('replay:'.length).split(/[\\/]/).filter(Boolean).pop() ?? ''}` : spec,
  );
  if (!spec.startsWith('replay:') && readable === spec.replace(':', '-')) return readable;
  return `${readable}-${createHash('sha256').update(spec).digest('hex').slice(0, 8)}`;
}

/** A string as one path segment: run ids and model specs may hold characters a file name should not. */
export function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'x';
}

/** "openai:qwen2.5-coder:7b" -> ["openai", "qwen2.5-coder:7b"]; a spec without a colon is both. */
export function providerAndName(spec: string): [string, string] {
  const colon = spec.indexOf(':');
  return colon < 0 ? [spec, spec] : [spec.slice(0, colon), spec.slice(colon + 1)];
}
