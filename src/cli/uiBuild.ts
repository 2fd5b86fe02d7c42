// The UI build (scripts/buildUi.js, plain JavaScript shared with npm's prepare, typed by scripts/buildUi.d.ts),
// loaded only by the commands that serve or export the UI.

/** The folder of a current build of the UI, building it first when it is missing or stale. */
export async function ensureUiBuilt(): Promise<string> {
  const { ensureUiBuilt: build } = await import('../../scripts/buildUi.js');
  return build();
}
