// Payments tests run against the real sandbox processor over HTTP, through the real Stripe
// gateway (official SDK): one sandbox per test file, started in-process on a free port.
import type { Database } from '@/db/client';
import { createSandbox, type Sandbox, type SandboxOptions } from '@/sandbox/server';
import type { GatewayConfig } from '../config';
import { createGatewayRegistry, createStripeGateway, type GatewayRegistry } from '../gateways';
import { createDraftInvoice, finalizeInvoice } from '../invoices';
import type { Customer } from '../customers';
import { makeBillingCustomer } from './billing-fixtures';

export interface TestGateway {
  sandbox: Sandbox;
  config: GatewayConfig;
  registry: GatewayRegistry;
  close(): Promise<void>;
}

export async function startTestGateway(options: Partial<SandboxOptions> & { id?: string } = {}): Promise<TestGateway> {
  const secretKey = 'sk_test_settle_tests';
  const webhookSecret = 'whsec_settle_tests';
  const sandbox = createSandbox({ secretKey, webhookSecret, webhookRetryBaseDelayMs: 20, ...options });
  const { url } = await sandbox.listen(0);
  const config: GatewayConfig = { id: options.id ?? 'stripe', secretKey, webhookSecret, publishableKey: 'pk_test_settle_tests', apiBase: url };
  const registry = createGatewayRegistry({ gateways: [config], gatewayRoutes: [] }, (c) => createStripeGateway(c, { timeoutMs: 5_000 }));
  return { sandbox, config, registry, close: () => sandbox.close() };
}

const line = (description: string, amountMinor: bigint) => ({
  description,
  priceId: null,
  productId: null,
  subscriptionItemId: null,
  quantity: 1n,
  unitAmountDecimal: null,
  amountMinor,
  taxBehavior: 'exclusive' as const,
  periodStart: null,
  periodEnd: null,
  proration: false,
});

/** An open invoice of `amountMinor` before tax (French VAT adds 20 % for a French customer). */
export async function makeOpenInvoice(db: Database, input: { customer?: Customer; amountMinor?: bigint; now: Date }) {
  const customer = input.customer ?? (await makeBillingCustomer(db));
  const draft = await createDraftInvoice(db, {
    customer,
    subscriptionId: null,
    billingReason: 'manual',
    collectionMethod: 'charge_automatically',
    periodStart: null,
    periodEnd: null,
    lines: [line('Consulting', input.amountMinor ?? 10_000n)],
    discount: null,
    now: input.now,
  });
  const invoice = await db.transaction((tx) => finalizeInvoice(tx, draft!.id, input.now));
  return { customer, invoice };
}
