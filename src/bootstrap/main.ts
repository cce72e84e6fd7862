import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

// The production entry (`node dist/main.mjs`): configuration from the environment only.
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const running = await startServer(config);
  const shutdown = (signal: string) => {
    process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', message: 'shutting down', signal })}\n`);
    void running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level: 'error', message: 'start-up failed', error: message })}\n`);
  process.exit(1);
});
