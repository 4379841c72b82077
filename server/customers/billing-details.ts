// The billing details a customer keeps up to date from the portal: name, billing e-mail, address,
// EU VAT number and the language of invoices and e-mails. A change applies to invoices finalised
// after it; issued invoices keep the customer snapshot taken when they were finalised.
import type { Database } from '@/db/client';
import { recordAudit, type Actor } from '../audit';
import { lockCustomer, updateCustomer, type Customer } from './index';

export interface BillingDetails {
  name: string;
  email: string;
  line1: string | null;
  line2: string | null;
  city: string | null;
  postalCode: string | null;
  state: string | null;
  country: string;
  /** The EU VAT number, normalised ("NL804709541B01"), or null. */
  vatId: string | null;
  locale: 'en' | 'fr';
}

/** The details as the portal shows and edits them. */
export function billingDetailsOf(customer: Customer): BillingDetails {
  return {
    name: customer.name,
    email: customer.email,
    line1: customer.addressLine1,
    line2: customer.addressLine2,
    city: customer.city,
    postalCode: customer.postalCode,
    state: customer.state,
    country: customer.country,
    vatId: customer.taxIds.find((taxId) => taxId.type === 'eu_vat')?.value ?? null,
    locale: customer.locale === 'fr' ? 'fr' : 'en',
  };
}

/**
 * Validates and saves every field at once (nothing is saved when one is refused), and records
 * what changed in the audit log in the same transaction. Errors name the field as `param`
 * (`name`, `email`, `address.city`, `taxIds[0].value`, …), as updateCustomer does.
 */
export async function updateBillingDetails(db: Database, input: { customerId: string; details: BillingDetails; actor: Actor }, now: Date): Promise<Customer> {
  const { details } = input;
  return db.transaction(async (tx) => {
    const current = await lockCustomer(tx, input.customerId);
    const vatId = details.vatId?.trim();
    const updated = await updateCustomer(tx, input.customerId, {
      name: details.name,
      email: details.email,
      locale: details.locale,
      address: { line1: details.line1, line2: details.line2, city: details.city, postalCode: details.postalCode, state: details.state, country: details.country },
      // The EU VAT number is the only tax id a customer has (db/schema/customers.ts).
      taxIds: vatId ? [{ type: 'eu_vat', value: vatId }] : [],
    });
    const before = billingDetailsOf(current);
    const after = billingDetailsOf(updated);
    const changed = (Object.keys(after) as Array<keyof BillingDetails>).filter((key) => before[key] !== after[key]);
    if (changed.length > 0) {
      await recordAudit(tx, {
        actor: input.actor,
        action: 'customer.billing_details.update',
        subjectType: 'customer',
        subjectId: input.customerId,
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: Object.fromEntries(changed.map((key) => [key, after[key]])),
        at: now,
      });
    }
    return updated;
  });
}
