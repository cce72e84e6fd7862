import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from '../shared/logger.js';

export type ExportSignal = 'traces' | 'metrics';

/**
 * Says when exporting starts failing and when it recovers: one warning per outage, not one per
 * batch (a collector down for an hour would otherwise fill the log). The SDK itself stays
 * silent: its diagnostics go to `diag`, which nobody registers.
 */
export class ExportWatch {
  private readonly failing = new Set<ExportSignal>();

  constructor(private readonly logger?: Logger) {}

  observe(signal: ExportSignal, result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.failing.delete(signal)) this.logger?.info('OTLP export recovered', { signal });
      return;
    }
    if (this.failing.has(signal)) return;
    this.failing.add(signal);
    // The message only: an exporter error may carry the request, and its headers hold credentials.
    this.logger?.warn('OTLP export failing; telemetry is dropped until it recovers', { signal, reason: result.error?.message ?? 'unknown' });
  }

  spans(inner: SpanExporter): SpanExporter {
    return {
      export: (spans, done) => inner.export(spans, (result) => { this.observe('traces', result); done(result); }),
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
    };
  }

  metrics(inner: PushMetricExporter): PushMetricExporter {
    return {
      export: (metrics, done) => inner.export(metrics, (result) => { this.observe('metrics', result); done(result); }),
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush(),
      // The OTLP exporter's temporality and aggregation choices must survive the wrapping.
      ...(inner.selectAggregationTemporality ? { selectAggregationTemporality: inner.selectAggregationTemporality.bind(inner) } : {}),
      ...(inner.selectAggregation ? { selectAggregation: inner.selectAggregation.bind(inner) } : {}),
    };
  }
}
