// Billing cycles: period boundaries from an anchor, the period containing an instant, renewals
// due when the clock moves, and proration of mid-period changes. Pure: time is always a parameter.
export * from './intervals';
export * from './periods';
export * from './proration';
