// Pricing: price definitions, what they charge, usage quantities, coupons and invoice totals.
// Pure functions only; the callers own the clock and the database.
export * from './amount';
export * from './apportion';
export * from './discounts';
export * from './price';
export * from './totals';
export * from './usage';
