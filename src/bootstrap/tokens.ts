import type { ServiceIdentifier } from 'inversify';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Scenario } from '../adapters/demo-infra/scenario.js';
import type { UwsHttpServer } from '../adapters/http-uws/uws-http-server.js';
import type { Logger } from '../adapters/shared/logger.js';
import type { InvestigationGraph } from '../application/graph/investigation-graph.js';
import type { AgentMemory } from '../application/ports/agent-memory.js';
import type { Clock } from '../application/ports/clock.js';
import type { Llm } from '../application/ports/llm.js';
import type { ToolGateway } from '../application/ports/tool-gateway.js';
import type { InvestigateIncident } from '../application/use-cases/investigate-incident.js';
import type { RuntimeHealth } from '../application/use-cases/runtime-health.js';
import type { AppConfig } from './config.js';

const token = <T>(name: string) => Symbol(name) as ServiceIdentifier<T>;

/** Typed tokens: `container.get(TOKENS.X)` infers its type, no casts at call sites. */
export const TOKENS = {
  Config: token<AppConfig>('Config'),
  Logger: token<Logger>('Logger'),
  SystemClock: token<Clock>('SystemClock'),
  /** The demo infrastructure's incident, loaded and validated once. */
  Scenario: token<Scenario>('Scenario'),
  /** The clock the tools and reports see: the scenario's in demo mode. */
  InfraClock: token<Clock>('InfraClock'),
  McpClient: token<Client>('McpClient'),
  ToolGateway: token<ToolGateway>('ToolGateway'),
  Llm: token<Llm>('Llm'),
  AgentMemory: token<AgentMemory>('AgentMemory'),
  Checkpointer: token<BaseCheckpointSaver>('Checkpointer'),
  Graph: token<InvestigationGraph>('Graph'),
  RuntimeHealth: token<RuntimeHealth>('RuntimeHealth'),
  InvestigateIncident: token<InvestigateIncident>('InvestigateIncident'),
  HttpServer: token<UwsHttpServer>('HttpServer'),
} as const;
