// `npm start`: builds the bundle when it is missing or older than the sources, then runs it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const bundle = 'dist/main.mjs';
if (!existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newest('src'), statSync('package-lock.json').mtimeMs)) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(new URL(`../${bundle}`, import.meta.url).href);
