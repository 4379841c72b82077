// The tax decision for a customer of this merchant: one place that turns stored customer details
// into the input of the tax rules.
import type { Customer } from '../customers';
import type { Merchant } from '../merchant';
import { decideTax, type TaxDecision } from '../taxes/decide';
import { validateVatId } from '../taxes/vat-id';

export function taxDecisionFor(merchant: Merchant, customer: Customer): TaxDecision {
  const vat = customer.taxIds.find((taxId) => taxId.type === 'eu_vat');
  return decideTax({
    merchantCountry: merchant.country,
    customer: {
      country: customer.country,
      region: customer.state ?? undefined,
      isBusiness: customer.taxIds.length > 0,
      vatId: vat ? validateVatId(vat.value, 'taxIds[0].value') : undefined,
    },
    registeredIn: merchant.taxRegistrations,
    rateOverrides: merchant.taxRates,
  });
}
