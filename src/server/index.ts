// The leaderboard's backend: a JSON API over the results store (Hono), the built UI, frames and clips, live play
// of generated games under a strict CSP, and the static export of all of it. contract.ts (and paths.ts) is what
// the UI shares with it; the CLI (`gamegym serve`, `gamegym export`) calls startServer and exportSite.
export { startServer, type RunningServer } from './startServer.ts';
export { checkExportFolder, exportSite } from './exportSite.ts';
export { ResultsApi } from './resultsApi.ts';
