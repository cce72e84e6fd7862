import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { startServer } from '../server.js';

/** `sre-agent serve`: the runtime, as the container runs it, with flags over the environment. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the runtime: POST /invocations, GET /ping, GET /ws')
    .option('--port <n>', 'listen port (PORT)')
    .option('--host <h>', 'listen address (HOST)')
    .option('--scenario <name|dir>', 'demo scenario (DEMO_SCENARIO)')
    .action(async (opts: { port?: string; host?: string; scenario?: string }) => {
      const env = { ...process.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}), ...(opts.scenario ? { DEMO_SCENARIO: opts.scenario } : {}) };
      const running = await startServer(loadConfig(env));
      const stop = () => void running.stop().then(() => process.exit(0), () => process.exit(1));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
