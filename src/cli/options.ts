import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { PlayScript } from '../schema/index.ts';

/** commander parser for whole numbers, with the option's name in the error. */
export function wholeNumber(name: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
    return n;
  };
}

/** Reads and validates a play script file; the error names the file and the bad step. */
export async function loadPlayScript(path: string): Promise<PlayScript> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`play script ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = PlayScript.safeParse(raw);
  if (!parsed.success) throw new Error(`play script ${path} is not valid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
