import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/bootstrap/config.js';
import { modelIdentityFor } from '../../../src/bootstrap/model-identity.js';

describe('OpenTelemetry settings', () => {
  it('are off without an endpoint, with the specification\'s defaults', () => {
    expect(loadConfig({}).telemetry).toEqual({ endpoint: undefined, headers: {}, serviceName: 'sre-agent', exportTimeoutMs: 10_000, metricIntervalMs: 60_000, spanDelayMs: 5_000 });
  });

  it('read the endpoint, service name and URL-encoded headers', () => {
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'sre', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc%3D%3D, x-team=sre%20core', OTEL_METRIC_EXPORT_INTERVAL: '1000' });
    expect(config.telemetry).toMatchObject({ endpoint: 'http://collector:4318', serviceName: 'sre', headers: { 'api-key': 'abc==', 'x-team': 'sre core' }, metricIntervalMs: 1000 });
  });

  it('reject a malformed endpoint or header list without echoing the headers (they hold credentials)', () => {
    try {
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318 ', OTEL_EXPORTER_OTLP_HEADERS: 'secret-value-without-key' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT/);
      expect(problems).toMatch(/OTEL_EXPORTER_OTLP_HEADERS: must be comma-separated key=value pairs/);
      expect(problems).not.toContain('secret-value');
    }
  });

  it('name the model each purpose runs on, as the Llm adapters choose it', () => {
    expect(modelIdentityFor(loadConfig({})).modelFor('plan')).toBe('offline-analyst');
    const bedrock = modelIdentityFor(loadConfig({ LLM_PROVIDER: 'bedrock', BEDROCK_MODEL_ID: 'base', BEDROCK_MODEL_ID_PLAN: 'planner' }));
    expect([bedrock.provider, bedrock.modelFor('plan'), bedrock.modelFor('summarize')]).toEqual(['aws.bedrock', 'planner', 'base']);
  });
});
