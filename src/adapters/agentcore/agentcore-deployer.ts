import { randomUUID } from 'node:crypto';
import {
  type AgentRuntime, BedrockAgentCoreControlClient, CreateAgentRuntimeCommand, DeleteAgentRuntimeCommand,
  GetAgentRuntimeCommand, type GetAgentRuntimeResponse, paginateListAgentRuntimes, UpdateAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { RuntimeSpec } from './runtime-spec.js';

export interface DeployerOptions {
  readonly region: string;
  readonly endpoint?: string;
  /** Between two GetAgentRuntime calls. */
  readonly pollMs?: number;
  /** Progress lines (status changes). */
  readonly log?: (line: string) => void;
}

export interface DeployResult {
  readonly action: 'created' | 'updated';
  readonly arn: string;
  readonly id: string;
  readonly version: string;
}

export class DeployError extends Error {
  override readonly name = 'DeployError';
}

const FAILED = new Set(['CREATE_FAILED', 'UPDATE_FAILED', 'DELETE_FAILED']);

/** Create-or-update-then-wait, status and destroy of one AgentCore runtime, found by its name. */
export class AgentCoreDeployer {
  private readonly client: BedrockAgentCoreControlClient;
  private readonly pollMs: number;
  private readonly log: (line: string) => void;

  constructor(options: DeployerOptions) {
    this.client = new BedrockAgentCoreControlClient({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      // HTTP/1.1, so an http:// endpoint (a local fake) works as well as AgentCore itself.
      requestHandler: new NodeHttpHandler(),
    });
    this.pollMs = options.pollMs ?? 5000;
    this.log = options.log ?? (() => undefined);
  }

  /** The runtime with this name, looked up through every page of ListAgentRuntimes. */
  async find(name: string): Promise<AgentRuntime | undefined> {
    for await (const page of paginateListAgentRuntimes({ client: this.client }, {})) {
      const found = (page.agentRuntimes ?? []).find((r) => r.agentRuntimeName === name);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Updates the runtime in place when it exists (a new version; the DEFAULT endpoint follows it),
   * otherwise creates it; then waits for READY. Never deletes: the ARN, and so every caller, stays.
   */
  async deploy(spec: RuntimeSpec, timeoutMs: number): Promise<DeployResult> {
    const existing = await this.find(spec.name);
    const fields = toFields(spec);
    // One token per deploy run: the SDK's own retries of this request cannot create a second runtime.
    const clientToken = randomUUID();
    let id: string;
    let version: string | undefined;
    if (existing?.agentRuntimeId) {
      this.log(`updating ${spec.name} (${existing.agentRuntimeId}) in place`);
      const res = await this.client.send(new UpdateAgentRuntimeCommand({ agentRuntimeId: existing.agentRuntimeId, ...fields, clientToken }));
      id = existing.agentRuntimeId;
      version = res.agentRuntimeVersion;
    } else {
      this.log(`creating ${spec.name}`);
      const res = await this.client.send(new CreateAgentRuntimeCommand({ agentRuntimeName: spec.name, ...fields, clientToken }));
      if (!res.agentRuntimeId) throw new DeployError('CreateAgentRuntime answered without an agentRuntimeId.');
      id = res.agentRuntimeId;
      version = res.agentRuntimeVersion;
    }
    const ready = await this.waitReady(id, version, timeoutMs);
    return { action: existing ? 'updated' : 'created', arn: ready.agentRuntimeArn ?? '', id, version: ready.agentRuntimeVersion ?? version ?? '' };
  }

  /** Polls GetAgentRuntime until READY (at `version` when given); a *_FAILED status or the deadline is an error. */
  async waitReady(id: string, version: string | undefined, timeoutMs: number): Promise<GetAgentRuntimeResponse> {
    const deadline = Date.now() + timeoutMs;
    let last: string | undefined;
    for (;;) {
      const runtime = await this.client.send(new GetAgentRuntimeCommand({ agentRuntimeId: id }));
      const status = runtime.status ?? 'UNKNOWN';
      if (status !== last) this.log(`status ${status}${runtime.agentRuntimeVersion ? ` (version ${runtime.agentRuntimeVersion})` : ''}`);
      last = status;
      if (FAILED.has(status)) throw new DeployError(`Runtime ${id} is ${status}${runtime.failureReason ? `: ${runtime.failureReason}` : ''}`);
      if (status === 'READY' && (version === undefined || runtime.agentRuntimeVersion === version)) return runtime;
      if (Date.now() + this.pollMs > deadline) throw new DeployError(`Runtime ${id} is still ${status} after ${Math.round(timeoutMs / 1000)} s; see \`sre-agent status\`.`);
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  /** The named runtime's current state, or undefined when there is none. */
  async status(name: string): Promise<GetAgentRuntimeResponse | undefined> {
    const found = await this.find(name);
    if (!found?.agentRuntimeId) return undefined;
    return this.client.send(new GetAgentRuntimeCommand({ agentRuntimeId: found.agentRuntimeId }));
  }

  /** Deletes the named runtime; false when there was none. */
  async destroy(name: string): Promise<{ deleted: boolean; id?: string; status?: string }> {
    const found = await this.find(name);
    if (!found?.agentRuntimeId) return { deleted: false };
    const res = await this.client.send(new DeleteAgentRuntimeCommand({ agentRuntimeId: found.agentRuntimeId }));
    return { deleted: true, id: found.agentRuntimeId, ...(res.status ? { status: res.status } : {}) };
  }

  close(): void {
    this.client.destroy();
  }
}

/** The request fields CreateAgentRuntime and UpdateAgentRuntime share. */
function toFields(spec: RuntimeSpec) {
  return {
    agentRuntimeArtifact: { containerConfiguration: { containerUri: spec.image } },
    roleArn: spec.roleArn,
    networkConfiguration: spec.network.mode === 'VPC'
      ? { networkMode: 'VPC' as const, networkModeConfig: { subnets: [...spec.network.subnets], securityGroups: [...spec.network.securityGroups] } }
      : { networkMode: 'PUBLIC' as const },
    protocolConfiguration: { serverProtocol: 'HTTP' as const },
    ...(Object.keys(spec.environment).length > 0 ? { environmentVariables: { ...spec.environment } } : {}),
    ...(spec.jwt ? {
      authorizerConfiguration: {
        customJWTAuthorizer: { discoveryUrl: spec.jwt.discoveryUrl, ...(spec.jwt.allowedClients.length > 0 ? { allowedClients: [...spec.jwt.allowedClients] } : {}) },
      },
    } : {}),
    ...(spec.description ? { description: spec.description } : {}),
  };
}
