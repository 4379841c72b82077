// Which gateway takes a payment: the configured routes in order (by currency or by
// payment-method type), else the default. A route never picks a gateway that cannot take the
// payment-method type, so a misrouted SEPA debit is never sent to a card-only account.
import type { Config, GatewayConfig } from '../config';
import { SettleError } from '../errors';
import { createStripeGateway } from './stripe';
import type { Gateway, PaymentMethodType } from './types';

export interface GatewayRegistry {
  /** Every configured gateway, the default first. */
  all(): Gateway[];
  /** The gateway a stored payment or a webhook names. */
  get(id: string): Gateway;
  /** The gateway for a new payment. */
  route(input: { currency: string; type: PaymentMethodType }): Gateway;
}

export function createGatewayRegistry(
  config: Pick<Config, 'gateways' | 'gatewayRoutes'>,
  factory: (gatewayConfig: GatewayConfig) => Gateway = createStripeGateway,
): GatewayRegistry {
  const gateways = config.gateways.map((gatewayConfig) => factory(gatewayConfig));
  const byId = new Map(gateways.map((gateway) => [gateway.id, gateway]));

  return {
    all: () => [...gateways],

    get(id) {
      const gateway = byId.get(id);
      if (!gateway) throw new SettleError('NOT_FOUND', `No payment gateway "${id}" is configured.`);
      return gateway;
    },

    route({ currency, type }) {
      if (gateways.length === 0) throw new SettleError('PAYMENTS_NOT_CONFIGURED', 'Payments are not configured: set STRIPE_SECRET_KEY or SETTLE_GATEWAYS.');
      const takes = (gateway: Gateway) => gateway.paymentMethodTypes.includes(type);
      const upper = currency.toUpperCase();
      for (const route of config.gatewayRoutes) {
        const matches = 'currency' in route.match ? route.match.currency === upper : route.match.type === type;
        const gateway = matches ? byId.get(route.gateway) : undefined;
        if (gateway && takes(gateway)) return gateway;
      }
      // The default is the first gateway, or the first one that takes this type.
      const fallback = gateways.find(takes);
      if (!fallback) throw new SettleError('PAYMENTS_NOT_CONFIGURED', `No configured payment gateway takes ${type} payments.`);
      return fallback;
    },
  };
}
