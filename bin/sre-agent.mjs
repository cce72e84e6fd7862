#!/usr/bin/env node
// The `sre-agent` command: runs the bundled CLI, building it first when missing or stale.
import { ensureBuilt } from '../scripts/ensure-built.mjs';

ensureBuilt();
await import(new URL('../dist/cli.mjs', import.meta.url).href);
