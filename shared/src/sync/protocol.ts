/**
 * Sync protocol v1 constants (DESIGN.md "Sync protocol v1"). Both ends import these; a limit
 * changed here changes on both sides at once.
 */
export const SYNC_PROTOCOL_VERSION = 1;

/** Request header carrying SYNC_PROTOCOL_VERSION; a server that no longer speaks it answers CLIENT_TOO_OLD. */
export const SYNC_PROTOCOL_HEADER = 'x-keel-protocol';

export const SYNC_PATHS = {
  enroll: '/v1/terminals/enroll',
  heartbeat: '/v1/terminals/heartbeat',
  push: '/v1/sync/push',
  pull: '/v1/sync/pull',
} as const;

/** Most operations in one push. */
export const MAX_PUSH_OPS = 500;
/**
 * Most bytes in one push body: UTF-8 length of `JSON.stringify({ ops })` exactly as sent. The
 * server's JSON body limit is this number (larger → 413 PAYLOAD_TOO_LARGE); the terminal
 * sizes batches with takePushBatch so it never sends more.
 */
export const MAX_PUSH_BYTES = 1024 * 1024;

export const PULL_LIMIT_DEFAULT = 500;
export const PULL_LIMIT_MAX = 5000;
