import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

/**
 * The server's configuration, read from the environment once at start-up. Each variable is
 * documented in README.md ("Server configuration"); a bad value stops the server with a message
 * naming the variable and what it expects.
 */
export const ConfigSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** An external PostgreSQL. Without it the server starts an embedded one under KEEL_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  KEEL_DATA_DIR: z.string().min(1).default(path.resolve('.data/server')),
  /** Port for the embedded PostgreSQL; 0 picks a free one. */
  KEEL_EMBEDDED_PG_PORT: port.default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** First admin account, created at start-up when no account with this email exists. */
  KEEL_ADMIN_EMAIL: z.email('must be an email address').optional(),
  KEEL_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  KEEL_TENANT_NAME: z.string().min(1).default('My shops'),
  ADMIN_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Requests per minute: login and enroll per client address; push per terminal. */
  RATE_LIMIT_LOGIN_PER_MIN: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_ENROLL_PER_MIN: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_PUSH_PER_MIN: z.coerce.number().int().min(1).default(600),
  /** Hops of reverse proxies to trust for the client address (Express "trust proxy"). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Milliseconds to finish in-flight requests after SIGTERM before closing anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The server's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const config = parsed.data;
  if ((config.KEEL_ADMIN_EMAIL === undefined) !== (config.KEEL_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(['KEEL_ADMIN_EMAIL and KEEL_ADMIN_PASSWORD: set both to create the first admin, or neither']);
  }
  return config;
}
