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

const httpUrl = (name: string) =>
  z
    .string()
    .refine((v) => /^https?:\/\/[^/]+/.test(v), `${name} must be an http(s) URL`)
    .transform((v) => v.replace(/\/+$/, ''));

/** A further gateway beside the default `stripe` one: another account, or another region. */
const extraGateway = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a gateway id is lower-case letters, digits and _'),
  secretKey: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'secretKey must be a secret key such as sk_test_…'),
  webhookSecret: z.string().regex(/^whsec_\w+$/, 'webhookSecret must be a signing secret such as whsec_…'),
  publishableKey: z.string().regex(/^pk_(test|live)_\w+$/, 'publishableKey must be a publishable key such as pk_test_…').optional(),
  apiBase: httpUrl('apiBase').default('https://api.stripe.com'),
});

export interface GatewayConfig {
  id: string;
  secretKey: string;
  webhookSecret: string;
  publishableKey: string | null;
  apiBase: string;
}

export interface GatewayRoute {
  match: { currency: string } | { type: string };
  gateway: string;
}

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
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'STRIPE_SECRET_KEY must be a secret key such as sk_test_…').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'STRIPE_WEBHOOK_SECRET must be a signing secret such as whsec_…').optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_\w+$/, 'STRIPE_PUBLISHABLE_KEY must be a publishable key such as pk_test_…').optional(),
  STRIPE_API_BASE: httpUrl('STRIPE_API_BASE').default('https://api.stripe.com'),
  SETTLE_GATEWAYS: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'SETTLE_GATEWAYS must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.array(extraGateway, 'SETTLE_GATEWAYS must be a JSON array of gateways'))
    .optional(),
  SETTLE_GATEWAY_ROUTES: z
    .string()
    .regex(/^\s*((currency|type):[A-Za-z_]+=\w+\s*)(,\s*(currency|type):[A-Za-z_]+=\w+\s*)*$/, 'SETTLE_GATEWAY_ROUTES must look like currency:JPY=stripe_jp,type:sepa_debit=stripe_eu')
    .optional(),
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
  /** Live payment gateways; the first is the default. Empty: payments are off. */
  gateways: GatewayConfig[];
  /** Checked in order; the first match picks the gateway, otherwise the default. */
  gatewayRoutes: GatewayRoute[];
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
    // SETTLE_GATEWAYS holds secret keys too: never echoed, but the failing entry is named.
    const secret = variable.includes('SECRET') || variable === 'SETTLE_GATEWAYS';
    const shown = secret || got === undefined ? '' : ` (got "${got}")`;
    const where = issue.path.length > 1 ? `at ${issue.path.slice(1).map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}: ` : '';
    throw new ConfigError(variable, `${where}${issue.message}${shown}`);
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
    ...gatewaysOf(v),
  };
}

function gatewaysOf(v: z.infer<typeof schema>): Pick<Config, 'gateways' | 'gatewayRoutes'> {
  const gateways: GatewayConfig[] = [];
  if (v.STRIPE_SECRET_KEY) {
    if (!v.STRIPE_WEBHOOK_SECRET) throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'is required with STRIPE_SECRET_KEY: without it no webhook can be verified');
    gateways.push({ id: 'stripe', secretKey: v.STRIPE_SECRET_KEY, webhookSecret: v.STRIPE_WEBHOOK_SECRET, publishableKey: v.STRIPE_PUBLISHABLE_KEY ?? null, apiBase: v.STRIPE_API_BASE });
  }
  for (const extra of v.SETTLE_GATEWAYS ?? []) {
    if (gateways.some((g) => g.id === extra.id)) throw new ConfigError('SETTLE_GATEWAYS', `gateway id "${extra.id}" is used twice`);
    gateways.push({ ...extra, publishableKey: extra.publishableKey ?? null });
  }
  const gatewayRoutes: GatewayRoute[] = (v.SETTLE_GATEWAY_ROUTES ?? '')
    .split(',')
    .filter((rule) => rule.trim() !== '')
    .map((rule) => {
      const [, kind, value, gateway] = /^\s*(currency|type):([A-Za-z_]+)=(\w+)\s*$/.exec(rule)!;
      if (!gateways.some((g) => g.id === gateway)) throw new ConfigError('SETTLE_GATEWAY_ROUTES', `no gateway "${gateway}" is configured`);
      return { match: kind === 'currency' ? { currency: value!.toUpperCase() } : { type: value! }, gateway: gateway! };
    });
  return { gateways, gatewayRoutes };
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
