import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, requireAuthSecret } from './config';

describe('configuration', () => {
  it('defaults to the embedded database in .data on port 3000', () => {
    const config = parseConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '.data' });
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.smtp).toBeNull();
    expect(config.signInLimits).toEqual({ perEmail: 5, perIp: 50, windowSeconds: 900 });
  });

  it('uses PostgreSQL when DATABASE_URL is set and derives the public URL from PORT', () => {
    const config = parseConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/settle', PORT: '4000' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/settle' });
    expect(config.publicUrl).toBe('http://localhost:4000');
  });

  it('treats empty values as unset and trims a trailing slash from SETTLE_URL', () => {
    const config = parseConfig({ DATABASE_URL: '', SETTLE_URL: 'https://billing.example.com/' });
    expect(config.database.kind).toBe('pglite');
    expect(config.publicUrl).toBe('https://billing.example.com');
  });

  it.each([
    ['PORT', { PORT: 'abc' }, /PORT must be a whole number \(got "abc"\)/],
    ['PORT', { PORT: '70000' }, /PORT must be between 1 and 65535/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL must be a postgres/],
    ['SMTP_URL', { SMTP_URL: 'localhost:25' }, /SMTP_URL must look like smtp:\/\//],
    ['SETTLE_URL', { SETTLE_URL: 'billing.example.com' }, /SETTLE_URL must be an http\(s\) URL/],
    ['AUTH_SECRET', { AUTH_SECRET: 'short' }, /AUTH_SECRET must be at least 32 characters/],
  ])('refuses a wrong %s with one line naming the variable', (variable, env, message) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${variable}: `));
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('never echoes a secret in its error', () => {
    expect(() => parseConfig({ AUTH_SECRET: 'hunter2-but-short' })).toThrow(/^(?!.*hunter2).*$/);
  });

  it('requires AUTH_SECRET for the web server only', () => {
    expect(() => requireAuthSecret(parseConfig({}))).toThrow(/AUTH_SECRET: is required/);
    expect(requireAuthSecret(parseConfig({ AUTH_SECRET: 'x'.repeat(32) }))).toBe('x'.repeat(32));
  });

  describe('payment gateways', () => {
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' };
    const extra = (gateways: unknown) => JSON.stringify(gateways);
    const eu = { id: 'stripe_eu', secretKey: 'sk_test_eu1', webhookSecret: 'whsec_eu1' };

    function configErrorOf(env: Record<string, string>): ConfigError {
      let error: unknown;
      try {
        parseConfig(env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('\n');
      return error as ConfigError;
    }

    it('has no gateway and no route without settings: payments are off', () => {
      const config = parseConfig({});
      expect(config.gateways).toEqual([]);
      expect(config.gatewayRoutes).toEqual([]);
    });

    it('configures the default stripe gateway from STRIPE_* with the real API as the default base', () => {
      const config = parseConfig({ ...stripe, STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123' });
      expect(config.gateways).toEqual([
        { id: 'stripe', secretKey: 'sk_test_abc123', webhookSecret: 'whsec_abc123', publishableKey: 'pk_test_abc123', apiBase: 'https://api.stripe.com' },
      ]);
    });

    it('takes STRIPE_API_BASE (the sandbox) without its trailing slash, and no publishable key as null', () => {
      const config = parseConfig({ ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:12111/' });
      expect(config.gateways[0]).toMatchObject({ apiBase: 'http://127.0.0.1:12111', publishableKey: null });
    });

    it('requires STRIPE_WEBHOOK_SECRET with STRIPE_SECRET_KEY', () => {
      const error = configErrorOf({ STRIPE_SECRET_KEY: 'sk_test_abc123' });
      expect(error.variable).toBe('STRIPE_WEBHOOK_SECRET');
      expect(error.message).toMatch(/is required with STRIPE_SECRET_KEY/);
    });

    it('adds the gateways of SETTLE_GATEWAYS after the default one, in order', () => {
      const config = parseConfig({ ...stripe, SETTLE_GATEWAYS: extra([eu, { ...eu, id: 'sandbox', apiBase: 'http://localhost:12111', publishableKey: 'pk_test_sb' }]) });
      expect(config.gateways.map((gateway) => gateway.id)).toEqual(['stripe', 'stripe_eu', 'sandbox']);
      expect(config.gateways[1]).toEqual({ ...eu, publishableKey: null, apiBase: 'https://api.stripe.com' });
      expect(config.gateways[2]).toMatchObject({ apiBase: 'http://localhost:12111', publishableKey: 'pk_test_sb' });
    });

    it('works with SETTLE_GATEWAYS alone: its first gateway is the default', () => {
      expect(parseConfig({ SETTLE_GATEWAYS: extra([eu]) }).gateways.map((gateway) => gateway.id)).toEqual(['stripe_eu']);
    });

    it('refuses a gateway id used twice, naming SETTLE_GATEWAYS', () => {
      const twiceInList = configErrorOf({ SETTLE_GATEWAYS: extra([eu, eu]) });
      expect(twiceInList.variable).toBe('SETTLE_GATEWAYS');
      expect(twiceInList.message).toMatch(/gateway id "stripe_eu" is used twice/);
      const clashWithDefault = configErrorOf({ ...stripe, SETTLE_GATEWAYS: extra([{ ...eu, id: 'stripe' }]) });
      expect(clashWithDefault.message).toMatch(/gateway id "stripe" is used twice/);
    });

    it.each([
      ['not JSON', '[{', /SETTLE_GATEWAYS must be JSON/],
      ['not an array', extra({ id: 'x' }), /SETTLE_GATEWAYS must be a JSON array of gateways/],
      ['an upper-case id', extra([{ ...eu, id: 'Stripe_EU' }]), /lower-case letters/],
      ['a publishable key as the secret key', extra([{ ...eu, secretKey: 'pk_test_x' }]), /.+/],
      ['a missing webhook secret', extra([{ id: 'x', secretKey: 'sk_test_x' }]), /.+/],
      ['an apiBase that is not a URL', extra([{ ...eu, apiBase: 'localhost:12111' }]), /apiBase must be an http\(s\) URL/],
    ])('refuses SETTLE_GATEWAYS with %s, naming the variable', (_case, value, message) => {
      const error = configErrorOf({ SETTLE_GATEWAYS: value });
      expect(error.variable).toBe('SETTLE_GATEWAYS');
      expect(error.message).toMatch(/^Invalid configuration: SETTLE_GATEWAYS: /);
      expect(error.message).toMatch(message);
    });

    it('never echoes the secrets of SETTLE_GATEWAYS in its error', () => {
      const error = configErrorOf({ SETTLE_GATEWAYS: extra([{ ...eu, secretKey: 'sk_test_topsecret', webhookSecret: 'nope' }]) });
      expect(error.message).not.toContain('topsecret');
      expect(error.message).toMatch(/at \[0\]\.webhookSecret: webhookSecret must be a signing secret/);
    });

    it.each([
      ['STRIPE_SECRET_KEY', { STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }, /STRIPE_SECRET_KEY must be a secret key/],
      ['STRIPE_WEBHOOK_SECRET', { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'secret' }, /STRIPE_WEBHOOK_SECRET must be a signing secret/],
      ['STRIPE_PUBLISHABLE_KEY', { ...stripe, STRIPE_PUBLISHABLE_KEY: 'sk_test_abc' }, /STRIPE_PUBLISHABLE_KEY must be a publishable key/],
      ['STRIPE_API_BASE', { ...stripe, STRIPE_API_BASE: 'api.stripe.com' }, /STRIPE_API_BASE must be an http\(s\) URL/],
    ])('refuses a wrong %s', (variable, env, message) => {
      const error = configErrorOf(env);
      expect(error.variable).toBe(variable);
      expect(error.message).toMatch(message);
    });

    it('never echoes STRIPE_SECRET_KEY in its error', () => {
      expect(configErrorOf({ STRIPE_SECRET_KEY: 'pk_live_leaked' }).message).not.toContain('leaked');
    });

    it('parses SETTLE_GATEWAY_ROUTES in order, upper-casing currencies', () => {
      const config = parseConfig({ ...stripe, SETTLE_GATEWAYS: extra([eu]), SETTLE_GATEWAY_ROUTES: 'currency:eur=stripe_eu, type:sepa_debit=stripe_eu,currency:USD=stripe' });
      expect(config.gatewayRoutes).toEqual([
        { match: { currency: 'EUR' }, gateway: 'stripe_eu' },
        { match: { type: 'sepa_debit' }, gateway: 'stripe_eu' },
        { match: { currency: 'USD' }, gateway: 'stripe' },
      ]);
    });

    it('refuses a route naming a gateway that is not configured', () => {
      const error = configErrorOf({ ...stripe, SETTLE_GATEWAY_ROUTES: 'currency:JPY=stripe_jp' });
      expect(error.variable).toBe('SETTLE_GATEWAY_ROUTES');
      expect(error.message).toMatch(/no gateway "stripe_jp" is configured/);
      expect(configErrorOf({ SETTLE_GATEWAY_ROUTES: 'currency:EUR=stripe' }).message).toMatch(/no gateway "stripe" is configured/);
    });

    it.each(['JPY=stripe', 'currency:JPY', 'country:JP=stripe', 'currency:JPY=stripe;type:card=stripe', 'currency:JPY=stripe,'])('refuses SETTLE_GATEWAY_ROUTES "%s"', (routes) => {
      const error = configErrorOf({ ...stripe, SETTLE_GATEWAY_ROUTES: routes });
      expect(error.variable).toBe('SETTLE_GATEWAY_ROUTES');
      expect(error.message).toMatch(/SETTLE_GATEWAY_ROUTES must look like currency:JPY=stripe_jp/);
    });
  });
});
