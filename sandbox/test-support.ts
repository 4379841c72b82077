// Shared by the sandbox's tests: a sandbox on a free port and the official SDK pointed at it.
import Stripe from 'stripe';
import { ibanChecksumValid } from './iban';
import { luhnValid } from './cards';
import { createSandbox, type Sandbox, type SandboxOptions } from './server';

export interface Started {
  sandbox: Sandbox;
  stripe: Stripe;
  port: number;
  baseUrl: string;
  /** Sets sandbox time the way Settle will: through the SDK's test-clock calls. */
  clock(startMs: number): Promise<{ advance(toMs: number): Promise<Stripe.TestHelpers.TestClock> }>;
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<Started> {
  const secretKey = options.secretKey ?? 'sk_test_sandbox_suite';
  const sandbox = createSandbox({ secretKey, webhookSecret: 'whsec_suite', dueWorkIntervalMs: 0, ...options });
  const { port, url } = await sandbox.listen(0);
  const stripe = new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  return {
    sandbox,
    stripe,
    port,
    baseUrl: url,
    clock: async (startMs) => {
      const created = await stripe.testHelpers.testClocks.create({ frozen_time: startMs / 1000 });
      return { advance: (toMs) => stripe.testHelpers.testClocks.advance(created.id, { frozen_time: toMs / 1000 }) };
    },
  };
}

/** Full card numbers (Luhn-valid runs of 13–19 digits) and full IBANs (mod-97 valid) in a JSON text. */
export function secretsIn(json: string): string[] {
  const cards = (json.match(/\d{13,19}/g) ?? []).filter(luhnValid);
  const ibans: string[] = [];
  // Every candidate start and length: a longer match could hide a valid shorter IBAN.
  for (const match of json.matchAll(/[A-Z]{2}\d{2}[A-Z0-9]{11,30}/g)) {
    for (let start = 0; start + 15 <= match[0].length; start++) {
      for (let end = start + 15; end <= Math.min(match[0].length, start + 34); end++) {
        const candidate = match[0].slice(start, end);
        if (/^[A-Z]{2}\d{2}/.test(candidate) && ibanChecksumValid(candidate)) ibans.push(candidate);
      }
    }
  }
  return [...cards, ...ibans];
}

export const monday = (hour = 10) => Date.UTC(2030, 0, 7, hour);
export const days = (count: number) => count * 24 * 3600 * 1000;
export const onlineMandate = { customer_acceptance: { type: 'online' as const, online: { ip_address: '203.0.113.7', user_agent: 'vitest' } } };
