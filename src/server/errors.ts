import { z } from 'zod';
import type { ErrorBody } from './contract.ts';

/** Statuses the API answers errors with. */
export type ErrorStatus = 400 | 403 | 404 | 405 | 413 | 415 | 500 | 503;

/** An error meant for the client: its message is shown as is, so it never holds a path or a stack. */
export class HttpError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
  ) {
    super(message);
  }
}

export function errorBody(status: ErrorStatus, message: string): ErrorBody {
  return { error: { status, message } };
}

/** A value from the URL or the body through its schema; a bad one is a 400 naming what was wrong. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, `bad ${what}: ${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; ')}`);
  return parsed.data;
}
