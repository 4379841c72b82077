// Errors thrown by another server bundle's copy of a class are still recognised (the gateway
// registry on globalThis may come from the start-up bundle), so a refusal never becomes a 500.
import { describe, expect, it } from 'vitest';
import { isSettleError, SettleError } from './errors';
import { GatewayRequestError, GatewayUnavailableError, WebhookVerificationError } from './gateways/types';

const copyOf = (name: string) => Object.defineProperty(new Error('from another bundle'), Symbol.for(`settle.${name}`), { value: true });

describe('error classes across bundles', () => {
  it('recognises its own instances and branded copies, and nothing else', () => {
    expect(isSettleError(new SettleError('NOT_FOUND', 'x'))).toBe(true);
    expect(isSettleError(copyOf('SettleError'))).toBe(true);
    expect(isSettleError(new Error('plain'))).toBe(false);
    expect(isSettleError(null)).toBe(false);
    expect(new GatewayRequestError('declined', { code: 'card_declined', declineCode: 'generic_decline', message: 'x' })).toBeInstanceOf(GatewayRequestError);
    expect(copyOf('GatewayRequestError') instanceof GatewayRequestError).toBe(true);
    expect(copyOf('GatewayRequestError') instanceof GatewayUnavailableError).toBe(false);
    expect(copyOf('GatewayUnavailableError') instanceof GatewayUnavailableError).toBe(true);
    expect(new Error('plain') instanceof GatewayRequestError).toBe(false);
    expect(copyOf('WebhookVerificationError') instanceof WebhookVerificationError).toBe(true);
    expect(new WebhookVerificationError('forged')).toBeInstanceOf(WebhookVerificationError);
    expect(copyOf('GatewayRequestError') instanceof WebhookVerificationError).toBe(false);
  });
});
