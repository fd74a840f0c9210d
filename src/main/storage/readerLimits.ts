import type { ResourceLimits } from 'node:worker_threads';
import { MAX_DECODED_BYTES } from '../../shared/session/decode';
import { MAX_SESSION_BYTES } from './sessionFiles';

/*
 * What one session-reader worker may use. A damaged or hostile file can then fail only its
 * own task: the decoder refuses columns beyond READER_MAX_DECODED_BYTES before allocating
 * them (they live outside the JavaScript heap), and the heap limit ends a worker whose
 * bookkeeping runs away (a file of millions of tiny messages, say) instead of the host.
 */

const MiB = 1024 * 1024;

/** The columns one worker may decode a file into (a month at 1 Hz of 99 metrics is ~2.1 GB). */
export const READER_MAX_DECODED_BYTES = MAX_DECODED_BYTES;

/**
 * The worker's heap: the decoder keeps a few objects per message of the file, so the heap it
 * needs grows with the file; half the largest file we open leaves room for it.
 */
export const READER_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: Math.max(256, Math.round(MAX_SESSION_BYTES / MiB / 2)),
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
};
