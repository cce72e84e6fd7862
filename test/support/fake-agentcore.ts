import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake saw it on the wire. */
export interface RecordedRequest {
  readonly method: string;
  /** The raw path, percent-encoding kept. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://fake');
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  return { method: req.method ?? '', path: rawPath, query: Object.fromEntries(url.searchParams), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const awsError = (res: ServerResponse, status: number, type: string, message: string) =>
  json(res, status, { message }, { 'x-amzn-errortype': type });

export type DataPlaneMode = 'sse' | 'json' | 'error-event' | 'http-500';

/** The AgentCore data plane: `POST /runtimes/{url-encoded arn}/invocations?qualifier=…`, answering like a runtime would. */
export class FakeAgentCoreRuntime {
  readonly requests: RecordedRequest[] = [];
  mode: DataPlaneMode = 'sse';
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await record(req);
    this.requests.push(request);
    if (request.method !== 'POST' || !/^(\/runtimes\/[^/]+)?\/invocations$/.test(request.path)) return awsError(res, 404, 'ResourceNotFoundException', 'no such route');
    const session = String(request.headers['x-amzn-bedrock-agentcore-runtime-session-id'] ?? '');
    if (this.mode === 'http-500') return awsError(res, 500, 'InternalServerException', 'the runtime fell over');
    const output = { message: '# Report\n\nThe pod restarts because of database-config.', status: 'completed', session_id: session, plan: null };
    if (this.mode === 'json') {
      return json(res, 200, { output }, { 'x-amzn-bedrock-agentcore-runtime-session-id': session });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-amzn-bedrock-agentcore-runtime-session-id': session });
    const send = (event: unknown) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    send({ type: 'started', investigation_id: 'inv-1', session_id: session, timestamp: new Date().toISOString() });
    send({ type: 'plan', plan: { complexity: 'simple', steps: [{ id: 1, agent: 'kubernetes', goal: 'check pods' }] }, awaiting_approval: false });
    res.write(': keep-alive\n\n');
    send({ type: 'agent_started', agent: 'kubernetes', step: 1, goal: 'check pods' });
    send({ type: 'tool_call', agent: 'kubernetes', call_id: 'c1', tool: 'get_pod_status', args: { namespace: 'production' } });
    send({ type: 'agent_finished', agent: 'kubernetes', step: 1, status: 'done', summary: 'database pod crash-looping', tool_calls: 1 });
    if (this.mode === 'error-event') send({ type: 'error', error: { code: 'llm_unavailable', message: 'the model is down' } });
    else {
      send({ type: 'report', message: output.message });
      send({ type: 'result', output });
    }
    res.end();
  }
}

interface StoredRuntime {
  id: string;
  name: string;
  arn: string;
  version: number;
  status: string;
  /** GET calls left before a transitional status becomes READY. */
  settleAfter: number;
  request: Record<string, unknown>;
}

/** The AgentCore control plane's runtime routes as the SDK calls them (REST-JSON), with runtimes in memory. */
export class FakeAgentCoreControl {
  readonly requests: RecordedRequest[] = [];
  readonly runtimes = new Map<string, StoredRuntime>();
  /** How many GETs a CREATING/UPDATING runtime needs before READY. */
  settleAfterGets = 2;
  /** ListAgentRuntimes page size, small so that the CLI must paginate. */
  pageSize = 1;
  /** The status a create or update ends in (READY, or CREATE_FAILED to test failures). */
  finalStatus = 'READY';
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private next = 1;
  url = '';

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** A runtime that already exists (e.g. another team's), to make the listing span pages. */
  seed(name: string): StoredRuntime {
    const id = `${name}-${String(this.next++).padStart(10, '0')}`;
    const runtime = { id, name, arn: `arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${id}`, version: 1, status: 'READY', settleAfter: 0, request: {} };
    this.runtimes.set(id, runtime);
    return runtime;
  }

  private view(r: StoredRuntime) {
    return { agentRuntimeArn: r.arn, agentRuntimeId: r.id, agentRuntimeName: r.name, agentRuntimeVersion: String(r.version), status: r.status };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await record(req);
    this.requests.push(request);
    const body = request.body ? JSON.parse(request.body) as Record<string, unknown> : {};
    const one = /^\/runtimes\/([^/]+)\/$/.exec(request.path);
    if (request.method === 'POST' && request.path === '/runtimes/') {
      const all = [...this.runtimes.values()];
      // maxResults and nextToken travel as query parameters.
      const start = Number(request.query['nextToken'] ?? 0);
      const page = all.slice(start, start + this.pageSize);
      const more = start + this.pageSize < all.length;
      return json(res, 200, { agentRuntimes: page.map((r) => ({ ...this.view(r), description: '' })), ...(more ? { nextToken: String(start + this.pageSize) } : {}) });
    }
    if (request.method === 'PUT' && request.path === '/runtimes/') {
      const runtime = this.seed(String(body['agentRuntimeName']));
      Object.assign(runtime, { status: 'CREATING', settleAfter: this.settleAfterGets, request: body });
      return json(res, 202, { ...this.view(runtime), workloadIdentityDetails: { workloadIdentityArn: `${runtime.arn}/identity` } });
    }
    const runtime = one ? this.runtimes.get(decodeURIComponent(one[1] ?? '')) : undefined;
    if (!runtime) return awsError(res, 404, 'ResourceNotFoundException', `no runtime at ${request.path}`);
    if (request.method === 'GET') {
      if (runtime.settleAfter > 0 && --runtime.settleAfter === 0) runtime.status = runtime.status === 'CREATING' ? (this.finalStatus === 'READY' ? 'READY' : 'CREATE_FAILED') : (this.finalStatus === 'READY' ? 'READY' : 'UPDATE_FAILED');
      return json(res, 200, { ...this.view(runtime), roleArn: runtime.request['roleArn'], ...(runtime.status.endsWith('FAILED') ? { failureReason: 'image pull failed' } : {}) });
    }
    if (request.method === 'PUT') {
      Object.assign(runtime, { status: 'UPDATING', version: runtime.version + 1, settleAfter: this.settleAfterGets, request: body });
      return json(res, 202, this.view(runtime));
    }
    if (request.method === 'DELETE') {
      this.runtimes.delete(runtime.id);
      return json(res, 202, { agentRuntimeId: runtime.id, status: 'DELETING' });
    }
    return awsError(res, 404, 'ResourceNotFoundException', 'no such route');
  }
}
