// The process's payment gateways: built from the configuration on first use (never at import
// time, so `next build` needs no keys), and replaceable by tests.
import { getConfig } from '../config';
import { createGatewayRegistry, type GatewayRegistry } from './registry';

export { createGatewayRegistry, type GatewayRegistry } from './registry';
export { createStripeGateway, realStripeApiBase, type StripeGatewayOptions } from './stripe';
export * from './types';

const holder = globalThis as unknown as { settleGateways?: GatewayRegistry };

export function getGateways(): GatewayRegistry {
  holder.settleGateways ??= createGatewayRegistry(getConfig());
  return holder.settleGateways;
}

/** Tests point the app at their own gateways (a sandbox); null goes back to the configured ones. */
export function setGatewaysForTesting(registry: GatewayRegistry | null): void {
  holder.settleGateways = registry ?? undefined;
}
