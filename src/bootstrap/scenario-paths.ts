import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built-in scenarios folder, found by walking up from this module: it sits at the project
 * root, whether this code runs from `src/bootstrap` (tests, tsx) or from the `dist/` bundle.
 */
export function builtinScenariosDir(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'scenarios');
    if (existsSync(join(candidate, '_library'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The built-in scenarios folder was not found beside the application');
    dir = parent;
  }
}

/** `DEMO_SCENARIO` names a built-in scenario or a folder path. */
export function resolveScenario(nameOrPath: string): { dir: string; libraryDir: string } {
  const builtin = builtinScenariosDir();
  const libraryDir = join(builtin, '_library', 'runbooks');
  const asPath = isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
  if ((nameOrPath.includes('/') || nameOrPath.startsWith('.')) && existsSync(asPath) && statSync(asPath).isDirectory()) return { dir: asPath, libraryDir };
  const named = join(builtin, nameOrPath);
  if (!nameOrPath.startsWith('_') && /^[a-z0-9][a-z0-9-]*$/.test(nameOrPath) && existsSync(named)) return { dir: named, libraryDir };
  throw new Error(`DEMO_SCENARIO: "${nameOrPath}" is neither a built-in scenario nor a folder`);
}
