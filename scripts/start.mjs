// `npm start`: builds the bundle when it is missing or stale, then runs the production entry.
import { ensureBuilt } from './ensure-built.mjs';

ensureBuilt();
await import(new URL('../dist/main.mjs', import.meta.url).href);
