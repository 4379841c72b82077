// Taxes: the rate table, EU VAT number validation and the decision of which tax a sale carries.
// Pure: no I/O; a VIES registration lookup, if wanted, belongs to an outside-service adapter.
export * from './decide';
export * from './rates';
export * from './vat-id';
