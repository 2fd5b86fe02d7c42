/** The text stored with a failed item: the error's message (its stack and cause go to the debug log). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
