// Payments tests run against the real sandbox processor over HTTP, through the real Stripe
// gateway (official SDK): one sandbox per test file, started in-process on a free port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@/db/client';
import { drainDue } from '../jobs/queue';
import { handleWebhookRequest } from '../payments/webhook-endpoint';
import { webhookJob, webhookQueue } from '../payments/webhooks';
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
  /** Waits until every event the sandbox sent has been delivered and applied. */
  settled(): Promise<void>;
  /** Moves the sandbox's time (its test clock) to `to`, running SEPA settlements, disputes, payouts. */
  advanceTo(to: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * A sandbox whose webhooks are delivered, over HTTP, to Settle's webhook endpoint on `db` (unless
 * `webhooks: false`, to lose them all), and applied by the webhook job at the billing time `now()`.
 */
export async function startTestGateway(
  options: Partial<SandboxOptions> & { id?: string; db?: Database; now?: () => Date; webhooks?: boolean } = {},
): Promise<TestGateway> {
  const secretKey = 'sk_test_settle_tests';
  const webhookSecret = 'whsec_settle_tests';
  const id = options.id ?? 'stripe';
  // The receiver needs the registry, which needs the sandbox, which needs the receiver's URL.
  const late: { registry?: GatewayRegistry } = {};
  const processing = new Set<Promise<unknown>>();
  const receiver =
    options.db && options.webhooks !== false
      ? await startReceiver(async (request) => {
          const db = options.db!;
          const response = await handleWebhookRequest(request, { gatewayId: id, db, registry: late.registry!, realNow: new Date() });
          const run = drainDue(db, { now: (options.now ?? (() => new Date()))(), workerId: 'test-webhooks', handlers: { [webhookQueue]: webhookJob(() => late.registry!) } });
          processing.add(run);
          await run.finally(() => processing.delete(run));
          return response;
        })
      : null;
  const sandbox = createSandbox({ secretKey, webhookSecret, webhookRetryBaseDelayMs: 20, dueWorkIntervalMs: 0, webhookUrl: receiver?.url ?? null, ...options });
  const { url } = await sandbox.listen(0);
  const config: GatewayConfig = { id, secretKey, webhookSecret, publishableKey: 'pk_test_settle_tests', apiBase: url };
  const registry = createGatewayRegistry({ gateways: [config], gatewayRoutes: [] }, (c) => createStripeGateway(c, { timeoutMs: 5_000 }));
  late.registry = registry;
  const gateway = registry.get(id);
  return {
    sandbox,
    config,
    registry,
    settled: async () => {
      await sandbox.events.flush();
      await Promise.all([...processing]);
    },
    advanceTo: (to) => gateway.advanceClock!(to),
    close: async () => {
      await sandbox.close();
      await receiver?.close();
    },
  };
}

/** A real HTTP server that hands each request, as a web Request, to `handle`. */
async function startReceiver(handle: (request: Request) => Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
      const request = new Request(`http://127.0.0.1${incoming.url}`, { method: incoming.method, headers, body: Buffer.concat(chunks) });
      handle(request).then(
        async (response) => {
          outgoing.writeHead(response.status, { 'content-type': 'application/json' });
          outgoing.end(await response.text());
        },
        (error: unknown) => {
          outgoing.writeHead(500);
          outgoing.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/webhooks/stripe`, close: () => new Promise((resolve) => server.close(() => resolve())) };
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
