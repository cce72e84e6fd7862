// Builds the bundle when it is missing or older than the sources, so that `npm start` and the
// `sre-agent` command never run stale code after a pull.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export function ensureBuilt() {
  const bundles = ['dist/main.mjs', 'dist/cli.mjs'].map((b) => join(root, b));
  const src = join(root, 'src');
  // An installed package without sources (the container image) runs what it was built with.
  if (!existsSync(src)) return;
  const sourcesAt = Math.max(newest(src), statSync(join(root, 'package-lock.json')).mtimeMs);
  if (bundles.every((b) => existsSync(b) && statSync(b).mtimeMs >= sourcesAt)) return;
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
