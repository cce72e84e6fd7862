// Bundles the runtime with esbuild: a bundle halves cold start (hundreds of small ESM files are the
// cost). Each entry statically loads a handful of shared chunks; adapters behind `await import()`
// get chunks of their own (dist/chunks/). Native addons stay external: esbuild cannot bundle .node binaries.
import { readdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { build } from 'esbuild';

const result = await build({
  entryPoints: { main: 'src/bootstrap/main.ts', cli: 'src/bootstrap/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Code behind `await import()` (adapters used only when configured) goes to dist/chunks/, parsed
  // only when imported: a start-up parses just what the configuration needs. Entries share chunks.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  external: ['uWebSockets.js', 'better-sqlite3'],
  // Bundled CommonJS dependencies call require(); ESM output needs one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});

// Chunk names carry a content hash and esbuild never deletes: drop chunks of earlier builds, so that
// dist/ (and the image that copies it) holds only what this build references.
const current = new Set(Object.keys(result.metafile.outputs).map((path) => basename(path)));
for (const name of readdirSync('dist/chunks')) {
  if (!current.has(name) && !current.has(name.replace(/\.map$/, ''))) rmSync(`dist/chunks/${name}`, { force: true });
}
