import { z } from 'zod';

/** Every timestamp takes part in time filters, so each must parse; the ISO flavour is the author's. */
export const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO-8601 timestamp' });

/** Kubernetes quantities appear both as strings ("250m", "512Mi", "75%") and as numbers. */
export const quantity = z.union([z.string(), z.number()]);

export const strings = z.array(z.string());

export const count = z.number().int().nonnegative();
