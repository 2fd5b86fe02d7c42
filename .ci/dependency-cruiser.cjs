// The dependency rule (README, "Architecture"): folders depend one way, src/ -> judge/ -> harness/; games/ is data;
// nothing imports the CLI; the web UI reaches the results only through the server's JSON API.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'harness-stands-alone',
      comment: 'harness/ plays games; it imports no other folder of the project.',
      severity: 'error',
      from: { path: '^harness/' },
      to: { path: '^(src|judge|games|test|bench|scripts)/' },
    },
    {
      name: 'judge-needs-only-the-harness',
      comment: "judge/ scores the harness's traces; of the project it imports harness/ only.",
      severity: 'error',
      from: { path: '^judge/' },
      to: { path: '^(src|games|test|bench|scripts)/' },
    },
    {
      name: 'games-is-data',
      comment: 'games/ holds tasks and reference games, no code: the task code lives in src/tasks.',
      severity: 'error',
      from: {},
      to: { path: '^games/.+\\.(ts|js|mjs|cjs)$' },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'src/cli is the outermost layer: commands parse flags and print; nothing builds on them.',
      severity: 'error',
      from: { path: '^(src|judge|harness|bench|scripts)/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'ui-talks-to-the-api',
      comment:
        "The web UI reads the results only through the server's JSON API: of the rest of the project it imports the API contract (types) and its pure paths, nothing else.",
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^(src|judge|harness|games|test|bench|scripts)/', pathNot: '^(src/ui/|src/server/(contract|paths)\\.ts$)' },
    },
    {
      name: 'nothing-imports-the-ui',
      comment: 'src/ui is a browser bundle built by Vite (scripts/vite.config.js); no Node code imports it.',
      severity: 'error',
      from: { pathNot: '^src/ui/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
