import { z } from 'zod';

/** Where a stored value sits, for errors: the table, the row's key and the column. */
export interface ColumnRef {
  table: string;
  /** e.g. "item_id 12" or "id r1" */
  row: string;
  column: string;
}

/**
 * A value read back through the schema it was written with. The database is a file people keep, move, edit and
 * open with other gamegym versions, so what comes out is checked like any other input; a bad value is an error
 * that names the table, the row and the column, with the parse failure as its cause.
 */
export function parseColumn<S extends z.ZodType>(schema: S, value: unknown, at: ColumnRef): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw columnError(at, `does not match its schema:\n${z.prettifyError(parsed.error)}`, parsed.error);
  return parsed.data;
}

/** A JSON column: parsed as JSON, then through its schema. */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, at: ColumnRef): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw columnError(at, 'is not valid JSON', error);
  }
  return parseColumn(schema, value, at);
}

function columnError(at: ColumnRef, problem: string, cause: unknown): Error {
  return new Error(`results database: table ${at.table}, row ${at.row}, column ${at.column} ${problem}`, { cause });
}
