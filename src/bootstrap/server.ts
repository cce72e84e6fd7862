import type { Container } from 'inversify';
import { buildContainer, closeContainer, type Overrides, warmUpMemory } from './container.js';
import type { AppConfig } from './config.js';
import { TOKENS } from './tokens.js';

export interface RunningServer {
  readonly port: number;
  readonly container: Container;
  /** Stops taking work (new requests get 503), lets running investigations finish within the drain deadline, then closes everything. */
  stop(): Promise<void>;
}

/** Builds the runtime, resolves every asynchronous part, and listens: `/ping` answers once this resolves. */
export async function startServer(config: AppConfig, overrides: Overrides = {}): Promise<RunningServer> {
  const container = buildContainer(config, overrides);
  const logger = container.get(TOKENS.Logger);
  const server = await container.getAsync(TOKENS.HttpServer);
  const investigations = await container.getAsync(TOKENS.InvestigateIncident);
  const port = await server.listen();
  warmUpMemory(container);
  logger.info('listening', { host: config.http.host, port, llm: config.llm.provider, tools: config.tools.mode, scenario: config.tools.scenario, memory: config.memory.backend });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      investigations.stopAccepting();
      const until = Date.now() + config.shutdownDrainMs;
      while (investigations.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      if (investigations.inFlight > 0) logger.warn('drain deadline reached', { inFlight: investigations.inFlight });

      // The last answers are written just after their investigations end; let the sockets flush
      // them before the listen socket closes and the process exits.
      await new Promise((r) => setTimeout(r, 100));
      // Memory writes run behind the investigations; the last ones must land before the store closes.
      const unflushed = await closeContainer(container, Math.max(1_000, until - Date.now()));
      if (unflushed > 0) logger.warn('memory writes abandoned at shutdown', { unflushed });
      logger.info('stopped');
    })();
    return stopping;
  };
  return { port, container, stop };
}
