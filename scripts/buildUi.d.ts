// Types of scripts/buildUi.js (plain JavaScript, so that the compiled CLI and npm's prepare run it as it is).

/** The folder of a current build of the web UI (index.html, config.js, assets/), building it first when needed. */
export function ensureUiBuilt(): Promise<string>;
/** True when the output folder holds a build of the sources as they are now. */
export function uiIsCurrent(): boolean;
/** Bytes of the built UI's JavaScript and CSS, raw and gzipped (level 9). */
export function uiBundleSize(): Promise<{ raw: number; gzip: number }>;
