// Shared by the pricing tests: valid prices to vary, and the shape of a refusal.
import { expect } from 'vitest';
import { validatePrice, type PriceInput, type TierInput } from './price';

/** Matches a SettleError that refuses input and names the offending field. */
export const refusal = (param: string) => expect.objectContaining({ name: 'SettleError', code: 'VALIDATION_FAILED', param });

export const basePrice: PriceInput = { currency: 'USD', type: 'one_time', billingScheme: 'per_unit', unitAmount: 100, taxBehavior: 'exclusive' };

export const perUnitPrice = (unit: { unitAmount?: number; unitAmountDecimal?: string }, currency = 'USD') =>
  validatePrice({ ...basePrice, currency, unitAmount: undefined, ...unit });

export const tieredPrice = (tiersMode: 'graduated' | 'volume', tiers: TierInput[], metered = false) =>
  validatePrice({
    currency: 'USD',
    type: 'recurring',
    recurring: metered ? { interval: 'month', usageType: 'metered', metric: 'api_calls', aggregation: 'sum' } : { interval: 'month' },
    billingScheme: 'tiered',
    tiersMode,
    tiers,
    taxBehavior: 'exclusive',
  });

/** Stripe's documented graduated example: 1–1,000 at 1 ¢, 1,001–10,000 at 0.8 ¢, above at 0.5 ¢. */
export const stripeGraduatedTiers: TierInput[] = [
  { upTo: 1000, unitAmount: 1 },
  { upTo: 10000, unitAmountDecimal: '0.8' },
  { upTo: null, unitAmountDecimal: '0.5' },
];
