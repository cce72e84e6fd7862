import { z } from 'zod';
import { count, timestamp } from './schema-primitives.js';

const sample = { timestamp, service: z.string() };

export const ResponseTimesFile = z.looseObject({
  metrics: z.array(z.looseObject({
    ...sample,
    endpoint: z.string().optional(),
    response_time_ms: z.number(),
    percentile_50: z.number().optional(),
    percentile_95: z.number().optional(),
    percentile_99: z.number().optional(),
    sample_count: count.optional(),
  })),
});

export const ThroughputFile = z.looseObject({
  metrics: z.array(z.looseObject({ ...sample, requests_per_second: z.number() })),
});

export const ResourcesFile = z.looseObject({
  metrics: z.array(z.looseObject({
    ...sample,
    cpu_usage_percent: z.number(),
    memory_usage_mb: z.number(),
    memory_usage_percent: z.number(),
    disk_io_read_mb: z.number().optional(),
    disk_io_write_mb: z.number().optional(),
    network_in_mb: z.number().optional(),
    network_out_mb: z.number().optional(),
  })),
});

export const ErrorRatesFile = z.looseObject({
  error_rates: z.array(z.looseObject({
    ...sample,
    total_requests: count,
    error_count: count,
    error_rate: z.number(),
    status_codes: z.record(z.string(), z.number()).optional(),
    error_types: z.record(z.string(), z.number()).optional(),
  })),
});

export const AvailabilityFile = z.looseObject({
  availability_metrics: z.array(z.looseObject({
    ...sample,
    uptime_seconds: z.number().optional(),
    availability_percentage: z.number(),
    health_check_success: count.optional(),
    health_check_total: count.optional(),
    last_downtime: timestamp.nullable().optional(),
    downtime_duration_seconds: z.number().optional(),
    status: z.string().optional(),
  })),
});

export const TrendsFile = z.looseObject({
  trends: z.array(z.looseObject({
    metric: z.string(),
    service: z.string(),
    trend: z.string(),
    average_value: z.number(),
    standard_deviation: z.number(),
    anomalies: z.array(z.looseObject({ timestamp, value: z.number(), deviation_percentage: z.number() })),
  })),
});

export type ResponseTimeRow = z.infer<typeof ResponseTimesFile>['metrics'][number];
export type ThroughputRow = z.infer<typeof ThroughputFile>['metrics'][number];
export type ResourceRow = z.infer<typeof ResourcesFile>['metrics'][number];
export type ErrorRateRow = z.infer<typeof ErrorRatesFile>['error_rates'][number];
export type AvailabilityRow = z.infer<typeof AvailabilityFile>['availability_metrics'][number];
export type Trend = z.infer<typeof TrendsFile>['trends'][number];
