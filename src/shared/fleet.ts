import { z } from 'zod';

/*
 * The fleet view's requests: list the instances a Prometheus server knows with their latest
 * figures, and import a range of one into the library (then it opens, compares and reports as
 * any session). They travel as library requests (src/shared/library.ts), so both shells carry
 * them through the one dispatcher.
 */

/** prometheus://host:9090, prometheus+https://…, http(s)://… */
const Server = z
  .string()
  .min(1, 'server must not be empty')
  .max(1000, 'server must be at most 1000 characters')
  .regex(/^(prometheus(\+https?)?|https?):\/\/[^\s]+$/i, 'server must be an address like prometheus://host:9090');
const Epoch = (name: string) =>
  z
    .number({ error: `${name} must be epoch seconds` })
    .min(0, `${name} must be epoch seconds`)
    .max(8.64e12);

export const FleetListRequest = z.object({ op: z.literal('fleet'), server: Server }).strict();
export const FleetImportRequest = z
  .object({
    op: z.literal('fleetImport'),
    server: Server,
    instance: z.string().min(1, 'instance must not be empty').max(500),
    from: Epoch('from'),
    to: Epoch('to'),
    step: z.number({ error: 'step must be seconds' }).min(0.001, 'step must be at least 0.001 s').max(86_400),
    title: z.string().max(500).optional(),
  })
  .strict()
  .refine((r) => r.to >= r.from, { message: 'to must not be before from', path: ['to'] });

/** One figure of an instance now; null where the instance does not export it. */
export interface FleetFigures {
  readonly downloadRate: number | null;
  readonly uploadRate: number | null;
  readonly connections: number | null;
  readonly dhtNodes: number | null;
  readonly downloaded: number | null;
}

export interface FleetInstance {
  readonly instance: string;
  readonly job: string;
  /** Whether the last scrape worked (Prometheus' `up`). */
  readonly up: boolean | null;
  /** Which exporter's names it has: tidegauge, qbittorrent-exporter, … or unknown. */
  readonly exporter: string;
  /** Epoch seconds of its first and last sample the server still holds (of `up`). */
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  readonly figures: FleetFigures;
}

export interface FleetListing {
  /** The server without credentials. */
  readonly server: string;
  /** Epoch seconds the figures are for. */
  readonly at: number;
  readonly instances: readonly FleetInstance[];
}
