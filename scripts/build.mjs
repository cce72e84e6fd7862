// Bundles the runtime with esbuild: one file per entry halves cold start (hundreds of small ESM
// files are the cost). Native addons stay external: esbuild cannot bundle .node binaries.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/bootstrap/main.ts', cli: 'src/bootstrap/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  external: ['uWebSockets.js', 'better-sqlite3'],
  // Bundled CommonJS dependencies call require(); ESM output needs one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
