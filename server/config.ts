// The one place that reads process.env: every setting is parsed and validated here once,
// and a wrong or missing value stops the app with a single line naming the variable.
import { z } from 'zod';

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'DATABASE_URL must be a postgres:// or postgresql:// URL');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: postgresUrl.optional(),
  SETTLE_DATA_DIR: z.string().min(1).default('.data'),
  PORT: integer('PORT', 1, 65535).default(3000),
  SETTLE_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^/]+/.test(v), 'SETTLE_URL must be an http(s) URL such as http://localhost:3000')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 33)').optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/[^/]+/.test(v), 'SMTP_URL must look like smtp://host:port or smtps://user:pass@host:port')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Settle <billing@settle.localhost>'),
  SETTLE_SIGNIN_LIMIT_PER_EMAIL: integer('SETTLE_SIGNIN_LIMIT_PER_EMAIL', 1, 1_000_000).default(5),
  SETTLE_SIGNIN_LIMIT_PER_IP: integer('SETTLE_SIGNIN_LIMIT_PER_IP', 1, 1_000_000).default(50),
  SETTLE_SIGNIN_WINDOW_SECONDS: integer('SETTLE_SIGNIN_WINDOW_SECONDS', 1, 86_400).default(900),
  SETTLE_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  SETTLE_SIMULATION: z.enum(['0', '1']).default('0'),
});

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  port: number;
  publicUrl: string;
  authSecret: string | undefined;
  smtp: { url: string } | null;
  mailFrom: string;
  signInLimits: { perEmail: number; perIp: number; windowSeconds: number };
  trustProxy: boolean;
  /** The billing clock can be advanced by staff and the API (demo and tests); never in production use. */
  simulation: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (pure, so tests can pass their own). Empty strings count as unset. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const got = present[variable];
    const shown = variable.includes('SECRET') || got === undefined ? '' : ` (got "${got}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const v = result.data;
  return {
    nodeEnv: v.NODE_ENV,
    database: v.DATABASE_URL ? { kind: 'postgres', url: v.DATABASE_URL } : { kind: 'pglite', dataDir: v.SETTLE_DATA_DIR },
    port: v.PORT,
    publicUrl: v.SETTLE_URL ?? `http://localhost:${v.PORT}`,
    authSecret: v.AUTH_SECRET,
    smtp: v.SMTP_URL ? { url: v.SMTP_URL } : null,
    mailFrom: v.SMTP_FROM,
    signInLimits: {
      perEmail: v.SETTLE_SIGNIN_LIMIT_PER_EMAIL,
      perIp: v.SETTLE_SIGNIN_LIMIT_PER_IP,
      windowSeconds: v.SETTLE_SIGNIN_WINDOW_SECONDS,
    },
    trustProxy: v.SETTLE_TRUST_PROXY === '1',
    simulation: v.SETTLE_SIMULATION === '1',
  };
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** The web server cannot sign sessions without a secret; the CLI's other commands can run without one. */
export function requireAuthSecret(config: Config): string {
  if (!config.authSecret) throw new ConfigError('AUTH_SECRET', 'is required to run the web server (try: openssl rand -base64 33)');
  return config.authSecret;
}
