import { z } from 'zod';

/*
 * Messages between the loopback swarm (main thread) and one swarm member process (a seeder or
 * leecher whose traffic is not counted). Validated on both sides like the engine's protocol.
 */

export const PeerConfig = z
  .object({
    utp: z.boolean(),
    /** Find peers through the loopback tracker and DHT (uTP members) or only by being told (TCP members). */
    discover: z.boolean(),
    dhtBootstrap: z.array(z.string()),
    uploadLimit: z.number().int().min(-1),
    downloadLimit: z.number().int().min(-1),
    /** Serve one corrupt block out of every N requested (0: never). */
    corruptEvery: z.number().int().min(0),
  })
  .strict();
export type PeerConfig = z.infer<typeof PeerConfig>;

export const PeerCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), config: PeerConfig }).strict(),
  z
    .object({
      type: z.literal('seed'),
      req: z.number().int(),
      seed: z.number().int(),
      size: z.number().int().positive(),
      pieceLength: z.number().int().positive(),
      name: z.string(),
      announce: z.array(z.string()),
    })
    .strict(),
  z.object({ type: z.literal('leech'), req: z.number().int(), magnet: z.string() }).strict(),
  z.object({ type: z.literal('connect'), infoHash: z.string(), addr: z.string() }).strict(),
  z.object({ type: z.literal('drop'), req: z.number().int(), infoHash: z.string() }).strict(),
  z.object({ type: z.literal('stats'), req: z.number().int(), peerId: z.string() }).strict(),
  z.object({ type: z.literal('stop') }).strict(),
]);
export type PeerCommand = z.infer<typeof PeerCommand>;

/** What one member saw of a given peer (the session): the other side of our counters. */
export const PeerStats = z
  .object({
    /** Connections with that peer that completed the BitTorrent handshake. */
    wires: z.number().int(),
    /** Payload bytes sent to / received from it. */
    payloadSent: z.number(),
    payloadReceived: z.number(),
    /** Corrupt blocks this member served in all (the store read does not know who asked). */
    corruptBlocks: z.number().int(),
    /** CPU time this member's process used so far (user + system), microseconds. */
    cpuMicros: z.number(),
  })
  .strict();
export type PeerStats = z.infer<typeof PeerStats>;

export const PeerEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), port: z.number().int() }).strict(),
  z.object({ type: z.literal('reply'), req: z.number().int(), infoHash: z.string(), magnet: z.string() }).strict(),
  z.object({ type: z.literal('reply-stats'), req: z.number().int(), stats: PeerStats }).strict(),
  z.object({ type: z.literal('reply-error'), req: z.number().int(), message: z.string() }).strict(),
  z.object({ type: z.literal('done'), infoHash: z.string() }).strict(),
  z.object({ type: z.literal('error'), message: z.string() }).strict(),
  z.object({ type: z.literal('stopped') }).strict(),
]);
export type PeerEvent = z.infer<typeof PeerEvent>;
