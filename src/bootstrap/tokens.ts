import type { ServiceIdentifier } from 'inversify';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OpenCheckpointer } from '../adapters/checkpoint/open-checkpointer.js';
import type { Scenario } from '../adapters/demo-infra/scenario.js';
import type { UwsHttpServer } from '../adapters/http-uws/uws-http-server.js';
import type { Logger } from '../adapters/shared/logger.js';
import type { InvestigationGraph } from '../application/graph/investigation-graph.js';
import type { GuardedMemory } from '../application/memory/guarded-memory.js';
import type { MemoryStore } from '../application/ports/agent-memory.js';
import type { Clock } from '../application/ports/clock.js';
import type { Llm } from '../application/ports/llm.js';
import type { Telemetry } from '../application/ports/telemetry.js';
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
  /** OpenTelemetry when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, else the no-op. */
  Telemetry: token<Telemetry>('Telemetry'),
  /** The backend `MEMORY_BACKEND` names, with administration; `AgentMemory` wraps it for the graph. */
  MemoryStore: token<MemoryStore>('MemoryStore'),
  AgentMemory: token<GuardedMemory>('AgentMemory'),
  Checkpointer: token<OpenCheckpointer>('Checkpointer'),
  Graph: token<InvestigationGraph>('Graph'),
  RuntimeHealth: token<RuntimeHealth>('RuntimeHealth'),
  InvestigateIncident: token<InvestigateIncident>('InvestigateIncident'),
  HttpServer: token<UwsHttpServer>('HttpServer'),
} as const;
