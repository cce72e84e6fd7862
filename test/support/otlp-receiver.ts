import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as OTLP/JSON carries it, attributes flattened to plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, string | number | boolean>;
  /** 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly resource: Record<string, string | number | boolean>;
}

/** One metric data point: a sum's value, or a histogram's count and sum. */
export interface ReceivedPoint {
  readonly metric: string;
  readonly attributes: Record<string, string | number | boolean>;
  readonly value?: number;
  readonly count?: number;
  readonly sum?: number;
}

type OtlpValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
type OtlpAttribute = { key: string; value: OtlpValue };

/**
 * A collector on loopback speaking OTLP/HTTP with JSON bodies (what the `-http` exporters send):
 * POST /v1/traces and /v1/metrics, answered 200 `{}` (or `failWith`), everything kept decoded.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly points: ReceivedPoint[] = [];
  readonly requests: { path: string; contentType: string; headers: Record<string, string | string[] | undefined> }[] = [];
  /** When set, every export is answered with this status. */
  failWith: number | undefined;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        this.requests.push({ path, contentType: req.headers['content-type'] ?? '', headers: req.headers });
        if (this.failWith) return void res.writeHead(this.failWith).end();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        if (path === '/v1/traces') this.takeSpans(body);
        else if (path === '/v1/metrics') this.takeMetrics(body);
        else return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private takeSpans(body: Record<string, unknown>): void {
    for (const rs of (body['resourceSpans'] ?? []) as { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: Record<string, unknown>[] }[] }[]) {
      const resource = flatten(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            traceId: s['traceId'] as string, spanId: s['spanId'] as string,
            ...(s['parentSpanId'] ? { parentSpanId: s['parentSpanId'] as string } : {}),
            name: s['name'] as string, kind: s['kind'] as number, attributes: flatten(s['attributes'] as OtlpAttribute[]),
            statusCode: (s['status'] as { code?: number } | undefined)?.code ?? 0, resource,
          });
        }
      }
    }
  }

  private takeMetrics(body: Record<string, unknown>): void {
    for (const rm of (body['resourceMetrics'] ?? []) as { scopeMetrics?: { metrics?: Record<string, unknown>[] }[] }[]) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const name = m['name'] as string;
          const sum = m['sum'] as { dataPoints?: Record<string, unknown>[] } | undefined;
          const histogram = m['histogram'] as { dataPoints?: Record<string, unknown>[] } | undefined;
          for (const p of sum?.dataPoints ?? []) this.points.push({ metric: name, attributes: flatten(p['attributes'] as OtlpAttribute[]), value: Number(p['asInt'] ?? p['asDouble']) });
          for (const p of histogram?.dataPoints ?? []) this.points.push({ metric: name, attributes: flatten(p['attributes'] as OtlpAttribute[]), count: Number(p['count']), sum: Number(p['sum']) });
        }
      }
    }
  }
}

function flatten(attributes: OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    const v = value.stringValue ?? value.boolValue ?? value.doubleValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
