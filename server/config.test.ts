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
});
